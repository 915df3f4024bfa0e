"""Input validation for the public functions of :mod:`lessons_code`: every check lives here.

The book's promise to a learner: a wrong input fails *at once*, with a message that names the
argument, what was expected and what arrived, in the book's notation. Public functions validate at
their boundary, once, in one line: the decorator ``@validated(<function>_args)``, which runs the
validator ``<function>_args`` of this module unless the call passes ``check=False``. The inner calls
pass ``check=False`` and trust their inputs, so the bodies the chapters display read like the
equations above them (as scikit-learn's ``fit`` validates once and its ``_backprop`` trusts).

Every message has the form ``"<name> must <expectation>, got <actual>"``, e.g.
``"W2 must have shape (n[2], n[1]) = (4, 3), got (3, 4): is W2 transposed?"``, except the one for
the commonest mistake of all, a transposed ``X``, which blames ``X`` rather than the parameters:
``"X has n_x = 5 rows but W1 expects 2: is X transposed? (one example per column)"``.

The validators are grouped by the module whose functions they check, in the book's order.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections import Counter
from collections.abc import Callable, Sequence
from numbers import Integral, Real
from typing import Any, ParamSpec, Protocol, TypeVar

import numpy as np

from ._types import Array, Parameters
from .activations import ACTIVATIONS

# This module imports no other module of the package but ``activations`` (a leaf): the book's
# build re-executes a chapter when a module it depends on changes, and every module imports this
# one. The names below therefore repeat those of ``deep``, ``losses`` and ``initializers``
# (tests/test_validation.py checks that they agree).
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax", "identity")
INIT_METHODS = ("zeros", "random", "he", "lecun", "glorot", "xavier", "glorot_uniform")


class Model(Protocol):
    """What the validation of ``training.Model``'s verbs needs to know about a model."""

    parameters: Parameters | None
    output_activation: str

    def _input_size(self) -> int | None: ...

    def _output_size(self) -> int: ...

    def _check_parameters(self, X: Array | None, x_name: str = "X") -> Parameters: ...

__all__ = [
    "validated",
    "as_array",
    "as_matrix",
    "check_binary_labels",
    "check_one_hot",
    "check_same_m",
    "check_positive_int",
    "check_positive_float",
    "check_nonnegative_float",
    "check_choice",
    "check_layer_dims",
    "check_probability_range",
    "check_integer_labels",
    "check_seed",
    "check_targets",
    "check_parameters",
]

P = ParamSpec("P")
R = TypeVar("R")
Args = dict[str, Any]


# ============================================================================================
# The decorator: validation once, at the boundary, in one line
# ============================================================================================
def validated(validator: Callable[..., Args]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a public function so that ``validator`` checks its arguments first.

    ``validator`` takes the arguments it checks by name (those of its own signature) and returns
    them checked and converted (e.g. lists to float64 arrays) as a dict; the function then runs on
    those. A call with ``check=False`` skips the validator: the inner calls of the library, whose
    arguments were checked once at the boundary, pass it.
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(fn)
        checked = set(inspect.signature(validator).parameters)

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not kwargs.get("check", True):
                return fn(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = {k: v for k, v in bound.arguments.items() if k in checked}
            bound.arguments.update(validator(**arguments))
            return fn(*bound.args, **bound.kwargs)

        return wrapper

    return decorate


# ============================================================================================
# Arrays and numbers
# ============================================================================================
def _type_name(a: Any) -> str:
    if isinstance(a, np.ndarray):
        return f"an array of dtype {a.dtype}"
    return type(a).__name__


def _finite_or_raise(name: str, arr: Array) -> None:
    if not np.all(np.isfinite(arr)):
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{name} must contain only finite numbers, got {n_nan} NaN and {n_inf} inf"
        )


def as_array(name: str, a: Any, *, allow_empty: bool = False, finite: bool = True) -> Array:
    """Convert ``a`` to a float64 array, rejecting non-numeric, complex, empty and non-finite input.

    A float64 array is returned as it is (no copy), so a caller's array stays the same object.
    """
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be a numeric array, got {_type_name(a)}")
    try:
        arr = np.asarray(a)
    except ValueError as exc:  # ragged nested lists
        raise TypeError(f"{name} must be a numeric array, got a ragged {type(a).__name__}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be a numeric array, got {_type_name(arr)}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real-valued, got {_type_name(arr)}")
    arr = arr.astype(np.float64, copy=False)
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite:
        _finite_or_raise(name, arr)
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


def _fits(shape: Sequence[int | None], actual: Sequence[int]) -> bool:
    return len(shape) == len(actual) and all(s is None or s == t for s, t in zip(shape, actual))


def _transposed_hint(name: str, arr: Array, shape: Sequence[int | None],
                     dims: Sequence[str] | None) -> str:
    if arr.ndim == 2 and _fits(shape, arr.shape[::-1]):
        per_column = " (one example per column)" if dims and dims[-1] == "m" else ""
        return f": is {name} transposed?{per_column}"
    return ""


def as_matrix(
    name: str,
    a: Any,
    shape: Sequence[int | None] | None = None,
    *,
    dims: Sequence[str] | None = None,
    finite: bool = True,
) -> Array:
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
    if shape is not None and not _fits(shape, arr.shape):
        hint = _transposed_hint(name, arr, shape, dims)
        raise ValueError(f"{name} must have shape {_fmt_dims(dims, shape)}, got {arr.shape}{hint}")
    if finite:
        _finite_or_raise(name, arr)
    return arr


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False) -> int:
    """Check that ``value`` is a positive integer (a bool is not)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value}")
    return int(value)


def _check_real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    return float(value)


def check_positive_float(name: str, value: Any) -> float:
    """Check that ``value`` is a finite number > 0."""
    value = _check_real(name, value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_nonnegative_float(name: str, value: Any) -> float:
    """Check that ``value`` is a finite number >= 0 (a noise level, a regularization strength)."""
    value = _check_real(name, value)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def check_fraction(name: str, value: Any) -> float:
    """Check that ``value`` is a number strictly between 0 and 1."""
    value = _check_real(name, value)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be a fraction in (0, 1), got {value}")
    return value


def check_choice(name: str, value: Any, choices: Sequence[str]) -> str:
    """Check that ``value`` is one of ``choices`` (a different capitalization gets a hint)."""
    if not isinstance(value, str) or value not in choices:
        hint = ""
        if isinstance(value, str) and value.lower() in choices:
            hint = f" (names are lower case: {value.lower()!r})"
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}{hint}"
        )
    return value


def check_seed(name: str, seed: Any, *, generator: bool = True) -> Any:
    """Check a seed: an int >= 0, a ``numpy.random.Generator`` (or ``SeedSequence``), or None.

    The seed is returned unchanged, so ``np.random.default_rng(seed)`` draws the same numbers.
    ``generator=False`` (for scikit-learn's and Keras' ``random_state``/``seed``) accepts ints only.
    """
    want = "an int >= 0 or a numpy.random.Generator" if generator else "an int >= 0 (or None)"
    generators = (np.random.Generator, np.random.SeedSequence) if generator else ()
    if seed is None or isinstance(seed, generators):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"{name} must be {want}, got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"{name} must be {want}, got {seed}")
    return seed


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


def check_same_m(**arrays: Array) -> int:
    """Check that all arrays have the same number of examples (columns); return it.

    When the first array would fit if transposed, the message says so.
    """
    ms = {k: v.shape[1] for k, v in arrays.items()}
    if len(set(ms.values())) > 1:
        (first, a), *others = arrays.items()
        m_other = others[0][1].shape[1]
        if a.shape[0] == m_other:
            raise ValueError(
                f"{first} has m = {a.shape[1]} columns but {others[0][0]} has {m_other}: "
                f"is {first} transposed? (one example per column)"
            )
        detail = ", ".join(f"{k} has m = {v}" for k, v in ms.items())
        raise ValueError(
            f"all inputs must have the same number of examples m (columns), got {detail}"
        )
    return next(iter(ms.values()))


# ============================================================================================
# Labels, targets, probabilities
# ============================================================================================
def check_probability_range(name: str, a: Array) -> Array:
    """Check that every entry of the float array ``a`` lies in [0, 1] (probabilities)."""
    if a.size and (a.min() < 0.0 or a.max() > 1.0):
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], got values in "
            f"[{a.min() + 0.0:.4g}, {a.max() + 0.0:.4g}]"
        )
    return a


def check_binary_labels(name: str, Y: Any, m: int | None = None) -> Array:
    """Check that ``Y`` is a ``(1, m)`` array of 0s and 1s and return it as float64."""
    Y = as_matrix(name, Y, (1, m), dims=("1", "m"))
    bad = ~np.isin(Y, (0.0, 1.0))
    if bad.any():
        values = np.unique(Y[bad])[:5]
        raise ValueError(f"{name} must contain only 0 and 1 labels, got values {values.tolist()}")
    return Y


def check_one_hot(name: str, Y: Any, C: int | None = None, m: int | None = None) -> Array:
    """Check that ``Y`` is a ``(C, m)`` one-hot matrix (each column sums to 1)."""
    Y = as_matrix(name, Y, (C, m), dims=("C", "m"))
    if not np.all(np.isin(Y, (0.0, 1.0))) or not np.all(Y.sum(axis=0) == 1.0):
        raise ValueError(
            f"{name} must be one-hot with shape (C, m) (a single 1 in each column), "
            f"got column sums {np.unique(Y.sum(axis=0))[:5].tolist()} and values "
            f"{np.unique(Y)[:5].tolist()}"
        )
    return Y


def check_integer_labels(name: str, y: Array, C: int | None = None) -> Array:
    """Check that the float array ``y`` holds integer class ids 0..C-1; return them as int64."""
    bad = (y != np.round(y)) | (y < 0)
    if C is not None:
        bad |= y >= C
    if bad.any():
        values = np.unique(y[bad])[:5]
        allowed = f"0..{C - 1} (C = {C})" if C is not None else "0, 1, 2, ..."
        raise ValueError(
            f"{name} must contain integer class labels {allowed}, got values {values.tolist()}"
        )
    return y.astype(np.int64)


def _check_output_activation(output_activation: Any) -> str:
    return check_choice("output_activation", output_activation, OUTPUT_ACTIVATIONS)


def _check_hidden_activation(hidden_activation: Any) -> str:
    return check_choice("hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)


def check_targets(
    Y: Any, output_activation: str, n_y: int | None, m: int | None, name: str = "Y"
) -> Array:
    """Validate targets for a network's output and return them as float64 (C, m) / (1, m).

    A sigmoid output needs 0/1 labels (1, m); a softmax output accepts one-hot (C, m) or integer
    class labels (1, m), which are turned into one-hot here; an identity output takes any real
    (n[L], m) targets.

    Args:
        Y: the targets.
        output_activation: ``"sigmoid"``, ``"softmax"`` or ``"identity"``.
        n_y: n[L], the number of output units (C for softmax).
        m: number of examples the targets must have (``None``: any).
        name: the name used in error messages.

    Returns:
        The targets, float64, shape (n[L], m).

    Introduced in: :ref:`ch-deep`
    """
    _check_output_activation(output_activation)
    if output_activation == "sigmoid":
        return check_binary_labels(name, Y, m)
    if output_activation == "softmax":
        Y = as_matrix(name, Y, (None, m), dims=("C", "m"))
        if Y.shape[0] == 1:  # integer class labels (1, m) -> one-hot (C, m)
            if n_y is None:
                raise ValueError(f"{name} as integer labels (1, m) needs the number of classes C")
            labels = check_integer_labels(name, Y[0], n_y)
            one_hot = np.zeros((n_y, Y.shape[1]))
            one_hot[labels, np.arange(Y.shape[1])] = 1.0
            return one_hot
        return check_one_hot(name, Y, n_y, m)
    return as_matrix(name, Y, (n_y, m), dims=("n[L]", "m"))


def _check_output(name: str, AL: Any, output_activation: str) -> Array:
    """The network's output A[L]: (1, m) probabilities for sigmoid, (C, m) for softmax."""
    if output_activation == "sigmoid":
        AL = as_matrix(name, AL, (1, None), dims=("1", "m"))
    else:
        AL = as_matrix(name, AL, dims=("n[L]", "m"))
    if output_activation != "identity":
        check_probability_range(name, AL)
    return AL


# ============================================================================================
# Parameters and caches of a network
# ============================================================================================
def _majority(votes: list[int]) -> int:
    """The size most arrays agree on (ties: the first vote, the rows of W[l])."""
    counts = Counter(votes)
    best = max(counts.values())
    return next(v for v in votes if counts[v] == best)


def _check_X_fits_W1(X: Array, W1: Array, x_name: str, w_name: str = "W1") -> None:
    """X has the n_x rows the first weights expect (W1's columns; w's rows); else blame X."""
    n_x = W1.shape[0] if w_name == "w" else W1.shape[1]
    if X.shape[0] != n_x:
        hint = (f": is {x_name} transposed? (one example per column)"
                if X.shape[1] == n_x else f" ({w_name} has shape {W1.shape})")
        rows = f"{X.shape[0]} row" + ("s" if X.shape[0] != 1 else "")
        size = "n[l-1]" if x_name == "A_prev" else "n_x"
        raise ValueError(f"{x_name} has {size} = {rows} but {w_name} expects {n_x}{hint}")


def check_parameters(
    parameters: Any,
    X: Array | None = None,
    *,
    L: int | None = None,
    layer_dims: Sequence[int] | None = None,
    x_name: str = "X",
) -> Parameters:
    """Validate ``{"W1", "b1", ..., "WL", "bL"}``, then ``X`` against them; return them as float64.

    The sizes n[l] are read off the parameters themselves (W[l]'s rows, b[l]'s rows and W[l+1]'s
    columns vote), so the one array that disagrees with the others is the one blamed; a ``X`` that
    does not fit a consistent set of parameters is blamed as ``X`` (a transposed ``X`` is the
    commonest mistake of all).

    Args:
        parameters: the dict to check.
        X: the inputs the parameters will be applied to, or None.
        L: the number of layers the parameters must have, or None.
        layer_dims: the sizes [n[0], ..., n[L]] the parameters must have (a model's), or None.
        x_name: the name of ``X`` in messages.
    """
    if not isinstance(parameters, dict):
        raise TypeError(
            "parameters must be a dict {'W1': ..., 'b1': ..., ...}, "
            f"got {type(parameters).__name__}"
        )
    if layer_dims is not None:
        L = len(layer_dims) - 1
    n_layers = len(parameters) // 2
    expected = {f"{p}{l}" for l in range(1, n_layers + 1) for p in "Wb"}
    if n_layers == 0 or set(parameters) != expected or (L is not None and n_layers != L):
        got = sorted(parameters, key=str)
        want = "W1, b1, ..., WL, bL" if L is None else f"W1, b1, ..., W{L}, b{L} (L = {L})"
        raise ValueError(f"parameters must have the keys {want}, got {got}")
    L = n_layers
    W = {l: as_matrix(f"W{l}", parameters[f"W{l}"], dims=(f"n[{l}]", f"n[{l - 1}]"))
         for l in range(1, L + 1)}
    b = {l: as_array(f"b{l}", parameters[f"b{l}"]) for l in range(1, L + 1)}
    if layer_dims is not None:
        n = list(layer_dims)
    else:  # n[l]: what W[l]'s rows, b[l]'s rows and W[l+1]'s columns agree on
        n = [0] * (L + 1)
        for l in range(1, L + 1):
            votes = [W[l].shape[0]]
            if b[l].ndim == 1 or (b[l].ndim == 2 and b[l].shape[1] == 1):
                votes.append(b[l].shape[0])
            if l < L:
                votes.append(W[l + 1].shape[1])
            n[l] = _majority(votes)
        if W[1].shape[0] == n[1]:
            n[0] = W[1].shape[1]
        elif W[1].shape[1] == n[1]:  # W1 transposed
            n[0] = W[1].shape[0]
        else:
            n[0] = W[1].shape[1] if X is None else X.shape[0]
    for l in range(1, L + 1):
        if l == 1 and X is not None and W[1].shape[0] == n[1] and layer_dims is None:
            _check_X_fits_W1(X, W[1], x_name)
        as_matrix(f"W{l}", W[l], (n[l], n[l - 1]), dims=(f"n[{l}]", f"n[{l - 1}]"))
        as_matrix(f"b{l}", b[l], (n[l], 1), dims=(f"n[{l}]", "1"))
    if X is not None:
        _check_X_fits_W1(X, W[1], x_name)
    return {f"{p}{l}": (W if p == "W" else b)[l] for l in range(1, L + 1) for p in "Wb"}


def _check_linear_cache(cache: Any, name: str) -> tuple[Array, Array, Array]:
    """A linear cache (A_prev, W, b), consistent with itself."""
    if not (isinstance(cache, tuple | list) and len(cache) == 3):
        raise TypeError(
            f"{name} must be the tuple (A_prev, W, b) returned by linear_forward, "
            f"got {_describe(cache)}"
        )
    A_prev = as_matrix(f"A_prev of {name}", cache[0], dims=("n[l-1]", "m"))
    W = as_matrix(f"W of {name}", cache[1], (None, A_prev.shape[0]), dims=("n[l]", "n[l-1]"))
    b = as_matrix(f"b of {name}", cache[2], (W.shape[0], 1), dims=("n[l]", "1"))
    return A_prev, W, b


def _check_activation_cache(cache: Any, name: str) -> tuple[tuple[Array, Array, Array], Array]:
    """A cache ((A_prev, W, b), Z) of linear_activation_forward, consistent with itself."""
    if not (isinstance(cache, tuple | list) and len(cache) == 2
            and isinstance(cache[0], tuple | list)):
        raise TypeError(
            f"{name} must be the tuple ((A_prev, W, b), Z) returned by "
            f"linear_activation_forward, got {_describe(cache)}"
        )
    A_prev, W, b = _check_linear_cache(cache[0], f"{name}[0]")
    Z = as_matrix(f"Z of {name}", cache[1], (W.shape[0], A_prev.shape[1]), dims=("n[l]", "m"))
    return (A_prev, W, b), Z


def _describe(x: Any) -> str:
    if isinstance(x, tuple | list):
        return f"a {type(x).__name__} of {len(x)} item" + ("" if len(x) == 1 else "s")
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape}"
    return type(x).__name__


def _check_caches(caches: Any, AL: Array) -> list[tuple[tuple[Array, Array, Array], Array]]:
    """The list of L caches of L_model_forward: each well formed, in order, ending at A[L]."""
    if not isinstance(caches, list | tuple) or len(caches) == 0:
        raise TypeError(
            "caches must be the list of L caches returned by L_model_forward, "
            f"got {_describe(caches)}"
        )
    checked = [_check_activation_cache(c, f"caches[{i}]") for i, c in enumerate(caches)]
    L = len(checked)
    for l in range(2, L + 1):  # A[l-1] (layer l's input) has the n[l-1] rows of layer l-1's Z
        (A_prev, _, _), _ = checked[l - 1]
        _, Z_prev = checked[l - 2]
        if A_prev.shape != Z_prev.shape:
            raise ValueError(
                f"caches[{l - 1}] (layer {l}) must take the output of caches[{l - 2}] (layer "
                f"{l - 1}), of shape {Z_prev.shape}, got A_prev of shape {A_prev.shape}: are the "
                "caches in the order L_model_forward returns them (l = 1..L)?"
            )
    Z_L = checked[-1][1]
    if Z_L.shape != AL.shape:
        raise ValueError(
            f"caches[-1] must be the cache of the output layer L, whose Z[L] has the shape of AL "
            f"{AL.shape}, got Z of shape {Z_L.shape}: are the caches reversed or truncated? (pass "
            "the list L_model_forward returned)"
        )
    return checked


# ============================================================================================
# activations, losses
# ============================================================================================
def _loss_args(A: Any, Y: Any, kind: str, a_name: str, probabilities: bool) -> Args:
    A = as_matrix(a_name, A, dims=("n[L]", "m"))
    if kind == "categorical":
        Y = check_one_hot("Y", as_matrix("Y", Y, A.shape, dims=("C", "m")))
    else:
        Y = as_matrix("Y", Y, A.shape, dims=("n[L]", "m"))
        if kind == "binary":
            check_binary_labels("Y", Y.reshape(1, -1))
    if probabilities:
        check_probability_range(a_name, A)
    return {a_name: A, "Y": Y}


def binary_loss_args(A: Any, Y: Any) -> Args:
    """``A`` probabilities in [0, 1] and ``Y`` 0/1 labels of the same shape."""
    return _loss_args(A, Y, "binary", "A", probabilities=True)


def shallow_cost_args(A2: Any, Y: Any) -> Args:
    """``A2`` probabilities in [0, 1] and ``Y`` 0/1 labels of the same shape."""
    return _loss_args(A2, Y, "binary", "A2", probabilities=True)


def binary_logits_args(Z: Any, Y: Any) -> Args:
    """Logits ``Z`` (any real numbers) and ``Y`` 0/1 labels of the same shape."""
    return _loss_args(Z, Y, "binary", "Z", probabilities=False)


def categorical_loss_args(A: Any, Y: Any) -> Args:
    """``A`` probabilities (C, m) and one-hot ``Y`` (C, m)."""
    return _loss_args(A, Y, "categorical", "A", probabilities=True)


def categorical_logits_args(Z: Any, Y: Any) -> Args:
    """Logits ``Z`` (C, m) and one-hot ``Y`` (C, m)."""
    return _loss_args(Z, Y, "categorical", "Z", probabilities=False)


def regression_loss_args(A: Any, Y: Any) -> Args:
    """Predictions ``A`` and real targets ``Y`` of the same shape."""
    return _loss_args(A, Y, "regression", "A", probabilities=False)


def one_hot_args(y: Any, C: Any) -> Args:
    """Integer labels ``y`` (1, m) or (m,), and the number of classes C (None: max(y) + 1)."""
    y = as_array("y", y)
    if y.ndim == 2 and y.shape[0] == 1:
        y = y[0]
    if y.ndim != 1:
        raise ValueError(f"y must have shape (1, m) or (m,), got {y.shape}")
    labels = check_integer_labels("y", y)
    if C is None:
        C = int(labels.max()) + 1
    C = check_positive_int("C", C)
    return {"y": check_integer_labels("y", y, C), "C": C}


def from_one_hot_args(Y: Any) -> Args:
    """A one-hot or probability matrix (C, m): entries in [0, 1], each column summing to 1."""
    Y = as_matrix("Y", Y, dims=("C", "m"))
    sums = Y.sum(axis=0)
    if Y.min() < 0.0 or Y.max() > 1.0 or not np.allclose(sums, 1.0, rtol=0.0, atol=1e-6):
        raise ValueError(
            "Y must be one-hot or hold probabilities, shape (C, m) (each column in [0, 1], "
            f"summing to 1), got values in [{Y.min():.4g}, {Y.max():.4g}] and column sums in "
            f"[{sums.min():.4g}, {sums.max():.4g}]"
        )
    return {"Y": Y}


# ============================================================================================
# initializers, logistic
# ============================================================================================
def check_init(name: str, method: Any, scale: Any = 0.01) -> tuple[str, float]:
    """An initialization: a name of ``initializers.INIT_METHODS`` or a number s > 0 (the std)."""
    if isinstance(method, Real) and not isinstance(method, bool):
        return "random", check_positive_float(name, method)
    return check_choice(name, method, INIT_METHODS), check_positive_float("scale", scale)


def initialize_parameters_args(layer_dims: Any, method: Any, seed: Any, scale: Any) -> Args:
    """``layer_dims``, an initialization (a name or a number), a seed."""
    method, scale = check_init("method", method, scale)
    return {"layer_dims": check_layer_dims(layer_dims), "method": method, "scale": scale,
            "seed": check_seed("seed", seed)}


def check_w_b(w: Any, b: Any, X: Array | None = None, x_name: str = "X") -> tuple[Array, float]:
    """Logistic regression's w (n_x, 1) and number b; ``X`` (if given) is checked against w."""
    w = as_array("w", w)
    if X is not None and w.ndim == 2 and w.shape[1] == 1:
        _check_X_fits_W1(X, w, x_name, "w")
    n_x = None if X is None else X.shape[0]
    w = as_matrix("w", w, (n_x, 1), dims=("n_x", "1"))
    if isinstance(b, np.ndarray) and b.size == 1:
        b = b.item()
    if isinstance(b, bool) or not isinstance(b, numbers.Real):
        raise TypeError(f"b must be a number, got {_describe(b)}")
    if not np.isfinite(float(b)):
        raise ValueError(f"b must be a finite number, got {b}")
    return w, float(b)


def propagate_args(w: Any, b: Any, X: Any, Y: Any) -> Args:
    """w (n_x, 1), a number b, X (n_x, m) checked against w, 0/1 labels Y (1, m)."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    w, b = check_w_b(w, b, X)
    return {"w": w, "b": b, "X": X, "Y": check_binary_labels("Y", Y, X.shape[1])}


def optimize_args(w: Any, b: Any, X: Any, Y: Any, num_iterations: Any, learning_rate: Any,
                  record_every: Any) -> Args:
    """``propagate``'s arguments and the settings of gradient descent."""
    return {**propagate_args(w, b, X, Y),
            "num_iterations": check_positive_int("num_iterations", num_iterations),
            "learning_rate": check_positive_float("learning_rate", learning_rate),
            "record_every": check_positive_int("record_every", record_every)}


def logistic_predict_args(w: Any, b: Any, X: Any) -> Args:
    """w (n_x, 1), a number b, and X (n_x, m) checked against w."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    w, b = check_w_b(w, b, X)
    return {"w": w, "b": b, "X": X}


def logistic_backward_args(X: Any, Y: Any, A: Any) -> Args:
    """X (n_x, m), 0/1 labels Y (1, m) and probabilities A (1, m), all with the same m."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    A = as_matrix("A", A, dims=("1", "m"))
    if A.shape[0] == 1:  # a row: a different m is X's fault (a transposed A is reported as A's)
        check_same_m(X=X, A=A)
    m = X.shape[1]
    A = check_probability_range("A", as_matrix("A", A, (1, m), dims=("1", "m")))
    return {"X": X, "Y": check_binary_labels("Y", Y, m), "A": A}


def logistic_parameters(parameters: Any, X: Array | None = None, x_name: str = "X") -> Args:
    """``LogisticRegression``'s {"w": (n_x, 1), "b": a number}; X (if given) checked against w."""
    if not isinstance(parameters, dict):
        raise TypeError(
            f"parameters must be a dict {{'w': ..., 'b': ...}}, got {_describe(parameters)}"
        )
    if set(parameters) != {"w", "b"}:
        raise ValueError(
            f"parameters must have the keys 'w' and 'b', got {sorted(parameters, key=str)}"
        )
    w, b = check_w_b(parameters["w"], parameters["b"], X, x_name)
    return {"w": w, "b": b}


# ============================================================================================
# deep (and regularization)
# ============================================================================================
def check_activation(activation: Any, name: str = "activation") -> str:
    """One of ``activations.ACTIVATIONS``."""
    return check_choice(name, activation, ACTIVATIONS)


def check_activations(hidden_activation: Any, output_activation: Any) -> None:
    """A hidden activation (not softmax) and an output activation with its loss."""
    _check_hidden_activation(hidden_activation)
    _check_output_activation(output_activation)


def linear_forward_args(A_prev: Any, W: Any, b: Any) -> Args:
    """A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1); a transposed one is named."""
    A_prev = as_matrix("A_prev", A_prev, dims=("n[l-1]", "m"))
    W = as_matrix("W", W, dims=("n[l]", "n[l-1]"))
    b_arr = as_array("b", b)
    n_l = b_arr.shape[0] if b_arr.ndim == 2 and b_arr.shape[1] == 1 else W.shape[0]
    n_prev, m = A_prev.shape
    if W.shape[0] == n_l and W.shape[1] != n_prev and W.shape[1] == m:
        _check_X_fits_W1(A_prev, W, "A_prev", "W")  # A_prev transposed
    if W.shape[0] != n_l and W.shape[1] == n_prev:
        n_l = W.shape[0]  # W fits A_prev: b is the odd one out
    W = as_matrix("W", W, (n_l, n_prev), dims=("n[l]", "n[l-1]"))
    b = as_matrix("b", b_arr, (n_l, 1), dims=("n[l]", "1"))
    return {"A_prev": A_prev, "W": W, "b": b}


def linear_activation_forward_args(A_prev: Any, W: Any, b: Any, activation: Any) -> Args:
    """``linear_forward``'s arguments and an activation name."""
    return {**linear_forward_args(A_prev, W, b), "activation": check_activation(activation)}


def L_model_forward_args(X: Any, parameters: Any, hidden_activation: Any,
                         output_activation: Any) -> Args:
    """X (n_x, m), the parameters W1, b1, ..., WL, bL (X checked against W1), the activations."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    check_activations(hidden_activation, output_activation)
    return {"X": X, "parameters": check_parameters(parameters, X)}


def compute_cost_args(AL: Any, Y: Any, output_activation: Any) -> Args:
    """A[L] (probabilities for a sigmoid or softmax output) and targets Y matching it."""
    _check_output_activation(output_activation)
    AL = _check_output("AL", AL, output_activation)
    return {"AL": AL, "Y": check_targets(Y, output_activation, AL.shape[0], AL.shape[1])}


def linear_backward_args(dZ: Any, cache: Any) -> Args:
    """dZ (n[l], m) and the cache (A_prev, W, b) of the same layer."""
    A_prev, W, b = _check_linear_cache(cache, "cache")
    dZ = as_matrix("dZ", dZ, (W.shape[0], A_prev.shape[1]), dims=("n[l]", "m"))
    return {"dZ": dZ, "cache": (A_prev, W, b)}


def linear_activation_backward_args(dA: Any, cache: Any, activation: Any) -> Args:
    """dA (n[l], m), the cache ((A_prev, W, b), Z) of the same layer, an activation name."""
    activation = check_activation(activation)
    linear_cache, Z = _check_activation_cache(cache, "cache")
    dA = as_matrix("dA", dA, Z.shape, dims=("n[l]", "m"))
    return {"dA": dA, "cache": (linear_cache, Z), "activation": activation}


def L_model_backward_args(AL: Any, Y: Any, caches: Any, hidden_activation: Any,
                          output_activation: Any) -> Args:
    """A[L], targets Y, the L caches of ``L_model_forward`` (in order), the activations."""
    check_activations(hidden_activation, output_activation)
    AL = _check_output("AL", AL, output_activation)
    Y = check_targets(Y, output_activation, AL.shape[0], AL.shape[1])
    return {"AL": AL, "Y": Y, "caches": _check_caches(caches, AL)}


def update_parameters_args(parameters: Any, grads: Any, learning_rate: Any) -> Args:
    """Parameters and their gradients ("d" + name, same shapes), a learning rate > 0."""
    for name, d in (("parameters", parameters), ("grads", grads)):
        if not isinstance(d, dict):
            raise TypeError(
                f"{name} must be a dict, e.g. {{'W1': ...}} or {{'dW1': ...}}, got {_describe(d)}"
            )
    checked, checked_grads = {}, {}
    for name, value in parameters.items():
        checked[name] = as_array(str(name), value)
        if "d" + name not in grads:
            raise ValueError(
                f"grads must contain 'd{name}' for parameter '{name}', got keys {sorted(grads)}"
            )
        grad = as_array("d" + name, grads["d" + name])
        if grad.shape != checked[name].shape:
            raise ValueError(
                f"d{name} must have the shape of {name}, {checked[name].shape}, got {grad.shape}"
            )
        checked_grads["d" + name] = grad
    return {"parameters": checked, "grads": checked_grads,
            "learning_rate": check_positive_float("learning_rate", learning_rate)}


def check_lambd(lambd: Any) -> float:
    """lambd must be a finite number >= 0 (0 switches the L2 penalty off)."""
    return check_nonnegative_float("lambd", lambd)


def l2_penalty_args(parameters: Any, lambd: Any, m: Any) -> Args:
    """The parameters, lambd >= 0 and the number of examples m > 0."""
    return {"parameters": check_parameters(parameters), "lambd": check_lambd(lambd),
            "m": check_positive_float("m", m)}


def compute_cost_with_l2_args(AL: Any, Y: Any, parameters: Any, lambd: Any,
                              output_activation: Any) -> Args:
    """``compute_cost``'s arguments plus the parameters and lambd."""
    return {**compute_cost_args(AL, Y, output_activation),
            "parameters": check_parameters(parameters), "lambd": check_lambd(lambd)}


def l2_backward_args(AL: Any, Y: Any, caches: Any, parameters: Any, lambd: Any,
                     hidden_activation: Any, output_activation: Any) -> Args:
    """``L_model_backward``'s arguments plus the parameters (one W[l] per cache) and lambd."""
    args = L_model_backward_args(AL, Y, caches, hidden_activation, output_activation)
    parameters = check_parameters(parameters, L=len(args["caches"]))
    for l, ((_, W, _), _) in enumerate(args["caches"], start=1):
        if W.shape != parameters[f"W{l}"].shape:
            raise ValueError(
                f"W{l} must have the shape of the W in caches[{l - 1}], {W.shape}, "
                f"got {parameters[f'W{l}'].shape}"
            )
    return {**args, "parameters": parameters, "lambd": check_lambd(lambd)}


def deep_network_args(self: Any, layer_dims: Any, hidden_activation: Any, output_activation: Any,
                      init: Any, seed: Any, lambd: Any) -> Args:
    """The architecture of a ``DeepNetwork``: sizes, activations, init, seed, lambd."""
    dims = check_layer_dims(layer_dims)
    check_activations(hidden_activation, output_activation)
    n_L = dims[-1]
    if output_activation == "sigmoid" and n_L != 1:
        raise ValueError(f"a sigmoid output needs n[L] = 1 unit, got layer_dims[-1] = {n_L}")
    if output_activation == "softmax" and n_L < 2:
        raise ValueError(f"a softmax output needs n[L] = C >= 2 units, got layer_dims[-1] = {n_L}")
    method, _ = check_init("init", init)
    return {"layer_dims": dims, "init": method if isinstance(init, str) else init,
            "seed": check_seed("seed", seed), "lambd": check_lambd(lambd)}


# ============================================================================================
# shallow
# ============================================================================================
def shallow_parameters(parameters: Any, X: Array | None = None, x_name: str = "X") -> Parameters:
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1); X (if given) checked against W1."""
    checked = check_parameters(parameters, X, L=2, x_name=x_name)
    as_matrix("W2", checked["W2"], (1, None), dims=("n_y", "n_h"))
    return checked


def layer_sizes_args(X: Any, Y: Any, n_h: Any) -> Args:
    """X (n_x, m), Y (n_y, m) with the same m, n_h > 0."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    Y = as_matrix("Y", Y, dims=("n_y", "m"))
    check_same_m(X=X, Y=Y)
    return {"X": X, "Y": Y, "n_h": check_positive_int("n_h", n_h)}


def shallow_initialize_args(n_x: Any, n_h: Any, n_y: Any, seed: Any, scale: Any) -> Args:
    """Three layer sizes, a seed, a weight scale > 0."""
    return {"n_x": check_positive_int("n_x", n_x), "n_h": check_positive_int("n_h", n_h),
            "n_y": check_positive_int("n_y", n_y), "seed": check_seed("seed", seed),
            "scale": check_positive_float("scale", scale)}


def forward_propagation_args(X: Any, parameters: Any, hidden_activation: Any) -> Args:
    """X (n_x, m), the parameters of a one-hidden-layer network (X checked against W1), g."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    _check_hidden_activation(hidden_activation)
    return {"X": X, "parameters": shallow_parameters(parameters, X)}


def _check_shallow_cache(cache: Any, n_h: int, m: int) -> dict[str, Array]:
    keys = ("Z1", "A1", "Z2", "A2")
    if not isinstance(cache, dict) or not set(keys) <= set(cache):
        got = sorted(cache) if isinstance(cache, dict) else _describe(cache)
        raise TypeError(
            f"cache must be the dict {{'Z1', 'A1', 'Z2', 'A2'}} returned by forward_propagation, "
            f"got {got}"
        )
    shapes = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (1, m), "A2": (1, m)}
    dims = {"Z1": ("n_h", "m"), "A1": ("n_h", "m"), "Z2": ("1", "m"), "A2": ("1", "m")}
    checked = {k: as_matrix(k, cache[k], shapes[k], dims=dims[k]) for k in keys}
    check_probability_range("A2", checked["A2"])
    return checked


def backward_propagation_args(parameters: Any, cache: Any, X: Any, Y: Any,
                              hidden_activation: Any) -> Args:
    """The parameters, the cache of ``forward_propagation``, X and Y, g, all consistent."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    parameters = shallow_parameters(parameters, X)
    Y = check_binary_labels("Y", Y, X.shape[1])
    _check_hidden_activation(hidden_activation)
    cache = _check_shallow_cache(cache, parameters["W1"].shape[0], X.shape[1])
    return {"parameters": parameters, "cache": cache, "X": X, "Y": Y}


def nn_model_args(X: Any, Y: Any, n_h: Any, num_iterations: Any, learning_rate: Any, seed: Any,
                  hidden_activation: Any) -> Args:
    """Data X (n_x, m) and 0/1 labels Y (1, m); the network's size and training settings."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    Y = as_matrix("Y", Y, dims=("1", "m"))
    check_same_m(X=X, Y=Y)
    _check_hidden_activation(hidden_activation)
    return {"X": X, "Y": check_binary_labels("Y", Y, X.shape[1]),
            "n_h": check_positive_int("n_h", n_h),
            "num_iterations": check_positive_int("num_iterations", num_iterations),
            "learning_rate": check_positive_float("learning_rate", learning_rate),
            "seed": check_seed("seed", seed)}


def shallow_network_args(self: Any, n_h: Any, hidden_activation: Any, seed: Any) -> Args:
    """The hidden layer's size and activation, a seed."""
    _check_hidden_activation(hidden_activation)
    return {"n_h": check_positive_int("n_h", n_h), "seed": check_seed("seed", seed)}


def shallow_predict_args(parameters: Any, X: Any, hidden_activation: Any) -> Args:
    """``forward_propagation``'s arguments, in ``predict``'s order."""
    return forward_propagation_args(X, parameters, hidden_activation)


# ============================================================================================
# training: the Model verbs, mini-batches, accuracy
# ============================================================================================
def iterate_minibatches_args(X: Any, Y: Any, batch_size: Any, rng: Any) -> Args:
    """X (n_x, m) and Y (n_y, m) with the same m, batch_size > 0, a seed or Generator (or None)."""
    X = as_matrix("X", X, dims=("n_x", "m"))
    Y = as_matrix("Y", Y, dims=("n_y", "m"))
    check_same_m(X=X, Y=Y)
    return {"X": X, "Y": Y, "batch_size": check_positive_int("batch_size", batch_size),
            "rng": check_seed("rng", rng)}


def _check_labels_row(name: str, y: Array) -> None:
    bad = y != np.round(y)
    if bad.any():
        values = np.unique(y[bad])[:5]
        raise ValueError(
            f"{name} must contain labels (0/1 or integer class ids), got values "
            f"{[round(float(v), 4) for v in values]}: turn probabilities into labels first, "
            "e.g. (A > 0.5) or A.argmax(axis=0)"
        )


def accuracy_args(Y_true: Any, Y_pred: Any) -> Args:
    """Labels (1, m) or one-hot (C, m); predictions (1, m) labels or (C, m) scores."""
    Y_true = as_matrix("Y_true", Y_true, dims=("C", "m"))
    Y_pred = as_matrix("Y_pred", Y_pred, dims=("C", "m"))
    check_same_m(Y_true=Y_true, Y_pred=Y_pred)
    if Y_true.shape[0] > 1:
        check_one_hot("Y_true", Y_true)
    else:
        _check_labels_row("Y_true", Y_true)
    if Y_pred.shape[0] == 1:
        _check_labels_row("Y_pred", Y_pred)
    elif Y_true.shape[0] > 1 and Y_pred.shape[0] != Y_true.shape[0]:
        raise ValueError(
            f"Y_pred must have C = {Y_true.shape[0]} rows like Y_true, got {Y_pred.shape[0]}"
        )
    return {"Y_true": Y_true, "Y_pred": Y_pred}


def model_parameters(model: Model, X: Array | None = None, x_name: str = "X") -> None:
    """Check a model's parameters (perhaps set by the user) and then ``X`` against them.

    The checked values are stored back into ``model.parameters``: a float64 array stays the same
    object, a list or an integer array becomes a float64 array. (``fit`` never writes into them:
    each step replaces a parameter by its updated value.)
    """
    if model.parameters is None:
        raise RuntimeError(f"{type(model).__name__} has no parameters yet: call fit(X, Y) first")
    checked = model._check_parameters(X, x_name)
    for name, value in checked.items():
        if model.parameters[name] is not value:
            model.parameters[name] = value


def _model_matrix(model: Model, name: str, X: Any) -> Array:
    """X as a 2-D array; a rank error names the n_x the model expects (when it knows it)."""
    if np.ndim(X) != 2:
        if model.parameters is not None:
            model_parameters(model)  # checked first, so that n_x can be read off them
        n_x = model._input_size()
        if n_x is not None:
            as_matrix(name, X, (n_x, None), dims=("n_x", "m"))  # raises, with the expected shape
    return as_matrix(name, X, dims=("n_x", "m"))


def model_X(model: Model, X: Any, name: str = "X") -> Array:
    """Inputs X (n_x, m) for a fitted model, checked against its parameters."""
    X = _model_matrix(model, name, X)
    model_parameters(model, X, name)
    return X


def model_data(model: Model, X: Any, Y: Any, names: tuple[str, str] = ("X", "Y"),
               n_x: int | None = None) -> tuple[Array, Array]:
    """Inputs and targets for a model: X against its parameters (if any), Y against its output."""
    X = _model_matrix(model, names[0], X)
    Y = as_matrix(names[1], Y, dims=("n[L]", "m"))
    if model.parameters is not None:
        model_parameters(model, X, names[0])
    elif n_x is not None and X.shape[0] != n_x:
        hint = f": is {names[0]} transposed? (one example per column)" if X.shape[1] == n_x else ""
        raise ValueError(f"{names[0]} must have n_x = {n_x} rows like X, got {X.shape[0]}{hint}")
    if X.shape[1] not in Y.shape:  # (a transposed Y is reported by check_targets instead)
        check_same_m(**{names[0]: X, names[1]: Y})
    n_y = model._output_size()
    Y = check_targets(Y, model.output_activation, n_y, X.shape[1], names[1])
    return X, Y


def fit_args(self: Model, X: Any, Y: Any, epochs: Any, learning_rate: Any, batch_size: Any,
             verbose: Any, validation_data: Any) -> Args:
    """``Model.fit``'s data, settings and optional validation data."""
    X, Y = model_data(self, X, Y)
    if validation_data is not None:
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise TypeError(
                f"validation_data must be a tuple (X_val, Y_val), got {_describe(validation_data)}"
            )
        X_val, Y_val = validation_data
        validation_data = model_data(self, X_val, Y_val, names=("X_val", "Y_val"), n_x=X.shape[0])
    m = X.shape[1]
    return {"X": X, "Y": Y, "epochs": check_positive_int("epochs", epochs),
            "learning_rate": check_positive_float("learning_rate", learning_rate),
            "batch_size": m if batch_size is None else check_positive_int("batch_size", batch_size),
            "verbose": check_positive_int("verbose", verbose, allow_zero=True),
            "validation_data": validation_data}


def predict_args(self: Model, X: Any) -> Args:
    """Inputs X (n_x, m) for a fitted model."""
    return {"X": model_X(self, X)}


def evaluate_args(self: Model, X: Any, Y: Any) -> Args:
    """Inputs and targets for a fitted model."""
    if self.parameters is None:
        model_parameters(self)  # raises: not fitted yet
    X, Y = model_data(self, X, Y)
    return {"X": X, "Y": Y}


# ============================================================================================
# gradcheck
# ============================================================================================
def check_params_dict(name: str, d: Any, keys: Sequence[str] | None = None) -> list[str]:
    """A dict of arrays; returns the keys in the order to use (``keys`` or the dict's own)."""
    if not isinstance(d, dict):
        raise TypeError(f"{name} must be a dict of arrays, e.g. {{'W1': ...}}, got {_describe(d)}")
    keys = list(d) if keys is None else list(keys)
    missing = [k for k in keys if k not in d]
    if missing:
        raise ValueError(f"{name} must contain the keys {missing}, got keys {list(d)}")
    return keys


def check_callable(name: str, fn: Any) -> None:
    """A function, e.g. a cost ``params -> J``."""
    if not callable(fn):
        raise TypeError(f"{name} must be a function, got {type(fn).__name__}")


def gradient_check_args(cost_fn: Any, params: Any, grads: Any, epsilon: Any) -> Args:
    """A cost function, parameters, their analytic gradients (same shapes), epsilon > 0."""
    check_callable("cost_fn", cost_fn)
    check_params_dict("params", params)
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict, e.g. {{'dW1': ...}}, got {_describe(grads)}")
    checked = {}
    for k in params:
        g = grads.get("d" + k, grads.get(k))
        if g is None:
            raise ValueError(f"grads must contain 'd{k}' (or '{k}'), got keys {list(grads)}")
        g = as_array("d" + k, g)
        if g.shape != np.shape(params[k]):
            raise ValueError(
                f"d{k} must have the shape of {k}, {np.shape(params[k])}, got {g.shape}"
            )
        checked["d" + k] = g
    return {"cost_fn": cost_fn, "params": params, "grads": checked,
            "epsilon": check_positive_float("epsilon", epsilon)}


# ============================================================================================
# datasets, plots, bench
# ============================================================================================
def check_digit(name: str, value: Any) -> int:
    """A digit 0..9 given as an int (not 8.0, not True)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int digit 0..9, got {type(value).__name__} {value!r}")
    if not 0 <= int(value) <= 9:
        raise ValueError(f"{name} must be a digit 0..9, got {value!r}")
    return int(value)


def check_image_shape(shape: Any) -> tuple[int, ...]:
    """The shape of one image: (h, w) or (h, w, c), positive integers."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence | np.ndarray):
        raise TypeError(
            f"shape must be a tuple (h, w) or (h, w, c) of ints, got {type(shape).__name__} "
            f"{shape!r}"
        )
    if len(shape) not in (2, 3):
        raise ValueError(f"shape must be (h, w) or (h, w, c), got {tuple(shape)!r}")
    return tuple(check_positive_int(f"shape[{i}]", s) for i, s in enumerate(shape))


def check_benchmark_settings(**settings: Any) -> dict[str, int | float]:
    """hidden, epochs, batch_size (ints > 0), learning_rate (> 0), seed."""
    checked: dict[str, int | float] = {}
    for name, value in settings.items():
        if name == "learning_rate":
            checked[name] = check_positive_float(name, value)
        elif name == "seed":
            checked[name] = check_seed(name, value)
        else:
            checked[name] = check_positive_int(name, value)
    return checked


# ============================================================================================
# tensors, datasets (images), keras_bridge
# ============================================================================================
def time_call_args(fn: Any, repeats: Any, number: Any) -> Args:
    """A function to time, repeats > 0 runs of number > 0 calls."""
    check_callable("fn", fn)
    return {"repeats": check_positive_int("repeats", repeats),
            "number": check_positive_int("number", number)}


def split_digits_args(test_size: Any, seed: Any) -> Args:
    """A test fraction in (0, 1) and an int seed (scikit-learn's random_state)."""
    return {"test_size": check_fraction("test_size", test_size),
            "seed": check_seed("seed", seed, generator=False)}


def flatten_images_args(images: Any) -> Args:
    """A batch of images (m, h, w) or (m, h, w, c)."""
    images = as_array("images", images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (m, h, w) or (m, h, w, c), got {images.shape}")
    return {"images": images}


def unflatten_images_args(X: Any, shape: Any) -> Args:
    """Columns X (h*w*c, m) and the shape (h, w) or (h, w, c) of one image."""
    shape = check_image_shape(shape)
    n_x = int(np.prod(shape))
    return {"X": as_matrix("X", X, (n_x, None), dims=("h*w*c", "m")), "shape": shape}


def load_image_args(size: Any, invert: Any) -> Args:
    """The (h, w) of the result, positive ints; invert True, False or "auto"."""
    if not (isinstance(invert, bool) or invert == "auto"):
        raise ValueError(f"invert must be True, False or 'auto', got {invert!r}")
    if isinstance(size, (str, bytes)) or not isinstance(size, Sequence) or len(size) != 2:
        raise TypeError(f"size must be a pair (h, w) of ints, got {size!r}")
    h, w = check_positive_int("size[0]", size[0]), check_positive_int("size[1]", size[1])
    return {"size": (h, w)}


def build_keras_model_args(layer_dims: Any, hidden_activation: Any, output_activation: Any,
                           dtype: Any, seed: Any) -> Args:
    """Sizes, activations (each has a Keras twin), a Keras float type, an int seed (or None)."""
    check_activation(hidden_activation, "hidden_activation")
    check_activation(output_activation, "output_activation")
    check_choice("dtype", dtype, ("float32", "float64"))
    return {"layer_dims": check_layer_dims(layer_dims),
            "seed": check_seed("seed", seed, generator=False)}


def params_to_keras_args(parameters: Any, model: Any) -> Args:
    """Our parameters, each of the shape of the model's Dense layer it goes to."""
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    L = len(dense)
    parameters = check_parameters(parameters)
    if len(parameters) // 2 != L:
        raise ValueError(
            f"parameters must hold L = {L} layers (W1..W{L}) like the model, "
            f"got {len(parameters) // 2}"
        )
    for l, layer in enumerate(dense, start=1):
        n_prev, n_l = layer.kernel.shape
        as_matrix(f"W{l}", parameters[f"W{l}"], (n_l, n_prev), dims=(f"n[{l}]", f"n[{l - 1}]"))
        as_matrix(f"b{l}", parameters[f"b{l}"], (n_l, 1), dims=(f"n[{l}]", "1"))
    return {"parameters": parameters}


def keras_predict_args(model: Any, X: Any) -> Args:
    """X (n_x, m) with the n_x inputs of the Keras model (a transposed X is named)."""
    if not hasattr(model, "inputs"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    n_x = model.inputs[0].shape[-1]
    X = as_matrix("X", X, dims=("n_x", "m"))
    if X.shape[0] != n_x:
        hint = ": is X transposed? (one example per column)" if X.shape[1] == n_x else ""
        raise ValueError(f"X has n_x = {X.shape[0]} rows but the Keras model expects {n_x}{hint}")
    return {"X": X}
