"""Reference numbers of the chapter "Deep neural networks" (book/06_deep_networks.md).

Every experiment uses the chapter's exact settings (seeds, sizes, learning rates, epochs), through
the library. The two hand-built parity networks are demonstration code of the chapter, not library
functions; they are mirrored here verbatim so that the chapter's claim "both are exact" is tested.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lessons_code import datasets
from lessons_code.deep import (
    DeepNetwork,
    L_model_backward,
    L_model_forward,
    compute_cost,
    count_parameters,
    initialize_parameters_deep,
    layer_shapes,
    update_parameters,
)
from lessons_code.gradcheck import gradient_check
from lessons_code.training import accuracy

# -- the chapter's settings ---------------------------------------------------------------------
PARITY_BITS = 8
PARITY_BUDGETS = {"61": ([8, 6, 1], [8, 4, 4, 1]), "101-103": ([8, 10, 1], [8, 6, 6, 1])}
PARITY_SEEDS = range(5)
PARITY_FIT = {"epochs": 2000, "learning_rate": 0.5}  # full batch, ReLU hidden layers
# Means over the 5 seeds, as measured when the chapter was written (accuracy on all 256 strings).
PARITY_REFERENCE = {(8, 6, 1): 0.688, (8, 4, 4, 1): 0.805, (8, 10, 1): 0.795, (8, 6, 6, 1): 0.943}


# -- the chapter's hand-built networks (mirrored) -----------------------------------------------
def deep_parity_parameters(n_bits, sharpness=10.0):
    k = max(1, math.ceil(math.log2(n_bits)))
    fold_W, fold_b = np.array([[2.0, -4.0], [2.0, -4.0]]), np.array([[0.0], [-0.5]])
    p = {"W1": np.full((2, n_bits), 2.0**-k), "b1": fold_b.copy()}
    for l in range(2, k + 1):
        p[f"W{l}"], p[f"b{l}"] = fold_W.copy(), fold_b.copy()
    p[f"W{k + 1}"] = sharpness * fold_W[:1]
    p[f"b{k + 1}"] = np.array([[-sharpness / 2]])
    return p


def shallow_parity_parameters(n_bits, sharpness=10.0):
    j = np.arange(n_bits)
    slopes = np.where(j == 0, 1.0, 2.0 * (-1.0) ** j)
    return {"W1": np.ones((n_bits, n_bits)), "b1": -j.reshape(-1, 1).astype(float),
            "W2": sharpness * slopes.reshape(1, -1), "b2": np.array([[-sharpness / 2]])}


def dims_of(p, n_bits):
    return [n_bits] + [p[f"b{l}"].shape[0] for l in range(1, len(p) // 2 + 1)]


# -- dimensions -----------------------------------------------------------------------------------
def test_four_layer_parameter_count_matches_the_shape_rules():
    dims = [64, 32, 16, 8, 1]
    by_rule = sum(dims[l] * (dims[l - 1] + 1) for l in range(1, len(dims)))
    assert count_parameters(dims) == by_rule == 2753
    rows = layer_shapes(dims, 1347)
    assert [r["W"] for r in rows] == [(32, 64), (16, 32), (8, 16), (1, 8)]
    assert all(r["Z"] == r["A"] == (r["W"][0], 1347) and r["b"] == (r["W"][0], 1) for r in rows)


def test_exercise_shapes_answer():
    rows = layer_shapes([12, 7, 5, 3, 1], m=32)
    assert (rows[1]["W"], rows[2]["b"], rows[2]["Z"], rows[0]["A"], rows[3]["W"]) == (
        (5, 7), (3, 1), (3, 32), (7, 32), (1, 3))
    assert count_parameters([12, 7, 5, 3, 1]) == 7 * 13 + 5 * 8 + 3 * 6 + 1 * 4


# -- the circuit argument, executed ---------------------------------------------------------------
@pytest.mark.parametrize("n_bits", [2, 3, 5, 8, 11, 12])
def test_hand_built_parity_networks_are_exact(n_bits):
    X, Y = datasets.make_parity(n_bits)
    for build in (deep_parity_parameters, shallow_parity_parameters):
        AL, _ = L_model_forward(X, build(n_bits))
        assert accuracy(Y, (AL > 0.5).astype(float)) == 1.0


def test_hand_built_parity_parameter_counts():
    assert count_parameters(dims_of(deep_parity_parameters(8), 8)) == 33
    assert count_parameters(dims_of(shallow_parity_parameters(8), 8)) == 81
    deep_1024 = count_parameters(dims_of(deep_parity_parameters(1024), 1024))
    assert count_parameters([1024, 1024, 1]) / deep_1024 > 400  # linear vs quadratic growth


@pytest.mark.slow
def test_trained_parity_deeper_beats_shallow_at_equal_budget():
    X, Y = datasets.make_parity(PARITY_BITS)
    X_pm = 2 * X - 1
    acc = {}
    for shallow_dims, deep_dims in PARITY_BUDGETS.values():
        for dims in (shallow_dims, deep_dims):
            runs = []
            for seed in PARITY_SEEDS:
                net = DeepNetwork(dims, hidden_activation="relu", seed=seed)
                net.fit(X_pm, Y, **PARITY_FIT)
                runs.append(net.evaluate(X_pm, Y)["accuracy"])
            acc[tuple(dims)] = np.array(runs)
            assert np.mean(runs) == pytest.approx(PARITY_REFERENCE[tuple(dims)], abs=0.03)
    wins = 0
    for shallow_dims, deep_dims in PARITY_BUDGETS.values():
        assert acc[tuple(deep_dims)].mean() > acc[tuple(shallow_dims)].mean() + 0.05
        wins += int(np.sum(acc[tuple(deep_dims)] > acc[tuple(shallow_dims)]))
    assert wins >= 8  # of 10 paired runs (9 when the chapter was written)


def test_gradient_descent_does_not_find_the_33_parameter_network():
    X, Y = datasets.make_parity(PARITY_BITS)
    X_pm = 2 * X - 1
    best = 0.0
    for seed in range(3):
        net = DeepNetwork([8, 2, 2, 2, 1], hidden_activation="relu", seed=seed)
        net.fit(X_pm, Y, **PARITY_FIT)
        best = max(best, net.evaluate(X_pm, Y)["accuracy"])
    assert 0.5 <= best < 0.8  # 0.645 when the chapter was written


# -- the building blocks ------------------------------------------------------------------------
def test_chapter_gradient_check_of_the_backward_pass():
    rng = np.random.default_rng(0)
    rng.uniform(0, 1, size=(64, 5))  # the chapter draws X and Y from this generator first
    rng.uniform(size=(1, 5))
    X_small, Y_small = rng.normal(size=(4, 6)), np.array([[1.0, 0, 1, 1, 0, 0]])
    p = initialize_parameters_deep([4, 5, 3, 1], seed=2)
    AL, caches = L_model_forward(X_small, p, hidden_activation="tanh")
    grads = L_model_backward(AL, Y_small, caches, hidden_activation="tanh")
    cost_of = lambda q: compute_cost(L_model_forward(X_small, q, hidden_activation="tanh")[0], Y_small)  # noqa: E731
    assert gradient_check(cost_of, p, grads) < 1e-7


def test_hand_written_loop_equals_fit():
    X, Y = datasets.make_moons(400, noise=0.2, seed=0)
    dims = [2, 8, 8, 1]
    p = initialize_parameters_deep(dims, seed=np.random.default_rng(0))
    for _ in range(300):
        AL, caches = L_model_forward(X, p)
        p = update_parameters(p, L_model_backward(AL, Y, caches), learning_rate=1.0)
    net = DeepNetwork(dims, seed=0)
    net.fit(X, Y, epochs=300, learning_rate=1.0)
    assert max(float(np.abs(p[k] - net.parameters[k]).max()) for k in p) < 1e-12
    assert net.evaluate(X, Y)["accuracy"] > 0.9


def test_learning_rate_turn_of_the_loop():
    X, Y = datasets.make_moons(400, noise=0.2, seed=0)
    final = {}
    for lr in (0.01, 1.0):
        history = DeepNetwork([2, 8, 8, 1], seed=0).fit(X, Y, epochs=300, learning_rate=lr)
        final[lr] = history.history["loss"][-1]
    assert final[0.01] > 0.4  # barely moved from ~0.69
    assert final[1.0] < 0.15
