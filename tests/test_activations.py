"""Activations: values against their definitions, derivatives against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import activations as act
from lessons_code.gradcheck import relative_error

ELEMENTWISE = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")


def test_sigmoid_matches_definition_and_symmetry():
    z = np.linspace(-30, 30, 121).reshape(11, 11)
    np.testing.assert_allclose(act.sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14, atol=0)
    np.testing.assert_allclose(act.sigmoid(-z), 1.0 - act.sigmoid(z), atol=1e-15)
    assert act.sigmoid(0.0) == 0.5


def test_sigmoid_saturates_without_overflow():
    s = act.sigmoid(np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0]))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.all(np.isfinite(s))


def test_tanh_relu_leaky_identity_values():
    z = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    np.testing.assert_array_equal(act.tanh(z), np.tanh(z))
    np.testing.assert_array_equal(act.relu(z), [[0.0, 0.0, 0.0, 0.5, 2.0]])
    np.testing.assert_allclose(act.leaky_relu(z), [[-0.02, -0.005, 0.0, 0.5, 2.0]])
    np.testing.assert_allclose(act.leaky_relu(z, alpha=0.3), [[-0.6, -0.15, 0.0, 0.5, 2.0]])
    np.testing.assert_array_equal(act.identity(z), z)


def test_softmax_columns_are_distributions_and_shift_invariant(rng):
    Z = rng.standard_normal((4, 6)) * 3
    A = act.softmax(Z)
    np.testing.assert_allclose(A, np.exp(Z) / np.exp(Z).sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-15)
    np.testing.assert_allclose(act.softmax(Z + 1000.0), A, rtol=1e-12)  # no overflow, same result
    # Each column is normalized on its own: scaling one column's logits leaves the others alone.
    Z2 = Z.copy()
    Z2[:, 0] *= 5
    np.testing.assert_array_equal(act.softmax(Z2)[:, 1:], A[:, 1:])


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name, rng):
    g, g_prime = act.get_activation(name)
    z = rng.uniform(-3, 3, size=(5, 8))
    z[np.abs(z) < 0.1] = 0.5  # keep away from the kink of (leaky) ReLU at 0
    eps = 1e-6
    numeric = (g(z + eps) - g(z - eps)) / (2 * eps)
    assert relative_error(g_prime(z), numeric) < 1e-7


def test_derivative_closed_forms():
    z = np.array([-2.0, -0.3, 0.4, 3.0])
    np.testing.assert_allclose(act.sigmoid_derivative(z), act.sigmoid(z) * (1 - act.sigmoid(z)))
    np.testing.assert_allclose(act.tanh_derivative(z), 1 - np.tanh(z) ** 2)
    np.testing.assert_array_equal(act.relu_derivative(z), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(act.leaky_relu_derivative(z), [0.01, 0.01, 1.0, 1.0])
    np.testing.assert_array_equal(act.identity_derivative(z), np.ones(4))
    assert act.sigmoid_derivative(0.0) == 0.25


def test_get_activation_table():
    assert act.ACTIVATIONS == ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "identity")
    assert act.get_activation("relu") == (act.relu, act.relu_derivative)
    g, g_prime = act.get_activation("softmax")
    assert g is act.softmax and g_prime is None
    with pytest.raises(ValueError, match=r"activation must be one of .* got 'ReLU'"):
        act.get_activation("ReLU")
