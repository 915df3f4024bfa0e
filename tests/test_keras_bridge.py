"""Tests of lessons_code.keras_bridge: weights copied both ways give the same predictions."""

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("tensorflow")

from lessons_code import keras_bridge as kb  # noqa: E402
from lessons_code.deep import L_model_forward, initialize_parameters_deep  # noqa: E402

pytestmark = pytest.mark.tf


def test_importing_the_bridge_does_not_import_tensorflow():
    code = "import sys, lessons_code.keras_bridge; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_build_keras_model_layers_and_activations():
    import keras

    model = kb.build_keras_model([5, 4, 3, 1], "leaky_relu", "sigmoid", seed=0)
    assert model.inputs[0].shape == (None, 5)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [d.units for d in dense] == [4, 3, 1]
    assert [d.kernel.shape for d in dense] == [(5, 4), (4, 3), (3, 1)]
    leaky = [layer for layer in model.layers if isinstance(layer, keras.layers.LeakyReLU)]
    assert len(leaky) == 2 and all(layer.negative_slope == pytest.approx(0.01) for layer in leaky)
    assert dense[-1].activation.__name__ == "sigmoid"
    ident = kb.build_keras_model([2, 3], "relu", "identity")
    assert ident.layers[-1].activation.__name__ == "linear"
    with pytest.raises(ValueError, match="output_activation must be one of"):
        kb.build_keras_model([2, 3], "relu", "swish")


def test_round_trip_is_exact():
    params = initialize_parameters_deep([6, 5, 3], seed=3)
    params["b1"] = np.arange(5.0).reshape(5, 1) / 7
    model64 = kb.build_keras_model([6, 5, 3], "relu", "softmax", dtype="float64")
    back = kb.keras_to_params(kb.params_to_keras(params, model64))
    assert set(back) == set(params)
    for key in params:
        assert back[key].dtype == np.float64
        np.testing.assert_array_equal(back[key], params[key])
    # float32 model: Keras -> ours -> Keras -> ours changes nothing
    model32 = kb.build_keras_model([6, 5, 3], "relu", "softmax", seed=1)
    first = kb.keras_to_params(model32)
    second = kb.keras_to_params(kb.params_to_keras(first, model32))
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])


def test_kernel_is_W_transposed():
    params = {"W1": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), "b1": np.array([[0.5], [-0.5]])}
    model = kb.params_to_keras(params, kb.build_keras_model([3, 2], "relu", "identity"))
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_array_equal(kernel, params["W1"].T)
    np.testing.assert_array_equal(bias, [0.5, -0.5])


@pytest.mark.parametrize(
    "dims, hidden, output",
    [
        ([4, 8, 1], "relu", "sigmoid"),
        ([4, 6, 5, 3], "tanh", "softmax"),
        ([4, 7, 1], "leaky_relu", "sigmoid"),
        ([4, 5, 5, 3], "leaky_relu", "softmax"),
        ([4, 3, 2], "sigmoid", "identity"),
    ],
)
def test_predictions_match_our_forward_pass(dims, hidden, output):
    rng = np.random.default_rng(len(dims))
    X = rng.normal(size=(dims[0], 25))
    params = initialize_parameters_deep(dims, seed=7)
    params = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in params.items()}  # non-zero biases
    model = kb.params_to_keras(params, kb.build_keras_model(dims, hidden, output))
    assert kb.compare_predictions(params, model, X, hidden, output) <= 1e-5
    AL, _ = L_model_forward(X, params, hidden, output)
    out = kb.keras_predict(model, X)
    assert out.shape == (dims[-1], 25) and out.dtype == np.float64
    np.testing.assert_allclose(out, AL, atol=1e-5)
    if hidden == "leaky_relu":  # Keras' default slope (0.2 or 0.3) would not match ours
        assert np.any(L_model_forward(X, params, hidden, output)[1][0][1] < 0)


def test_keras_weights_run_in_our_forward_pass():
    model = kb.build_keras_model([3, 4, 2], "tanh", "softmax", seed=2)
    params = kb.keras_to_params(model)
    X = np.random.default_rng(0).normal(size=(3, 10))
    assert kb.compare_predictions(params, model, X, "tanh", "softmax") <= 1e-5


def test_compare_predictions_detects_different_weights():
    model = kb.build_keras_model([3, 4, 1], seed=0)
    other = initialize_parameters_deep([3, 4, 1], seed=5)
    X = np.random.default_rng(1).normal(size=(3, 20))
    assert kb.compare_predictions(other, model, X) > 1e-3


def test_bad_shapes_raise_clear_errors():
    model = kb.build_keras_model([3, 4, 1])
    params = initialize_parameters_deep([3, 4, 1], seed=0)
    before = kb.keras_to_params(model)
    with pytest.raises(ValueError, match=r"W1 must have shape \(n\[1\], n\[0\]\) = \(4, 3\), got \(3, 4\)"):
        kb.params_to_keras({**params, "W1": params["W1"].T}, model)
    with pytest.raises(ValueError, match=r"b2 must have shape \(n\[2\], 1\) = \(1, 1\), got \(1,\)"):
        kb.params_to_keras({**params, "b2": params["b2"].ravel()}, model)
    with pytest.raises(ValueError, match="L = 2 layers"):
        kb.params_to_keras(initialize_parameters_deep([3, 4, 4, 1]), model)
    with pytest.raises(ValueError, match=r"parameters must have the keys W1, b1, \.\.\., WL, bL"):
        kb.params_to_keras({k: v for k, v in params.items() if k != "b1"}, model)
    after = kb.keras_to_params(model)  # a failed copy leaves the model untouched
    for key in before:
        np.testing.assert_array_equal(before[key], after[key])
    with pytest.raises(ValueError, match=r"X has n_x = 10 rows but the Keras model expects 3: is X transposed\?"):
        kb.keras_predict(model, np.zeros((10, 3)))


def test_float64_twin_predicts_and_evaluates_like_our_network():
    """In float64 the twin's forward pass equals ours to rounding; Keras's evaluate (float32 loss)
    reports our cost and accuracy."""
    from lessons_code.deep import DeepNetwork

    rng = np.random.default_rng(4)
    X = rng.normal(size=(6, 40))
    Y = (rng.random((1, 40)) < 0.4).astype(float)
    net = DeepNetwork([6, 5, 3, 1], seed=2)
    net.fit(X, Y, epochs=5, learning_rate=0.1)
    twin64 = kb.params_to_keras(net.parameters, kb.build_keras_model([6, 5, 3, 1], dtype="float64"))
    assert kb.compare_predictions(net.parameters, twin64, X) < 1e-13
    twin = kb.params_to_keras(net.parameters, kb.build_keras_model([6, 5, 3, 1]))
    twin.compile(loss="binary_crossentropy", metrics=["accuracy"])
    theirs = twin.evaluate(X.T, Y.T, verbose=0, return_dict=True)
    ours = net.evaluate(X, Y)
    assert theirs["accuracy"] == pytest.approx(ours["accuracy"], abs=1e-6)
    assert theirs["loss"] == pytest.approx(ours["loss"], abs=1e-5)


def test_keras_sgd_is_our_full_batch_gradient_descent():
    """Same start, whole training set per step, same learning rate: Keras's SGD (defaults: no
    momentum) follows DeepNetwork.fit to float32 rounding, and to float64 rounding when both the
    model and the loss are float64 (a Keras loss computes in floatx, float32, unless told)."""
    import keras
    import tensorflow as tf

    from lessons_code.deep import DeepNetwork

    rng = np.random.default_rng(5)
    X = rng.normal(size=(5, 60))
    Y = (X[:1] + 0.5 * X[1:2] > 0).astype(float)
    dims, epochs, lr = [5, 4, 3, 1], 15, 0.5
    ours = DeepNetwork(dims, seed=1)
    start = {k: v.copy() for k, v in ours.parameters.items()}
    loss_ours = np.array(ours.fit(X, Y, epochs=epochs, learning_rate=lr).history["loss"])
    assert loss_ours[-1] < loss_ours[0]  # training happened
    for dtype, loss, tol in [("float32", "binary_crossentropy", 1e-5),
                             ("float64", keras.losses.BinaryCrossentropy(dtype="float64"), 1e-13)]:
        twin = kb.params_to_keras(start, kb.build_keras_model(dims, dtype=dtype))
        twin.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss=loss)
        data = tf.data.Dataset.from_tensors((X.T.astype(dtype), Y.T.astype(dtype)))
        hist = twin.fit(data, epochs=epochs, shuffle=False, verbose=0)
        np.testing.assert_allclose(hist.history["loss"], loss_ours, atol=1e-5)  # History is float32
        final = kb.keras_to_params(twin)
        assert max(np.max(np.abs(final[k] - ours.parameters[k])) for k in start) < tol, dtype
