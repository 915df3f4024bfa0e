"""The key numbers of chapter 8, "Keras and TensorFlow", recomputed through the library.

The chapter glues (1) the difference between tf.GradientTape's gradients and our
``L_model_backward`` on the 4-layer digits network, (2) the difference between our predictions and
those of the Keras twin built by ``keras_bridge`` (both directions), and (3) the gap between our
full-batch gradient descent and Keras's SGD from the same initial weights. The seeds and settings
below mirror the chapter's cells exactly.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from lessons_code import datasets  # noqa: E402
from lessons_code.deep import (  # noqa: E402
    DIGITS_FIT,
    DIGITS_FOUR_LAYER_DIMS,
    DIGITS_SEED,
    DeepNetwork,
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
)
from lessons_code.gradcheck import relative_error  # noqa: E402
from lessons_code.keras_bridge import (  # noqa: E402
    build_keras_model,
    compare_predictions,
    keras_to_params,
    params_to_keras,
)

pytestmark = pytest.mark.tf

# The chapter's settings (section "Training the same network with Keras's optimizers").
INIT_SEED = 1          # initialize_parameters_deep(..., seed=1) / DeepNetwork(..., seed=1)
EPOCHS, LR = 100, 0.5  # full-batch gradient descent


@pytest.fixture(scope="module")
def data():
    return datasets.load_digits_binary(seed=DIGITS_SEED)


def tf_cost(X, Y, params):
    """The chapter's TensorFlow translation of the cost of our ReLU/sigmoid network."""
    L = len(params) // 2
    A = X
    for l in range(1, L):
        A = tf.nn.relu(params[f"W{l}"] @ A + params[f"b{l}"])
    AL = tf.sigmoid(params[f"W{L}"] @ A + params[f"b{L}"])
    return -tf.reduce_mean(Y * tf.math.log(AL) + (1 - Y) * tf.math.log(1 - AL))


def test_gradient_tape_equals_our_backpropagation_in_float64(data):
    X, Y = data.X_train, data.Y_train
    parameters = initialize_parameters_deep(DIGITS_FOUR_LAYER_DIMS, seed=INIT_SEED)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    tf_params = {k: tf.Variable(v) for k, v in parameters.items()}
    with tf.GradientTape() as tape:
        J = tf_cost(tf.constant(X), tf.constant(Y), tf_params)
    tape_grads = tape.gradient(J, tf_params)
    assert J.dtype == tf.float64
    assert float(J) == pytest.approx(compute_cost(AL, Y), rel=1e-13)
    for k in parameters:
        assert tape_grads[k].shape == grads["d" + k].shape
        assert relative_error(grads["d" + k], tape_grads[k].numpy()) < 1e-12
        np.testing.assert_allclose(tape_grads[k].numpy(), grads["d" + k], rtol=0, atol=1e-14)


def test_gradient_tape_detects_a_wrong_backward_pass(data):
    """The parity test above can fail: a gradient missing its 1/m is caught at once."""
    X, Y = data.X_train[:, :50], data.Y_train[:, :50]
    parameters = initialize_parameters_deep(DIGITS_FOUR_LAYER_DIMS, seed=INIT_SEED)
    AL, caches = L_model_forward(X, parameters)
    wrong = L_model_backward(AL, Y, caches)["dW1"] * X.shape[1]
    tf_params = {k: tf.Variable(v) for k, v in parameters.items()}
    with tf.GradientTape() as tape:
        J = tf_cost(tf.constant(X), tf.constant(Y), tf_params)
    assert relative_error(wrong, tape.gradient(J, tf_params)["W1"].numpy()) > 0.9


@pytest.fixture(scope="module")
def trained_net(data):
    net = DeepNetwork(DIGITS_FOUR_LAYER_DIMS, seed=DIGITS_SEED)
    net.fit(data.X_train, data.Y_train, **DIGITS_FIT)
    return net


def test_bridge_twin_predicts_like_our_network(data, trained_net):
    twin = params_to_keras(trained_net.parameters, build_keras_model(DIGITS_FOUR_LAYER_DIMS))
    diff = compare_predictions(trained_net.parameters, twin, data.X_test)
    assert diff <= 1e-5
    twin64 = params_to_keras(trained_net.parameters, build_keras_model(DIGITS_FOUR_LAYER_DIMS, dtype="float64"))
    assert compare_predictions(trained_net.parameters, twin64, data.X_test) < 1e-12
    # Keras's evaluate agrees with ours on the test set (the chapter prints both).
    twin.compile(loss="binary_crossentropy", metrics=["accuracy"])
    theirs = twin.evaluate(data.X_test.T, data.Y_test.T, verbose=0, return_dict=True)
    ours = trained_net.evaluate(data.X_test, data.Y_test)
    assert theirs["accuracy"] == pytest.approx(ours["accuracy"], abs=1e-6)
    assert theirs["loss"] == pytest.approx(ours["loss"], abs=1e-5)


def test_bridge_round_trip_and_a_wrong_copy_is_detected(data, trained_net):
    twin = params_to_keras(trained_net.parameters, build_keras_model(DIGITS_FOUR_LAYER_DIMS))
    back = keras_to_params(twin)
    for k, v in trained_net.parameters.items():
        np.testing.assert_allclose(back[k], v, rtol=1e-6, atol=1e-7)  # float32 storage
    assert compare_predictions(back, twin, data.X_test) <= 1e-5
    spoiled = dict(trained_net.parameters, b4=trained_net.parameters["b4"] + 1.0)
    assert compare_predictions(spoiled, twin, data.X_test) > 1e-3


def test_keras_sgd_follows_our_gradient_descent(data):
    keras.utils.set_random_seed(0)
    ours = DeepNetwork(DIGITS_FOUR_LAYER_DIMS, seed=INIT_SEED)
    start = {k: v.copy() for k, v in ours.parameters.items()}
    hist_ours = ours.fit(data.X_train, data.Y_train, epochs=EPOCHS, learning_rate=LR)
    full_batch = tf.data.Dataset.from_tensors(
        (data.X_train.T.astype("float32"), data.Y_train.T.astype("float32")))
    twin = params_to_keras(start, build_keras_model(DIGITS_FOUR_LAYER_DIMS))
    twin.compile(optimizer=keras.optimizers.SGD(learning_rate=LR), loss="binary_crossentropy")
    hist_keras = twin.fit(full_batch, epochs=EPOCHS, shuffle=False, verbose=0)
    loss_ours = np.array(hist_ours.history["loss"])
    loss_keras = np.array(hist_keras.history["loss"])
    assert loss_ours[-1] < 0.5 * loss_ours[0]  # training really happened
    assert np.max(np.abs(loss_ours - loss_keras)) < 1e-5
    final = keras_to_params(twin)
    assert max(np.max(np.abs(final[k] - ours.parameters[k])) for k in start) < 1e-5
