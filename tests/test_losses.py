"""Losses: values against their formulas, gradients against finite differences, stability."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import losses
from lessons_code.activations import sigmoid, sigmoid_derivative, softmax
from lessons_code.gradcheck import gradient_check


@pytest.fixture
def binary(rng):
    A = rng.uniform(0.05, 0.95, size=(1, 9))
    Y = (rng.random((1, 9)) > 0.5).astype(float)
    return A, Y


@pytest.fixture
def categorical(rng):
    A = softmax(rng.standard_normal((4, 9)))
    Y = np.eye(4)[:, rng.integers(0, 4, 9)]
    return A, Y


def test_binary_cross_entropy_value(binary):
    A, Y = binary
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert losses.binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-14)
    # Known value: predicting 0.5 everywhere costs log 2.
    assert losses.binary_cross_entropy(np.full((1, 4), 0.5), [[0, 1, 1, 0]]) == pytest.approx(np.log(2))


def test_categorical_cross_entropy_value(categorical):
    A, Y = categorical
    expected = -np.mean(np.log(A[Y.argmax(axis=0), np.arange(9)]))
    assert losses.categorical_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-14)
    uniform = np.full((5, 3), 0.2)
    assert losses.categorical_cross_entropy(uniform, np.eye(5)[:, :3]) == pytest.approx(np.log(5))


def test_mean_squared_error_value():
    A, Y = np.array([[1.0, 2.0, 4.0]]), np.array([[1.0, 0.0, 1.0]])
    assert losses.mean_squared_error(A, Y) == pytest.approx((0 + 4 + 9) / (2 * 3))


def test_with_logits_agree_with_probabilities(rng):
    Z = rng.standard_normal((1, 7)) * 4
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    assert losses.binary_cross_entropy_with_logits(Z, Y) == pytest.approx(
        losses.binary_cross_entropy(sigmoid(Z), Y), rel=1e-12
    )
    Zc = rng.standard_normal((3, 7)) * 4
    Yc = np.eye(3)[:, rng.integers(0, 3, 7)]
    assert losses.categorical_cross_entropy_with_logits(Zc, Yc) == pytest.approx(
        losses.categorical_cross_entropy(softmax(Zc), Yc), rel=1e-12
    )


def test_with_logits_exact_for_huge_logits():
    # Confidently wrong by a logit of 1000 costs exactly 1000 (the loss grows linearly), not inf.
    assert losses.binary_cross_entropy_with_logits([[1000.0, -1000.0]], [[0, 1]]) == 1000.0
    assert losses.binary_cross_entropy_with_logits([[1000.0, -1000.0]], [[1, 0]]) == 0.0
    Z = np.array([[1000.0], [0.0], [-1000.0]])
    assert losses.categorical_cross_entropy_with_logits(Z, [[0], [1], [0]]) == 1000.0


def test_confident_predictions_stay_finite():
    A = np.array([[0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])  # two right, two wrong, all with certainty
    J = losses.binary_cross_entropy(A, Y)
    assert np.isfinite(J) and J == pytest.approx(-np.log(losses.EPSILON) / 2, rel=1e-3)
    assert np.all(np.isfinite(losses.binary_cross_entropy_gradient(A, Y)))
    Ac = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert np.isfinite(losses.categorical_cross_entropy(Ac, [[0, 0], [1, 1]]))
    assert np.all(np.isfinite(losses.categorical_cross_entropy_gradient(Ac, [[0, 0], [1, 1]])))


@pytest.mark.parametrize(
    "cost, gradient, data",
    [
        (losses.binary_cross_entropy, losses.binary_cross_entropy_gradient, "binary"),
        (losses.categorical_cross_entropy, losses.categorical_cross_entropy_gradient, "categorical"),
        (losses.mean_squared_error, losses.mean_squared_error_gradient, "categorical"),
    ],
)
def test_loss_gradient_matches_finite_differences(cost, gradient, data, request):
    A, Y = request.getfixturevalue(data)
    error = gradient_check(lambda p: cost(p["A"], Y), {"A": A}, {"dA": gradient(A, Y)}, epsilon=1e-6)
    assert error < 1e-7


def test_matching_pairs_give_dZ_equal_A_minus_Y_over_m(binary, categorical, rng):
    # sigmoid + BCE: dZ = dA * sigmoid'(Z) = (A - Y) / m
    Z = rng.standard_normal((1, 9))
    _, Y = binary
    dA = losses.binary_cross_entropy_gradient(sigmoid(Z), Y)
    np.testing.assert_allclose(dA * sigmoid_derivative(Z), (sigmoid(Z) - Y) / 9, rtol=1e-10)
    # softmax + CCE: dZ = J_softmax^T dA = A * (dA - sum(dA * A)) = (A - Y) / m
    A, Y = categorical
    dA = losses.categorical_cross_entropy_gradient(A, Y)
    dZ = A * (dA - np.sum(dA * A, axis=0, keepdims=True))
    np.testing.assert_allclose(dZ, (A - Y) / 9, rtol=1e-10, atol=1e-15)


def test_one_hot_round_trip():
    y = np.array([[2, 0, 1, 2]])
    Y = losses.one_hot(y, 3)
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    np.testing.assert_array_equal(losses.from_one_hot(Y), y)
    np.testing.assert_array_equal(losses.one_hot(np.array([1, 0])), [[0, 1], [1, 0]])  # (m,) and C inferred
    with pytest.raises(ValueError, match=r"y must contain integer class labels 0\.\.2"):
        losses.one_hot([[0, 3]], 3)


def test_get_loss_pairs():
    assert losses.get_loss("sigmoid")[0] is losses.binary_cross_entropy
    assert losses.get_loss("softmax")[1] is losses.categorical_cross_entropy_gradient
    assert losses.get_loss("identity")[0] is losses.mean_squared_error
    with pytest.raises(ValueError, match="output_activation must be one of"):
        losses.get_loss("tanh")
