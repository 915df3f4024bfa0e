"""Gradient checking: compare backpropagation with two-sided finite differences.

For every parameter theta_i, nudge it by +/- epsilon and watch the cost:

    dtheta_i ~ (J(theta + epsilon e_i) - J(theta - epsilon e_i)) / (2 epsilon)

The estimate has two errors that pull in opposite directions:

* truncation, of order epsilon^2: it grows when epsilon is large;
* cancellation: J(theta + epsilon e_i) and J(theta - epsilon e_i) are nearly equal, and each is
  rounded to a relative precision of about the machine epsilon u (2.2e-16 in float64, 1.2e-7 in
  float32); their difference keeps that absolute rounding error u |J| while the true difference
  shrinks with epsilon, so after dividing by 2 epsilon the error is about u |J| / epsilon: it grows
  when epsilon is small.

For the book's networks, in float64 the sum is smallest for epsilon around 1e-5 to 1e-4; the
default epsilon = 1e-7 sits on the cancellation side but still leaves a correct backpropagation at
a relative error of about 1e-9 to 1e-8, while a bug shows up as 1e-3 or worse. In float32 no
epsilon gets anywhere near 1e-7 (the best is a few 1e-5, at epsilon ~ 1e-2, and epsilon = 1e-7
gives pure noise), so give these functions a cost computed in float64. (Chapter "Keras and TensorFlow" plots the error against
epsilon in both precisions.) It costs two forward passes per parameter: a test for the code, not a
way to train.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_array, check_positive_float

__all__ = [
    "dictionary_to_vector",
    "vector_to_dictionary",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
]


def _ordered_keys(d, keys):
    if not isinstance(d, dict):
        raise TypeError(f"expected a dict of parameters, got {type(d).__name__}")
    keys = list(d) if keys is None else list(keys)
    missing = [k for k in keys if k not in d]
    if missing:
        raise ValueError(f"keys {missing} are not in the dict (it has {list(d)})")
    return keys


def dictionary_to_vector(d, keys=None):
    """Stack every array of a dict into one column vector theta.

    Args:
        d: dict of arrays (or numbers), e.g. {"W1": ..., "b1": ...}.
        keys: the order of the keys; ``None`` = the dict's own order.

    Returns:
        ``(theta, keys_shapes)``: theta of shape (n, 1), n = total number of entries, and the
        list of (key, shape) pairs needed to undo it with ``vector_to_dictionary``.

    Introduced in: Logistic regression as a neural network
    """
    keys = _ordered_keys(d, keys)
    arrays = [as_array(k, d[k]) for k in keys]
    keys_shapes = [(k, a.shape) for k, a in zip(keys, arrays)]
    theta = np.concatenate([a.reshape(-1) for a in arrays]).reshape(-1, 1)
    return theta, keys_shapes


def vector_to_dictionary(theta, keys_shapes):
    """Undo ``dictionary_to_vector``: cut theta back into arrays of the recorded shapes.

    Args:
        theta: shape (n, 1) (or (n,)).
        keys_shapes: list of (key, shape) from ``dictionary_to_vector``.

    Returns:
        dict key -> array of its shape (shape () gives a 0-d array).

    Introduced in: Logistic regression as a neural network
    """
    theta = as_array("theta", theta).reshape(-1)
    sizes = [int(np.prod(shape)) for _, shape in keys_shapes]
    if sum(sizes) != theta.size:
        raise ValueError(f"theta must have {sum(sizes)} entries for these shapes, got {theta.size}")
    d, start = {}, 0
    for (key, shape), size in zip(keys_shapes, sizes):
        d[key] = theta[start : start + size].reshape(shape).copy()
        start += size
    return d


def numerical_gradient(f, params, epsilon=1e-7):
    """Two-sided finite-difference gradient of ``f`` at ``params``.

    Args:
        f: function params_dict -> float (the cost J).
        params: dict of arrays (or numbers) at which to differentiate; not modified.
        epsilon: the nudge, > 0 (1e-7 suits a float64 cost; see the module docstring for why
            a float32 cost cannot be checked this way).

    Returns:
        dict "d" + key -> array of the shape of params[key] (as returned by backpropagation).

    Introduced in: Logistic regression as a neural network
    """
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


def relative_error(a, b):
    """Relative difference ||a - b|| / (||a|| + ||b||) (0.0 when both are zero).

    Args:
        a, b: arrays of the same shape.

    Returns:
        float in [0, 1].

    Introduced in: Logistic regression as a neural network
    """
    a, b = as_array("a", a), as_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def gradient_check(cost_fn, params, grads, epsilon=1e-7):
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

    Introduced in: Logistic regression as a neural network
    """
    numeric = numerical_gradient(cost_fn, params, epsilon)
    keys = list(params)
    analytic = {}
    for k in keys:
        g = grads.get("d" + k, grads.get(k))
        if g is None:
            raise ValueError(f"grads must contain 'd{k}' (or '{k}'), got keys {list(grads)}")
        g = as_array("d" + k, g)
        if g.shape != np.shape(params[k]):
            raise ValueError(
                f"d{k} must have the shape of {k}, {np.shape(params[k])}, got {g.shape}"
            )
        analytic["d" + k] = g
    theta_a, _ = dictionary_to_vector(analytic)
    theta_n, _ = dictionary_to_vector(numeric)
    return relative_error(theta_a, theta_n)
