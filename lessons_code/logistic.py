"""Logistic regression as a one-neuron neural network.

For inputs X of shape (n_x, m), weights w of shape (n_x, 1) and a scalar bias b:

    Z = w^T X + b              shape (1, m)
    A = sigmoid(Z)             y-hat = P(y = 1 | x), shape (1, m)
    J = -(1/m) sum [Y log A + (1 - Y) log(1 - A)]     (binary cross-entropy)

and its gradients, derived in the chapter:

    dZ = (A - Y) / m           dJ/dZ
    dw = X dZ^T                dJ/dw, shape (n_x, 1)
    db = sum(dZ)               dJ/db, a number
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._types import Array, Grads, Seed
from ._validation import (
    check_positive_int,
    check_seed,
    logistic_backward_args,
    logistic_parameters,
    logistic_predict_args,
    optimize_args,
    propagate_args,
    validated,
)
from .activations import sigmoid
from .losses import binary_cross_entropy
from .training import Model

__all__ = [
    "initialize_with_zeros", "forward_propagation", "backward_propagation", "propagate", "optimize",
    "predict", "LogisticRegression",
]


def initialize_with_zeros(n_x: int) -> tuple[Array, float]:
    """Parameters of logistic regression, all zero (fine here: one neuron has no symmetry to break).

    Args:
        n_x: number of input features, > 0.

    Returns:
        ``(w, b)``: w of shape (n_x, 1) filled with 0.0, and b = 0.0 (a float).

    Introduced in: :ref:`ch-logistic-regression`
    """
    n_x = check_positive_int("n_x", n_x)
    return np.zeros((n_x, 1)), 0.0


@validated(logistic_predict_args)
def forward_propagation(w: Array, b: float, X: Array, *, check: bool = True) -> Array:
    """The forward pass of logistic regression: A = sigmoid(w^T X + b).

    Args:
        w: weights, shape (n_x, 1).
        b: bias, a number.
        X: inputs, shape (n_x, m).
        check: validate the inputs (callers that have checked them pass False).

    Returns:
        A = P(y = 1 | x) for every example, shape (1, m).

    Introduced in: :ref:`ch-logistic-regression`
    """
    return sigmoid(w.T @ X + b)


@validated(logistic_backward_args)
def backward_propagation(X: Array, Y: Array, A: Array, *, check: bool = True) -> dict[str, Any]:
    """The backward pass of logistic regression: the gradients of the cross-entropy cost J.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), values 0 or 1.
        A: the forward pass's output sigmoid(w^T X + b), shape (1, m).
        check: validate the inputs (callers that have checked them pass False).

    Returns:
        grads = {"dw": dJ/dw of shape (n_x, 1), "db": dJ/db, a float}.

    Introduced in: :ref:`ch-logistic-regression`
    """
    dZ = (A - Y) / X.shape[1]  # dJ/dZ, shape (1, m)
    return {"dw": X @ dZ.T, "db": float(np.sum(dZ))}


@validated(propagate_args)
def propagate(
    w: Array, b: float, X: Array, Y: Array, *, check: bool = True
) -> tuple[dict[str, Any], float]:
    """Forward and backward propagation of logistic regression: the cost and its gradients.

    Args:
        w: weights, shape (n_x, 1).
        b: bias, a number.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), values 0 or 1.
        check: validate the inputs (``optimize`` checks once, then passes False).

    Returns:
        ``(grads, cost)``: grads = {"dw": dJ/dw of shape (n_x, 1), "db": dJ/db, a float}, and the
        binary cross-entropy cost J, a float.

    Introduced in: :ref:`ch-logistic-regression`
    """
    A = forward_propagation(w, b, X, check=False)  # A = sigma(w^T X + b), shape (1, m)
    cost = binary_cross_entropy(A, Y, check=False)
    grads = backward_propagation(X, Y, A, check=False)  # dw = X dZ^T, db = sum(dZ)
    return grads, cost


@validated(optimize_args)
def optimize(
    w: Array,
    b: float,
    X: Array,
    Y: Array,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    print_cost: bool = False,
    record_every: int = 1,
) -> tuple[dict[str, Any], dict[str, Any], list[float]]:
    """Learn w and b by (full-batch) gradient descent.

    Args:
        w: initial weights, shape (n_x, 1).
        b: initial bias, a number.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), values 0 or 1.
        num_iterations: number of gradient steps, > 0.
        learning_rate: step size alpha, > 0.
        print_cost: print the cost every 100 iterations.
        record_every: record the cost every ``record_every`` iterations (1 = every iteration).

    Returns:
        ``(params, grads, costs)``: params = {"w", "b"} after training, the last grads
        {"dw", "db"}, and the list of recorded costs (costs[k] is the cost before step
        k * record_every).

    Introduced in: :ref:`ch-logistic-regression`
    """
    w = w.copy()  # do not modify the caller's array
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y, check=False)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % record_every == 0:
            costs.append(cost)
        if print_cost and i % 100 == 0:
            print(f"Cost after iteration {i}: {cost:.6f}")
    return {"w": w, "b": b}, grads, costs


@validated(logistic_predict_args)
def predict(w: Array, b: float, X: Array) -> Array:
    """Predicted labels: 1.0 where A = sigmoid(w^T X + b) > 0.5, else 0.0.

    Args:
        w: weights, shape (n_x, 1).
        b: bias, a number.
        X: inputs, shape (n_x, m).

    Returns:
        Y_prediction of shape (1, m), values 0.0 and 1.0.

    Introduced in: :ref:`ch-logistic-regression`
    """
    A = forward_propagation(w, b, X, check=False)
    return (A > 0.5).astype(np.float64)


class LogisticRegression(Model):
    """Logistic regression that speaks Keras: ``fit``, ``predict``, ``predict_proba``, ``evaluate``.

    The weights start at zero and are sized by the first ``fit``. ``fit`` is the ``Model.fit`` of
    ``training`` (epochs, learning_rate, batch_size=None for full batch, verbose, validation_data).

    Args:
        seed: int seed or ``numpy.random.Generator`` (only used to shuffle mini-batches).

    Attributes:
        w: weights, shape (n_x, 1).  b: bias, a float.
        parameters: {"w": w, "b": b}, replaced by the new values at every step of ``fit``;
            parameters you set yourself are checked by ``fit``/``predict``/``evaluate`` first.

    Introduced in: :ref:`ch-logistic-regression`
    """

    output_activation = "sigmoid"

    def __init__(self, seed: Seed = 0) -> None:
        self._rng = np.random.default_rng(check_seed("seed", seed))
        self.parameters: dict[str, Any] | None = None  # {"w": an (n_x, 1) array, "b": a float}

    @property
    def w(self) -> Array | None:
        """The weights w, shape (n_x, 1) (None before ``fit``).

        Introduced in: :ref:`ch-logistic-regression`
        """
        return None if self.parameters is None else self.parameters["w"]

    @property
    def b(self) -> float | None:
        """The bias b, a float (None before ``fit``).

        Introduced in: :ref:`ch-logistic-regression`
        """
        return None if self.parameters is None else float(self.parameters["b"])

    def _input_size(self) -> int | None:
        return None if self.parameters is None else int(np.shape(self.parameters["w"])[0])

    def _check_parameters(self, X: Array | None, x_name: str = "X") -> dict[str, Any]:
        return logistic_parameters(self.parameters, X, x_name)

    def _build(self, n_x: int, n_y: int) -> None:
        w, b = initialize_with_zeros(n_x)
        self.parameters = {"w": w, "b": b}

    # A step of ``fit`` is ``propagate``'s two halves; the cost and accuracy are read off A between.
    def _forward(self, X: Array) -> tuple[Array, None]:
        assert self.parameters is not None
        return forward_propagation(self.parameters["w"], self.parameters["b"], X, check=False), None

    def _backward(self, X: Array, Y: Array, AL: Array, cache: Any) -> Grads:
        return backward_propagation(X, Y, AL, check=False)

    def __repr__(self) -> str:
        w = self.w
        if w is None:
            return "LogisticRegression(not fitted)"
        return f"LogisticRegression(n_x={w.shape[0]})"
