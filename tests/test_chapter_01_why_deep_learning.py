"""Key numbers of the chapter "Why deep learning?", recomputed through the library.

The experiments mirror book/01_why_deep_learning.md exactly (same data split, seeds, layer sizes and
training settings); if one of them changes there, change it here too. The reference values are
the ones the chapter reported when it was written; the tolerances allow for floating-point
differences between machines, not for a change of behaviour. The qualitative claims the prose
makes about these numbers (which model is ahead where) are asserted separately, so a change in the
library that would make the chapter's text wrong fails here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from lessons_code import datasets
from lessons_code.deep import DeepNetwork, count_parameters

# --- mirrored from the chapter -------------------------------------------------------------
MODELS = {"logistic regression": [64, 10], "small network": [64, 16, 10],
          "larger network": [64, 128, 64, 10]}
SEEDS = [0, 1, 2]
EPOCHS, MIN_STEPS, BATCH_SIZE, LEARNING_RATE = 40, 200, 32, 0.1
ACTIVATION_DIMS = [64, 32, 32, 32, 10]


@pytest.fixture(scope="module")
def data():
    return datasets.load_digits_multiclass(seed=0)


def train_and_test(data, layer_dims, m, seed):
    """The chapter's train_and_test: m stratified training digits -> test accuracy."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(data.X_train.shape[1])
    if m < idx.size:
        idx, _ = train_test_split(idx, train_size=m, stratify=data.y_train[0], random_state=seed)
    epochs = max(EPOCHS, math.ceil(MIN_STEPS / math.ceil(m / BATCH_SIZE)))
    net = DeepNetwork(layer_dims, output_activation="softmax", seed=seed)
    net.fit(data.X_train[:, idx], data.Y_train[:, idx], epochs=epochs,
            learning_rate=LEARNING_RATE, batch_size=BATCH_SIZE)
    return net.evaluate(data.X_test, data.Y_test)["accuracy"]


@pytest.fixture(scope="module")
def scale_accuracy(data):
    """Mean test accuracy over the seeds, for the sizes the prose discusses: {name: {m: acc}}."""
    sizes = [20, 50, 200, 500, data.X_train.shape[1]]
    with threadpool_limits(limits=1):
        return {
            name: {m: float(np.mean([train_and_test(data, dims, m, s) for s in SEEDS])) for m in sizes}
            for name, dims in MODELS.items()
        }


def test_digits_split_sizes(data):
    m_train, m_test = data.X_train.shape[1], data.X_test.shape[1]
    assert m_train + m_test == 1797  # the digits bundled with scikit-learn
    assert (m_train, m_test) == (1347, 450)
    assert data.X_train.shape[0] == 64 and data.Y_train.shape == (10, m_train)
    # every column of Y is one-hot and agrees with the integer labels
    assert np.array_equal(data.Y_train.argmax(axis=0), data.y_train[0])


def test_parameter_counts_of_the_three_models():
    expected = {name: sum(dims[l] * dims[l - 1] + dims[l] for l in range(1, len(dims)))
                for name, dims in MODELS.items()}
    assert {name: count_parameters(dims) for name, dims in MODELS.items()} == expected
    assert expected == {"logistic regression": 650, "small network": 1210, "larger network": 17226}
    assert count_parameters([4, 3, 1]) == 19  # the housing network of the first figure


# Reference values (means over the three seeds) reported by the chapter.
REFERENCE = {
    ("logistic regression", 20): 0.6948, ("small network", 20): 0.6326, ("larger network", 20): 0.6756,
    ("logistic regression", 50): 0.8407, ("small network", 50): 0.8007, ("larger network", 50): 0.8526,
    ("logistic regression", 200): 0.9037, ("small network", 200): 0.8956, ("larger network", 200): 0.9259,
    ("logistic regression", 500): 0.9259, ("small network", 500): 0.9385, ("larger network", 500): 0.9563,
    ("logistic regression", 1347): 0.9541, ("small network", 1347): 0.9659,
    ("larger network", 1347): 0.9756,
}


@pytest.mark.parametrize("name, m", sorted(REFERENCE))
def test_scale_curve_reference_values(scale_accuracy, name, m):
    assert scale_accuracy[name][m] == pytest.approx(REFERENCE[(name, m)], abs=0.01)


def test_scale_curve_claims_of_the_prose(scale_accuracy, data):
    acc = scale_accuracy
    full = data.X_train.shape[1]
    lr, small, large = (acc[name] for name in MODELS)
    # With all the data the ordering is the sketch's: larger > small > logistic regression,
    # and the larger network makes clearly fewer errors.
    assert large[full] > small[full] > lr[full]
    assert (1 - lr[full]) / (1 - large[full]) > 1.5
    # With 20 examples the simplest model is ahead of both networks ...
    assert lr[20] > large[20] and lr[20] > small[20]
    # ... and at 50 the order of the three models is different again.
    order = {m: sorted(acc, key=lambda name: acc[name][m]) for m in (20, 50)}
    assert order[20] != order[50]
    # The small network overtakes logistic regression between 200 and 500 examples.
    assert small[200] < lr[200] and small[500] > lr[500]
    # More data helps every model, and all three are still improving at the right edge.
    for curve in acc.values():
        assert curve[20] < curve[50] < curve[200] < curve[500] < curve[full]


def test_relu_trains_much_faster_than_sigmoid(data):
    """The 'algorithms' experiment: same network and settings, only the hidden activation differs."""
    results = {}
    with threadpool_limits(limits=1):
        for activation, init in (("sigmoid", "xavier"), ("relu", "he")):
            net = DeepNetwork(ACTIVATION_DIMS, hidden_activation=activation,
                              output_activation="softmax", init=init, seed=0)
            history = net.fit(data.X_train, data.Y_train, epochs=20, learning_rate=0.1, batch_size=32)
            results[activation] = (history.history["loss"][-1],
                                   net.evaluate(data.X_test, data.Y_test)["accuracy"])
    (sig_loss, sig_acc), (relu_loss, relu_acc) = results["sigmoid"], results["relu"]
    # The sigmoid network has barely left the uniform guess (loss ln 10, accuracy ~ 10%) ...
    assert sig_loss == pytest.approx(math.log(10), abs=0.05)
    assert sig_acc < 0.2
    # ... while the ReLU network has learned the task.
    assert relu_loss < 0.2
    assert relu_acc == pytest.approx(0.9556, abs=0.015)
