"""The shallow network: shapes, gradient checks, what backprop reads from the cache, training."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import shallow as sh
from lessons_code.datasets import make_flower
from lessons_code.gradcheck import gradient_check


@pytest.fixture(scope="module")
def flower():
    return make_flower(**sh.FLOWER_DATA)


def test_layer_sizes_and_initialization():
    X, Y = np.zeros((5, 3)), np.zeros((1, 3))
    assert sh.layer_sizes(X, Y) == (5, 4, 1)
    assert sh.layer_sizes(X, Y, n_h=7) == (5, 7, 1)
    p = sh.initialize_parameters(5, 4, 1)
    assert {k: v.shape for k, v in p.items()} == {"W1": (4, 5), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    assert not p["b1"].any() and not p["b2"].any()
    assert 0.001 < p["W1"].std() < 0.03  # N(0, 1) * 0.01
    np.testing.assert_array_equal(sh.initialize_parameters(5, 4, 1, seed=2)["W1"], p["W1"])


def test_forward_propagation_shapes_and_values(rng, make_parameters):
    p = make_parameters([3, 4, 1], rng)
    X = rng.standard_normal((3, 6))
    A2, cache = sh.forward_propagation(X, p)
    assert A2.shape == (1, 6) and set(cache) == {"Z1", "A1", "Z2", "A2"}
    np.testing.assert_allclose(cache["A1"], np.tanh(p["W1"] @ X + p["b1"]))
    np.testing.assert_allclose(A2, 1 / (1 + np.exp(-(p["W2"] @ cache["A1"] + p["b2"]))))


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid", "leaky_relu"])
def test_backward_propagation_gradient_check(hidden, rng, make_parameters):
    p = make_parameters([3, 5, 1], rng)
    X = rng.standard_normal((3, 8))
    Y = (rng.random((1, 8)) > 0.5).astype(float)
    A2, cache = sh.forward_propagation(X, p, hidden)
    grads = sh.backward_propagation(p, cache, X, Y, hidden)
    assert {k: v.shape for k, v in grads.items()} == {"d" + k: v.shape for k, v in p.items()}

    def cost(q):
        return sh.compute_cost(sh.forward_propagation(X, q, hidden)[0], Y)

    assert gradient_check(cost, p, grads, epsilon=1e-6) < 1e-7


def test_update_parameters_is_one_gradient_step(rng, make_parameters):
    p = make_parameters([2, 3, 1], rng)
    grads = {"d" + k: np.ones_like(v) for k, v in p.items()}
    new = sh.update_parameters(p, grads, 0.5)
    for k in p:
        np.testing.assert_allclose(new[k], p[k] - 0.5)


def test_model_class_follows_nn_model(flower):
    X, Y = flower
    params, costs = sh.nn_model(X, Y, 3, num_iterations=200, learning_rate=1.2, seed=3)
    net = sh.ShallowNetwork(n_h=3, seed=3)
    history = net.fit(X, Y, epochs=200, learning_rate=1.2)
    for k in params:
        np.testing.assert_allclose(net.parameters[k], params[k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(history.history["loss"], costs, rtol=1e-12)
    np.testing.assert_array_equal(net.predict(X), sh.predict(params, X))


def test_backward_takes_tanh_slope_from_cached_A1_and_other_slopes_from_Z1(rng, make_parameters):
    """For tanh, dZ1 uses 1 - A1**2 from the cache (the chapter's form); other g' use Z1."""
    p = make_parameters([3, 4, 1], rng)
    X = rng.standard_normal((3, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    for hidden, z1_used in [("tanh", False), ("relu", True)]:
        _, cache = sh.forward_propagation(X, p, hidden)
        reference = sh.backward_propagation(p, cache, X, Y, hidden)
        garbled = dict(cache, Z1=-cache["Z1"])  # a wrong Z1 in the cache
        grads = sh.backward_propagation(p, garbled, X, Y, hidden)
        assert np.array_equal(grads["dW1"], reference["dW1"]) != z1_used, hidden
        np.testing.assert_array_equal(grads["dW2"], reference["dW2"])  # dW2 = dZ2 A1^T only


def test_nn_model_prints_every_1000(flower, capsys):
    X, Y = flower
    sh.nn_model(X, Y, 2, num_iterations=2001, print_cost=True)
    assert len(capsys.readouterr().out.splitlines()) == 3  # iterations 0, 1000, 2000
