"""Tests of lessons_code.datasets: digits, toy problems, preprocessing, corpus, image loading."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageOps

from lessons_code import datasets


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    return load_digits()


# ---------------------------------------------------------------- digits
def test_digits_binary_layout_and_scale():
    ds = datasets.load_digits_binary()
    assert ds.X_train.shape[0] == 64 and ds.X_test.shape[0] == 64
    assert ds.X_train.shape[1] + ds.X_test.shape[1] == 1797
    assert ds.X_test.shape[1] == 450  # ceil(0.25 * 1797)
    assert ds.Y_train.shape == (1, ds.X_train.shape[1]) and ds.Y_train.dtype == np.float64
    assert set(np.unique(ds.Y_train)) == {0.0, 1.0}
    assert ds.X_train.min() == 0.0 and ds.X_train.max() == 1.0
    assert ds.images_train.shape == (ds.X_train.shape[1], 8, 8)
    np.testing.assert_array_equal(ds.images_train[5].ravel(), ds.X_train[:, 5])
    assert ds.class_names == ["not 8", "8"]
    assert "X_train=(64, 1347)" in repr(ds)


def test_digits_binary_is_stratified_and_labels_match_the_digit(digits):
    ds = datasets.load_digits_binary(positive_digit=3, seed=1)
    share = (digits.target == 3).mean()
    assert abs(ds.Y_train.mean() - share) < 0.01 and abs(ds.Y_test.mean() - share) < 0.01
    # each positive training image is one of the 3s of the original data
    threes = digits.data[digits.target == 3] / 16.0
    first_positive = ds.X_train[:, np.flatnonzero(ds.Y_train[0])[0]]
    assert np.any(np.all(np.isclose(threes, first_positive), axis=1))


def test_digits_split_is_reproducible_and_seed_dependent():
    a, b = datasets.load_digits_binary(seed=0), datasets.load_digits_binary(seed=0)
    c = datasets.load_digits_binary(seed=1)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.X_train, c.X_train)


def test_digits_binary_rejects_bad_digit_and_test_size():
    with pytest.raises(ValueError, match="positive_digit"):
        datasets.load_digits_binary(positive_digit=10)
    with pytest.raises(ValueError, match="test_size"):
        datasets.load_digits_binary(test_size=1.5)


def test_digits_binary_and_multiclass_share_the_split():
    """Same seed, same split and order: the 10-class labels name the digit of each binary example."""
    for digit, seed in [(8, 0), (3, 2)]:
        binary = datasets.load_digits_binary(positive_digit=digit, seed=seed)
        multi = datasets.load_digits_multiclass(seed=seed)
        np.testing.assert_array_equal(binary.X_test, multi.X_test)
        np.testing.assert_array_equal(binary.X_train, multi.X_train)
        np.testing.assert_array_equal(binary.Y_test[0] == 1, multi.y_test[0] == digit)
        np.testing.assert_array_equal(binary.Y_train, multi.Y_train[digit:digit + 1])
        assert binary.class_names == [f"not {digit}", str(digit)]


def test_digits_multiclass_one_hot_matches_integer_labels():
    ds = datasets.load_digits_multiclass()
    assert ds.Y_train.shape == (10, ds.X_train.shape[1])
    np.testing.assert_array_equal(ds.Y_train.sum(axis=0), 1.0)
    assert ds.y_train.shape == (1, ds.X_train.shape[1]) and ds.y_train.dtype == np.int64
    np.testing.assert_array_equal(ds.Y_train.argmax(axis=0), ds.y_train[0])
    np.testing.assert_array_equal(ds.Y_test.argmax(axis=0), ds.y_test[0])
    assert ds.class_names == [str(d) for d in range(10)]
    assert np.all(np.bincount(ds.y_test[0]) >= 40)  # every digit is in the test set


# ---------------------------------------------------------------- toy problems
def test_flower_shape_balance_and_reproducibility():
    X, Y = datasets.make_flower()
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert Y.sum() == 200
    assert np.abs(X).max() < 6  # radius a = 4 plus noise
    X2, _ = datasets.make_flower(seed=1)
    X3, _ = datasets.make_flower(seed=2)
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, X3)
    assert datasets.make_flower(m=7)[1].sum() == 4


def test_flower_and_xor_are_not_linearly_separable():
    from sklearn.linear_model import LogisticRegression

    for X, Y in (datasets.make_flower(), datasets.make_xor()):
        acc = LogisticRegression().fit(X.T, Y.ravel()).score(X.T, Y.ravel())
        assert acc < 0.7


def test_moons_and_circles_match_sklearn_transposed():
    from sklearn import datasets as skd

    X, Y = datasets.make_moons(m=50, noise=0.1, seed=3)
    Xs, ys = skd.make_moons(n_samples=50, noise=0.1, random_state=3)
    np.testing.assert_array_equal(X, Xs.T)
    np.testing.assert_array_equal(Y, ys.reshape(1, -1))
    X, Y = datasets.make_circles(m=60, noise=0.05, factor=0.3, seed=4)
    Xs, ys = skd.make_circles(n_samples=60, noise=0.05, factor=0.3, random_state=4)
    np.testing.assert_array_equal(X, Xs.T)
    assert Y.shape == (1, 60) and Y.dtype == np.float64


def test_xor_labels_follow_quadrants_without_noise():
    X, Y = datasets.make_xor(m=300, noise=0.0, seed=5)
    assert X.shape == (2, 300) and Y.shape == (1, 300)
    np.testing.assert_array_equal(Y[0], (X[0] * X[1] < 0).astype(float))


def test_parity_lists_every_bit_string_once():
    X, Y = datasets.make_parity(4)
    assert X.shape == (4, 16) and Y.shape == (1, 16)
    assert len({tuple(c) for c in X.T}) == 16
    np.testing.assert_array_equal(X[:, 5], [0, 1, 0, 1])  # column i is i in binary
    np.testing.assert_array_equal(Y[0], X.sum(axis=0) % 2)
    with pytest.raises(ValueError, match="n_bits"):
        datasets.make_parity(21)


# ---------------------------------------------------------------- preprocessing
def test_flatten_unflatten_round_trip_gray_and_colour(digits):
    X = datasets.flatten_images(digits.images)
    np.testing.assert_array_equal(X, digits.data.T)  # row by row, like scikit-learn
    np.testing.assert_array_equal(datasets.unflatten_images(X, (8, 8)), digits.images)
    rgb = np.random.default_rng(0).random((3, 4, 5, 3))
    Xc = datasets.flatten_images(rgb)
    assert Xc.shape == (60, 3)
    np.testing.assert_array_equal(datasets.unflatten_images(Xc, (4, 5, 3)), rgb)
    with pytest.raises(ValueError, match=r"\(m, h, w\)"):
        datasets.flatten_images(np.zeros((8, 8)))
    with pytest.raises(ValueError, match=r"X must have shape \(h\*w\*c, m\) = \(64, \?\)"):
        datasets.unflatten_images(np.zeros((63, 2)), (8, 8))


def test_standardize_uses_training_statistics_and_handles_constant_rows():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(5, 2, (3, 100)), np.zeros((1, 100))])
    Xs, mean, std = datasets.standardize(X)
    assert mean.shape == (4, 1) and std.shape == (4, 1)
    np.testing.assert_allclose(Xs[:3].mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(Xs[:3].std(axis=1), 1, rtol=1e-12)
    np.testing.assert_array_equal(Xs[3], 0.0)  # a blank pixel stays 0, no division by zero
    X_test = rng.normal(5, 2, (4, 10))
    Xt, m2, s2 = datasets.standardize(X_test, mean, std)
    np.testing.assert_allclose(Xt[:3], (X_test[:3] - mean[:3]) / std[:3])
    assert m2 is mean and s2 is std
    with pytest.raises(ValueError, match="together"):
        datasets.standardize(X, mean=mean)
    with pytest.raises(ValueError, match=r"mean must have shape \(n_x, 1\) = \(4, 1\)"):
        datasets.standardize(X, mean=mean.T, std=std)


def test_normalize_rows():
    x = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0], [0.0, 0.0, 0.0]])
    out = datasets.normalize_rows(x)
    np.testing.assert_allclose(out[0], [0, 0.6, 0.8])
    np.testing.assert_allclose(np.linalg.norm(out[:2], axis=1), 1.0)
    np.testing.assert_array_equal(out[2], 0.0)
    with pytest.raises(ValueError, match="rank-1"):
        datasets.normalize_rows(np.ones(3))


# ---------------------------------------------------------------- corpus
def test_corpus_size_balance_and_sentence_lengths():
    texts, labels, names = datasets.load_corpus()
    assert names == ["computing", "cooking", "sport", "weather"]
    assert len(texts) == len(labels) == 200 and labels.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(labels), [50, 50, 50, 50])
    assert len(set(texts)) == 200
    assert all(5 <= len(t.split()) <= 25 for t in texts)
    assert not any("\t" in t for t in texts)


def test_corpus_is_learnable_but_not_trivial():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline

    texts, labels, _ = datasets.load_corpus()
    tr, te, ytr, yte = train_test_split(texts, labels, test_size=0.25, random_state=0, stratify=labels)
    acc = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=1000)).fit(tr, ytr).score(te, yte)
    assert 0.6 < acc < 0.98
    # a few topic words are shared, which is what keeps it from being perfect
    vocab = [set(" ".join(t for t, y in zip(texts, labels) if y == k).lower().split()) for k in range(4)]
    assert {"hot", "cold"} <= vocab[1] & vocab[3]  # cooking and weather
    assert "batter" in vocab[1] & vocab[2]  # cooking and sport


# ---------------------------------------------------------------- images
def test_sample_image_is_an_eight(digits):
    path = datasets.sample_image_path()
    assert path.is_file() and path.suffix == ".png"
    with Image.open(path) as img:
        assert img.size == (64, 64)
    x = datasets.load_image(path)
    assert x.shape == (64, 1) and x.min() >= 0.0 and x.max() == 1.0
    means = np.array([digits.data[digits.target == k].mean(axis=0) / 16 for k in range(10)])
    assert np.argmin(np.linalg.norm(means - x.T, axis=1)) == 8
    assert np.corrcoef(means[8], x.ravel())[0, 1] > 0.5


def test_load_image_auto_inversion_and_padding(tmp_path):
    path = datasets.sample_image_path()
    x = datasets.load_image(path)
    with Image.open(path) as img:
        ImageOps.invert(img.convert("L")).save(tmp_path / "light_on_dark.png")
        wide = Image.new("L", (120, 64), 255)
        wide.paste(img.convert("L"), (10, 0))
        wide.save(tmp_path / "wide.png")
    np.testing.assert_allclose(datasets.load_image(tmp_path / "light_on_dark.png"), x, atol=0.02)
    np.testing.assert_allclose(datasets.load_image(tmp_path / "wide.png"), x, atol=0.02)
    with Image.open(path) as img:  # dark ink on a transparent background, as drawing apps save
        ink = np.asarray(img.convert("L"))
    rgba = np.zeros(ink.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = 255 - ink
    Image.fromarray(rgba, "RGBA").save(tmp_path / "transparent.png")
    np.testing.assert_allclose(datasets.load_image(tmp_path / "transparent.png"), x, atol=0.05)
    # forcing no inversion keeps the light background: ink is now the dark part
    assert datasets.load_image(path, invert=False).mean() > x.mean()
    assert datasets.load_image(path, size=(16, 16)).shape == (256, 1)
    with pytest.raises(ValueError, match="invert"):
        datasets.load_image(path, invert="yes")


def test_importing_datasets_does_not_import_sklearn_or_pil():
    code = ("import sys, lessons_code.datasets, lessons_code.tensors; "
            "print(sorted(m for m in ('sklearn', 'PIL', 'matplotlib', 'tensorflow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
