"""Type aliases of the public API, in the book's notation (for annotations and type checkers)."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["Array", "Parameters", "Grads", "LinearCache", "ActivationCache", "Seed"]

#: A float64 NumPy array, e.g. X of shape (n_x, m) or W[l] of shape (n[l], n[l-1]).
Array: TypeAlias = NDArray[np.float64]
#: {"W1": W[1], "b1": b[1], ..., "WL": W[L], "bL": b[L]}.
Parameters: TypeAlias = dict[str, Array]
#: {"dW1": dW[1], "db1": db[1], ...}: derivatives of the cost J.
Grads: TypeAlias = dict[str, Array]
#: (A[l-1], W[l], b[l]), what linear_forward keeps for the backward pass.
LinearCache: TypeAlias = tuple[Array, Array, Array]
#: ((A[l-1], W[l], b[l]), Z[l]), what linear_activation_forward keeps.
ActivationCache: TypeAlias = tuple[LinearCache, Array]
#: A seed: an int >= 0, a numpy.random.Generator, or None (fresh entropy).
Seed: TypeAlias = int | np.random.Generator | None
#: Any array-like input (validated and converted at the public boundary).
ArrayLike: TypeAlias = Any
