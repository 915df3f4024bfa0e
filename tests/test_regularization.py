"""L2 regularization: the penalty, a gradient check of the regularized backward pass, weight decay
in ``DeepNetwork(lambd=...)``, and argument validation."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import deep, regularization
from lessons_code.gradcheck import gradient_check


def test_l2_penalty_is_lambda_over_2m_times_the_squared_frobenius_norms():
    p = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]]),
         "W2": np.array([[3.0]]), "b2": np.array([[-7.0]])}
    # (lambd / 2m) (1 + 4 + 9); the biases are not penalized
    assert regularization.l2_penalty(p, 0.5, 4) == pytest.approx(0.5 / 8 * 14)
    assert regularization.l2_penalty(p, 0.0, 4) == 0.0


@pytest.mark.parametrize("hidden, output, n_y", [("relu", "sigmoid", 1), ("tanh", "softmax", 3),
                                                 ("relu", "identity", 2)])
def test_l2_backward_gradient_check(hidden, output, n_y, rng, make_parameters, make_targets):
    """Backprop of J + (lambd/2m) sum ||W||^2 equals finite differences of compute_cost_with_l2."""
    p = make_parameters([4, 5, 3, n_y], rng)
    X, Y = rng.standard_normal((4, 7)), make_targets(output, n_y, 7, rng)
    AL, caches = deep.L_model_forward(X, p, hidden, output)
    grads = regularization.l2_backward(AL, Y, caches, p, 0.7, hidden, output)

    def cost(q):
        AL_q = deep.L_model_forward(X, q, hidden, output)[0]
        return regularization.compute_cost_with_l2(AL_q, Y, q, 0.7, output)

    assert gradient_check(cost, p, grads, epsilon=1e-6) < 1e-7
    plain = deep.L_model_backward(AL, Y, caches, hidden, output)
    for l in (1, 2, 3):  # dW gains (lambd/m) W, db is unchanged
        np.testing.assert_allclose(grads[f"dW{l}"] - plain[f"dW{l}"], 0.7 / 7 * p[f"W{l}"])
        np.testing.assert_array_equal(grads[f"db{l}"], plain[f"db{l}"])


def test_lambd_zero_is_the_plain_network(rng):
    X = rng.standard_normal((3, 40))
    Y = (X[:1] + X[1:2] > 0).astype(float)
    a = deep.DeepNetwork([3, 4, 1], seed=2)
    b = deep.DeepNetwork([3, 4, 1], seed=2, lambd=0.0)
    a.fit(X, Y, epochs=5, learning_rate=0.3, batch_size=8)
    b.fit(X, Y, epochs=5, learning_rate=0.3, batch_size=8)
    for k in a.parameters:
        np.testing.assert_array_equal(a.parameters[k], b.parameters[k])


def test_fit_with_lambd_takes_the_regularized_step_and_shrinks_the_weights(rng):
    X = rng.standard_normal((3, 40))
    Y = (X[:1] - X[2:3] > 0).astype(float)
    net = deep.DeepNetwork([3, 4, 1], seed=1, lambd=2.0)
    start = {k: v.copy() for k, v in net.parameters.items()}
    net.fit(X, Y, epochs=1, learning_rate=0.5)  # one full-batch step
    AL, caches = deep.L_model_forward(X, start)
    grads = regularization.l2_backward(AL, Y, caches, start, 2.0)
    for k in start:
        np.testing.assert_allclose(net.parameters[k], start[k] - 0.5 * grads["d" + k])
    plain, strong = deep.DeepNetwork([3, 8, 1], seed=0), deep.DeepNetwork([3, 8, 1], seed=0, lambd=20.0)
    for net in (plain, strong):
        net.fit(X, Y, epochs=200, learning_rate=0.3)
    norm = lambda n: sum(np.sum(n.parameters[f"W{l}"] ** 2) for l in (1, 2))  # noqa: E731
    assert norm(strong) < norm(plain) / 2
    assert "lambd=20.0" in repr(strong) and "lambd" not in repr(plain)


@pytest.mark.parametrize("lambd, error", [(-1.0, ValueError), (np.inf, ValueError), ("0.1", TypeError)])
def test_bad_lambd_is_rejected(lambd, error):
    with pytest.raises(error, match="lambd"):
        deep.DeepNetwork([2, 1], lambd=lambd)
    with pytest.raises(error, match="lambd"):
        regularization.l2_penalty({"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}, lambd, 3)
