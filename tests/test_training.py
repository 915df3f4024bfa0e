"""Training stops with a clear error when gradient descent diverges, instead of training on into NaN;
and ``fit`` trains on the layout of X that keeps it fast."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lessons_code.deep import DeepNetwork
from lessons_code.logistic import LogisticRegression
from lessons_code.training import TrainingDiverged


def regression_data(scale, m=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    Y = scale * (1.0 + X[:1] + 0.5 * X[1:] ** 2)
    return X, Y


def test_unscaled_targets_stop_with_the_epoch_the_cost_and_the_cause():
    X, Y = regression_data(scale=100.0)
    net = DeepNetwork([2, 8, 1], hidden_activation="relu", output_activation="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning (overflow) escapes on the way
        with pytest.raises(TrainingDiverged) as info:
            net.fit(X, Y, epochs=100, learning_rate=0.1)
    message = str(info.value)
    assert "training diverged at epoch" in message and "of 100" in message
    assert "the cost became" in message and ("nan" in message or "inf" in message)
    assert "learning rate 0.1" in message and "targets are not scaled" in message
    epoch = int(message.split("at epoch ")[1].split()[0])
    assert 1 < epoch < 100  # it stopped early, not after the last epoch


def test_the_same_model_trains_when_the_targets_are_scaled():
    X, Y = regression_data(scale=1.0)
    net = DeepNetwork([2, 8, 1], hidden_activation="relu", output_activation="identity", seed=0)
    history = net.fit(X, Y, epochs=100, learning_rate=0.1)
    assert np.all(np.isfinite(history.history["loss"]))
    assert history.history["loss"][-1] < history.history["loss"][0] / 5


def test_a_huge_learning_rate_on_unscaled_inputs_names_the_inputs():
    rng = np.random.default_rng(1)
    X = rng.normal(0, 1000.0, (3, 100))
    Y = (X[:1] > 0).astype(float)
    net = DeepNetwork([3, 4, 1], hidden_activation="relu", output_activation="sigmoid", seed=0)
    try:
        net.fit(X, Y, epochs=50, learning_rate=1e6)
    except TrainingDiverged as error:
        assert "inputs are not scaled" in str(error)
    else:  # the cross-entropy is clipped, so a sigmoid net may stay finite: then it must be finite
        assert all(np.all(np.isfinite(v)) for v in net.parameters.values())


def test_divergence_is_a_floating_point_error_for_callers_that_catch_those():
    X, Y = regression_data(scale=100.0)
    with pytest.raises(FloatingPointError):
        DeepNetwork([2, 8, 1], output_activation="identity", seed=0).fit(X, Y, epochs=100)


def test_logistic_regression_trains_without_divergence_on_its_chapter_scale():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 300))
    Y = (X[:1] + X[1:2] > 0).astype(float)
    history = LogisticRegression().fit(X, Y, epochs=50, learning_rate=0.5)
    assert np.all(np.isfinite(history.history["loss"]))


def test_fit_gathers_mini_batches_from_a_row_major_copy_and_uses_X_itself_for_a_full_batch(
    monkeypatch,
):
    """Gathering a mini-batch's columns from a column-major X (as ``datasets`` builds it) is slow,
    so ``fit`` copies X to row-major order once; a full batch needs no gather, hence no copy."""
    from lessons_code import training

    seen = []

    def spy(X, Y, *args, **kwargs):
        seen.append(X)
        return iterate_minibatches(X, Y, *args, **kwargs)

    iterate_minibatches = training.iterate_minibatches
    monkeypatch.setattr(training, "iterate_minibatches", spy)
    X = np.asfortranarray(np.random.default_rng(0).standard_normal((4, 30)))
    Y = (X[:1] > 0).astype(float)
    LogisticRegression().fit(X, Y, epochs=2)
    assert len(seen) == 2 and all(x is X for x in seen)
    seen.clear()
    DeepNetwork([4, 3, 1]).fit(X, Y, epochs=2, batch_size=8)
    assert len(seen) == 2 and all(x is not X and x.flags.c_contiguous for x in seen)
