"""The gradient checker itself: exact on known gradients, and it catches a wrong gradient."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import gradcheck as gc


def test_dictionary_vector_round_trip(rng):
    d = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)), "b": 0.7}
    theta, keys_shapes = gc.dictionary_to_vector(d)
    assert theta.shape == (6 + 3 + 1, 1)
    assert keys_shapes == [("W1", (3, 2)), ("b1", (3, 1)), ("b", ())]
    back = gc.vector_to_dictionary(theta, keys_shapes)
    for k in d:
        np.testing.assert_array_equal(back[k], d[k])
    theta2, _ = gc.dictionary_to_vector(d, keys=["b", "W1"])
    assert theta2[0, 0] == 0.7 and theta2.shape == (7, 1)


def test_numerical_gradient_of_a_quadratic(rng):
    # J(W, b) = sum(W^2) + 3 b: gradient 2W and 3; central differences are exact for quadratics
    # up to rounding.
    params = {"W": rng.standard_normal((2, 3)), "b": np.array([[0.5]])}
    numeric = gc.numerical_gradient(lambda p: np.sum(p["W"] ** 2) + 3 * p["b"][0, 0], params, 1e-5)
    np.testing.assert_allclose(numeric["dW"], 2 * params["W"], rtol=1e-8)
    np.testing.assert_allclose(numeric["db"], [[3.0]], rtol=1e-8)


def test_gradient_check_accepts_right_and_rejects_wrong_gradients(rng):
    params = {"W": rng.standard_normal((2, 3))}
    cost = lambda p: float(np.sum(np.sin(p["W"])))  # noqa: E731
    right = {"dW": np.cos(params["W"])}
    assert gc.gradient_check(cost, params, right) < 1e-7
    assert gc.gradient_check(cost, params, {"W": right["dW"]}) < 1e-7  # keys without "d" work too
    wrong = {"dW": right["dW"] * 1.01}  # a 1 % bug
    assert gc.gradient_check(cost, params, wrong) > 1e-3
    wrong_entry = {"dW": right["dW"].copy()}
    wrong_entry["dW"][1, 2] += 0.1  # one wrong entry
    assert gc.gradient_check(cost, params, wrong_entry) > 1e-3


def test_relative_error():
    assert gc.relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gc.relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    with pytest.raises(ValueError, match="same shape"):
        gc.relative_error(np.zeros((2, 1)), np.zeros((1, 2)))


def test_gradient_check_needs_every_gradient(rng):
    params = {"W1": rng.standard_normal((2, 2)), "b1": np.zeros((2, 1))}
    with pytest.raises(ValueError, match="grads must contain 'db1'"):
        gc.gradient_check(lambda p: 0.0, params, {"dW1": np.zeros((2, 2))})
    with pytest.raises(ValueError, match=r"dW1 must have the shape of W1, \(2, 2\), got \(2, 1\)"):
        gc.gradient_check(lambda p: 0.0, params, {"dW1": np.zeros((2, 1)), "db1": np.zeros((2, 1))})


def test_float64_needs_a_balanced_epsilon_and_float32_cannot_reach_the_threshold(rng):
    """The module docstring's claims: truncation for large epsilon, cancellation for small
    epsilon, a float64 check passes at the default epsilon, a float32 cost never gets below 1e-7."""
    params = {"W": rng.standard_normal((3, 4))}
    right = {"dW": np.cos(params["W"])}
    cost64 = lambda p: float(np.sum(np.sin(p["W"])))  # noqa: E731
    cost32 = lambda p: float(np.sum(np.sin(p["W"].astype(np.float32))))  # noqa: E731
    err64 = {eps: gc.gradient_check(cost64, params, right, eps) for eps in (1e-1, 1e-5, 1e-7, 1e-11)}
    assert err64[1e-5] < 1e-9
    assert err64[1e-1] > 100 * err64[1e-5]  # truncation, O(eps^2)
    assert err64[1e-11] > 100 * err64[1e-5]  # cancellation, O(u / eps)
    assert err64[1e-7] < 1e-7  # the default works in float64
    with pytest.warns(gc.FlatCostWarning, match="float32"):  # eps below float32's rounding of J
        err32 = [gc.gradient_check(cost32, params, right, eps) for eps in np.logspace(-8, 0, 17)]
    assert min(err32) > 1e-7
    assert gc.gradient_check(cost32, params, right, 1e-7) > 1e-2
