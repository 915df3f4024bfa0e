"""Key facts of chapter 9, "Deeper networks and text with Keras", checked through the library.

The chapter's statements that do not depend on a long training run: the three spellings of
categorical cross-entropy agree (Keras sparse, Keras one-hot, ours), Keras's "mse" is twice our
mean squared error cost, the text pipeline (split, vocabulary from the training texts only,
multi-hot vectors) has the shapes the chapter describes, a bag-of-words classifier on the shipped
corpus beats chance by a wide margin, and the exercise solutions pass their self-checks.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from sklearn.model_selection import train_test_split  # noqa: E402

from lessons_code import datasets  # noqa: E402
from lessons_code.activations import softmax  # noqa: E402
from lessons_code.checks import check_compute_cost, check_softmax  # noqa: E402
from lessons_code.deep import count_parameters  # noqa: E402
from lessons_code.keras_bridge import build_keras_model  # noqa: E402
from lessons_code.losses import categorical_cross_entropy, mean_squared_error, one_hot  # noqa: E402

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


def test_keras_mse_is_twice_our_cost():
    rng = np.random.default_rng(1)
    y, pred = rng.normal(size=(50, 1)), rng.normal(size=(50, 1))
    keras_mse = float(np.mean(keras.losses.mean_squared_error(y, pred)))
    assert keras_mse == pytest.approx(2 * mean_squared_error(pred.T, y.T), rel=1e-6)


def test_overfitting_networks_parameter_counts():
    big, small = [64, 256, 256, 10], [64, 16, 10]
    assert build_keras_model(big, output_activation="softmax").count_params() == count_parameters(big) == 85002
    assert count_parameters(small) == 1210
    assert round(count_parameters(big) / count_parameters(small)) == 70


@pytest.fixture(scope="module")
def corpus_split():
    texts, labels, names = datasets.load_corpus()
    return train_test_split(np.array(texts), labels, test_size=0.25, random_state=0, stratify=labels), names


def test_text_vectorization_vocabulary_comes_from_training_texts(corpus_split):
    (texts_tr, texts_te, lab_tr, lab_te), names = corpus_split
    assert names == ["computing", "cooking", "sport", "weather"]
    assert texts_tr.shape == (150,) and texts_te.shape == (50,)
    assert sorted(np.bincount(lab_tr)) == [37, 37, 38, 38]  # stratified: about 37 per topic
    to_ints = keras.layers.TextVectorization(output_mode="int", output_sequence_length=12)
    to_ints.adapt(texts_tr)
    vocab = [str(w) for w in to_ints.get_vocabulary()]
    assert vocab[:3] == ["", "[UNK]", "the"]
    codes = to_ints(["The team scored twice in the rain!", "Quantum toasters hum"]).numpy()
    assert 1 not in codes[0] and codes[0][0] == 2 and codes[0][-1] == 0  # all known, padded
    assert codes[1].tolist() == [1, 1, 1] + [0] * 9                      # all unknown
    to_bag = keras.layers.TextVectorization(output_mode="multi_hot")
    to_bag.adapt(texts_tr)
    bag = to_bag(texts_tr).numpy()
    assert bag.shape == (150, len(vocab) - 1)  # no padding entry in a bag of words
    assert set(np.unique(bag)) <= {0.0, 1.0}


def test_bag_of_words_classifier_beats_chance(corpus_split):
    (texts_tr, texts_te, lab_tr, lab_te), _ = corpus_split
    to_bag = keras.layers.TextVectorization(output_mode="multi_hot")
    to_bag.adapt(texts_tr)
    X_tr, X_te = to_bag(texts_tr).numpy(), to_bag(texts_te).numpy()
    keras.utils.set_random_seed(0)
    bow = keras.Sequential([keras.Input(shape=(X_tr.shape[1],)), keras.layers.Dense(4, activation="softmax")])
    bow.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    hist = bow.fit(X_tr, lab_tr, epochs=30, batch_size=16, verbose=0)
    test_acc = bow.evaluate(X_te, lab_te, verbose=0, return_dict=True)["accuracy"]
    assert hist.history["accuracy"][-1] > 0.95   # it fits its training sentences
    assert test_acc >= 0.6                        # 4 balanced topics: chance is 0.25


def test_exercise_solutions_pass_their_checks(capsys):
    assert check_softmax(lambda z: tf.nn.softmax(tf.constant(z), axis=0).numpy())
    assert not check_softmax(lambda z: tf.nn.softmax(tf.constant(z)).numpy())  # default axis: rows
    assert check_compute_cost(
        lambda AL, Y: float(np.mean(keras.losses.binary_crossentropy(Y.T, AL.T))))
    capsys.readouterr()
