"""Our losses against Keras's: the same numbers, up to the documented differences of convention.

* Categorical cross-entropy: ``keras.losses.sparse_categorical_crossentropy`` on integer labels,
  ``keras.losses.categorical_crossentropy`` on one-hot rows and our
  :func:`lessons_code.losses.categorical_cross_entropy` on columns are one number.
* Mean squared error: ours is ``J = (1/m) sum_i (1/2) ||a(i) - y(i)||^2``; Keras's ``"mse"`` has no
  1/2 and also averages over the n_y outputs, so it is ``2 J / n_y`` (``2 J`` for one output).
* Binary cross-entropy on probabilities: Keras clips them to [eps, 1 - eps] (eps = 1e-7) and
  otherwise computes our cost.
"""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from lessons_code.activations import softmax  # noqa: E402
from lessons_code.losses import (  # noqa: E402
    binary_cross_entropy,
    categorical_cross_entropy,
    mean_squared_error,
    one_hot,
)

pytestmark = pytest.mark.tf


def test_sparse_and_one_hot_cross_entropy_equal_ours():
    rng = np.random.default_rng(0)
    m, C = 40, 10
    P = softmax(rng.normal(0, 2, (C, m))).T             # Keras layout: (m, C) probabilities
    y = rng.integers(0, C, m)
    sparse = float(np.mean(keras.losses.sparse_categorical_crossentropy(y, P)))
    dense = float(np.mean(keras.losses.categorical_crossentropy(one_hot(y, C).T, P)))
    ours = categorical_cross_entropy(P.T, one_hot(y, C))
    assert sparse == pytest.approx(ours, rel=1e-5)
    assert dense == pytest.approx(ours, rel=1e-5)
    # and it is minus the mean log-probability of the true class
    assert ours == pytest.approx(-np.mean(np.log(P[np.arange(m), y])), rel=1e-12)


@pytest.mark.parametrize("n_y", [1, 3])
def test_keras_mse_is_twice_our_cost_over_the_outputs(n_y):
    rng = np.random.default_rng(1)
    y, pred = rng.normal(size=(50, n_y)), rng.normal(size=(50, n_y))   # Keras layout: (m, n_y)
    keras_mse = float(np.mean(keras.losses.mean_squared_error(y, pred)))
    assert keras_mse == pytest.approx(2 * mean_squared_error(pred.T, y.T) / n_y, rel=1e-6)


def test_keras_binary_cross_entropy_clips_probabilities_and_otherwise_equals_ours():
    eps = keras.config.epsilon()
    assert eps == 1e-7
    rng = np.random.default_rng(2)
    AL = rng.uniform(0.01, 0.99, (1, 30))
    Y = (rng.uniform(size=(1, 30)) < 0.5).astype(float)
    keras_cost = float(np.mean(keras.losses.binary_crossentropy(Y.T, AL.T)))
    assert keras_cost == pytest.approx(binary_cross_entropy(AL, Y), rel=1e-5)
    # a probability of exactly 1 for a negative example is clipped to 1 - eps, not infinite
    clipped = float(keras.losses.binary_crossentropy(np.array([[0.0]]), np.array([[1.0]]))[0])
    assert clipped == pytest.approx(-np.log(eps), rel=1e-3)
