"""The L-layer network: blocks, gradient checks for every activation pair, the model class, and
the digits results the book quotes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from lessons_code import deep, losses
from lessons_code.activations import get_activation
from lessons_code.gradcheck import gradient_check, relative_error
from lessons_code.initializers import initialize_parameters

HIDDEN = ("relu", "leaky_relu", "tanh", "sigmoid")
OUTPUTS = ("sigmoid", "softmax", "identity")


def test_import_is_light():
    code = (
        "import sys, lessons_code.deep, lessons_code.shallow, lessons_code.logistic, "
        "lessons_code.gradcheck\n"
        "heavy = [m for m in ('sklearn', 'tensorflow', 'matplotlib', 'keras') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("method", ["he", "lecun", "glorot", "xavier", "random", "glorot_uniform", "zeros"])
def test_initialize_parameters_shapes_and_scale(method):
    p = initialize_parameters([400, 300, 2], method=method, seed=1)
    assert {k: v.shape for k, v in p.items()} == {"W1": (300, 400), "b1": (300, 1), "W2": (2, 300), "b2": (2, 1)}
    assert all(v.dtype == np.float64 for v in p.values()) and not p["b1"].any()
    expected_std = {
        "he": np.sqrt(2 / 400), "lecun": np.sqrt(1 / 400), "glorot": np.sqrt(2 / 700),
        "xavier": np.sqrt(2 / 700),
        "random": 0.01, "glorot_uniform": np.sqrt(6 / 700) / np.sqrt(3), "zeros": 0.0,
    }[method]
    assert p["W1"].std() == pytest.approx(expected_std, rel=0.02, abs=1e-12)
    if method == "glorot_uniform":
        assert np.abs(p["W1"]).max() <= np.sqrt(6 / 700)
    np.testing.assert_array_equal(deep.initialize_parameters_deep([400, 300, 2], seed=1, method=method)["W1"], p["W1"])


def test_initialize_parameters_numeric_scale_is_random_times_scale():
    p = initialize_parameters([400, 300, 2], method=0.01, seed=1)
    np.testing.assert_array_equal(p["W1"], initialize_parameters([400, 300, 2], "random", seed=1, scale=0.01)["W1"])
    with pytest.raises(ValueError, match="method must be a finite number > 0, got -0.5"):
        initialize_parameters([4, 1], method=-0.5)


def test_linear_forward_and_activation_forward(rng):
    A_prev, W, b = rng.standard_normal((3, 5)), rng.standard_normal((4, 3)), rng.standard_normal((4, 1))
    Z, cache = deep.linear_forward(A_prev, W, b)
    np.testing.assert_allclose(Z, W @ A_prev + b)
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b
    for name in ("relu", "sigmoid", "tanh", "softmax"):
        A, (linear_cache, Z2) = deep.linear_activation_forward(A_prev, W, b, name)
        np.testing.assert_allclose(A, get_activation(name)[0](Z))
        np.testing.assert_array_equal(Z2, Z)


def test_L_model_forward_shapes(rng, make_parameters):
    dims = [6, 5, 4, 3]
    p = make_parameters(dims, rng)
    AL, caches = deep.L_model_forward(rng.standard_normal((6, 9)), p, "relu", "softmax")
    assert AL.shape == (3, 9) and len(caches) == 3
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert A_prev.shape == (dims[l - 1], 9) and W.shape == (dims[l], dims[l - 1]) and Z.shape == (dims[l], 9)
    np.testing.assert_allclose(AL.sum(axis=0), 1.0)


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_L_model_backward_gradient_check(hidden, output, rng, make_parameters, make_targets):
    """Backprop through a 3-layer network equals finite differences of compute_cost."""
    n_y = {"sigmoid": 1, "softmax": 3, "identity": 2}[output]
    dims = [4, 5, 3, n_y]
    p = make_parameters(dims, rng)
    X = rng.standard_normal((4, 7))
    Y = make_targets(output, n_y, 7, rng)
    AL, caches = deep.L_model_forward(X, p, hidden, output)
    grads = deep.L_model_backward(AL, Y, caches, hidden, output)
    assert set(grads) == {"d" + k for k in p}

    def cost(q):
        return deep.compute_cost(deep.L_model_forward(X, q, hidden, output)[0], Y, output)

    assert gradient_check(cost, p, grads, epsilon=1e-6) < 1e-7


def test_four_layer_gradient_check(rng, make_parameters, make_targets):
    p = make_parameters([3, 4, 4, 3, 1], rng)
    X, Y = rng.standard_normal((3, 6)), make_targets("sigmoid", 1, 6, rng)
    AL, caches = deep.L_model_forward(X, p, "tanh")
    grads = deep.L_model_backward(AL, Y, caches, "tanh")
    cost = lambda q: deep.compute_cost(deep.L_model_forward(X, q, "tanh")[0], Y)  # noqa: E731
    assert gradient_check(cost, p, grads, epsilon=1e-6) < 1e-7


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "softmax"])
def test_linear_activation_backward_gradient_check(activation, rng):
    """One layer, any upstream gradient dA: J = sum(dA * g(W A_prev + b)) has dJ/dA = dA."""
    A_prev, dA = rng.standard_normal((3, 5)), rng.standard_normal((4, 5))
    params = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal((4, 1)), "A_prev": A_prev}

    def cost(q):
        A, _ = deep.linear_activation_forward(q["A_prev"], q["W"], q["b"], activation)
        return float(np.sum(dA * A))

    _, cache = deep.linear_activation_forward(A_prev, params["W"], params["b"], activation)
    dA_prev, dW, db = deep.linear_activation_backward(dA, cache, activation)
    grads = {"dW": dW, "db": db, "dA_prev": dA_prev}
    assert gradient_check(cost, params, grads, epsilon=1e-6) < 1e-7
    none, dW2, _ = deep.linear_activation_backward(dA, cache, activation, compute_dA_prev=False)
    assert none is None and np.array_equal(dW2, dW)


@pytest.mark.parametrize("output", OUTPUTS)
def test_shortcut_dZL_equals_the_chain_rule(output, rng, make_parameters, make_targets):
    """L_model_backward's dZ[L] = (A[L] - Y)/m equals loss gradient x output activation derivative."""
    n_y = {"sigmoid": 1, "softmax": 4, "identity": 2}[output]
    p = make_parameters([3, 4, n_y], rng)
    X, Y = rng.standard_normal((3, 6)), make_targets(output, n_y, 6, rng)
    AL, caches = deep.L_model_forward(X, p, "tanh", output)
    grads = deep.L_model_backward(AL, Y, caches, "tanh", output)
    _, gradient = losses.get_loss(output)
    _, dW2, db2 = deep.linear_activation_backward(gradient(AL, Y), caches[1], output)
    assert relative_error(dW2, grads["dW2"]) < 1e-12 and relative_error(db2, grads["db2"]) < 1e-12


def test_softmax_accepts_integer_labels(rng, make_parameters):
    p = make_parameters([3, 4, 3], rng)
    X, y = rng.standard_normal((3, 6)), np.array([[0, 2, 1, 1, 0, 2]])
    AL, caches = deep.L_model_forward(X, p, "relu", "softmax")
    Y = losses.one_hot(y, 3)
    assert deep.compute_cost(AL, y, "softmax") == deep.compute_cost(AL, Y, "softmax")
    g_int = deep.L_model_backward(AL, y, caches, "relu", "softmax")
    g_hot = deep.L_model_backward(AL, Y, caches, "relu", "softmax")
    for k in g_hot:
        np.testing.assert_array_equal(g_int[k], g_hot[k])


def test_update_parameters_returns_new_arrays(rng, make_parameters):
    p = make_parameters([2, 3, 1], rng)
    before = {k: v.copy() for k, v in p.items()}
    grads = {"d" + k: rng.standard_normal(v.shape) for k, v in p.items()}
    new = deep.update_parameters(p, grads, 0.1)
    for k in p:
        np.testing.assert_allclose(new[k], before[k] - 0.1 * grads["d" + k])
        np.testing.assert_array_equal(p[k], before[k])


def test_layer_shapes_and_count_parameters():
    rows = deep.layer_shapes([12288, 20, 7, 5, 1], m=209)
    assert rows[0] == {"l": 1, "W": (20, 12288), "b": (20, 1), "Z": (20, 209), "A": (20, 209)}
    assert [r["W"] for r in rows] == [(20, 12288), (7, 20), (5, 7), (1, 5)]
    assert deep.count_parameters([64, 16, 1]) == 64 * 16 + 16 + 16 + 1
    assert deep.DeepNetwork([64, 32, 16, 8, 1]).count_params() == 2080 + 528 + 136 + 9


def test_deep_network_is_reproducible_and_learns(rng):
    X = rng.standard_normal((2, 120))
    y = (X[0] * X[1] > 0).astype(int).reshape(1, -1)  # XOR-like: needs a hidden layer
    runs = []
    for _ in range(2):
        net = deep.DeepNetwork([2, 8, 2], "tanh", "softmax", init="lecun", seed=4)
        runs.append(net.fit(X, y, epochs=150, learning_rate=0.5, batch_size=16).history)
    assert runs[0] == runs[1]  # same seed, same run (initialization and shuffling)
    assert runs[0]["loss"][-1] < 0.5 * runs[0]["loss"][0]
    assert runs[0]["accuracy"][-1] > 0.9
    pred = net.predict(X)
    assert pred.shape == (1, 120) and pred.dtype.kind == "i"
    assert net.evaluate(X, y)["accuracy"] == pytest.approx(np.mean(pred == y))
    assert net.predict_proba(X).shape == (2, 120)


def test_deep_network_regression_and_verbose(capsys, rng):
    X = rng.uniform(-1, 1, (3, 100))
    Y = np.array([[1.0, -2.0, 0.5]]) @ X + 0.3
    net = deep.DeepNetwork([3, 1], output_activation="identity", init="zeros")
    h = net.fit(X, Y, epochs=300, learning_rate=0.5, verbose=100)
    assert set(h.history) == {"loss"}
    np.testing.assert_allclose(net.parameters["W1"], [[1.0, -2.0, 0.5]], atol=1e-3)
    np.testing.assert_allclose(net.predict(X), Y, atol=1e-3)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("Epoch 100/300 - loss: ")


def test_fit_twice_continues_training(rng):
    X = rng.standard_normal((2, 50))
    Y = (X[:1] > 0).astype(float)
    net = deep.DeepNetwork([2, 3, 1], seed=0)
    h1 = net.fit(X, Y, epochs=20, learning_rate=0.5)
    h2 = net.fit(X, Y, epochs=1, learning_rate=0.5)
    assert h2.history["loss"][0] < h1.history["loss"][0]


def test_digits_two_layer_versus_four_layer():
    """The chapter's experiment: both networks learn "8 vs rest"; the deeper one fits it better."""
    from lessons_code.datasets import load_digits_binary

    data = load_digits_binary(seed=deep.DIGITS_SEED)
    results = {}
    for name, dims in (("2-layer", deep.DIGITS_TWO_LAYER_DIMS), ("4-layer", deep.DIGITS_FOUR_LAYER_DIMS)):
        net = deep.DeepNetwork(dims, seed=deep.DIGITS_SEED)
        history = net.fit(data.X_train, data.Y_train, **deep.DIGITS_FIT)
        results[name] = (history, net.evaluate(data.X_train, data.Y_train), net.evaluate(data.X_test, data.Y_test))
    for history, train, test in results.values():
        assert history.history["loss"][-1] < history.history["loss"][0] / 5
        assert train["accuracy"] >= 0.97
        assert test["accuracy"] >= 0.94  # "not 8" alone would score about 0.90
    assert results["4-layer"][1]["loss"] < results["2-layer"][1]["loss"]  # more capacity, lower train loss


def test_hand_written_gradient_descent_loop_equals_fit_full_batch(rng):
    """The loop chapter 6 writes by hand (forward, backward, update) is exactly what fit runs."""
    X = rng.standard_normal((5, 40))
    Y = (X[:1] * X[1:2] > 0).astype(float)
    net = deep.DeepNetwork([5, 4, 3, 1], hidden_activation="tanh", seed=3)
    net.fit(X, Y, epochs=1, learning_rate=1e-12)  # builds the parameters (a negligible step)
    params = {k: v.copy() for k, v in net.parameters.items()}
    for _ in range(25):
        AL, caches = deep.L_model_forward(X, params, "tanh", "sigmoid")
        grads = deep.L_model_backward(AL, Y, caches, "tanh", "sigmoid")
        params = deep.update_parameters(params, grads, 0.5)
    net.fit(X, Y, epochs=25, learning_rate=0.5)  # full batch: the order of examples does not matter
    for name, value in params.items():
        np.testing.assert_allclose(net.parameters[name], value, rtol=0, atol=1e-12)
