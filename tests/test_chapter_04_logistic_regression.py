"""The key numbers of chapter 4, "Logistic regression as a neural network", through the library.

Same data, seeds and hyperparameters as book/04_logistic_regression.md (keep them in sync): the
digits split with seed 0, "is this an 8?", gradient descent from zeros with learning rate 0.5 for
2,000 iterations. The chapter glues these numbers into its prose; these tests make sure the prose
stays true when the library changes.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import datasets, gradcheck, logistic
from lessons_code.activations import sigmoid
from lessons_code.training import accuracy

# Mirrors the chapter's first cell.
POSITIVE_DIGIT, SPLIT_SEED = 8, 0
LEARNING_RATE, NUM_ITERATIONS = 0.5, 2000


@pytest.fixture(scope="module")
def data():
    return datasets.load_digits_binary(positive_digit=POSITIVE_DIGIT, seed=SPLIT_SEED)


@pytest.fixture(scope="module")
def trained(data):
    w0, b0 = logistic.initialize_with_zeros(data.X_train.shape[0])
    params, _, costs = logistic.optimize(
        w0, b0, data.X_train, data.Y_train, num_iterations=NUM_ITERATIONS, learning_rate=LEARNING_RATE
    )
    return params["w"], params["b"], costs


def test_data_shapes_and_baseline(data):
    assert data.X_train.shape == (64, 1347) and data.Y_train.shape == (1, 1347)
    assert data.X_test.shape == (64, 450) and data.Y_test.shape == (1, 450)
    baseline = accuracy(data.Y_test, np.zeros_like(data.Y_test))
    assert baseline == pytest.approx(0.9044, abs=1e-3)  # "always answer not 8"


def test_gradients_pass_the_gradient_check(data):
    rng = np.random.default_rng(0)
    params = {"w": rng.normal(0.0, 0.1, size=(64, 1)), "b": 0.3}

    def cost_fn(p):
        return logistic.propagate(p["w"], p["b"], data.X_train, data.Y_train)[1]

    grads, _ = logistic.propagate(params["w"], params["b"], data.X_train, data.Y_train)
    assert gradcheck.gradient_check(cost_fn, params, grads) < 1e-7
    m = data.X_train.shape[1]
    wrong = {"dw": grads["dw"] * m, "db": grads["db"] * m}  # the chapter's "forgot 1/m" bug
    assert gradcheck.gradient_check(cost_fn, params, wrong) > 0.5


def test_derived_gradient_formulas(data):
    """dw = (1/m) X (A - Y)^T and db = (1/m) sum(A - Y), as derived in the chapter."""
    rng = np.random.default_rng(1)
    w, b = rng.normal(0.0, 0.1, size=(64, 1)), -0.2
    X, Y = data.X_train, data.Y_train
    grads, cost = logistic.propagate(w, b, X, Y)
    A = sigmoid(w.T @ X + b)
    m = X.shape[1]
    np.testing.assert_allclose(grads["dw"], X @ (A - Y).T / m, rtol=1e-12)
    assert grads["db"] == pytest.approx(float(np.sum(A - Y)) / m, rel=1e-12)
    assert cost == pytest.approx(float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))), rel=1e-12)


def test_training_reference_numbers(data, trained):
    w, b, costs = trained
    assert len(costs) == NUM_ITERATIONS
    assert costs[0] == pytest.approx(np.log(2.0), rel=1e-12)  # w = 0: every prediction is 0.5
    assert all(np.diff(costs) < 0)  # alpha = 0.5 is below the curvature bound: J always decreases
    assert costs[-1] == pytest.approx(0.0839, abs=2e-3)
    train_acc = accuracy(data.Y_train, logistic.predict(w, b, data.X_train))
    test_acc = accuracy(data.Y_test, logistic.predict(w, b, data.X_test))
    assert train_acc == pytest.approx(0.969, abs=0.01)
    assert test_acc == pytest.approx(0.960, abs=0.01)
    baseline = accuracy(data.Y_test, np.zeros_like(data.Y_test))
    assert (1 - test_acc) < 0.5 * (1 - baseline)  # the chapter: well under half the baseline's errors


def test_learning_rate_regimes(data):
    w0, b0 = logistic.initialize_with_zeros(64)
    curves = {
        lr: np.array(logistic.optimize(w0, b0, data.X_train, data.Y_train, num_iterations=300, learning_rate=lr)[2])
        for lr in (0.05, 0.5, 20.0)
    }
    assert np.all(np.diff(curves[0.05]) < 0) and np.all(np.diff(curves[0.5]) < 0)
    assert curves[0.5][-1] < curves[0.05][-1]  # faster
    big = curves[20.0]
    assert np.sum(np.diff(big[200:]) > 0) >= 30  # still zig-zagging at the end
    assert big.max() > 2 * np.log(2.0)  # spikes far above the untrained cost
    assert big[-1] > curves[0.5][-1]  # and no better than alpha = 0.5
    lam_max = np.linalg.eigvalsh(data.X_train @ data.X_train.T / data.X_train.shape[1]).max()
    assert 0.5 < 2 / (lam_max / 4) < 20.0  # the exercise's bound separates the two rates


def test_sklearn_agreement(data, trained):
    from sklearn.linear_model import LogisticRegression

    w, b, costs = trained
    sk = LogisticRegression(C=np.inf, max_iter=10_000).fit(data.X_train.T, data.Y_train.ravel())
    w_sk, b_sk = sk.coef_.T, float(sk.intercept_[0])
    pred = logistic.predict(w, b, data.X_test)[0]
    assert np.mean(sk.predict(data.X_test.T) == pred) >= 0.95
    assert np.corrcoef(w.ravel(), w_sk.ravel())[0, 1] >= 0.6
    assert sk.score(data.X_test.T, data.Y_test.ravel()) >= 0.93
    grads_sk, cost_sk = logistic.propagate(w_sk, b_sk, data.X_train, data.Y_train)
    assert cost_sk < costs[-1]  # scikit-learn went further down the same cost ...
    assert np.linalg.norm(grads_sk["dw"]) < 1e-2  # ... essentially to a stationary point of our J
    assert np.abs(w_sk).max() > 3 * np.abs(w).max()  # with much larger weights


def test_class_matches_functions(data, trained):
    w, b, costs = trained
    model = logistic.LogisticRegression()
    history = model.fit(data.X_train, data.Y_train, epochs=NUM_ITERATIONS, learning_rate=LEARNING_RATE)
    np.testing.assert_allclose(model.w, w, atol=1e-10)
    assert model.b == pytest.approx(b, abs=1e-10)
    np.testing.assert_allclose(history.history["loss"], costs, rtol=1e-10)
    assert model.evaluate(data.X_test, data.Y_test)["accuracy"] == pytest.approx(
        accuracy(data.Y_test, logistic.predict(w, b, data.X_test))
    )


def test_mistakes_and_multiclass_alignment(data, trained):
    w, b, _ = trained
    multi = datasets.load_digits_multiclass(seed=SPLIT_SEED)
    np.testing.assert_array_equal(multi.images_test, data.images_test)  # same split, same order
    true_digit = multi.y_test[0]
    np.testing.assert_array_equal(true_digit == POSITIVE_DIGIT, data.Y_test[0] == 1)
    pred = logistic.predict(w, b, data.X_test)[0]
    wrong = np.flatnonzero(pred != data.Y_test[0])
    assert 10 <= len(wrong) <= 25
    assert np.all(true_digit[wrong[pred[wrong] == 0]] == POSITIVE_DIGIT)  # missed 8s are 8s


def test_own_image(trained):
    w, b, _ = trained
    x = datasets.load_image(datasets.sample_image_path())
    assert x.shape == (64, 1)
    assert x.min() >= 0.0 and x.max() == pytest.approx(1.0)
    p = float(sigmoid(w.T @ x + b)[0, 0])
    assert p == pytest.approx(0.435, abs=0.02)
    assert logistic.predict(w, b, x)[0, 0] == float(p > 0.5)
