"""Logistic regression: reference values, gradient check, and the model class."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import logistic as lg
from lessons_code.gradcheck import gradient_check

# The small example of the Deep Learning Specialization's logistic-regression assignment, whose
# published results (computed independently) we reproduce.
W = np.array([[1.0], [2.0]])
B = 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1.0, 0.0, 1.0]])


def test_initialize_with_zeros():
    w, b = lg.initialize_with_zeros(3)
    assert w.shape == (3, 1) and w.dtype == np.float64 and not w.any()
    assert b == 0.0 and isinstance(b, float)


def test_propagate_reference_values():
    grads, cost = lg.propagate(W, B, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.00145557813678, rel=1e-8)
    assert cost == pytest.approx(5.801545319394553, rel=1e-12)


def test_propagate_gradient_check(rng):
    Xr = rng.standard_normal((4, 10))
    Yr = (rng.random((1, 10)) > 0.5).astype(float)
    w, b = rng.standard_normal((4, 1)), 0.3
    grads, _ = lg.propagate(w, b, Xr, Yr)
    cost = lambda p: lg.propagate(p["w"], p["b"], Xr, Yr)[1]  # noqa: E731
    assert gradient_check(cost, {"w": w, "b": b}, grads, epsilon=1e-6) < 1e-7


def test_optimize_reference_values():
    params, grads, costs = lg.optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=1e-7)
    assert params["b"] == pytest.approx(1.92535983008, rel=1e-9)
    np.testing.assert_allclose(grads["dw"], [[0.67752042], [1.41625495]], rtol=1e-7)
    assert grads["db"] == pytest.approx(0.219194504541, rel=1e-9)
    assert len(costs) == 100 and costs[0] == pytest.approx(5.801545319394553)
    assert np.all(np.diff(costs) < 0)  # a small enough step decreases the cost every time
    np.testing.assert_array_equal(W, [[1.0], [2.0]])  # the caller's w is untouched
    _, _, every10 = lg.optimize(W, B, X, Y, num_iterations=100, learning_rate=0.009, record_every=10)
    assert every10 == costs[::10]


def test_optimize_prints_every_100(capsys):
    lg.optimize(W, B, X, Y, num_iterations=250, learning_rate=0.009, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0",
        "Cost after iteration 100",
        "Cost after iteration 200",
    ]


def test_predict_reference():
    w = np.array([[0.1124579], [0.23106775]])
    Xp = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    np.testing.assert_array_equal(lg.predict(w, -0.3, Xp), [[1.0, 1.0, 0.0]])


def test_model_class_follows_optimize_exactly():
    Xr = np.random.default_rng(0).standard_normal((3, 40))
    Yr = (Xr[0:1] + 0.5 * Xr[1:2] > 0).astype(float)
    params, _, costs = lg.optimize(np.zeros((3, 1)), 0.0, Xr, Yr, num_iterations=50, learning_rate=0.5)
    model = lg.LogisticRegression()
    history = model.fit(Xr, Yr, epochs=50, learning_rate=0.5)
    np.testing.assert_allclose(model.w, params["w"], rtol=1e-12)
    assert model.b == pytest.approx(params["b"], rel=1e-12)
    np.testing.assert_allclose(history.history["loss"], costs, rtol=1e-12)  # full batch: same J
    assert history.epoch == list(range(50))
    proba = model.predict_proba(Xr)
    assert proba.shape == (1, 40) and np.all((proba > 0) & (proba < 1))
    np.testing.assert_array_equal(model.predict(Xr), lg.predict(model.w, model.b, Xr))
    result = model.evaluate(Xr, Yr)
    assert set(result) == {"loss", "accuracy"} and result["accuracy"] > 0.9


def test_model_class_minibatches_and_validation():
    rng = np.random.default_rng(1)
    Xr = rng.standard_normal((2, 200))
    Yr = (Xr[0:1] - Xr[1:2] + 0.3 * rng.standard_normal((1, 200)) > 0).astype(float)
    model = lg.LogisticRegression(seed=0)
    h = model.fit(Xr[:, :150], Yr[:, :150], epochs=20, learning_rate=0.5, batch_size=16,
                  validation_data=(Xr[:, 150:], Yr[:, 150:]))
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert h.history["loss"][-1] < h.history["loss"][0]
    assert h.history["val_accuracy"][-1] > 0.8
    assert h.history["val_loss"][-1] == pytest.approx(model.evaluate(Xr[:, 150:], Yr[:, 150:])["loss"])


def test_model_must_be_fitted_first():
    with pytest.raises(RuntimeError, match=r"call fit\(X, Y\) first"):
        lg.LogisticRegression().predict(np.zeros((2, 3)))
