"""Parity with scikit-learn: our logistic regression, trained to convergence, finds the same optimum.

Data: three standardized features of scikit-learn's bundled breast-cancer set (mean radius, mean
texture, mean smoothness). With so few features the classes overlap, so the unregularized optimum is
finite and unique; gradient descent and scikit-learn's L-BFGS must reach the same point.
(``C=np.inf`` is scikit-learn's spelling of "no penalty" since ``penalty=None`` was deprecated.)

Tolerance: coefficients and intercept within rtol 1e-6; identical training accuracy and predictions.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import logistic

FEATURES = [0, 1, 4]  # mean radius, mean texture, mean smoothness


@pytest.fixture(scope="module")
def cancer():
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X = data.data[:, FEATURES]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, data.target


def test_logistic_regression_matches_sklearn(cancer):
    from sklearn.linear_model import LogisticRegression

    X_rows, y = cancer
    sk = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10000).fit(X_rows, y)

    X, Y = X_rows.T, y.reshape(1, -1).astype(float)  # our layout: one example per column
    w, b = logistic.initialize_with_zeros(X.shape[0])
    params, grads, costs = logistic.optimize(w, b, X, Y, num_iterations=2000, learning_rate=2.0)

    assert np.abs(grads["dw"]).max() < 1e-9  # converged: the gradient vanishes
    np.testing.assert_allclose(params["w"].ravel(), sk.coef_.ravel(), rtol=1e-6)
    np.testing.assert_allclose(params["b"], sk.intercept_[0], rtol=1e-6)
    ours = logistic.predict(params["w"], params["b"], X)
    np.testing.assert_array_equal(ours.ravel(), sk.predict(X_rows))
    accuracy = float(np.mean(ours == Y))
    assert accuracy == sk.score(X_rows, y)
    assert 0.85 < accuracy < 1.0  # not separable


def test_model_class_matches_sklearn_probabilities(cancer):
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    X_rows, y = cancer
    sk = SkLogisticRegression(C=np.inf, tol=1e-10, max_iter=10000).fit(X_rows, y)
    model = logistic.LogisticRegression()
    model.fit(X_rows.T, y.reshape(1, -1), epochs=2000, learning_rate=2.0)
    np.testing.assert_allclose(model.predict_proba(X_rows.T).ravel(), sk.predict_proba(X_rows)[:, 1], rtol=1e-6)
