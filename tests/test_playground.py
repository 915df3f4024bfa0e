"""lessons_code.playground: the playground's datasets are the library's, its traces are exactly what
``deep.DeepNetwork.fit`` computes, its JSON is exact, bad inputs are refused. (The JavaScript engine
is checked against these traces by ``node --test playground/test``, run by ``make test``.)"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from lessons_code import datasets, playground
from lessons_code.deep import DeepNetwork


def test_import_is_light():
    code = (
        "import sys, lessons_code.playground\n"
        "heavy = [m for m in ('sklearn', 'tensorflow', 'matplotlib', 'keras') if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", list(playground.DATASETS))
def test_datasets_are_the_librarys_split_in_two(name):
    spec = playground.DATASETS[name]
    X, Y = getattr(datasets, spec["function"])(**spec["kwargs"])
    d = playground.load_dataset(name)
    X_all = np.hstack([d["X_train"], d["X_test"]])
    Y_all = np.hstack([d["Y_train"], d["Y_test"]])
    order = np.lexsort(X_all)
    ref = np.lexsort(X)
    np.testing.assert_array_equal(X_all[:, order], X[:, ref])  # the same points, exactly
    np.testing.assert_array_equal(Y_all[:, order], Y[:, ref])
    m_test = d["X_test"].shape[1]
    assert m_test == math.ceil(playground.TEST_FRACTION * X.shape[1])
    assert abs(d["Y_test"].mean() - Y.mean()) < 0.02  # stratified


@pytest.mark.parametrize("batch_size", [None, 30])
def test_trace_is_exactly_deep_network_fit(batch_size):
    """The trace's steps are DeepNetwork.fit's, to the last bit (same generator, same order)."""
    epochs = 3
    m = playground.load_dataset("moons")["X_train"].shape[1]
    steps = epochs * (1 if batch_size is None else math.ceil(m / batch_size))
    trace = playground.make_trace("moons", [5, 3], "tanh", 0.3, "lecun", batch_size, 7, steps)
    data = playground.load_dataset("moons")
    net = DeepNetwork([2, 5, 3, 1], hidden_activation="tanh", init="lecun", seed=7)
    for name, value in trace["initial"].items():
        np.testing.assert_array_equal(net.parameters[name], np.array(value))
    history = net.fit(
        data["X_train"], data["Y_train"], epochs=epochs, learning_rate=0.3, batch_size=batch_size
    )
    for name, value in trace["final"].items():
        np.testing.assert_array_equal(net.parameters[name], np.array(value))
    if batch_size is None:  # full batch: the epoch's loss is the step's cost
        np.testing.assert_array_equal(history.history["loss"], trace["costs"])
    else:
        assert trace["batches"] and all(len(b) <= batch_size for b in trace["batches"])
        assert sorted(sum(trace["batches"][: math.ceil(m / batch_size)], [])) == list(range(m))


def test_equal_start_keeps_units_identical():
    trace = playground.make_trace("flower", [4], "sigmoid", 1.2, "equal", None, 1, 20)
    W1 = np.array(trace["final"]["W1"])
    assert np.all(W1 == W1[0]) and not np.all(W1 == 0.5)  # identical rows that did learn


def test_export_is_exact_json():
    data = json.loads(json.dumps(playground.export_data()))
    flower = playground.load_dataset("flower")
    np.testing.assert_array_equal(
        np.array(data["datasets"]["flower"]["X_train"]), flower["X_train"]
    )
    assert set(data["presets"]) >= {"free", "ch5-units", "ch5-init", "ch6-depth", "ch1-activation"}
    for preset in data["presets"].values():
        assert preset["dataset"] in playground.DATASETS
        assert len(preset["layers"]) <= 4 and all(1 <= n <= 8 for n in preset["layers"])
        assert preset["init"] in playground.INITS


def test_trace_configs_cover_every_activation_and_depth():
    acts = {c[3] for c in playground.TRACE_CONFIGS}
    assert acts == {"tanh", "relu", "sigmoid", "leaky_relu"}
    assert (
        max(len(c[2]) for c in playground.TRACE_CONFIGS) == 4
        and min(len(c[2]) for c in playground.TRACE_CONFIGS) == 0
    )


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="name must be one of 'flower'.*got 'spiral'"):
        playground.load_dataset("spiral")
    with pytest.raises(ValueError, match="activation must be one of .* got 'softmax'"):
        playground.make_trace("xor", [2], "softmax", 0.1, "he", None, 0, 1)


def test_command_line_writes_json(tmp_path):
    out = tmp_path / "data.json"
    subprocess.run([sys.executable, "-m", "lessons_code.playground", "data", str(out)], check=True)
    assert set(json.loads(out.read_text())["datasets"]) == set(playground.DATASETS)
    bad = subprocess.run(
        [sys.executable, "-m", "lessons_code.playground", "nothing"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "usage" in bad.stderr
