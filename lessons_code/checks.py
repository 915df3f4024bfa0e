"""Self-checks for the functions readers write in the exercises.

Each ``check_<name>(fn)`` runs *your* ``fn`` on a few seeded cases (one of them an edge case:
a single example ``m = 1``, a huge ``|z|``...), compares the answer with the book's own
implementation, prints one line and returns a :class:`CheckResult`::

    >>> check_sigmoid(my_sigmoid)
    ✓ check_sigmoid: all 4 cases passed

    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(z)))
    ✗ check_sigmoid: case 1 (z of shape (3,)): sigmoid(z): value at index (2,) is 0.1192, expected \
0.8808 — hint: sigmoid is 1 / (1 + exp(-z)): check the sign of z

A check never raises because your answer is wrong: an exception inside your function is reported
as a failure, with its type and message. Your function gets copies of the inputs, so it may modify
them without spoiling the comparison. Each check calls your function with the same arguments as the
book's function of the same name (see its docstring).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._checking import (
    Case,
    CheckResult,
    compare_activation_cache,
    compare_array,
    compare_dict,
    compare_linear_cache,
    compare_number,
    expect_tuple,
    fmt,
    run,
)
from .activations import get_activation, relu, sigmoid, softmax

__all__ = [
    "CheckResult",
    "check_sigmoid",
    "check_softmax",
    "check_normalize_rows",
    "check_propagate",
    "check_layer_sizes",
    "check_forward_propagation",
    "check_backward_propagation",
    "check_initialize_parameters_deep",
    "check_linear_forward",
    "check_linear_activation_forward",
    "check_L_model_forward",
    "check_compute_cost",
    "check_linear_backward",
    "check_linear_activation_backward",
    "check_L_model_backward",
    "check_update_parameters",
]


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _deep_params(layer_dims: Sequence[int], seed: int) -> dict[str, np.ndarray]:
    rng = _rng(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.normal(0, 0.5, (layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = rng.normal(0, 0.5, (layer_dims[l], 1))
    return params


def _labels(rng: np.random.Generator, m: int) -> np.ndarray:
    Y = (rng.random((1, m)) > 0.5).astype(float)
    Y[0, 0] = 1.0  # at least one example of each class
    if m > 1:
        Y[0, 1] = 0.0
    return Y


_SHAPES = ("check the shapes: W[l] is (n[l], n[l-1]), A[l-1] is (n[l-1], m), b[l] is (n[l], 1), "
           "so Z[l] = W[l] @ A[l-1] + b[l]; print(x.shape) helps")


# --------------------------------------------------------------------------------------------
# Vectorization
# --------------------------------------------------------------------------------------------

def check_sigmoid(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``sigmoid(z)``: elementwise ``1 / (1 + exp(-z))``, same shape as ``z``.

    Cases include a rank-1 array, a matrix, a single column (``m = 1``) and huge ``|z|`` (where the
    answer must be exactly 0 or 1, not NaN).

    Args:
        fn: the reader's function ``fn(z) -> A``.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-vectorization`
    """
    rng = _rng(0)
    cases = [
        Case("z of shape (3,)", (np.array([-1.0, 0.0, 2.0]),)),
        Case("z of shape (3, 5)", (rng.normal(0, 3, (3, 5)),)),
        Case("z of shape (4, 1), m = 1", (rng.normal(0, 3, (4, 1)),)),
        Case("large |z|, shape (1, 4)", (np.array([[-1000.0, -40.0, 40.0, 1000.0]]),)),
    ]

    def compare(got: Any, case: Case) -> str | None:
        (z,) = case.args
        with np.errstate(all="ignore"):
            suspects = [
                ("sigmoid is 1 / (1 + exp(-z)): check the sign of z", 1 / (1 + np.exp(z))),
                ("sigmoid is 1 / (1 + exp(-z)), not exp(-z) / (1 + exp(-z))", 1 - sigmoid(z)),
            ]
        return compare_array("sigmoid(z)", got, sigmoid(z), suspects)

    return run("check_sigmoid", fn, cases, compare)


def check_softmax(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``softmax(z)``: each *column* (one example) becomes probabilities.

    ``z`` has shape ``(C, m)``: classes in rows, examples in columns, so every column of the answer
    sums to 1. One case has logits near 1000, where ``exp`` overflows unless you first subtract
    each column's maximum.

    Args:
        fn: the reader's function ``fn(z) -> A`` with ``A`` of shape ``(C, m)``.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-vectorization`
    """
    rng = _rng(1)
    cases = [
        Case("z of shape (3, 1), m = 1", (np.array([[1.0], [2.0], [3.0]]),)),
        Case("z of shape (4, 5)", (rng.normal(0, 2, (4, 5)),)),
        Case("z of shape (2, 3)", (rng.normal(0, 2, (2, 3)),)),
        Case("large logits, shape (3, 2)",
             (np.array([[1000.0, -5.0], [1001.0, -3.0], [998.0, 800.0]]),)),
    ]

    def compare(got: Any, case: Case) -> str | None:
        (z,) = case.args
        with np.errstate(all="ignore"):
            e = np.exp(z - z.max(axis=1, keepdims=True))
            rows = e / e.sum(axis=1, keepdims=True)
        suspects = [
            ("each row sums to 1, but here classes are rows and examples columns: "
             "normalize each column (axis=0)", rows),
        ]
        problem = compare_array("softmax(z)", got, softmax(z), suspects)
        if problem and np.abs(z).max() > 500:
            problem += "; subtract each column's max before exp (it does not change the result)"
        return problem

    return run("check_softmax", fn, cases, compare)


def check_normalize_rows(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``normalize_rows(x)``: divide each row by its Euclidean norm.

    Args:
        fn: the reader's function ``fn(x) -> x_normalized`` of the same shape ``(n, d)``.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-vectorization`
    """
    from .datasets import normalize_rows

    rng = _rng(2)
    cases = [
        Case("x of shape (2, 3)", (np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]]),)),
        Case("x of shape (5, 3)", (rng.normal(size=(5, 3)),)),
        Case("a single row, shape (1, 4)", (rng.normal(size=(1, 4)),)),
    ]

    def compare(got: Any, case: Case) -> str | None:
        (x,) = case.args
        suspects = [
            ("you divided by the norm of each column; use axis=1 (rows)",
             x / np.linalg.norm(x, axis=0, keepdims=True)),
            ("you divided by the norm of the whole matrix; "
             "use np.linalg.norm(x, axis=1, keepdims=True)", x / np.linalg.norm(x)),
            ("the norm is the square root of the sum of squares",
             x / (x**2).sum(axis=1, keepdims=True)),
        ]
        return compare_array("normalize_rows(x)", got, normalize_rows(x), suspects)

    return run("check_normalize_rows", fn, cases, compare)


# --------------------------------------------------------------------------------------------
# Logistic regression as a neural network
# --------------------------------------------------------------------------------------------

def check_propagate(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``propagate(w, b, X, Y) -> (grads, cost)`` for logistic regression.

    ``grads = {"dw": (n_x, 1), "db": float}`` and ``cost`` is the mean cross-entropy (a float).

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-logistic-regression`
    """
    from .logistic import propagate

    rng = _rng(3)
    cases = [
        Case("n_x = 2, m = 3", (np.array([[1.0], [2.0]]), 2.0,
                                  np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]),
                                  np.array([[1.0, 0.0, 1.0]]))),
        Case("n_x = 4, m = 7",
             (rng.normal(size=(4, 1)), -0.3, rng.normal(size=(4, 7)), _labels(rng, 7))),
        Case("a single example, m = 1",
              (rng.normal(size=(3, 1)), 0.5, rng.normal(size=(3, 1)), np.array([[1.0]]))),
    ]

    def compare(got: Any, case: Case) -> str | None:
        w, b, X, Y = case.args
        m = X.shape[1]
        grads, cost = propagate(w.copy(), b, X.copy(), Y.copy())
        problem = expect_tuple("the result", got, ("grads", "cost"))
        if problem:
            return problem
        if isinstance(got[1], dict) and not isinstance(got[0], dict):
            return "the result must be (grads, cost) — hint: returned tuple in wrong order"
        return compare_dict("grads", got[0], grads, ("dw", "db"), m) or compare_number(
            "cost", got[1], cost, m=m
        )

    return run("check_propagate", fn, cases, compare,
                "check the shapes: w is (n_x, 1), X is (n_x, m), so Z = w.T @ X + b is (1, m)")


# --------------------------------------------------------------------------------------------
# Shallow neural networks
# --------------------------------------------------------------------------------------------

def _shallow_case(
    seed: int, n_x: int, n_h: int, m: int
) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    rng = _rng(seed)
    params = _deep_params([n_x, n_h, 1], seed + 1000)
    return params, rng.normal(size=(n_x, m)), _labels(rng, m)


def check_layer_sizes(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``layer_sizes(X, Y) -> (n_x, n_h, n_y)`` with ``n_h = 4``.

    Args:
        fn: the reader's function (called as ``fn(X, Y)``).

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-shallow`
    """
    from .shallow import layer_sizes

    rng = _rng(4)
    cases = [
        Case("X (5, 3), Y (2, 3)", (rng.normal(size=(5, 3)), rng.normal(size=(2, 3)))),
        Case("X (2, 400), Y (1, 400)", (rng.normal(size=(2, 400)), _labels(rng, 400))),
        Case("a single example, X (7, 1), Y (1, 1)", (rng.normal(size=(7, 1)), np.array([[1.0]]))),
    ]

    def compare(got: Any, case: Case) -> str | None:
        X, Y = case.args
        exp = tuple(int(v) for v in layer_sizes(X, Y))
        problem = expect_tuple("the result", got, ("n_x", "n_h", "n_y"))
        if problem:
            return problem
        wrongs = (X.shape[1], None, Y.shape[1])  # what reading the columns would give
        for name, g, e, wrong in zip(("n_x", "n_h", "n_y"), got, exp, wrongs):
            if g != e:
                hint = ""
                if wrong is not None and g == wrong and wrong != e:
                    hint = (" — hint: sizes are rows (shape[0]);"
                            " columns (shape[1]) count the examples m")
                return f"{name} is {g!r}, expected {e}{hint}"
        return None

    return run("check_layer_sizes", fn, cases, compare)


def check_forward_propagation(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``forward_propagation(X, parameters) -> (A2, cache)`` (tanh hidden layer).

    ``cache`` is a dict with ``"Z1", "A1", "Z2", "A2"``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-shallow`
    """
    from .shallow import forward_propagation

    cases = []
    for k, (n_x, n_h, m) in enumerate([(2, 4, 3), (5, 3, 8), (3, 2, 1)]):
        params, X, _ = _shallow_case(10 + k, n_x, n_h, m)
        cases.append(Case(f"n_x = {n_x}, n_h = {n_h}, m = {m}", (X, params)))

    def compare(got: Any, case: Case) -> str | None:
        X, p = case.args
        A2, cache = forward_propagation(X.copy(), copy.deepcopy(p))
        problem = expect_tuple("the result", got, ("A2", "cache"))
        if problem:
            return problem
        Z1 = p["W1"] @ X + p["b1"]
        suspects = [
            ("the hidden layer uses tanh, the output layer sigmoid",
             sigmoid(p["W2"] @ sigmoid(Z1) + p["b2"])),
            ("did you forget the bias b1 or b2?", sigmoid(p["W2"] @ np.tanh(p["W1"] @ X))),
        ]
        return compare_array("A2", got[0], A2, suspects) or compare_dict(
            "cache", got[1], cache, ("Z1", "A1", "Z2", "A2")
        )

    return run("check_forward_propagation", fn, cases, compare, _SHAPES)


def check_backward_propagation(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``backward_propagation(parameters, cache, X, Y) -> grads`` (tanh hidden).

    ``grads`` has ``"dW1", "db1", "dW2", "db2"`` with the shapes of ``W1, b1, W2, b2``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-shallow`
    """
    from .shallow import backward_propagation, forward_propagation

    cases = []
    for k, (n_x, n_h, m) in enumerate([(2, 4, 3), (5, 3, 8), (3, 2, 1)]):
        params, X, Y = _shallow_case(20 + k, n_x, n_h, m)
        _, cache = forward_propagation(X, params)
        cases.append(Case(f"n_x = {n_x}, n_h = {n_h}, m = {m}", (params, cache, X, Y)))

    def compare(got: Any, case: Case) -> str | None:
        p, cache, X, Y = case.args
        exp = backward_propagation(copy.deepcopy(p), copy.deepcopy(cache), X.copy(), Y.copy())
        dZ2 = cache["A2"] - Y
        dZ1 = (p["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
        m = X.shape[1]
        suspects = {
            "dW1": [("tanh'(z) = 1 - A1**2 (A1 = tanh(Z1)), not 1 - A1",
                     ((p["W2"].T @ dZ2) * (1 - cache["A1"])) @ X.T / m)],
            "db1": [("db1 sums dZ1 over the examples (axis=1, keepdims=True)",
                     dZ1.sum(axis=0, keepdims=True) / m)],
            "db2": [("db2 sums dZ2 over the examples (axis=1, keepdims=True)", dZ2.sum() / m)],
        }
        return compare_dict("grads", got, exp, ("dW1", "db1", "dW2", "db2"), m, suspects)

    return run("check_backward_propagation", fn, cases, compare, _SHAPES)


# --------------------------------------------------------------------------------------------
# Deep neural networks
# --------------------------------------------------------------------------------------------

def check_initialize_parameters_deep(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``initialize_parameters_deep(layer_dims) -> parameters``.

    Random numbers cannot be compared across implementations, so the check asks for what matters:
    the keys ``W1, b1, ..., WL, bL``, the shapes ``(n[l], n[l-1])`` and ``(n[l], 1)``, zero biases,
    weights that are not all equal (no symmetry), small (standard deviation below 1), and the same
    result on a second call (seeded).

    Args:
        fn: the reader's function (called as ``fn(layer_dims)``).

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import initialize_parameters_deep

    dims_list = ([5, 4, 3], [12, 8, 5, 1], [20, 10, 1], [3, 1])
    cases = [Case(f"layer_dims = {d}", (d,)) for d in dims_list]

    def compare(got: Any, case: Case) -> str | None:
        (dims,) = case.args
        exp = initialize_parameters_deep(list(dims))
        keys = [f"{p}{l}" for l in range(1, len(dims)) for p in ("W", "b")]
        if not isinstance(got, dict):
            return f"parameters must be a dict with keys {keys}, got {type(got).__name__}"
        missing = [k for k in keys if k not in got]
        if missing:
            return (f"parameters is missing the key {missing[0]!r} (it has {sorted(got)}):"
                    f" L = {len(dims) - 1} layers")
        for l in range(1, len(dims)):
            W, b = np.asarray(got[f"W{l}"], dtype=float), np.asarray(got[f"b{l}"], dtype=float)
            for name, arr in ((f"W{l}", W), (f"b{l}", b)):
                if arr.shape != exp[name].shape:
                    hint = f" — hint: W{l} is (n[{l}], n[{l - 1}]), b{l} is (n[{l}], 1)"
                    return f"{compare_array(name, arr, exp[name])}{hint}"
            if np.any(b != 0):
                return f"b{l} must be zeros, got values like {fmt(b.ravel()[np.flatnonzero(b)[0]])}"
            if W.size > 1 and np.all(W == W.flat[0]):
                return (f"W{l} has all entries equal ({fmt(W.flat[0])})"
                        " — hint: initialize randomly to break symmetry")
            if dims[l - 1] >= 10 and W.std() > 0.75:  # He gives sqrt(2 / n[l-1]) <= 0.45 here
                return (f"W{l} has standard deviation {fmt(W.std())},"
                        f" too large for n[{l - 1}] = {dims[l - 1]} inputs"
                        " — hint: scale the random weights (He: * np.sqrt(2 / n[l-1]))")
        again = fn(list(dims))
        if not all(np.array_equal(got[k], again[k]) for k in keys):
            return ("a second call gave different weights"
                    " — hint: use a seeded generator, np.random.default_rng(seed)")
        return None

    return run("check_initialize_parameters_deep", fn, cases, compare)


#: (n[l-1], n[l], m) of the layers the step-by-step checks use: a single unit, a wider layer,
#: m = 1...
_LAYER_SHAPES = [(3, 1, 2), (5, 4, 6), (4, 3, 1), (2, 2, 3)]


def _random_layer(
    rng: np.random.Generator, n_prev: int, n: int, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random ``(A_prev, W, b)``, of shapes (n[l-1], m), (n[l], n[l-1]) and (n[l], 1)."""
    return rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))


def check_linear_forward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``linear_forward(A_prev, W, b) -> (Z, cache)``, cache = (A_prev, W, b).

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import linear_forward

    cases = []
    for k, shape in enumerate(_LAYER_SHAPES[:3]):
        args = _random_layer(_rng(30 + k), *shape)
        cases.append(Case(f"A_prev {args[0].shape}, W {args[1].shape}, b {args[2].shape}", args))

    def compare(got: Any, case: Case) -> str | None:
        A_prev, W, b = case.args
        Z, cache = linear_forward(A_prev.copy(), W.copy(), b.copy())
        problem = expect_tuple("the result", got, ("Z", "cache"))
        if problem:
            return problem
        suspects = [("did you forget to add the bias b?", W @ A_prev)]
        return (compare_array("Z", got[0], Z, suspects)
                or compare_linear_cache("cache", got[1], cache))

    return run("check_linear_forward", fn, cases, compare, _SHAPES)


def _activation_cases(seed: int, activations: Sequence[str]) -> list[Case]:
    cases: list[Case] = []
    for k, (act, (n_prev, n, m)) in enumerate(zip(activations, _LAYER_SHAPES)):
        A_prev, W, b = _random_layer(_rng(seed + k), n_prev, n, m)
        cases.append(Case(f"{act}, W {W.shape}, m = {m}", (A_prev, W, b, act)))
    return cases


def check_linear_activation_forward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``linear_activation_forward(A_prev, W, b, activation) -> (A, cache)``.

    ``activation`` is ``"sigmoid"`` or ``"relu"``; ``cache = (linear_cache, Z)`` with
    ``linear_cache = (A_prev, W, b)``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import linear_activation_forward

    cases = _activation_cases(40, ["sigmoid", "relu", "relu", "sigmoid"])

    def compare(got: Any, case: Case) -> str | None:
        A_prev, W, b, act = case.args
        A, cache = linear_activation_forward(A_prev.copy(), W.copy(), b.copy(), act)
        problem = expect_tuple("the result", got, ("A", "cache"))
        if problem:
            return problem
        Z = W @ A_prev + b
        other = relu(Z) if act == "sigmoid" else sigmoid(Z)
        suspects = [(f"activation={act!r}: did you apply the other activation?", other),
                    ("you returned Z: apply the activation g(Z)", Z)]
        return (compare_array("A", got[0], A, suspects)
                or compare_activation_cache("cache", got[1], cache))

    return run("check_linear_activation_forward", fn, cases, compare, _SHAPES)


def check_L_model_forward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``L_model_forward(X, parameters) -> (AL, caches)``.

    Layers 1..L-1 use ReLU, layer L sigmoid; ``caches`` is a list of the L caches of
    ``linear_activation_forward``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import L_model_forward

    cases = []
    for k, (dims, m) in enumerate([([4, 3, 1], 5), ([5, 4, 3, 2, 1], 7), ([3, 2, 1], 1)]):
        rng = _rng(50 + k)
        X = rng.normal(size=(dims[0], m))
        cases.append(Case(f"layer_dims = {dims}, m = {m}", (X, _deep_params(dims, 50 + k))))

    def compare(got: Any, case: Case) -> str | None:
        X, p = case.args
        AL, caches = L_model_forward(X.copy(), copy.deepcopy(p))
        problem = expect_tuple("the result", got, ("AL", "caches"))
        if problem:
            return problem
        L = len(p) // 2
        ZL_relu_net = L_model_forward(X, p, "relu", "identity", check=False)[0]
        suspects = [("the output layer L uses sigmoid, the hidden layers relu", relu(ZL_relu_net)),
                    ("the hidden layers use relu, only the output layer sigmoid",
                     L_model_forward(X, p, "sigmoid", "sigmoid", check=False)[0])]
        problem = compare_array("AL", got[0], AL, suspects)
        if problem:
            return problem
        if not isinstance(got[1], (list, tuple)) or len(got[1]) != L:
            n = len(got[1]) if isinstance(got[1], (list, tuple)) else type(got[1]).__name__
            return f"caches must be a list of L = {L} caches (one per layer), got {n}"
        for l, (g, e) in enumerate(zip(got[1], caches), start=1):
            problem = compare_activation_cache(f"caches[{l - 1}] (layer {l})", g, e)
            if problem:
                return problem
        return None

    return run("check_L_model_forward", fn, cases, compare, _SHAPES)


def check_compute_cost(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``compute_cost(AL, Y) -> cost``: the mean binary cross-entropy.

    ``J = -(1/m) sum_i [y log(a) + (1 - y) log(1 - a)]``, a float (a size-1 array is accepted).

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import compute_cost

    rng = _rng(60)
    cases = [
        Case("AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]]",
              (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]]))),
        Case("m = 10", (rng.uniform(0.05, 0.95, (1, 10)), _labels(rng, 10))),
        Case("a single example, m = 1", (np.array([[0.3]]), np.array([[1.0]]))),
    ]

    def compare(got: Any, case: Case) -> str | None:
        AL, Y = case.args
        m = Y.shape[1]
        exp = compute_cost(AL.copy(), Y.copy())
        suspects = [("each example's loss has two terms: y log(a) AND (1 - y) log(1 - a)",
                     -np.mean(Y * np.log(AL)))]
        return compare_number("cost", got, exp, suspects, m)

    return run("check_compute_cost", fn, cases, compare)


_NO_1_OVER_M = (
    "it is m times too small: in this book the 1/m enters once, in dZ[L] = (A[L] - Y) / m, "
    "so dW = dZ A_prev.T and db = np.sum(dZ, axis=1, keepdims=True) have no 1/m"
)


def check_linear_backward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``linear_backward(dZ, cache) -> (dA_prev, dW, db)``.

    With ``cache = (A_prev, W, b)``: ``dW = dZ A_prev.T``, ``db`` = sum of ``dZ`` over the
    examples (shape ``(n[l], 1)``), ``dA_prev = W.T dZ``. In this book ``dZ`` is already a
    derivative of the cost (the 1/m enters once, in ``dZ[L] = (A[L] - Y) / m``), so there is no
    1/m here.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import linear_backward

    cases = []
    for k, (n_prev, n, m) in enumerate(_LAYER_SHAPES[:3]):
        rng = _rng(70 + k)
        cache = _random_layer(rng, n_prev, n, m)
        dZ = rng.normal(size=(n, m))
        cases.append(Case(f"dZ ({n}, {m}), A_prev ({n_prev}, {m})", (dZ, cache)))

    def compare(got: Any, case: Case) -> str | None:
        dZ, (A_prev, W, b) = case.args
        m = dZ.shape[1]
        exp = linear_backward(dZ.copy(), (A_prev.copy(), W.copy(), b.copy()))
        problem = expect_tuple("the result", got, ("dA_prev", "dW", "db"))
        if problem:
            return problem
        if np.shape(got[0]) == W.shape and W.shape != A_prev.shape:
            return "the result must be (dA_prev, dW, db) — hint: returned tuple in wrong order"
        names = ("dA_prev", "dW", "db")
        suspects = [
            [(_NO_1_OVER_M, exp[0] / m)],
            [(_NO_1_OVER_M, exp[1] / m)],
            [(_NO_1_OVER_M, exp[2] / m),
             ("db sums dZ over the examples only: np.sum(dZ, axis=1, keepdims=True)", np.sum(dZ))],
        ]
        for name, g, e, s in zip(names, got, exp, suspects):
            problem = compare_array(name, g, e, s, m)
            if problem:
                return problem
        return None

    return run("check_linear_backward", fn, cases, compare, _SHAPES)


def check_linear_activation_backward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``.

    ``activation`` is ``"sigmoid"`` or ``"relu"``; ``cache = ((A_prev, W, b), Z)``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import linear_activation_backward, linear_activation_forward, linear_backward

    cases: list[Case] = []
    for case in _activation_cases(80, ["sigmoid", "relu", "relu", "sigmoid"]):
        A_prev, W, b, act = case.args
        A, cache = linear_activation_forward(A_prev, W, b, act)
        dA = _rng(len(cases)).normal(size=A.shape)
        cases.append(Case(case.desc, (dA, cache, act)))

    def compare(got: Any, case: Case) -> str | None:
        dA, cache, act = case.args
        m = dA.shape[1]
        exp = linear_activation_backward(dA.copy(), copy.deepcopy(cache), act)
        problem = expect_tuple("the result", got, ("dA_prev", "dW", "db"))
        if problem:
            return problem
        Z = cache[1]
        other = "relu" if act == "sigmoid" else "sigmoid"
        g_prime = get_activation(other)[1]
        assert g_prime is not None
        wrong = linear_backward(dA * g_prime(Z), cache[0])
        no_deriv = linear_backward(dA, cache[0])
        for i, name in enumerate(("dA_prev", "dW", "db")):
            suspects = [(_NO_1_OVER_M, exp[i] / m),
                        (f"activation={act!r}: did you use the derivative of {other}?", wrong[i]),
                        ("dZ = dA * g'(Z): did you forget the activation's derivative?",
                         no_deriv[i])]
            problem = compare_array(name, got[i], exp[i], suspects, m)
            if problem:
                return problem
        return None

    return run("check_linear_activation_backward", fn, cases, compare, _SHAPES)


def check_L_model_backward(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``L_model_backward(AL, Y, caches) -> grads`` (ReLU hidden, sigmoid output).

    ``grads`` must contain ``"dW1", "db1", ..., "dWL", "dbL"`` (``"dA<l>"`` entries are allowed).

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import L_model_backward, L_model_forward

    cases = []
    for k, (dims, m) in enumerate([([4, 3, 1], 5), ([5, 4, 3, 2, 1], 7), ([3, 2, 1], 1)]):
        rng = _rng(90 + k)
        X, Y = rng.normal(size=(dims[0], m)), _labels(rng, m)
        AL, caches = L_model_forward(X, _deep_params(dims, 90 + k))
        cases.append(Case(f"layer_dims = {dims}, m = {m}", (AL, Y, caches)))

    def compare(got: Any, case: Case) -> str | None:
        AL, Y, caches = case.args
        m = Y.shape[1]
        exp = L_model_backward(AL.copy(), Y.copy(), copy.deepcopy(caches))
        keys = [f"{g}{l}" for l in range(1, len(caches) + 1) for g in ("dW", "db")]
        return compare_dict("grads", got, exp, keys, m)

    return run("check_L_model_backward", fn, cases, compare, _SHAPES)


def check_update_parameters(fn: Callable[..., Any]) -> CheckResult:
    """Check a reader's ``update_parameters(parameters, grads, learning_rate) -> parameters``.

    One step of gradient descent: ``W[l] = W[l] - learning_rate * dW[l]``, the same for ``b[l]``.

    Args:
        fn: the reader's function.

    Returns:
        A :class:`CheckResult`.

    Introduced in: :ref:`ch-deep`
    """
    from .deep import update_parameters

    cases = []
    for k, (dims, lr) in enumerate([([3, 2, 1], 0.1), ([4, 5, 3, 1], 0.01), ([2, 1], 1.0)]):
        p = _deep_params(dims, 100 + k)
        g = {f"d{key}": v for key, v in _deep_params(dims, 200 + k).items()}
        cases.append(Case(f"layer_dims = {dims}, learning_rate = {lr}", (p, g, lr)))

    def compare(got: Any, case: Case) -> str | None:
        p, g, lr = case.args
        exp = update_parameters(copy.deepcopy(p), copy.deepcopy(g), lr)
        suspects = {k: [("gradient descent subtracts: W = W - learning_rate * dW",
                         p[k] + lr * g[f"d{k}"]),
                        ("multiply the gradient by the learning rate", p[k] - g[f"d{k}"])]
                    for k in p}
        return compare_dict("parameters", got, exp, list(p), suspects=suspects)

    return run("check_update_parameters", fn, cases, compare)
