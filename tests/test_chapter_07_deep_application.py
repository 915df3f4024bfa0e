"""Reference numbers of the chapter "Deep network application: image classification"
(book/07_deep_application.md), recomputed through the library with the chapter's settings
(``lessons_code.deep.DIGITS_*``)."""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import datasets
from lessons_code.deep import (
    DIGITS_FIT,
    DIGITS_FOUR_LAYER_DIMS,
    DIGITS_SEED,
    DIGITS_TWO_LAYER_DIMS,
    DeepNetwork,
    L_model_backward,
    L_model_forward,
    initialize_parameters_deep,
    update_parameters,
)

# Test accuracies when the chapter was written (450 test images: one image = 0.22 points).
REFERENCE_TEST_ACC = {"2-layer": 0.969, "4-layer": 0.984}
REFERENCE_MULTICLASS_TEST_ACC = 0.964


@pytest.fixture(scope="module")
def data():
    return datasets.load_digits_binary(positive_digit=8, seed=DIGITS_SEED)


@pytest.fixture(scope="module")
def models(data):
    out = {}
    for name, dims in [("2-layer", DIGITS_TWO_LAYER_DIMS), ("4-layer", DIGITS_FOUR_LAYER_DIMS)]:
        out[name] = DeepNetwork(dims, seed=DIGITS_SEED)
        out[name].fit(data.X_train, data.Y_train, validation_data=(data.X_test, data.Y_test), **DIGITS_FIT)
    return out


@pytest.fixture(scope="module")
def multi():
    digits10 = datasets.load_digits_multiclass(seed=DIGITS_SEED)
    net = DeepNetwork([64, 32, 16, 10], output_activation="softmax", seed=DIGITS_SEED)
    net.fit(digits10.X_train, digits10.y_train, **DIGITS_FIT)
    return net, digits10


def test_data_and_baseline(data):
    assert data.X_train.shape == (64, 1347) and data.X_test.shape == (64, 450)
    assert np.array_equal(datasets.flatten_images(data.images_train), data.X_train)
    assert 0.0 <= data.X_train.min() and data.X_train.max() == 1.0
    assert 1 - data.Y_test.mean() == pytest.approx(0.904, abs=0.001)  # "always not 8"


def test_two_layer_vs_four_layer_test_accuracy(data, models):
    acc = {name: m.evaluate(data.X_test, data.Y_test)["accuracy"] for name, m in models.items()}
    for name, ref in REFERENCE_TEST_ACC.items():
        assert acc[name] == pytest.approx(ref, abs=0.005)  # within 2 images
    assert acc["4-layer"] > acc["2-layer"] > 1 - data.Y_test.mean()
    assert models["4-layer"].evaluate(data.X_train, data.Y_train)["accuracy"] == 1.0
    assert models["2-layer"].count_params() == 1057 and models["4-layer"].count_params() == 2753


@pytest.mark.slow
def test_four_layer_is_better_over_seeds(data):
    means = {}
    for name, dims in [("2-layer", DIGITS_TWO_LAYER_DIMS), ("4-layer", DIGITS_FOUR_LAYER_DIMS)]:
        accs = []
        for seed in range(5):
            net = DeepNetwork(dims, seed=seed)
            net.fit(data.X_train, data.Y_train, **DIGITS_FIT)
            accs.append(net.evaluate(data.X_test, data.Y_test)["accuracy"])
        means[name] = np.mean(accs)
    assert means["4-layer"] > means["2-layer"] + 0.005


def test_error_analysis_counts(data, models):
    pred = models["4-layer"].predict(data.X_test)[0]
    wrong = np.flatnonzero(pred != data.Y_test[0])
    missed = int(np.sum(data.Y_test[0, wrong] == 1))
    assert len(wrong) == round((1 - REFERENCE_TEST_ACC["4-layer"]) * 450)  # 7
    assert missed > len(wrong) - missed  # most mistakes are missed 8s


@pytest.mark.slow
def test_sweep_picks_a_four_layer_network_and_it_generalizes(data):
    order = np.random.default_rng(DIGITS_SEED).permutation(data.X_train.shape[1])
    n_val = data.X_train.shape[1] // 4
    val, fit_idx = order[:n_val], order[n_val:]
    archs = [[64, 8, 1], [64, 32, 1], [64, 32, 16, 8, 1], [64, 32, 32, 32, 32, 1]]
    lrs = [0.01, 0.03, 0.1, 0.3, 1.0]
    val_acc = np.zeros((len(archs), len(lrs)))
    for a, dims in enumerate(archs):
        for r, lr in enumerate(lrs):
            net = DeepNetwork(dims, seed=DIGITS_SEED)
            net.fit(data.X_train[:, fit_idx], data.Y_train[:, fit_idx], epochs=60, learning_rate=lr, batch_size=32)
            val_acc[a, r] = net.evaluate(data.X_train[:, val], data.Y_train[:, val])["accuracy"]
    assert np.all(val_acc[2] > val_acc[0]) and np.all(val_acc[2] > val_acc[1])  # 4-layer ahead everywhere
    best_a, best_r = np.unravel_index(np.argmax(val_acc), val_acc.shape)
    assert archs[best_a] == [64, 32, 16, 8, 1] and lrs[best_r] == 1.0
    best = DeepNetwork(archs[best_a], seed=DIGITS_SEED)
    best.fit(data.X_train, data.Y_train, epochs=60, learning_rate=lrs[best_r], batch_size=32)
    assert best.evaluate(data.X_test, data.Y_test)["accuracy"] == pytest.approx(0.993, abs=0.005)


def test_multiclass_softmax_test_accuracy(multi):
    net, digits10 = multi
    assert net.count_params() == 2778
    acc = net.evaluate(digits10.X_test, digits10.Y_test)["accuracy"]
    assert acc == pytest.approx(REFERENCE_MULTICLASS_TEST_ACC, abs=0.007)
    # integer labels and one-hot labels describe the same test set
    assert net.evaluate(digits10.X_test, digits10.y_test)["accuracy"] == acc


def test_prediction_on_the_sample_image(models, multi):
    x = datasets.load_image(datasets.sample_image_path())
    assert x.shape == (64, 1)
    for model in models.values():
        assert model.predict(x).item() == 1.0  # both binary networks say "8"
    net, _ = multi
    probs = net.predict_proba(x)[:, 0]
    assert probs.sum() == pytest.approx(1.0)
    assert int(net.predict(x).item()) == 8 and 0.4 < probs[8] < 0.8  # right, but unsure


def test_exercise_hand_written_loop_equals_fit(data):
    p = initialize_parameters_deep(DIGITS_TWO_LAYER_DIMS, seed=np.random.default_rng(0))
    for _ in range(100):
        AL, caches = L_model_forward(data.X_train, p)
        p = update_parameters(p, L_model_backward(AL, data.Y_train, caches), 0.5)
    ref = DeepNetwork(DIGITS_TWO_LAYER_DIMS, seed=0)
    ref.fit(data.X_train, data.Y_train, epochs=100, learning_rate=0.5)
    assert max(float(np.abs(p[k] - ref.parameters[k]).max()) for k in p) < 1e-12
