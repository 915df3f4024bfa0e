"""make bench: one network trained by lessons_code, a hand-fused NumPy loop, scikit-learn, Keras.

The network is an MLP 64 -> 64 (ReLU) -> 10 (softmax) on scikit-learn's bundled digits (pixels
scaled to [0, 1] by /16, a 75/25 train/test split), trained for 50 epochs of plain mini-batch SGD
(batch 64, learning rate 0.1, no momentum, no regularization). All start from the same kind of
initialization (Glorot-uniform, scikit-learn's and Keras' default). Each repeat trains them one
after the other with the same seed, and the repeats use seeds seed, seed + 1, ...; we report
medians. Then a size sweep over the hidden width. The hand-fused NumPy loop (``time_numpy_loop``)
is the floor: the same arithmetic without validation, layers, caches or History.

Fairness: each library's time covers building and training its model (not importing it). Keras
runs in a worker process of its own, so that TensorFlow's thread pools and NumPy's BLAS threads do
not compete; NumPy and scikit-learn share one BLAS, limited to one thread (``--blas-threads``).

Run ``python -m lessons_code.bench [--repeats 5] [--sweep-keras]``; the last line printed is a
JSON object with the headline numbers. A chapter can call ``run()`` and get the same dict.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import multiprocessing
import os
import statistics
import time
import warnings
from typing import Any

import numpy as np

from ._validation import check_benchmark_settings, check_positive_int, check_seed

__all__ = ["run", "load_data", "time_lessons_code", "time_numpy_loop", "time_sklearn", "time_keras"]

#: The benchmark's settings (also the defaults of ``run``).
SETTINGS = {"hidden": 64, "epochs": 50, "batch_size": 64, "learning_rate": 0.1, "seed": 0}
#: Hidden widths of the size sweep.
SWEEP_WIDTHS = (16, 64, 256, 1024)


Data = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def load_data(seed: int = 0) -> Data:
    """Digits, X / 16, a stratified 75/25 split; examples in columns (our layout).

    Returns:
        ``(X_train, y_train, X_test, y_test)``: X of shape (64, m), integer labels y of
        shape (1, m).

    Introduced in: :ref:`ch-keras`
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    seed = check_seed("seed", seed, generator=False)
    digits = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(
        digits.data / 16.0, digits.target, test_size=0.25, random_state=seed, stratify=digits.target
    )
    return X_tr.T.copy(), y_tr.reshape(1, -1), X_te.T.copy(), y_te.reshape(1, -1)


def _settings(hidden: Any, epochs: Any, batch_size: Any, learning_rate: Any, seed: Any) -> None:
    check_benchmark_settings(hidden=hidden, epochs=epochs, batch_size=batch_size,
                             learning_rate=learning_rate)
    check_seed("seed", seed, generator=False)


def time_lessons_code(
    data: Data, hidden: int = 64, epochs: int = 50, batch_size: int = 64,
    learning_rate: float = 0.1, seed: int = 0,
) -> tuple[float, float]:
    """Train ``DeepNetwork([64, hidden, 10])`` and return (seconds, test accuracy).

    Introduced in: :ref:`ch-keras`
    """
    from .deep import DeepNetwork

    _settings(hidden, epochs, batch_size, learning_rate, seed)
    X_tr, y_tr, X_te, y_te = data
    start = time.perf_counter()
    net = DeepNetwork(
        [X_tr.shape[0], hidden, 10], "relu", "softmax", init="glorot_uniform", seed=seed
    )
    net.fit(X_tr, y_tr, epochs=epochs, learning_rate=learning_rate, batch_size=batch_size)
    seconds = time.perf_counter() - start
    return seconds, float(np.mean(net.predict(X_te) == y_te))


def time_numpy_loop(
    data: Data, hidden: int = 64, epochs: int = 50, batch_size: int = 64,
    learning_rate: float = 0.1, seed: int = 0,
) -> tuple[float, float]:
    """The same network as ``time_lessons_code``, written as one hand-fused NumPy loop.

    No validation, no layer loop, no caches, no History object, but the same work per step
    (including each batch's loss and accuracy, which ``fit`` records): the floor that
    ``DeepNetwork`` pays its clarity against. It starts from the same weights and shuffles with
    the same generator, so it computes the same network (the tests check weights and losses).

    Returns:
        (seconds, test accuracy).

    Introduced in: :ref:`ch-keras`
    """
    _settings(hidden, epochs, batch_size, learning_rate, seed)
    X_tr, y_tr, X_te, y_te = data
    start = time.perf_counter()
    p, _, _ = _numpy_loop(X_tr, y_tr, hidden, epochs, batch_size, learning_rate, seed)
    seconds = time.perf_counter() - start
    Z2 = p["W2"] @ np.maximum(p["W1"] @ X_te + p["b1"], 0.0) + p["b2"]
    return seconds, float(np.mean(Z2.argmax(axis=0) == y_te[0]))


def _numpy_loop(
    X: np.ndarray, y: np.ndarray, hidden: int, epochs: int, batch_size: int,
    learning_rate: float, seed: int,
) -> tuple[dict[str, np.ndarray], list[float], list[float]]:
    """Mini-batch SGD of 64 -> hidden (ReLU) -> 10 (softmax), keeping each epoch's mean loss and
    accuracy as ``fit``'s History does; returns (parameters, losses, accuracies)."""
    from .initializers import initialize_parameters  # the same draws as DeepNetwork's

    rng = np.random.default_rng(seed)
    p = initialize_parameters([X.shape[0], hidden, 10], "glorot_uniform", rng)
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
    m = X.shape[1]
    Y = np.zeros((10, m))
    Y[y[0], np.arange(m)] = 1.0  # one-hot
    losses, accuracies = [], []
    for _ in range(epochs):
        order = rng.permutation(m)
        loss_sum, n_correct = 0.0, 0
        for start in range(0, m, batch_size):
            idx = order[start : start + batch_size]
            Xb, Yb = X.take(idx, axis=1), Y.take(idx, axis=1)
            Z1 = W1 @ Xb + b1
            A1 = np.maximum(Z1, 0.0)
            Z2 = W2 @ A1 + b2
            E = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
            A2 = E / E.sum(axis=0, keepdims=True)
            loss_sum -= float(np.sum(Yb * np.log(np.clip(A2, 1e-12, 1.0))))
            n_correct += int(np.count_nonzero(A2.argmax(axis=0) == Yb.argmax(axis=0)))
            dZ2 = (A2 - Yb) / Xb.shape[1]
            dZ1 = (W2.T @ dZ2) * (Z1 > 0)
            W2 -= learning_rate * (dZ2 @ A1.T)
            b2 -= learning_rate * dZ2.sum(axis=1, keepdims=True)
            W1 -= learning_rate * (dZ1 @ Xb.T)
            b1 -= learning_rate * dZ1.sum(axis=1, keepdims=True)
        losses.append(loss_sum / m)
        accuracies.append(n_correct / m)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses, accuracies


def time_sklearn(
    data: Data, hidden: int = 64, epochs: int = 50, batch_size: int = 64,
    learning_rate: float = 0.1, seed: int = 0,
) -> tuple[float, float]:
    """Train scikit-learn's ``MLPClassifier`` alike; return (seconds, test accuracy).

    Introduced in: :ref:`ch-keras`
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    _settings(hidden, epochs, batch_size, learning_rate, seed)
    X_tr, y_tr, X_te, y_te = data
    X_tr_rows, X_te_rows = X_tr.T.copy(), X_te.T.copy()  # scikit-learn wants examples in rows
    clf = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="relu",
        solver="sgd",
        learning_rate_init=learning_rate,
        momentum=0.0,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=batch_size,
        max_iter=epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        random_state=seed,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        # max_iter is reached on purpose: we want exactly `epochs` epochs.
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_tr_rows, y_tr.ravel())
    seconds = time.perf_counter() - start
    return seconds, float(np.mean(clf.predict(X_te_rows) == y_te.ravel()))


def time_keras(
    data: Data, hidden: int = 64, epochs: int = 50, batch_size: int = 64,
    learning_rate: float = 0.1, seed: int = 0,
) -> tuple[float, float]:
    """Train the same network in Keras (float32); return (seconds, test accuracy).

    The time includes building and compiling the model, as ours includes initialization.

    Introduced in: :ref:`ch-keras`
    """
    _settings(hidden, epochs, batch_size, learning_rate, seed)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    from .keras_bridge import _keras

    keras = _keras()
    X_tr, y_tr, X_te, y_te = data
    X_tr_rows, X_te_rows = X_tr.T.astype("float32"), X_te.T.astype("float32")
    keras.utils.set_random_seed(seed)
    start = time.perf_counter()
    model = keras.Sequential(
        [
            keras.Input(shape=(X_tr.shape[0],)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
    )
    model.fit(
        X_tr_rows, y_tr.ravel(), epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0
    )
    seconds = time.perf_counter() - start
    y_pred = model.predict(X_te_rows, verbose=0).argmax(axis=1)
    return seconds, float(np.mean(y_pred == y_te.ravel()))


def _in_worker(worker: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``fn(*args, **kwargs)`` in the worker process and wait for its result."""
    return worker.apply(fn, args, kwargs)


def _median_runs(
    fns: dict[str, Any], data: Data, repeats: int, seed: int, **kw: Any
) -> dict[str, tuple[float, float]]:
    """Interleave the libraries in each repeat; return {name: (median seconds, median accuracy)}."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for r in range(repeats):
        for name, fn in fns.items():
            runs[name].append(fn(data, seed=seed + r, **kw))
    return {
        name: (statistics.median(s for s, _ in rs), statistics.median(a for _, a in rs))
        for name, rs in runs.items()
    }


def run(
    repeats: int = 5,
    sweep: bool = True,
    sweep_repeats: int | None = None,
    sweep_keras: bool = False,
    keras: bool = True,
    blas_threads: int | None = 1,
    verbose: bool = True,
) -> dict[str, Any]:
    """Run the benchmark; print tables when ``verbose``; return the headline numbers.

    Args:
        repeats: repeats of the main comparison (medians are reported).
        sweep: also time the hidden-width sweep (``SWEEP_WIDTHS``).
        sweep_repeats: repeats per width (default: max(1, repeats // 2)).
        sweep_keras: include Keras in the sweep (slow).
        keras: include Keras at all (needs TensorFlow).
        blas_threads: BLAS threads for NumPy and scikit-learn (both use NumPy's BLAS); ``None``
            keeps the library default. One thread is the default because on a small shared
            machine a multi-threaded BLAS waits for busy cores: the same 256-unit network then
            takes 10-30x longer, at random, and the timings measure the scheduler instead.
        verbose: print the tables.

    Returns:
        dict with "lessons_code_s", "numpy_loop_s", "sklearn_s", "keras_s",
        "ratio_vs_numpy_loop", "ratio_vs_sklearn", "ratio_vs_keras", the accuracies
        "acc_<name>", and "sweep" (a list of rows).

    Introduced in: :ref:`ch-keras`
    """
    repeats = check_positive_int("repeats", repeats)
    if sweep_repeats is not None:
        sweep_repeats = check_positive_int("sweep_repeats", sweep_repeats)
    if blas_threads is not None:
        blas_threads = check_positive_int("blas_threads", blas_threads)
    cfg: dict[str, Any] = dict(SETTINGS)
    seed = cfg.pop("seed")
    data = load_data(seed)
    fns = {"lessons_code": time_lessons_code, "numpy_loop": time_numpy_loop,
           "sklearn": time_sklearn}
    with contextlib.ExitStack() as stack:
        if blas_threads is not None:
            from threadpoolctl import threadpool_limits  # installed with scikit-learn

            stack.enter_context(threadpool_limits(limits=blas_threads, user_api="blas"))
        if keras:
            # Keras runs in a separate worker process: TensorFlow's own thread pools would
            # otherwise compete with NumPy's BLAS threads and slow the other two libraries down.
            worker = stack.enter_context(multiprocessing.get_context("spawn").Pool(1))
            fns["keras"] = functools.partial(_in_worker, worker, time_keras)
            fns["keras"](data, epochs=1, seed=seed)  # warm-up: import TensorFlow untimed
        time_lessons_code(data, epochs=1)  # warm-up (imports, caches)
        time_numpy_loop(data, epochs=1)
        time_sklearn(data, epochs=1)
        result = _main_table(fns, data, repeats, seed, cfg, verbose)
        if sweep:
            sweep_fns = {k: v for k, v in fns.items() if k != "keras" or sweep_keras}
            sweep_repeats = sweep_repeats or max(1, repeats // 2)
            result["sweep"] = _sweep_table(sweep_fns, data, sweep_repeats, seed, cfg, verbose)
    return result


def _main_table(
    fns: dict[str, Any], data: Data, repeats: int, seed: int, cfg: dict[str, Any], verbose: bool
) -> dict[str, Any]:
    main = _median_runs(fns, data, repeats, seed, **cfg)
    result: dict[str, Any] = {f"{name}_s": round(s, 4) for name, (s, _) in main.items()}
    result.update({f"acc_{name}": round(a, 4) for name, (_, a) in main.items()})
    ours = main["lessons_code"][0]
    result["ratio_vs_sklearn"] = round(ours / main["sklearn"][0], 4)
    result["ratio_vs_numpy_loop"] = round(ours / main["numpy_loop"][0], 4)
    if "keras" in main:
        result["ratio_vs_keras"] = round(ours / main["keras"][0], 4)
    if verbose:
        print(
            f"MLP 64-{cfg['hidden']}-10 on digits, {cfg['epochs']} epochs, batch "
            f"{cfg['batch_size']}, SGD lr {cfg['learning_rate']}; median of {repeats} repeats"
        )
        print(f"{'library':<14}{'time (s)':>10}{'test acc':>10}{'time / ours':>13}")
        for name, (s, a) in main.items():
            print(f"{name:<14}{s:>10.3f}{a:>10.4f}{s / ours:>13.1f}")
    return result


def _sweep_table(
    fns: dict[str, Any], data: Data, repeats: int, seed: int, cfg: dict[str, Any], verbose: bool
) -> list[dict[str, Any]]:
    rows = []
    for width in SWEEP_WIDTHS:
        res = _median_runs(fns, data, repeats, seed, **dict(cfg, hidden=width))
        row: dict[str, Any] = {"hidden": width}
        row.update({f"{k}_s": round(s, 4) for k, (s, _) in res.items()})
        row.update({f"acc_{k}": round(a, 4) for k, (_, a) in res.items()})
        rows.append(row)
    if verbose:
        print(f"\nHidden-width sweep (median of {repeats})")
        print(f"{'hidden':>7}" + "".join(f"{n + ' s':>16}{n[:7] + ' acc':>13}" for n in fns)
              + f"{'sklearn / ours':>16}")
        for row in rows:
            cells = "".join(f"{row[n + '_s']:>16.3f}{row['acc_' + n]:>13.4f}" for n in fns)
            print(f"{row['hidden']:>7}{cells}{row['sklearn_s'] / row['lessons_code_s']:>16.1f}")
    return rows


def main(argv: list[str] | None = None) -> None:
    """Command line: print the tables, then the headline numbers as one JSON line.

    Introduced in: :ref:`ch-keras`
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sweep-repeats", type=int, default=None)
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--sweep-keras", action="store_true", help="include Keras in the sweep")
    parser.add_argument("--no-keras", action="store_true", help="skip Keras entirely")
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="BLAS threads of NumPy/sklearn (0: default)"
    )
    args = parser.parse_args(argv)
    result = run(
        repeats=args.repeats,
        sweep=not args.no_sweep,
        sweep_repeats=args.sweep_repeats,
        sweep_keras=args.sweep_keras,
        keras=not args.no_keras,
        blas_threads=args.blas_threads or None,
    )
    print(json.dumps({k: v for k, v in result.items() if k != "sweep"}))


if __name__ == "__main__":
    main()
