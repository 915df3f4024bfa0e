"""Describing tensors, and timing loops against vectorized code.

A *tensor* here is any n-dimensional array: a NumPy ``ndarray``, a Python scalar or nested list,
or a TensorFlow tensor. :func:`describe_tensor` reports the four facts the book keeps asking
about (rank, shape, dtype, size) for all of them, without importing TensorFlow.

The second half of the module holds deliberately slow, pure-Python loop versions of three
computations (a dot product, the sigmoid, a layer's linear step ``Z = W X + b``), so the
vectorization chapter can time them against their one-line NumPy counterparts.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import as_array, as_matrix, check_positive_int

__all__ = [
    "describe_tensor",
    "time_call",
    "compare_speed",
    "loop_dot",
    "loop_sigmoid",
    "loop_forward",
]


def describe_tensor(x: Any) -> dict[str, Any]:
    """Describe a tensor: its rank, shape, dtype and number of elements.

    Works for NumPy arrays, Python scalars and (nested) lists, and TensorFlow tensors. TensorFlow
    is recognised by duck typing (a ``shape`` and a ``dtype`` with a ``name``), so this module
    never imports it.

    Args:
        x: the tensor, e.g. a scalar (rank 0), a vector of shape ``(n,)`` (rank 1), a matrix
            ``X`` of shape ``(n_x, m)`` (rank 2) or a batch of images ``(m, h, w, c)`` (rank 4).

    Returns:
        ``{"rank": int, "shape": tuple, "dtype": str, "size": int}``; ``size`` is the product of
        the shape (1 for a scalar), or ``None`` if a TensorFlow dimension is unknown.

    Introduced in: Tensors
    """
    shape_attr = getattr(x, "shape", None)
    dtype_attr = getattr(x, "dtype", None)
    if isinstance(x, np.ndarray) or shape_attr is None or dtype_attr is None:
        arr = np.asarray(x)
        return {"rank": arr.ndim, "shape": arr.shape, "dtype": str(arr.dtype), "size": arr.size}
    # A tensor-like object from another library (TensorFlow, a NumPy scalar, ...).
    shape = tuple(None if d is None else int(d) for d in shape_attr)
    dtype = getattr(dtype_attr, "name", None) or str(dtype_attr)
    size = None if None in shape else math.prod(shape)
    return {"rank": len(shape), "shape": shape, "dtype": str(dtype), "size": size}


def time_call(fn: Callable[..., Any], *args: Any, repeats: int = 7, number: int = 1) -> float:
    """Time ``fn(*args)``: the median over ``repeats`` runs of the time per call.

    Each run calls ``fn`` ``number`` times in a row (use ``number > 1`` for very fast functions)
    and measures the wall-clock time with :func:`time.perf_counter`. The median is robust to the
    occasional slow run caused by the rest of the machine.

    Args:
        fn: the function to time.
        *args: the arguments passed to ``fn``.
        repeats: how many timed runs to take the median of.
        number: how many calls per run.

    Returns:
        Median seconds per call.

    Introduced in: Vectorization
    """
    repeats = check_positive_int("repeats", repeats)
    number = check_positive_int("number", number)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def compare_speed(
    loop_fn: Callable[..., Any],
    vec_fn: Callable[..., Any],
    *args: Any,
    repeats: int = 5,
    number: int = 1,
) -> dict[str, float]:
    """Time a loop implementation against a vectorized one on the same arguments.

    Args:
        loop_fn: the explicit-loop version, e.g. :func:`loop_dot`.
        vec_fn: the vectorized version, e.g. ``np.dot``.
        *args: the arguments passed to both.
        repeats: timed runs per function (median taken), see :func:`time_call`.
        number: calls per run.

    Returns:
        ``{"loop_s": float, "vectorized_s": float, "speedup": float}`` where
        ``speedup = loop_s / vectorized_s`` (how many times faster the vectorized version is).

    Introduced in: Vectorization
    """
    loop_s = time_call(loop_fn, *args, repeats=repeats, number=number)
    vec_s = time_call(vec_fn, *args, repeats=repeats, number=number)
    # A clock tick is the smallest time we can measure; it keeps the ratio finite.
    speedup = loop_s / max(vec_s, time.get_clock_info("perf_counter").resolution)
    return {"loop_s": loop_s, "vectorized_s": vec_s, "speedup": speedup}


def loop_dot(a: Any, b: Any) -> float:
    """Dot product of two vectors with an explicit Python loop: ``sum_i a_i * b_i``.

    Args:
        a: vector of shape ``(n,)``, ``(n, 1)`` or ``(1, n)``.
        b: vector with the same number of elements ``n``.

    Returns:
        The dot product, a Python float (equal to ``np.dot(a.ravel(), b.ravel())``).

    Introduced in: Vectorization
    """
    a = as_array("a", a).ravel()
    b = as_array("b", b).ravel()
    if a.size != b.size:
        raise ValueError(f"b must have the same number of elements as a ({a.size}), got {b.size}")
    total = 0.0
    for i in range(a.size):
        total += a[i] * b[i]
    return float(total)


def loop_sigmoid(z: Any) -> np.ndarray:
    """Sigmoid ``1 / (1 + exp(-z))`` of every element of a matrix, one element at a time.

    Uses the stable form ``exp(z) / (1 + exp(z))`` for negative ``z`` so that large ``|z|``
    never overflows.

    Args:
        z: matrix of shape ``(n, m)``.

    Returns:
        Matrix of shape ``(n, m)`` with values in ``[0, 1]``.

    Introduced in: Vectorization
    """
    z = as_matrix("z", z)
    a = np.empty_like(z)
    n, m = z.shape
    for i in range(n):
        for j in range(m):
            if z[i, j] >= 0:
                a[i, j] = 1.0 / (1.0 + math.exp(-z[i, j]))
            else:
                e = math.exp(z[i, j])
                a[i, j] = e / (1.0 + e)
    return a


def loop_forward(W: Any, b: Any, X: Any) -> np.ndarray:
    """A layer's linear step ``Z = W X + b`` with explicit loops over units, examples and inputs.

    ``Z[j, i] = sum_k W[j, k] * X[k, i] + b[j]``: unit ``j``'s pre-activation for example ``i``.

    Args:
        W: weights of shape ``(n[1], n[0])``.
        b: biases of shape ``(n[1], 1)``.
        X: inputs of shape ``(n[0], m)``, one example per column.

    Returns:
        ``Z`` of shape ``(n[1], m)``, equal to ``W @ X + b``.

    Introduced in: Vectorization
    """
    W = as_matrix("W", W)
    n_out, n_in = W.shape
    b = as_matrix("b", b, (n_out, 1), dims=("n[1]", "1"))
    X = as_matrix("X", X, (n_in, None), dims=("n[0]", "m"))
    m = X.shape[1]
    Z = np.empty((n_out, m))
    for j in range(n_out):
        for i in range(m):
            total = b[j, 0]
            for k in range(n_in):
                total += W[j, k] * X[k, i]
            Z[j, i] = total
    return Z
