"""Input validation shared by the public functions of :mod:`lessons_code`.

The book's promise to a learner: a wrong input fails *at once*, with a message that names what was
expected and what arrived, in the book's notation. Public functions validate at their boundary,
once; the inner helpers they call trust their inputs (that keeps the maths readable and fast).

Every message has the form ``"<name> must <expectation>, got <actual>"``, for example
``"W2 must have shape (n[2], n[1]) = (4, 3), got (3, 4)"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = [
    "as_matrix",
    "as_array",
    "check_binary_labels",
    "check_one_hot",
    "check_same_m",
    "check_positive_int",
    "check_positive_float",
    "check_choice",
    "check_layer_dims",
    "check_probability_range",
    "check_integer_labels",
]


def _type_name(a: Any) -> str:
    if isinstance(a, np.ndarray):
        return f"an array of dtype {a.dtype}"
    return type(a).__name__


def as_array(name: str, a: Any, *, allow_empty: bool = False, finite: bool = True) -> np.ndarray:
    """Convert ``a`` to a float64 array, rejecting non-numeric, empty and non-finite input."""
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be a numeric array, got {_type_name(a)}")
    arr = np.asarray(a)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be a numeric array, got {_type_name(arr)}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real-valued, got {_type_name(arr)}")
    arr = arr.astype(np.float64, copy=False)
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(f"{name} must contain only finite numbers, got {n_nan} NaN and {n_inf} inf")
    return arr


def _fmt_dims(dims: Sequence[str] | None, shape: Sequence[int | None]) -> str:
    concrete = "(" + ", ".join("?" if s is None else str(s) for s in shape) + ")"
    if len(shape) == 1:
        concrete = concrete[:-1] + ",)"
    if dims is None:
        return concrete
    symbolic = "(" + ", ".join(dims) + ")"
    if symbolic == concrete:
        return concrete
    return f"{symbolic} = {concrete}"


def as_matrix(
    name: str,
    a: Any,
    shape: Sequence[int | None] | None = None,
    *,
    dims: Sequence[str] | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Return ``a`` as a finite float64 2-D array, checking its shape.

    Args:
        name: the name the book uses for the array (``"X"``, ``"W2"``, ``"dZ"``).
        a: the input.
        shape: expected shape; ``None`` entries accept any size.
        dims: symbolic names of the axes for the message, e.g. ``("n[2]", "n[1]")``.
        finite: reject NaN and inf.

    Returns:
        The array as float64 (no copy when it already is).

    Raises:
        TypeError: non-numeric input.
        ValueError: wrong rank, wrong shape, empty or non-finite input.
    """
    arr = as_array(name, a, finite=False)
    if arr.ndim != 2:
        want = _fmt_dims(dims, shape) if shape is not None else "a 2-D array"
        hint = ""
        if arr.ndim == 1:
            hint = " (a rank-1 array: use .reshape(-1, 1) or .reshape(1, -1))"
        if shape is not None:
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}{hint}")
        raise ValueError(f"{name} must be a 2-D array, got shape {arr.shape}{hint}")
    if shape is not None:
        ok = all(s is None or s == t for s, t in zip(shape, arr.shape))
        if not ok:
            raise ValueError(f"{name} must have shape {_fmt_dims(dims, shape)}, got {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(f"{name} must contain only finite numbers, got {n_nan} NaN and {n_inf} inf")
    return arr


def check_binary_labels(name: str, Y: Any, m: int | None = None) -> np.ndarray:
    """Check that ``Y`` is a ``(1, m)`` array of 0s and 1s and return it as float64."""
    Y = as_matrix(name, Y, (1, m), dims=("1", "m"))
    bad = ~np.isin(Y, (0.0, 1.0))
    if bad.any():
        values = np.unique(Y[bad])[:5]
        raise ValueError(f"{name} must contain only 0 and 1 labels, got values {values.tolist()}")
    return Y


def check_one_hot(name: str, Y: Any, C: int | None = None, m: int | None = None) -> np.ndarray:
    """Check that ``Y`` is a ``(C, m)`` one-hot matrix (each column sums to 1)."""
    Y = as_matrix(name, Y, (C, m), dims=("C", "m"))
    if not np.all(np.isin(Y, (0.0, 1.0))) or not np.all(Y.sum(axis=0) == 1.0):
        raise ValueError(
            f"{name} must be one-hot with shape (C, m) (a single 1 in each column), "
            f"got column sums {np.unique(Y.sum(axis=0))[:5].tolist()}"
        )
    return Y


def check_same_m(**arrays: np.ndarray) -> int:
    """Check that all arrays have the same number of examples (columns); return it."""
    ms = {k: v.shape[1] for k, v in arrays.items()}
    if len(set(ms.values())) > 1:
        detail = ", ".join(f"{k} has m = {v}" for k, v in ms.items())
        raise ValueError(f"all inputs must have the same number of examples m (columns), got {detail}")
    return next(iter(ms.values()))


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False) -> int:
    """Check that ``value`` is a positive integer (a bool is not)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value}")
    return int(value)


def check_positive_float(name: str, value: Any) -> float:
    """Check that ``value`` is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return float(value)


def check_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_layer_dims(layer_dims: Any) -> list[int]:
    """Check ``layer_dims = [n[0], n[1], ..., n[L]]``: at least two positive integers."""
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Sequence | np.ndarray):
        raise TypeError(f"layer_dims must be a list of integers, got {type(layer_dims).__name__}")
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(
            f"layer_dims must list at least n[0] and n[1] (2 sizes), got {len(dims)}: {dims}"
        )
    for l, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, Integral | np.integer) or n <= 0:
            raise ValueError(f"layer_dims[{l}] = n[{l}] must be a positive integer, got {n!r}")
    return [int(n) for n in dims]


def check_probability_range(name: str, a: np.ndarray) -> np.ndarray:
    """Check that every entry of the float array ``a`` lies in [0, 1] (probabilities)."""
    if a.size and (a.min() < 0.0 or a.max() > 1.0):
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], got values in "
            f"[{a.min():.4g}, {a.max():.4g}]"
        )
    return a


def check_integer_labels(name: str, y: np.ndarray, C: int) -> np.ndarray:
    """Check that the float array ``y`` holds integer class ids 0..C-1; return them as int64."""
    bad = (y != np.round(y)) | (y < 0) | (y >= C)
    if bad.any():
        values = np.unique(y[bad])[:5]
        raise ValueError(
            f"{name} must contain integer class labels 0..{C - 1} (C = {C}), "
            f"got values {values.tolist()}"
        )
    return y.astype(np.int64)
