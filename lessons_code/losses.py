"""Loss functions: the cost J that training minimizes, and its gradient dA = dJ/dA.

Notation: ``A`` is the network's output A[L] (= Y-hat), ``Y`` the targets, both of shape (n[L], m)
with one example per column. Every cost is a *mean over the m examples* of a per-example loss L:

    J = (1/m) * sum_i L(a(i), y(i)).

Every gradient here is the derivative of that cost J, so it already carries the factor 1/m; the
backward passes of ``shallow`` and ``deep`` therefore never divide by m again.

Each public function validates its inputs unless called with ``check=False``: the training loops
of the model classes check the data once per ``fit`` and then pass ``check=False`` on every step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._types import Array
from ._validation import (
    binary_logits_args,
    binary_loss_args,
    categorical_logits_args,
    categorical_loss_args,
    from_one_hot_args,
    one_hot_args,
    regression_loss_args,
    validated,
)

__all__ = [
    "EPSILON",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_gradient",
    "categorical_cross_entropy",
    "categorical_cross_entropy_with_logits",
    "categorical_cross_entropy_gradient",
    "mean_squared_error",
    "mean_squared_error_gradient",
    "one_hot",
    "from_one_hot",
    "OUTPUT_ACTIVATIONS",
    "get_loss",
]

#: Probabilities are clipped to [EPSILON, 1 - EPSILON] before taking logs, so a confident wrong
#: prediction (A exactly 0 or 1) costs about -log(1e-15) = 34.5 instead of inf.
EPSILON = 1e-15


@validated(binary_loss_args)
def binary_cross_entropy(A: Array, Y: Array, *, check: bool = True) -> float:
    """Binary cross-entropy cost, J = -(1/m) sum_i [y log a + (1 - y) log(1 - a)].

    Args:
        A: predicted probabilities A[L] = sigmoid(Z[L]), shape (1, m), values in [0, 1].
        Y: labels, shape (1, m), values 0 or 1.
        check: validate shapes and values (set False inside training loops).

    Returns:
        The cost J as a Python float (A is clipped to [EPSILON, 1 - EPSILON], so J is finite).

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = A.shape[1]
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return -float((Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)).sum()) / m


@validated(binary_logits_args)
def binary_cross_entropy_with_logits(Z: Array, Y: Array, *, check: bool = True) -> float:
    """Binary cross-entropy computed from the logits Z = W A + b instead of A = sigmoid(Z).

    Since log(sigmoid(z)) = -log(1 + e^(-z)), the per-example loss simplifies to
    ``max(z, 0) - z y + log(1 + e^(-|z|))``, which never overflows and needs no clipping.

    Args:
        Z: logits Z[L], shape (1, m), any real values.
        Y: labels, shape (1, m), values 0 or 1.
        check: validate shapes and values.

    Returns:
        The cost J as a Python float.

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = Z.shape[1]
    return float(np.sum(np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m)


@validated(binary_loss_args)
def binary_cross_entropy_gradient(A: Array, Y: Array, *, check: bool = True) -> Array:
    """Gradient of the binary cross-entropy cost: dA = dJ/dA = (1/m) (-(Y/A) + (1-Y)/(1-A)).

    Args:
        A: predicted probabilities, shape (1, m).
        Y: labels, shape (1, m).
        check: validate shapes and values.

    Returns:
        dA = dJ/dA, shape (1, m). (Times sigmoid'(Z) = A(1 - A) this becomes dZ = (A - Y)/m.)

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = A.shape[1]
    A = np.clip(A, EPSILON, 1.0 - EPSILON)
    return (-(Y / A) + (1.0 - Y) / (1.0 - A)) / m


@validated(categorical_loss_args)
def categorical_cross_entropy(A: Array, Y: Array, *, check: bool = True) -> float:
    """Categorical cross-entropy cost, J = -(1/m) sum_i sum_k y_k log a_k.

    Args:
        A: predicted class probabilities A[L] = softmax(Z[L]), shape (C, m).
        Y: one-hot labels, shape (C, m).
        check: validate shapes and values.

    Returns:
        The cost J as a Python float (A clipped below at EPSILON, so J is finite).

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = A.shape[1]
    return -float((Y * np.log(np.maximum(A, EPSILON))).sum()) / m


@validated(categorical_logits_args)
def categorical_cross_entropy_with_logits(Z: Array, Y: Array, *, check: bool = True) -> float:
    """Categorical cross-entropy from the logits, using log-sum-exp.

    log softmax(z)_k = z_k - log sum_j e^(z_j), and the log-sum-exp is computed after subtracting
    the column maximum, so nothing overflows however large the logits.

    Args:
        Z: logits Z[L], shape (C, m).
        Y: one-hot labels, shape (C, m).
        check: validate shapes and values.

    Returns:
        The cost J as a Python float.

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = Z.shape[1]
    z_max = Z.max(axis=0, keepdims=True)
    log_sum_exp = z_max + np.log(np.sum(np.exp(Z - z_max), axis=0, keepdims=True))
    return float(np.sum(Y * (log_sum_exp - Z)) / m)


@validated(categorical_loss_args)
def categorical_cross_entropy_gradient(A: Array, Y: Array, *, check: bool = True) -> Array:
    """Gradient of the categorical cross-entropy cost with respect to A: dA = -(1/m) Y / A.

    Args:
        A: predicted class probabilities, shape (C, m).
        Y: one-hot labels, shape (C, m).
        check: validate shapes and values.

    Returns:
        dA = dJ/dA, shape (C, m). (Through the softmax Jacobian this becomes dZ = (A - Y)/m.)

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = A.shape[1]
    return -(Y / np.maximum(A, EPSILON)) / m


@validated(regression_loss_args)
def mean_squared_error(A: Array, Y: Array, *, check: bool = True) -> float:
    """Mean squared error cost, J = (1/m) sum_i (1/2) ||a(i) - y(i)||^2.

    The factor 1/2 makes the gradient simply (A - Y)/m. (Keras's ``"mse"`` instead averages over
    the outputs too and has no 1/2: for one output it is exactly 2 J.)

    Args:
        A: predictions A[L], shape (n[L], m).
        Y: targets, shape (n[L], m).
        check: validate shapes and values.

    Returns:
        The cost J as a Python float.

    Introduced in: :ref:`ch-logistic-regression`
    """
    m = A.shape[1]
    diff = A - Y
    return float(np.sum(diff * diff) / (2.0 * m))


@validated(regression_loss_args)
def mean_squared_error_gradient(A: Array, Y: Array, *, check: bool = True) -> Array:
    """Gradient of the mean squared error cost with respect to A: dA = (A - Y) / m.

    Args:
        A: predictions, shape (n[L], m).
        Y: targets, shape (n[L], m).
        check: validate shapes and values.

    Returns:
        dA = dJ/dA, shape (n[L], m).

    Introduced in: :ref:`ch-logistic-regression`
    """
    return (A - Y) / A.shape[1]


@validated(one_hot_args)
def one_hot(y: Array, C: int | None = None) -> Array:
    """Turn integer class labels into a one-hot matrix with one column per example.

    Args:
        y: integer labels 0..C-1, shape (1, m) (a rank-1 (m,) array is accepted too, since this is
           where labels from scikit-learn usually arrive).
        C: number of classes; ``None`` means ``max(y) + 1``.

    Returns:
        Y of shape (C, m), float64, with Y[y(i), i] = 1 and zeros elsewhere.

    Introduced in: :ref:`ch-logistic-regression`
    """
    assert C is not None  # (the validation made y a rank-1 array of int labels, and C an int)
    Y = np.zeros((C, y.size))
    Y[y, np.arange(y.size)] = 1.0
    return Y


@validated(from_one_hot_args)
def from_one_hot(Y: Array) -> Array:
    """Turn a one-hot (or probability) matrix back into integer labels: the argmax of each column.

    Args:
        Y: shape (C, m), one-hot or probabilities (each column in [0, 1], summing to 1).

    Returns:
        Integer labels, shape (1, m), dtype int64.

    Introduced in: :ref:`ch-logistic-regression`
    """
    return np.argmax(Y, axis=0, keepdims=True)


_LOSS_FOR_OUTPUT: dict[str, tuple[Callable[..., float], Callable[..., Array]]] = {
    "sigmoid": (binary_cross_entropy, binary_cross_entropy_gradient),
    "softmax": (categorical_cross_entropy, categorical_cross_entropy_gradient),
    "identity": (mean_squared_error, mean_squared_error_gradient),
}

#: The output activations a network may end with; each comes with its own loss (see get_loss).
OUTPUT_ACTIVATIONS = tuple(_LOSS_FOR_OUTPUT)


LossFunction = Callable[..., float]
GradientFunction = Callable[..., Array]


def get_loss(output_activation: str) -> tuple[LossFunction, GradientFunction]:
    """The loss that goes with an output activation, and its gradient.

    sigmoid -> binary cross-entropy, softmax -> categorical cross-entropy, identity -> mean squared
    error. These are the "matching" pairs: for each of them dZ[L] = dA[L] * g'(Z[L]) simplifies to
    the same (A[L] - Y) / m, which is why backpropagation can start from that directly.

    Args:
        output_activation: one of ``OUTPUT_ACTIVATIONS``.

    Returns:
        ``(cost, gradient)``: functions ``(A, Y, *, check=True) -> J`` and ``-> dA``.

    Introduced in: :ref:`ch-deep`
    """
    if not isinstance(output_activation, str) or output_activation not in _LOSS_FOR_OUTPUT:
        raise ValueError(
            "output_activation must be one of "
            f"{', '.join(map(repr, OUTPUT_ACTIVATIONS))}, got {output_activation!r}"
        )
    return _LOSS_FOR_OUTPUT[output_activation]
