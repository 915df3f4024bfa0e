"""The in-page network playground's data: datasets, presets and parity traces, as JSON.

The playground (``playground/`` in the repository, bundled into the book's pages) trains a fully
connected network in the reader's browser with a JavaScript engine written to match ``deep``
operation for operation, in float64. It re-implements no dataset and no result:

* :func:`export_data` writes the datasets it offers (the generators of ``datasets`` with the seeds
  the book uses, split once into training and test points) and the presets the chapters embed;
* :func:`make_trace` trains one configuration with ``deep``'s own functions
  (``initialize_parameters_deep``, ``L_model_forward``, ``compute_cost``, ``L_model_backward``,
  ``update_parameters``, and ``training.iterate_minibatches`` for the mini-batches) and records the
  initial parameters, the mini-batches, the cost of every step and the final parameters. The
  playground's test (``node --test playground/test``) replays every trace of :func:`export_traces`
  in the JavaScript engine and requires the same numbers to 1e-12 (relative).

Command line: ``python -m lessons_code.playground data OUT.json`` or ``... traces OUT.json``
(``-`` writes to standard output).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np

from . import datasets
from .deep import (
    HIDDEN_ACTIVATIONS,
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    update_parameters,
)
from .shallow import FLOWER_DATA
from .training import iterate_minibatches

__all__ = [
    "DATASETS",
    "TEST_FRACTION",
    "SPLIT_SEED",
    "INITS",
    "PRESETS",
    "TRACE_CONFIGS",
    "load_dataset",
    "init_parameters",
    "make_trace",
    "export_data",
    "export_traces",
    "train_preset",
]

#: The datasets the playground offers, each a ``datasets`` generator with the book's arguments.
DATASETS: dict[str, dict[str, Any]] = {
    "flower": {"function": "make_flower", "kwargs": dict(FLOWER_DATA), "label": "Flower"},
    "moons": {
        "function": "make_moons",
        "kwargs": {"m": 400, "noise": 0.2, "seed": 0},
        "label": "Moons",
    },
    "circles": {
        "function": "make_circles",
        "kwargs": {"m": 400, "noise": 0.1, "factor": 0.5, "seed": 0},
        "label": "Circles",
    },
    "xor": {"function": "make_xor", "kwargs": {"m": 400, "noise": 0.1, "seed": 0}, "label": "XOR"},
}
#: A quarter of each dataset is held out as test points (stratified split, scikit-learn).
TEST_FRACTION = 0.25
#: ``random_state`` of the split.
SPLIT_SEED = 0

#: The playground's initializations, each a name of ``initializers.INIT_METHODS``, a number s
#: (weights N(0, 1) * s), or ``"equal"`` (every weight 0.5, as symmetric as zeros, but learning).
INITS = ("zeros", "equal", 0.01, "lecun", "he", 1.0, 10.0)

#: The configurations the chapters embed. ``controls`` lists the controls a section shows (the
#: others are hidden; "all" shows every one). ``layers`` holds n[1], ..., n[L-1] (the output is
#: one sigmoid unit); ``batch_size`` None = full batch.
PRESETS: dict[str, dict[str, Any]] = {
    "free": {
        "dataset": "flower",
        "layers": [4],
        "activation": "tanh",
        "learning_rate": 1.2,
        "init": 0.01,
        "batch_size": None,
        "seed": 1,
        "controls": "all",
    },
    "ch5-units": {
        "dataset": "flower",
        "layers": [1],
        "activation": "tanh",
        "learning_rate": 1.2,
        "init": 0.01,
        "batch_size": None,
        "seed": 1,
        "controls": ["units", "seed"],
    },
    "ch5-init": {
        "dataset": "flower",
        "layers": [4],
        "activation": "tanh",
        "learning_rate": 1.2,
        "init": "zeros",
        "batch_size": None,
        "seed": 1,
        "controls": ["init", "seed"],
    },
    "ch6-depth": {
        "dataset": "circles",
        "layers": [2, 2],
        "activation": "tanh",
        "learning_rate": 0.5,
        "init": "lecun",
        "batch_size": None,
        "seed": 1,
        "controls": ["layers", "units", "seed"],
    },
    "ch1-activation": {
        "dataset": "circles",
        "layers": [8, 8, 8, 8],
        "activation": "sigmoid",
        "learning_rate": 0.5,
        "init": "lecun",
        "batch_size": 30,
        "seed": 1,
        "controls": ["activation", "seed"],
    },
}

#: Configurations traced for the parity test (every preset, every hidden activation, depths 0 to
#: 4, mini-batches, the symmetric starts and a large initialization), each a tuple (name, dataset,
#: layers, activation, learning rate, init, batch size, seed, steps).
TRACE_CONFIGS: list[tuple[Any, ...]] = [
    ("flower-1-tanh", "flower", [1], "tanh", 1.2, 0.01, None, 1, 300),
    ("flower-4-tanh", "flower", [4], "tanh", 1.2, 0.01, None, 1, 300),
    ("flower-4-zeros", "flower", [4], "tanh", 1.2, "zeros", None, 1, 50),
    ("flower-4-sigmoid-equal", "flower", [4], "sigmoid", 1.2, "equal", None, 1, 100),
    ("flower-4-tanh-large", "flower", [4], "tanh", 1.2, 10.0, None, 2, 200),
    ("moons-logistic", "moons", [], "tanh", 0.5, 0.01, None, 0, 100),
    ("moons-8-8-relu", "moons", [8, 8], "relu", 0.3, "he", None, 3, 200),
    ("circles-4-4-leaky", "circles", [4, 4], "leaky_relu", 0.3, "he", None, 4, 200),
    ("circles-8x4-sigmoid-batch30", "circles", [8, 8, 8, 8], "sigmoid", 0.5, "lecun", 30, 1, 200),
    ("xor-5-5-5-tanh-batch16", "xor", [5, 5, 5], "tanh", 0.2, "lecun", 16, 5, 150),
    ("xor-3-2-relu-batch64", "xor", [3, 2], "relu", 0.5, "he", 64, 6, 120),
    ("circles-2-2-tanh", "circles", [2, 2], "tanh", 0.5, "lecun", None, 1, 300),
]


def load_dataset(name: str) -> dict[str, np.ndarray]:
    """One playground dataset, generated by ``datasets`` and split into training and test points.

    Args:
        name: a key of ``DATASETS``.

    Returns:
        dict with ``X_train`` (2, m_train), ``Y_train`` (1, m_train), ``X_test`` (2, m_test) and
        ``Y_test`` (1, m_test), float64, one example per column.

    Introduced in: :ref:`ch-shallow`
    """
    from sklearn.model_selection import train_test_split

    if name not in DATASETS:
        raise ValueError(f"name must be one of {', '.join(map(repr, DATASETS))}, got {name!r}")
    spec = DATASETS[name]
    X, Y = getattr(datasets, spec["function"])(**spec["kwargs"])
    train, test = train_test_split(
        np.arange(X.shape[1]), test_size=TEST_FRACTION, stratify=Y.ravel(), random_state=SPLIT_SEED
    )
    train, test = np.sort(train), np.sort(test)
    return {
        "X_train": np.ascontiguousarray(X[:, train]),
        "Y_train": np.ascontiguousarray(Y[:, train]),
        "X_test": np.ascontiguousarray(X[:, test]),
        "Y_test": np.ascontiguousarray(Y[:, test]),
    }


def init_parameters(
    layer_dims: list[int], init: Any, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The playground's initializations, with ``initializers`` (``"equal"``: every weight 0.5).

    Args:
        layer_dims: [n[0], ..., n[L]].
        init: one of ``INITS`` (or any method ``initialize_parameters_deep`` accepts).
        rng: the generator that draws the weights.

    Returns:
        dict W1, b1, ..., WL, bL.

    Introduced in: :ref:`ch-shallow`
    """
    if init == "equal":
        params = initialize_parameters_deep(layer_dims, seed=rng, method="zeros")
        return {k: np.full_like(v, 0.5) if k.startswith("W") else v for k, v in params.items()}
    return initialize_parameters_deep(layer_dims, seed=rng, method=init)


def _hidden(activation: str) -> str:
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"activation must be one of {HIDDEN_ACTIVATIONS}, got {activation!r}")
    return activation


def make_trace(
    dataset: str,
    layers: list[int],
    activation: str,
    learning_rate: float,
    init: Any,
    batch_size: int | None,
    seed: int,
    steps: int,
) -> dict[str, Any]:
    """Train one configuration with ``deep``'s functions and record every step.

    The generator ``numpy.random.default_rng(seed)`` draws the initial weights, then shuffles
    each epoch's mini-batches, exactly as ``deep.DeepNetwork(..., seed=seed).fit`` does.

    Args:
        dataset: a key of ``DATASETS`` (its training points are used).
        layers: hidden layer sizes n[1], ..., n[L-1] (empty: logistic regression).
        activation: the hidden activation g[1..L-1].
        learning_rate: alpha.
        init: one of ``INITS``.
        batch_size: examples per step; None = full batch.
        seed: the generator's seed.
        steps: gradient steps to take.

    Returns:
        dict: ``layer_dims``, the settings, ``initial`` and ``final`` parameters (lists of rows),
        ``batches`` (the training-example indices of every step, or None for full batch) and
        ``costs`` (the cost J of each step's batch, computed before that step's update).

    Introduced in: :ref:`ch-deep`
    """
    data = load_dataset(dataset)
    X, Y = data["X_train"], data["Y_train"]
    m = X.shape[1]
    dims = [2, *layers, 1]
    rng = np.random.default_rng(seed)
    params = init_parameters(dims, init, rng)
    initial = {k: v.copy() for k, v in params.items()}
    # an index row rides along with X, so each mini-batch says which examples it holds
    XI = np.vstack([X, np.arange(m, dtype=np.float64)])
    batch = m if batch_size is None else batch_size
    costs: list[float] = []
    batches: list[list[int]] = []
    while len(costs) < steps:
        for XI_b, Y_b in iterate_minibatches(XI, Y, batch, rng):
            X_b = np.ascontiguousarray(XI_b[:-1])
            check = not costs  # validate on the first step, then trust the data (as fit does)
            AL, caches = L_model_forward(X_b, params, _hidden(activation), "sigmoid", check=check)
            costs.append(compute_cost(AL, Y_b, check=check))
            if batch_size is not None:
                batches.append(XI_b[-1].astype(int).tolist())
            grads = L_model_backward(AL, Y_b, caches, activation, "sigmoid", check=check)
            params = update_parameters(params, grads, learning_rate, check=check)
            if len(costs) == steps:
                break

    def as_lists(p: dict[str, np.ndarray]) -> dict[str, Any]:
        return {k: v.tolist() for k, v in p.items()}

    return {
        "dataset": dataset,
        "layer_dims": dims,
        "activation": activation,
        "learning_rate": learning_rate,
        "init": init,
        "batch_size": batch_size,
        "seed": seed,
        "steps": steps,
        "initial": as_lists(initial),
        "final": as_lists(params),
        "batches": None if batch_size is None else batches,
        "costs": costs,
    }


def train_preset(preset: dict[str, Any], steps: int, **changes: Any) -> dict[str, Any]:
    """Train a preset (with some settings changed) in ``deep``: final parameters, costs, accuracies.

    What a chapter's static figure shows in place of the playground, computed by the library.

    Args:
        preset: a value of ``PRESETS``.
        steps: gradient steps.
        **changes: settings to change, e.g. ``layers=[4]``.

    Returns:
        dict with ``parameters``, ``costs`` (one per step), ``train_accuracy``, ``train_cost``,
        ``test_accuracy``, ``test_cost``, ``data`` (as ``load_dataset``) and ``predict`` (points
        (2, k) -> predicted classes (1, k), for ``plots.plot_decision_boundary``).

    Introduced in: :ref:`ch-shallow`
    """
    from .training import accuracy

    cfg = {**preset, **changes}
    trace = make_trace(
        cfg["dataset"],
        cfg["layers"],
        cfg["activation"],
        cfg["learning_rate"],
        cfg["init"],
        cfg["batch_size"],
        cfg["seed"],
        steps,
    )
    params = {k: np.array(v) for k, v in trace["final"].items()}
    data = load_dataset(cfg["dataset"])
    out = {
        "parameters": params,
        "costs": np.array(trace["costs"]),
        "data": data,
        "predict": lambda P: (
            L_model_forward(P, params, cfg["activation"], "sigmoid")[0] > 0.5
        ).astype(float),
    }
    for split in ("train", "test"):
        AL, _ = L_model_forward(data[f"X_{split}"], params, cfg["activation"], "sigmoid")
        out[f"{split}_accuracy"] = accuracy(data[f"Y_{split}"], (AL > 0.5).astype(float))
        out[f"{split}_cost"] = compute_cost(AL, data[f"Y_{split}"])
    return out


def export_data() -> dict[str, Any]:
    """The playground's datasets and presets, ready for ``json.dumps``.

    Returns:
        dict ``{"datasets": {name: {"label", "source", "X_train", ...}}, "presets": PRESETS,
        "inits": INITS}``; arrays as lists of rows (exact float64 values).

    Introduced in: :ref:`ch-shallow`
    """
    out: dict[str, Any] = {"datasets": {}, "presets": PRESETS, "inits": list(INITS)}
    for name, spec in DATASETS.items():
        args = ", ".join(f"{k}={v!r}" for k, v in spec["kwargs"].items())
        entry = {
            "label": spec["label"],
            "source": f"lessons_code.datasets.{spec['function']}({args})",
        }
        entry.update({k: v.tolist() for k, v in load_dataset(name).items()})
        out["datasets"][name] = entry
    return out


def export_traces() -> dict[str, Any]:
    """Every configuration of ``TRACE_CONFIGS`` traced by :func:`make_trace`, for the parity test.

    Returns:
        dict ``{"traces": [{"name": ..., **make_trace(...)}, ...],
        "datasets": export_data()["datasets"]}``.

    Introduced in: :ref:`ch-deep`
    """
    traces = [{"name": name, **make_trace(*config)} for name, *config in TRACE_CONFIGS]
    return {"traces": traces, "datasets": export_data()["datasets"]}


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("data", "traces"):
        print(
            "usage: python -m lessons_code.playground data|traces OUT.json ('-' = stdout)",
            file=sys.stderr,
        )
        return 2
    payload = export_data() if argv[0] == "data" else export_traces()
    text = json.dumps(payload, separators=(",", ":"))
    if argv[1] == "-":
        sys.stdout.write(text)
    else:
        with open(argv[1], "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised by the playground's Node test
    raise SystemExit(_main(sys.argv[1:]))
