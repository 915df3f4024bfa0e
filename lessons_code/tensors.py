"""Describing tensors, and timing loops against vectorized code.

A *tensor* here is any n-dimensional array: a NumPy ``ndarray``, a Python scalar or nested list,
or a TensorFlow tensor. :func:`describe_tensor` reports the four facts the book keeps asking
about (rank, shape, dtype, size) for all of them, without importing TensorFlow.

The second half of the module holds pure-Python loop versions of three computations (a dot
product, the sigmoid, a layer's linear step ``Z = W X + b``), so the vectorization chapter can
time them against their one-line NumPy counterparts. The loops run on Python lists, the fastest
input a Python loop can have, so the race measures vectorization and not a handicap.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validation import as_array, as_matrix, time_call_args, validated

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

    Introduced in: :ref:`ch-tensors`
    """
    shape_attr = getattr(x, "shape", None)
    dtype_attr = getattr(x, "dtype", None)
    if isinstance(x, np.ndarray) or shape_attr is None or dtype_attr is None:
        arr = np.asarray(x)
        return {"rank": arr.ndim, "shape": arr.shape, "dtype": str(arr.dtype), "size": arr.size}
    # A tensor-like object from another library (TensorFlow, a NumPy scalar, ...).
    shape = tuple(None if d is None else int(d) for d in shape_attr)
    dtype = getattr(dtype_attr, "name", None) or str(dtype_attr)
    size = None if None in shape else math.prod(d for d in shape if d is not None)
    return {"rank": len(shape), "shape": shape, "dtype": str(dtype), "size": size}


@validated(time_call_args)
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

    Introduced in: :ref:`ch-vectorization`
    """
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
    loop_args: tuple[Any, ...] | None = None,
) -> dict[str, float]:
    """Time a loop implementation against a vectorized one on the same data.

    Args:
        loop_fn: the explicit-loop version, e.g. :func:`loop_dot`.
        vec_fn: the vectorized version, e.g. ``np.dot``.
        *args: the arguments passed to ``vec_fn`` (and to ``loop_fn`` unless ``loop_args`` is
            given).
        repeats: timed runs per function (median taken), see :func:`time_call`.
        number: calls per run.
        loop_args: the same data in the loop's own format, if it differs, e.g. the arrays
            converted once with ``.tolist()`` so that no conversion happens inside the timed loop.

    Returns:
        ``{"loop_s": float, "vectorized_s": float, "speedup": float}`` where
        ``speedup = loop_s / vectorized_s`` (how many times faster the vectorized version is).

    Introduced in: :ref:`ch-vectorization`
    """
    loop_input = args if loop_args is None else loop_args
    loop_s = time_call(loop_fn, *loop_input, repeats=repeats, number=number)
    vec_s = time_call(vec_fn, *args, repeats=repeats, number=number)
    # A clock tick is the smallest time we can measure; it keeps the ratio finite.
    speedup = loop_s / max(vec_s, time.get_clock_info("perf_counter").resolution)
    return {"loop_s": loop_s, "vectorized_s": vec_s, "speedup": speedup}


# The three loop versions below run in plain Python on Python lists, the fastest a Python loop
# gets. Python lists are taken as they are (the fair input for a race: nothing is converted or
# checked inside the timed region); anything else, e.g. a NumPy array, is validated and converted
# to lists once by the helpers below, and the result is converted back to an array.


def _vector_as_list(name: str, a: Any) -> list[float]:
    """A vector (list, or array of any shape) as a flat list of Python floats."""
    if isinstance(a, list):
        return a
    return as_array(name, a).ravel().tolist()


def _matrix_as_lists(
    name: str,
    a: Any,
    shape: tuple[int | None, int | None] | None = None,
    dims: tuple[str, str] | None = None,
) -> list[list[float]]:
    """A matrix (list of rows, or a 2-D array) as a list of rows of Python floats."""
    if isinstance(a, list):
        return a
    return as_matrix(name, a, shape, dims=dims).tolist()


def loop_dot(a: Any, b: Any) -> float:
    """Dot product of two vectors with an explicit Python loop: ``sum_i a_i * b_i``.

    Args:
        a: vector of ``n`` numbers: a Python list (used as it is), or an array of shape
            ``(n,)``, ``(n, 1)`` or ``(1, n)`` (checked and converted to a list once).
        b: vector with the same number of elements ``n``.

    Returns:
        The dot product, a Python float (equal to ``np.dot(a.ravel(), b.ravel())``).

    Introduced in: :ref:`ch-vectorization`
    """
    a, b = _vector_as_list("a", a), _vector_as_list("b", b)
    if len(a) != len(b):
        raise ValueError(f"b must have the same number of elements as a ({len(a)}), got {len(b)}")
    total = 0.0
    for a_i, b_i in zip(a, b):
        total += a_i * b_i
    return float(total)


def loop_sigmoid(z: Any) -> Any:
    """Sigmoid ``1 / (1 + exp(-z))`` of every element of a matrix, one element at a time.

    Uses the stable form ``exp(z) / (1 + exp(z))`` for negative ``z`` so that large ``|z|``
    never overflows.

    Args:
        z: matrix of shape ``(n, m)``: a list of ``n`` rows of ``m`` numbers (used as it is), or
            a 2-D array (checked and converted to lists once).

    Returns:
        The sigmoid of every element, values in ``[0, 1]``, in the form ``z`` came in: a list of
        rows for a list, an array of shape ``(n, m)`` otherwise.

    Introduced in: :ref:`ch-vectorization`
    """
    rows = _matrix_as_lists("z", z)
    out = []
    for row in rows:
        out_row = []
        for z_ij in row:
            if z_ij >= 0:
                out_row.append(1.0 / (1.0 + math.exp(-z_ij)))
            else:
                e = math.exp(z_ij)
                out_row.append(e / (1.0 + e))
        out.append(out_row)
    return out if isinstance(z, list) else np.array(out)


def loop_forward(W: Any, b: Any, X: Any) -> Any:
    """A layer's linear step ``Z = W X + b`` with explicit loops over units, examples and inputs.

    ``Z[j][i] = b[j][0] + sum_k W[j][k] * X[k][i]``: unit ``j``'s pre-activation for example ``i``.
    Each argument is either a list of rows (all three lists: used as they are) or a 2-D array
    (checked and converted to lists once).

    Args:
        W: weights of shape ``(n[1], n[0])``.
        b: biases of shape ``(n[1], 1)``.
        X: inputs of shape ``(n[0], m)``, one example per column.

    Returns:
        ``Z`` of shape ``(n[1], m)``, equal to ``W @ X + b``: a list of rows if ``W``, ``b`` and
        ``X`` are lists, an array otherwise.

    Introduced in: :ref:`ch-vectorization`
    """
    all_lists = isinstance(W, list) and isinstance(b, list) and isinstance(X, list)
    W = _matrix_as_lists("W", W)
    n_out, n_in = len(W), len(W[0])
    b = _matrix_as_lists("b", b, (n_out, 1), ("n[1]", "1"))
    X = _matrix_as_lists("X", X, (n_in, None), ("n[0]", "m"))
    if all_lists and (len(b) != n_out or len(X) != n_in):
        raise ValueError(f"b must have {n_out} rows and X {n_in} rows, got {len(b)} and {len(X)}")
    m = len(X[0])
    Z = [[0.0] * m for _ in range(n_out)]
    for j in range(n_out):
        for i in range(m):
            total = b[j][0]
            for k in range(n_in):
                total += W[j][k] * X[k][i]
            Z[j][i] = total
    return Z if all_lists else np.array(Z)
