"""Activation functions g(z) and their derivatives g'(z).

Every function works elementwise on an array of any shape (``softmax`` works column by column:
axis 0 holds the C classes of one example). In the book's notation a layer computes
``A[l] = g[l](Z[l])``, and backpropagation needs ``dZ[l] = dA[l] * g[l]'(Z[l])``.

These are the inner maths of every network in the book, so they trust their input (no validation
here: the public functions of ``logistic``, ``shallow`` and ``deep`` check arrays once, at the
boundary). All of them are numerically stable: ``sigmoid(1000.0)`` and ``softmax`` of huge logits
raise no overflow warning and return finite numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._types import Array

__all__ = [
    "ACTIVATIONS",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "softmax",
    "identity",
    "identity_derivative",
    "get_activation",
]

#: The names accepted wherever the library asks for an activation.
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "identity")


def sigmoid(z: Any) -> Array:
    """The logistic sigmoid 1 / (1 + e^(-z)), computed without overflow.

    For z >= 0 the textbook formula is safe; for z < 0 we use the equal form e^z / (1 + e^z).
    Both are written with ``e = exp(-abs(z)) <= 1``, which can never overflow.

    Args:
        z: array of any shape (or a scalar).

    Returns:
        Array of the same shape with values in [0, 1].

    Introduced in: :ref:`ch-vectorization`
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z: Any) -> Array:
    """Derivative of the sigmoid: sigma'(z) = sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z).

    sigma' is symmetric, sigma'(z) = sigma'(-z), so we evaluate it at -abs(z), where
    s = sigma(-abs(z)) is at most 1/2: for a large positive z, sigma(z) rounds to 1 and
    1 - sigma(z) would lose every digit (a relative error of 1e-3 at z = 30, and 0 instead of
    4e-18 at z = 40).

    Args:
        z: array of any shape.

    Returns:
        Array of the same shape, values in [0, 0.25] (0 only where sigma(-abs(z)) underflows,
        abs(z) > about 745).

    Introduced in: :ref:`ch-vectorization`
    """
    s = sigmoid(-np.abs(z))  # sigma(-|z|) <= 1/2: no cancellation in 1 - s
    return s * (1.0 - s)


def tanh(z: Any) -> Array:
    """Hyperbolic tangent, (e^z - e^(-z)) / (e^z + e^(-z)), values in (-1, 1).

    Args:
        z: array of any shape.

    Returns:
        Array of the same shape.

    Introduced in: :ref:`ch-shallow`
    """
    return np.tanh(z)


def tanh_derivative(z: Any) -> Array:
    """Derivative of tanh: 1 - tanh(z)^2.

    For abs(z) > 1/2, tanh(z) nears +-1 and 1 - tanh(z)^2 loses digits to cancellation (all of
    them once abs(z) > 19); there we use the equal form 4 sigma(2z) sigma(-2z), evaluated at
    -2 abs(z) like
    ``sigmoid_derivative`` (tanh(z) = 2 sigma(2z) - 1, so tanh' = 4 sigma').

    Args:
        z: array of any shape.

    Returns:
        Array of the same shape, values in [0, 1] (0 only where the result underflows).

    Introduced in: :ref:`ch-shallow`
    """
    t = np.tanh(z)
    s = sigmoid(-2.0 * np.abs(z))  # tanh'(z) = 4 s (1 - s), s = sigma(-2|z|) <= 1/2
    return np.where(np.abs(z) <= 0.5, 1.0 - t * t, 4.0 * s * (1.0 - s))


def relu(z: Any) -> Array:
    """Rectified linear unit, max(0, z).

    Args:
        z: array of any shape.

    Returns:
        Array of the same shape.

    Introduced in: :ref:`ch-shallow`
    """
    return np.maximum(z, 0.0)


def relu_derivative(z: Any) -> Array:
    """Derivative of ReLU: 1 where z > 0, else 0 (we take 0 at the kink z = 0).

    Args:
        z: array of any shape.

    Returns:
        Array of 0.0 and 1.0, same shape.

    Introduced in: :ref:`ch-shallow`
    """
    return (np.asarray(z) > 0).astype(np.float64)


def leaky_relu(z: Any, alpha: float = 0.01) -> Array:
    """Leaky ReLU: z where z > 0, else alpha * z.

    Args:
        z: array of any shape.
        alpha: slope for negative z (0.01 by default, as in the literature; Keras uses 0.3).

    Returns:
        Array of the same shape.

    Introduced in: :ref:`ch-shallow`
    """
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z: Any, alpha: float = 0.01) -> Array:
    """Derivative of leaky ReLU: 1 where z > 0, else alpha.

    Args:
        z: array of any shape.
        alpha: slope for negative z.

    Returns:
        Array of the same shape.

    Introduced in: :ref:`ch-shallow`
    """
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def softmax(z: Any) -> Array:
    """Softmax over the classes of each example: a[k] = e^(z[k]) / sum_j e^(z[j]).

    Column i of ``z`` holds the C logits of example i. Subtracting the column's maximum first
    changes nothing mathematically (the factor e^(-max) cancels) but keeps every exponent <= 0,
    so ``exp`` cannot overflow.

    Args:
        z: logits Z[L], shape (C, m).

    Returns:
        Probabilities, shape (C, m); each column is >= 0 and sums to 1.

    Introduced in: :ref:`ch-vectorization`
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    e /= e.sum(axis=0, keepdims=True)  # in place: e is our own new array
    return e


def identity(z: Any) -> Array:
    """The identity g(z) = z, the output activation of a regression network.

    Args:
        z: array of any shape.

    Returns:
        ``z`` as a float64 array.

    Introduced in: :ref:`ch-shallow`
    """
    return np.asarray(z, dtype=np.float64)


def identity_derivative(z: Any) -> Array:
    """Derivative of the identity: 1 everywhere.

    Args:
        z: array of any shape.

    Returns:
        Array of ones, same shape.

    Introduced in: :ref:`ch-shallow`
    """
    return np.ones_like(z, dtype=np.float64)


ActivationFunction = Callable[[Any], Array]

_TABLE: dict[str, tuple[ActivationFunction, ActivationFunction | None]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    # The softmax output a[k] depends on every z[j] of its column, so its derivative is a
    # C x C Jacobian, not an elementwise g'(z); ``deep.linear_activation_backward`` applies it.
    "softmax": (softmax, None),
    "identity": (identity, identity_derivative),
}


def get_activation(name: str) -> tuple[ActivationFunction, ActivationFunction | None]:
    """Look an activation up by name.

    Args:
        name: one of ``ACTIVATIONS``.

    Returns:
        ``(g, g_prime)``: the function and its elementwise derivative. ``g_prime`` is ``None``
        for ``"softmax"``, whose derivative is a Jacobian (see ``deep.linear_activation_backward``).

    Raises:
        ValueError: unknown name.

    Introduced in: :ref:`ch-shallow`
    """
    if not isinstance(name, str) or name not in _TABLE:
        raise ValueError(
            f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}, got {name!r}"
        )
    return _TABLE[name]
