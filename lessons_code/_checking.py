"""The engine of the reader self-checks of :mod:`lessons_code.checks`.

A check runs the reader's function on a list of :class:`Case` s (copies of the inputs), compares
each answer with the library's (shape first, then values), recognises a known mistake by the exact
answer it would give (a "suspect": the missing 1/m, a flipped sign, a transposed result), prints
one verdict and returns a :class:`CheckResult`. ``checks`` holds only the cases and the suspects
of each exercise.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["CheckResult", "Case", "Suspects", "run", "compare_array", "compare_number",
           "compare_dict", "expect_tuple", "compare_linear_cache", "compare_activation_cache",
           "fmt"]


@dataclass
class CheckResult:
    """The outcome of a check: truthy iff it passed.

    Attributes:
        passed: whether every case passed.
        message: the line that was printed, e.g. ``"✓ check_sigmoid: all 4 cases passed"``.

    The check prints its verdict once; a notebook that displays the returned result (a check as
    the last line of a cell) shows nothing more.

    Introduced in: :ref:`ch-vectorization`
    """

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"CheckResult(passed={self.passed})"

    def _ipython_display_(self) -> None:
        """Show nothing: the check has already printed its verdict, which must appear once."""


# --------------------------------------------------------------------------------------------
# The machinery: run the cases, compare answers, name the likely mistake.
# --------------------------------------------------------------------------------------------

@dataclass
class Case:
    desc: str  # how the case is described to the reader, e.g. "z of shape (3, 5)"
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


Suspects = Sequence[tuple[str, Any]]  # (hint, the answer that this mistake would produce)


def run(
    name: str,
    fn: Callable[..., Any],
    cases: list[Case],
    compare: Callable[[Any, Case], str | None],
    error_hint: str = "",
) -> CheckResult:
    """Call ``fn`` on every case and stop at the first wrong answer.

    ``error_hint`` is added when the reader's function raises (e.g. a reminder of the shapes).
    """
    if not callable(fn):
        return _finish(name, False, f"expected a function, got {type(fn).__name__}")
    overflow = False
    for k, case in enumerate(cases, start=1):
        where = f"case {k} ({case.desc})"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                got = fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            except Exception as exc:  # the reader's bug, reported rather than raised
                hint = f" — hint: {error_hint}" if error_hint else ""
                raised = f"your function raised {type(exc).__name__}: {exc}"
                return _finish(name, False, f"{where}: {raised}{hint}")
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        try:
            problem = compare(got, case)
        except Exception as exc:  # an answer too odd to compare
            problem = f"could not compare your answer ({type(exc).__name__}: {exc})"
        if problem:
            if runtime:
                problem += f" (your function also warned: {runtime[0].message})"
            return _finish(name, False, f"{where}: {problem}")
        overflow = overflow or bool(runtime)
    note = ""
    if overflow:
        note = (" (note: your function emitted a RuntimeWarning, e.g. overflow in exp;"
                " see the stable form)")
    return _finish(name, True, f"all {len(cases)} cases passed{note}")


def _finish(name: str, passed: bool, text: str) -> CheckResult:
    message = f"{'✓' if passed else '✗'} {name}: {text}"
    print(message)
    return CheckResult(passed, message)


def fmt(x: float) -> str:
    return f"{x:.4g}"


def _close(a: np.ndarray, b: Any) -> bool:
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-5, atol=1e-8))


def _as_numeric(what: str, got: Any) -> tuple[np.ndarray | None, str | None]:
    if got is None:
        return None, f"{what} is None — did you forget a return statement?"
    if isinstance(got, (tuple, list, dict)) and not _is_numeric_sequence(got):
        return None, f"{what} must be an array, got a {type(got).__name__} of {len(got)} items"
    try:
        return np.asarray(got, dtype=float), None
    except (TypeError, ValueError):
        return None, f"{what} must be a numeric array, got {type(got).__name__}"


def _is_numeric_sequence(x: Any) -> bool:
    try:
        return not isinstance(x, dict) and np.asarray(x).dtype.kind in "biuf"
    except (TypeError, ValueError):
        return False


def compare_array(
    what: str, got: Any, exp: np.ndarray, suspects: Suspects = (), m: int | None = None
) -> str | None:
    """``None`` if ``got`` equals ``exp`` (shape and values), else what is wrong and a hint."""
    exp = np.asarray(exp, dtype=float)
    arr, problem = _as_numeric(what, got)
    if problem or arr is None:
        return problem
    for hint, wrong in suspects:  # a known mistake, recognised by the exact answer it gives
        with np.errstate(all="ignore"):
            if wrong is not None and _close(arr, wrong) and not _close(arr, exp):
                return _mismatch(what, arr, exp) + f" — hint: {hint}"
    if arr.shape != exp.shape:
        hint = ""
        if exp.ndim == 2 and arr.shape == exp.shape[::-1]:
            hint = " — hint: it looks transposed (rows and columns swapped)"
        elif arr.size == exp.size:
            hint = (" — hint: same numbers, wrong shape: a rank-1 array?"
                    " use keepdims=True or .reshape")
        return f"{what}: expected shape {exp.shape}, got {arr.shape}{hint}"
    if _close(arr, exp):
        return None
    message = _mismatch(what, arr, exp)
    with np.errstate(all="ignore"):
        if np.isnan(arr).any():
            return message + " — hint: NaN appeared: an overflow (exp of a large number) or log(0)?"
        if m is not None and m > 1 and _close(arr, exp * m):
            return message + f" — hint: it is m = {m} times too big: did you forget the 1/m?"
        if m is not None and m > 1 and _close(arr, exp / m):
            return message + f" — hint: it is m = {m} times too small: did you divide by m twice?"
        if _close(arr, -exp):
            return message + " — hint: the sign is flipped"
    return message


def _mismatch(what: str, arr: np.ndarray, exp: np.ndarray) -> str:
    if arr.shape != exp.shape:
        return f"{what}: expected shape {exp.shape}, got {arr.shape}"
    err = np.abs(arr - exp)
    err = np.where(np.isnan(err), np.inf, err)
    where = np.unravel_index(int(np.argmax(err)), exp.shape) if exp.ndim else ()
    idx = tuple(int(i) for i in where)
    return f"{what}: value at index {idx} is {fmt(arr[idx])}, expected {fmt(exp[idx])}"


def compare_number(
    what: str, got: Any, exp: float, suspects: Suspects = (), m: int | None = None
) -> str | None:
    """Like :func:`compare_array` for a number (a size-1 array is accepted too)."""
    arr, problem = _as_numeric(what, got)
    if problem or arr is None:
        return problem
    if arr.size != 1:
        return f"{what} must be a single number, got an array of shape {arr.shape}"
    problem = compare_array(what, arr.reshape(()), np.asarray(exp), suspects, m)
    return problem.replace(" at index ()", "") if problem else None


def expect_tuple(what: str, got: Any, names: Sequence[str]) -> str | None:
    n = len(names)
    if isinstance(got, (tuple, list)) and len(got) == n:
        return None
    want = f"a tuple of {n} ({', '.join(names)})"
    if isinstance(got, np.ndarray) and "cache" in names[-1]:
        return (f"{what} must be {want}, got a single array"
                f" — hint: missing cache? return ({', '.join(names)})")
    if isinstance(got, (tuple, list)):
        return f"{what} must be {want}, got a {type(got).__name__} of {len(got)}"
    return f"{what} must be {want}, got {type(got).__name__}"


def compare_dict(
    what: str,
    got: Any,
    exp: dict[str, Any],
    keys: Sequence[str],
    m: int | None = None,
    suspects: Mapping[str, Suspects] | None = None,
) -> str | None:
    if not isinstance(got, dict):
        return f"{what} must be a dict with keys {list(keys)}, got {type(got).__name__}"
    missing = [k for k in keys if k not in got]
    if missing:
        return f"{what} is missing the key {missing[0]!r} (it has {sorted(got)})"
    for k in keys:
        compare = compare_number if np.ndim(exp[k]) == 0 else compare_array
        problem = compare(f"{what}[{k!r}]", got[k], exp[k], (suspects or {}).get(k, ()), m)
        if problem:
            return problem
    return None


def compare_linear_cache(what: str, got: Any, exp: tuple[Any, ...]) -> str | None:
    problem = expect_tuple(what, got, ("A_prev", "W", "b"))
    if problem:
        return problem
    for name, g, e in zip(("A_prev", "W", "b"), got, exp):
        problem = compare_array(f"{what} {name}", g, e)
        if problem:
            return problem + " — hint: the linear cache is (A_prev, W, b), in that order"
    return None


def compare_activation_cache(what: str, got: Any, exp: tuple[Any, ...]) -> str | None:
    problem = expect_tuple(what, got, ("linear_cache", "Z"))
    if problem:
        return problem
    return compare_linear_cache(f"{what} linear_cache", got[0], exp[0]) or compare_array(
        f"{what} Z", got[1], exp[1]
    )
