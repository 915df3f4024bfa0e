"""Gradient checking: compare backpropagation with two-sided finite differences.

For every parameter theta_i, nudge it by +/- epsilon and watch the cost:

    dtheta_i ~ (J(theta + epsilon e_i) - J(theta - epsilon e_i)) / (2 epsilon)

The estimate has two errors that pull in opposite directions:

* truncation, of order epsilon^2: it grows when epsilon is large;
* cancellation: J(theta + epsilon e_i) and J(theta - epsilon e_i) are nearly equal, and each is
  rounded to a relative precision of about the machine epsilon u (2.2e-16 in float64, 1.2e-7 in
  float32); their difference keeps that absolute rounding error u abs(J) while the true
  difference shrinks with epsilon, so after dividing by 2 epsilon the error is about
  u abs(J) / epsilon: it grows when epsilon is small.

For the book's networks, in float64 the sum is smallest for epsilon around 1e-5 to 1e-4; the
default epsilon = 1e-7 sits on the cancellation side but still leaves a correct backpropagation at
a relative error of about 1e-9 to 1e-8, while a bug shows up as 1e-3 or worse. In float32 no
epsilon gets anywhere near 1e-7 (the best is a few 1e-5, at epsilon ~ 1e-2, and epsilon = 1e-7
gives pure noise), so give these functions a cost computed in float64. (Chapter "Keras and
TensorFlow" plots the error against epsilon in both precisions.) It costs two forward passes per
parameter: a test for the code, not a way to train.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ._types import Array
from ._validation import (
    as_array,
    check_callable,
    check_params_dict,
    check_positive_float,
    gradient_check_args,
    validated,
)

__all__ = [
    "dictionary_to_vector",
    "vector_to_dictionary",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
    "FlatCostWarning",
]

KeysShapes = list[tuple[str, tuple[int, ...]]]


class FlatCostWarning(UserWarning):
    """``gradient_check`` found a cost that does not move at all when some parameters are nudged.

    Introduced in: :ref:`ch-logistic-regression`
    """


def dictionary_to_vector(
    d: dict[str, Any], keys: list[str] | None = None
) -> tuple[Array, KeysShapes]:
    """Stack every array of a dict into one column vector theta.

    Args:
        d: dict of arrays (or numbers), e.g. {"W1": ..., "b1": ...}.
        keys: the order of the keys; ``None`` = the dict's own order.

    Returns:
        ``(theta, keys_shapes)``: theta of shape (n, 1), n = total number of entries, and the
        list of (key, shape) pairs needed to undo it with ``vector_to_dictionary``.

    Introduced in: :ref:`ch-logistic-regression`
    """
    keys = check_params_dict("d", d, keys)
    arrays = [as_array(k, d[k]) for k in keys]
    keys_shapes = [(k, a.shape) for k, a in zip(keys, arrays)]
    theta = np.concatenate([a.reshape(-1) for a in arrays]).reshape(-1, 1)
    return theta, keys_shapes


def vector_to_dictionary(theta: Array, keys_shapes: KeysShapes) -> dict[str, Array]:
    """Undo ``dictionary_to_vector``: cut theta back into arrays of the recorded shapes.

    Args:
        theta: shape (n, 1) (or (n,)).
        keys_shapes: list of (key, shape) from ``dictionary_to_vector``.

    Returns:
        dict key -> array of its shape (shape () gives a 0-d array).

    Introduced in: :ref:`ch-logistic-regression`
    """
    theta = as_array("theta", theta).reshape(-1)
    sizes = [int(np.prod(shape)) for _, shape in keys_shapes]
    if sum(sizes) != theta.size:
        raise ValueError(f"theta must have {sum(sizes)} entries for these shapes, got {theta.size}")
    d: dict[str, Array] = {}
    start = 0
    for (key, shape), size in zip(keys_shapes, sizes):
        d[key] = theta[start : start + size].reshape(shape).copy()
        start += size
    return d


def numerical_gradient(
    f: Callable[[dict[str, Array]], float], params: dict[str, Any], epsilon: float = 1e-7
) -> dict[str, Array]:
    """Two-sided finite-difference gradient of ``f`` at ``params``.

    Args:
        f: function params_dict -> float (the cost J).
        params: dict of arrays (or numbers) at which to differentiate; not modified.
        epsilon: the nudge, > 0 (1e-7 suits a float64 cost; see the module docstring for why
            a float32 cost cannot be checked this way).

    Returns:
        dict "d" + key -> array of the shape of params[key] (as returned by backpropagation).

    Introduced in: :ref:`ch-logistic-regression`
    """
    check_callable("f", f)
    epsilon = check_positive_float("epsilon", epsilon)
    theta, keys_shapes = dictionary_to_vector(params)
    grad = np.zeros(theta.shape[0])
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        J_plus = f(vector_to_dictionary(plus, keys_shapes))
        J_minus = f(vector_to_dictionary(minus, keys_shapes))
        grad[i] = (J_plus - J_minus) / (2.0 * epsilon)
    return {"d" + k: v for k, v in vector_to_dictionary(grad, keys_shapes).items()}


def relative_error(a: Array, b: Array) -> float:
    """Relative difference ||a - b|| / (||a|| + ||b||) (0.0 when both are zero).

    The norms are computed without overflow or underflow, however large or small the entries.

    Args:
        a, b: arrays of the same shape.

    Returns:
        float in [0, 1].

    Introduced in: :ref:`ch-logistic-regression`
    """
    a, b = as_array("a", a), as_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    big = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    if big > 0 and not 2.0**-500 < big < 2.0**500:  # rescale by a power of 2 (exact): no overflow
        scale = 2.0 ** np.floor(np.log2(big))
        a, b = a / scale, b / scale
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


@validated(gradient_check_args)
def gradient_check(
    cost_fn: Callable[[dict[str, Array]], float],
    params: dict[str, Any],
    grads: dict[str, Any],
    epsilon: float = 1e-7,
) -> float:
    """Relative error between backpropagation's gradients and finite differences.

    Args:
        cost_fn: function params_dict -> J (a float).
        params: dict of parameters, e.g. {"W1": ..., "b1": ...}.
        grads: the analytic gradients, keyed "d" + name ("dW1", ...) or by the same names as
            ``params``; extra keys (such as "dA1") are ignored.
        epsilon: the finite-difference nudge (the cost must be computed in float64: with a
            float32 cost cancellation makes the estimate useless at this epsilon).

    Returns:
        The relative error of the two gradients stacked as vectors: < 1e-7 means correct.

    Warns:
        FlatCostWarning: the error is large because the cost did not move at all when some
            parameters were nudged although backpropagation says it should (a saturated output
            whose probability the cost clips at ``losses.EPSILON``, or a float32 cost that
            rounds the nudge away): finite differences cannot check those parameters, so the
            error says nothing about backpropagation.

    Introduced in: :ref:`ch-logistic-regression`
    """
    numeric = numerical_gradient(cost_fn, params, epsilon)
    theta_a, _ = dictionary_to_vector(grads)  # (the validation keyed grads "d" + name, in order)
    theta_n, _ = dictionary_to_vector(numeric)
    error = relative_error(theta_a, theta_n)
    _warn_if_saturated(error, theta_a, theta_n)
    return error


def _warn_if_saturated(error: float, theta_a: Array, theta_n: Array) -> None:
    """Say so when a large error comes from parameters the cost does not respond to at all."""
    tiny = 1e-8 * float(np.max(np.abs(theta_a)))
    flat = (theta_n == 0.0) & (np.abs(theta_a) > tiny)
    if error < 1e-5 or not flat.any():
        return
    rest = relative_error(np.where(flat, 0.0, theta_a), theta_n)
    if rest < error / 10:  # the flat entries make the error
        warnings.warn(
            f"gradient_check: the cost did not change at all when {int(flat.sum())} of "
            f"{flat.size} parameters were nudged by +-epsilon, although backpropagation gives them "
            f"non-zero gradients; without them the relative error is {rest:.1e} instead of "
            f"{error:.1e}. Finite differences cannot check a flat cost, so this error says "
            "nothing about backpropagation. Either the output saturated (A[L] rounds to exactly 0 "
            "or 1, and the cost clips log(A) at losses.EPSILON): check with smaller weights or "
            "inputs, or with a cost computed from the logits "
            "(losses.binary_cross_entropy_with_logits); or epsilon is below the rounding of the "
            "cost (a float32 cost): compute the cost in float64.",
            FlatCostWarning,
            stacklevel=4,
        )
