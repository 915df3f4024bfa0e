"""The reference numbers of the chapter "Shallow neural networks", recomputed through the library.

Same data, seeds and hyperparameters as book/05_shallow_networks.md: the flower of
``shallow.FLOWER_DATA`` trained with ``shallow.FLOWER_FIT``; the chapter's own constants (the test
flower and the hidden-layer sizes of the sweep) are mirrored here.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import datasets
from lessons_code.gradcheck import gradient_check
from lessons_code.initializers import initialize_parameters as initialize_layers
from lessons_code.logistic import LogisticRegression
from lessons_code.shallow import (
    FLOWER_DATA,
    FLOWER_FIT,
    FLOWER_N_H,
    ShallowNetwork,
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    nn_model,
    predict,
    update_parameters,
)

# Mirrors of the chapter's constants.
HIDDEN_SIZES = (1, 2, 3, 4, 5, 20, 50)
FLOWER_TEST = {"m": 400, "seed": 2}

# One example of 400 is 0.0025 of accuracy: allow a difference of two examples at most.
ACC_TOL = 0.0051

# The chapter's glued numbers: (training accuracy, test accuracy) for each n_h of the sweep.
SWEEP_REFERENCE = {
    1: (0.7125, 0.695),
    2: (0.6925, 0.6875),
    3: (0.94, 0.9325),
    4: (0.94, 0.93),
    5: (0.94, 0.93),
    20: (0.965, 0.8925),
    50: (0.975, 0.875),
}


@pytest.fixture(scope="module")
def flower():
    return datasets.make_flower(**FLOWER_DATA)


@pytest.fixture(scope="module")
def flower_test():
    return datasets.make_flower(**FLOWER_TEST)


@pytest.fixture(scope="module")
def log_reg(flower):
    X, Y = flower
    model = LogisticRegression()
    model.fit(X, Y, **FLOWER_FIT)
    return model


def _nn_model(X, Y, n_h, **kwargs):
    return nn_model(X, Y, n_h, num_iterations=FLOWER_FIT["epochs"],
                    learning_rate=FLOWER_FIT["learning_rate"], **kwargs)


def test_flower_logistic_regression_vs_four_hidden_units(flower, log_reg):
    X, Y = flower
    assert log_reg.evaluate(X, Y)["accuracy"] == pytest.approx(0.51, abs=ACC_TOL)
    params, costs = _nn_model(X, Y, FLOWER_N_H)
    assert np.mean(predict(params, X) == Y) == pytest.approx(0.94, abs=ACC_TOL)
    assert costs[0] == pytest.approx(np.log(2), abs=1e-3)
    assert costs[-1] == pytest.approx(0.1741, abs=1e-3)


def test_hidden_size_sweep_reference_accuracies(flower, flower_test):
    X, Y = flower
    X_test, Y_test = flower_test
    results = {}
    for n_h in HIDDEN_SIZES:
        net = ShallowNetwork(n_h=n_h)
        net.fit(X, Y, **FLOWER_FIT)
        results[n_h] = (net.evaluate(X, Y)["accuracy"], net.evaluate(X_test, Y_test)["accuracy"])
    for n_h, (train, test) in SWEEP_REFERENCE.items():
        assert results[n_h][0] == pytest.approx(train, abs=ACC_TOL), f"train accuracy, n_h = {n_h}"
        assert results[n_h][1] == pytest.approx(test, abs=ACC_TOL), f"test accuracy, n_h = {n_h}"
    # The chapter's reading: 1-2 units underfit, 3-5 generalize, 20-50 overfit.
    assert max(results[1][0], results[2][0]) < 0.75
    assert min(results[n][1] for n in (3, 4, 5)) > 0.9
    assert results[50][0] > results[4][0] and results[50][1] < results[4][1] - 0.03


def test_linear_hidden_layer_collapses_to_logistic_regression(flower, log_reg):
    X, Y = flower
    params, _ = _nn_model(X, Y, 4, hidden_activation="identity")
    W_eff = params["W2"] @ params["W1"]
    b_eff = params["W2"] @ params["b1"] + params["b2"]
    np.testing.assert_allclose(W_eff, log_reg.w.T, atol=1e-6)
    assert b_eff.item() == pytest.approx(log_reg.b, abs=1e-6)
    assert np.array_equal(predict(params, X, hidden_activation="identity"), log_reg.predict(X))


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_chapter_gradient_check(flower, hidden):
    X, Y = flower
    params = initialize_parameters(2, 4, 1, seed=0, scale=1.0)
    _, cache = forward_propagation(X, params, hidden)
    grads = backward_propagation(params, cache, X, Y, hidden)
    error = gradient_check(lambda p: compute_cost(forward_propagation(X, p, hidden)[0], Y), params, grads)
    assert error < 1e-7


def test_gradient_check_catches_wrong_derivative(flower):
    X, Y = flower
    params = initialize_parameters(2, 4, 1, seed=0, scale=1.0)
    _, cache = forward_propagation(X, params, "tanh")
    wrong = backward_propagation(params, cache, X, Y, hidden_activation="relu")
    error = gradient_check(lambda p: compute_cost(forward_propagation(X, p, "tanh")[0], Y), params, wrong)
    assert error > 1e-2


@pytest.mark.parametrize("weight, accuracy", [(0.0, 0.5), (0.5, 0.68)])
def test_symmetric_initialization_keeps_hidden_units_identical(flower, weight, accuracy):
    X, Y = flower
    start = initialize_layers([2, 4, 1], method="zeros")
    start["W1"][:] = weight
    start["W2"][:] = weight
    net = ShallowNetwork(n_h=4)
    net.parameters = start
    net.fit(X, Y, **FLOWER_FIT)
    W1 = net.parameters["W1"]
    assert np.max(np.abs(W1 - W1[0])) == 0.0
    assert net.evaluate(X, Y)["accuracy"] == pytest.approx(accuracy, abs=ACC_TOL)
    if weight == 0.0:
        assert np.all(W1 == 0.0)  # with tanh and W2 = 0, the hidden layer never moves


def _train_recording(X, Y, scale, iterations=2000):
    p = initialize_parameters(2, 4, 1, seed=2, scale=scale)
    costs, slopes = [], []
    for _ in range(iterations):
        A2, cache = forward_propagation(X, p, check=False)
        costs.append(compute_cost(A2, Y, check=False))
        slopes.append(np.mean(1 - cache["A1"] ** 2))
        grads = backward_propagation(p, cache, X, Y, check=False)
        p = update_parameters(p, grads, FLOWER_FIT["learning_rate"], check=False)
    return np.array(costs), np.array(slopes)


def test_large_weights_saturate_tanh_and_slow_learning(flower):
    X, Y = flower
    small_costs, small_slopes = _train_recording(X, Y, 0.01)
    large_costs, large_slopes = _train_recording(X, Y, 10.0)
    huge_costs, huge_slopes = _train_recording(X, Y, 100.0)
    assert small_slopes[0] > 0.99 and small_costs[0] == pytest.approx(np.log(2), abs=1e-3)
    assert large_costs[0] > 5 and np.all(large_slopes < 0.1)
    assert np.all(huge_slopes < 0.01)
    assert small_costs[-1] == pytest.approx(0.2016, abs=1e-3)
    assert large_costs[-1] == pytest.approx(0.1901, abs=1e-3)
    assert huge_costs[-1] > 2 * small_costs[-1]  # deep saturation: still far from trained
    assert 15 <= np.argmax(large_costs < np.log(2)) <= 30  # the chapter: 22 iterations
