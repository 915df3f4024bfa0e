"""Datasets for the book, all available offline, in the book's layout (one example per column).

* Handwritten digits: the 8x8 digits bundled with scikit-learn (1,797 images, no download).
* Toy 2-D problems: the "flower", moons, circles, XOR; the parity of n bits.
* A small text corpus written for the book (``data/corpus.tsv``), for bag-of-words classifiers.
* Your own image: :func:`load_image` turns a PNG/JPEG into a column on the digits' scale.

Every function returns ``X`` of shape ``(n_x, m)`` and labels ``Y`` of shape ``(1, m)`` (binary)
or ``(C, m)`` (one-hot). scikit-learn and Pillow are imported inside the functions that use them,
so ``import lessons_code`` stays fast.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._types import Array
from ._validation import (
    as_matrix,
    check_digit,
    check_fraction,
    check_nonnegative_float,
    check_positive_int,
    check_seed,
    flatten_images_args,
    load_image_args,
    split_digits_args,
    unflatten_images_args,
    validated,
)

__all__ = [
    "Dataset",
    "load_digits_binary",
    "load_digits_multiclass",
    "make_flower",
    "make_moons",
    "make_circles",
    "make_xor",
    "make_parity",
    "flatten_images",
    "unflatten_images",
    "standardize",
    "normalize_rows",
    "load_corpus",
    "load_image",
    "sample_image_path",
]


@dataclass
class Dataset:
    """A train/test split in the book's layout.

    Attributes:
        X_train: inputs ``(n_x, m_train)``, one example per column.
        Y_train: labels ``(1, m_train)`` of 0/1, or one-hot ``(C, m_train)``.
        X_test: inputs ``(n_x, m_test)``.
        Y_test: labels ``(1, m_test)`` or ``(C, m_test)``.
        images_train: the training images ``(m_train, h, w)``, for plotting.
        images_test: the test images ``(m_test, h, w)``.
        class_names: the name of each class (index = label).
        description: one line saying what the data is.
        y_train: integer class labels ``(1, m_train)`` (multiclass data only, else ``None``).
        y_test: integer class labels ``(1, m_test)`` (multiclass data only, else ``None``).

    Introduced in: :ref:`ch-why-deep-learning`
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    images_train: np.ndarray
    images_test: np.ndarray
    class_names: list[str]
    description: str
    y_train: np.ndarray | None = field(default=None)
    y_test: np.ndarray | None = field(default=None)

    def __repr__(self) -> str:
        shapes = ", ".join(
            f"{name}={getattr(self, name).shape}"
            for name in ("X_train", "Y_train", "X_test", "Y_test")
        )
        return f"Dataset({shapes}, classes={self.class_names})"


@validated(split_digits_args)
def _split_digits(test_size: float, seed: int) -> tuple[Array, Array, Array, Array]:
    """Load the bundled digits and split them, stratified by digit."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    idx = np.arange(len(digits.target))
    idx_train, idx_test = train_test_split(
        idx, test_size=test_size, random_state=seed, stratify=digits.target
    )
    images = digits.images / 16.0  # pixel counts 0..16 -> intensities in [0, 1]
    return images[idx_train], images[idx_test], digits.target[idx_train], digits.target[idx_test]


def load_digits_binary(positive_digit: int = 8, test_size: float = 0.25, seed: int = 0) -> Dataset:
    """The 8x8 handwritten digits as a binary problem: "is this digit ``positive_digit``?".

    The 1,797 digits ship with scikit-learn (no download). Pixels are scaled from 0..16 to
    ``[0, 1]``; the split is stratified, so both halves have the same share of positives.

    Args:
        positive_digit: the digit labelled 1; all others are labelled 0.
        test_size: fraction of the examples held out for testing.
        seed: seed of the split.

    Returns:
        A :class:`Dataset` with ``X_train`` ``(64, m_train)``, ``Y_train`` ``(1, m_train)`` of
        0/1 (1 where the digit is ``positive_digit``), the same for the test half, ``images_*``
        ``(m, 8, 8)`` and ``class_names = [f"not {positive_digit}", str(positive_digit)]``
        (``["not 8", "8"]`` for the default).

    Introduced in: :ref:`ch-why-deep-learning`
    """
    positive_digit = check_digit("positive_digit", positive_digit)
    im_train, im_test, t_train, t_test = _split_digits(test_size, seed)
    return Dataset(
        X_train=flatten_images(im_train),
        Y_train=(t_train == positive_digit).astype(np.float64).reshape(1, -1),
        X_test=flatten_images(im_test),
        Y_test=(t_test == positive_digit).astype(np.float64).reshape(1, -1),
        images_train=im_train,
        images_test=im_test,
        class_names=[f"not {positive_digit}", str(positive_digit)],
        description=f"8x8 handwritten digits (scikit-learn): {positive_digit} vs the rest",
    )


def load_digits_multiclass(test_size: float = 0.25, seed: int = 0) -> Dataset:
    """The 8x8 handwritten digits as a 10-class problem.

    Args:
        test_size: fraction of the examples held out for testing.
        seed: seed of the (stratified) split.

    Returns:
        A :class:`Dataset` with ``X_train`` ``(64, m_train)``, one-hot ``Y_train``
        ``(10, m_train)``, integer labels ``y_train`` ``(1, m_train)``, the same for the test
        half, and ``class_names = ["0", ..., "9"]``.

    Introduced in: :ref:`ch-why-deep-learning`
    """
    im_train, im_test, t_train, t_test = _split_digits(test_size, seed)
    eye = np.eye(10)
    return Dataset(
        X_train=flatten_images(im_train),
        Y_train=eye[:, t_train],
        X_test=flatten_images(im_test),
        Y_test=eye[:, t_test],
        images_train=im_train,
        images_test=im_test,
        class_names=[str(d) for d in range(10)],
        description="8x8 handwritten digits (scikit-learn): 10 classes",
        y_train=t_train.astype(np.int64).reshape(1, -1),
        y_test=t_test.astype(np.int64).reshape(1, -1),
    )


def make_flower(m: int = 400, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The planar "flower": two classes of points on the interleaved petals of a rose curve.

    Class ``j`` takes angles ``t`` in ``[3.12 j, 3.12 (j+1)]`` (plus noise 0.2) and radius
    ``r = 4 sin(4 t)`` (plus noise 0.2); the point is ``(r sin t, r cos t)``. No straight line
    separates the classes, which is why logistic regression fails on it and one hidden layer
    succeeds.

    Args:
        m: number of points (half in each class; class 1 gets the odd one out).
        seed: seed of the noise.

    Returns:
        ``(X, Y)``: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)`` of 0/1.

    Introduced in: :ref:`ch-shallow`
    """
    m = check_positive_int("m", m)
    rng = np.random.default_rng(check_seed("seed", seed))
    a = 4.0  # maximum ray of the flower
    X, Y = [], []
    for j, n in enumerate((m // 2, m - m // 2)):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.normal(0.0, 0.2, n)
        r = a * np.sin(4 * t) + rng.normal(0.0, 0.2, n)
        X.append(np.vstack([r * np.sin(t), r * np.cos(t)]))
        Y.append(np.full((1, n), float(j)))
    return np.hstack(X), np.hstack(Y)


def make_moons(m: int = 400, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``) in the book's layout.

    Args:
        m: number of points.
        noise: standard deviation of the Gaussian noise added to the points.
        seed: seed of the noise.

    Returns:
        ``(X, Y)``: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)`` of 0/1.

    Introduced in: :ref:`ch-shallow`
    """
    from sklearn.datasets import make_moons as sk_make_moons

    m = check_positive_int("m", m)
    noise = check_nonnegative_float("noise", noise)
    seed = check_seed("seed", seed, generator=False)
    X, y = sk_make_moons(n_samples=m, noise=noise, random_state=seed)
    return X.T.astype(np.float64), y.astype(np.float64).reshape(1, -1)


def make_circles(
    m: int = 400, noise: float = 0.1, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a large one (scikit-learn's ``make_circles``) in the book's layout.

    Args:
        m: number of points.
        noise: standard deviation of the Gaussian noise added to the points.
        factor: radius of the inner circle (class 1) relative to the outer one (class 0).
        seed: seed of the noise.

    Returns:
        ``(X, Y)``: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)`` of 0/1.

    Introduced in: :ref:`ch-shallow`
    """
    from sklearn.datasets import make_circles as sk_make_circles

    m = check_positive_int("m", m)
    noise = check_nonnegative_float("noise", noise)
    factor = check_fraction("factor", factor)
    seed = check_seed("seed", seed, generator=False)
    X, y = sk_make_circles(n_samples=m, noise=noise, factor=factor, random_state=seed)
    return X.T.astype(np.float64), y.astype(np.float64).reshape(1, -1)


def make_xor(m: int = 400, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: points in the square ``[-1, 1]^2``, labelled 1 when ``x1 x2 < 0``.

    Points are drawn uniformly, labelled by the quadrant they fall in (1 for the top-left and
    bottom-right quadrants), then moved by Gaussian noise, so a few labels near the axes look
    "wrong".

    Args:
        m: number of points.
        noise: standard deviation of the noise added after labelling.
        seed: seed of the points and the noise.

    Returns:
        ``(X, Y)``: ``X`` of shape ``(2, m)``, ``Y`` of shape ``(1, m)`` of 0/1.

    Introduced in: :ref:`ch-shallow`
    """
    m = check_positive_int("m", m)
    noise = check_nonnegative_float("noise", noise)
    rng = np.random.default_rng(check_seed("seed", seed))
    X = rng.uniform(-1.0, 1.0, size=(2, m))
    Y = ((X[0] > 0) != (X[1] > 0)).astype(np.float64).reshape(1, m)
    return X + rng.normal(0.0, noise, size=X.shape), Y


def make_parity(n_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Every string of ``n_bits`` bits, labelled by its parity (1 if it has an odd number of 1s).

    Column ``i`` of ``X`` is the binary representation of ``i``, most significant bit first.

    Args:
        n_bits: number of bits ``n_x`` (at most 20, i.e. about a million examples).

    Returns:
        ``(X, Y)``: ``X`` of shape ``(n_bits, 2**n_bits)`` of 0/1, ``Y`` of shape
        ``(1, 2**n_bits)`` of 0/1.

    Introduced in: :ref:`ch-deep`
    """
    n_bits = check_positive_int("n_bits", n_bits)
    if n_bits > 20:
        raise ValueError(f"n_bits must be <= 20 (2**n_bits examples), got {n_bits}")
    i = np.arange(2**n_bits)
    shifts = np.arange(n_bits - 1, -1, -1).reshape(-1, 1)
    X = ((i >> shifts) & 1).astype(np.float64)
    Y = (X.sum(axis=0, keepdims=True) % 2).astype(np.float64)
    return X, Y


@validated(flatten_images_args)
def flatten_images(images: Array) -> Array:
    """Turn a batch of images into a matrix with one image per column.

    Args:
        images: array of shape ``(m, h, w)`` or ``(m, h, w, c)``.

    Returns:
        ``X`` of shape ``(h * w * c, m)``: column ``i`` is image ``i`` read row by row.

    Introduced in: :ref:`ch-tensors`
    """
    return images.reshape(images.shape[0], -1).T


@validated(unflatten_images_args)
def unflatten_images(X: Array, shape: tuple[int, ...]) -> Array:
    """Undo :func:`flatten_images`: turn columns back into images.

    Args:
        X: matrix of shape ``(h * w * c, m)``, one image per column.
        shape: the shape of one image, ``(h, w)`` or ``(h, w, c)``.

    Returns:
        Images of shape ``(m, h, w)`` or ``(m, h, w, c)``.

    Introduced in: :ref:`ch-tensors`
    """
    return X.T.reshape(X.shape[1], *shape)


def _row_scales(X: Array) -> Array | None:
    """Per-row powers of 2 near each row's largest |x|, for rows far from 1; None if none is.

    Dividing by a power of 2 is exact, so a statistic computed on the rescaled row and multiplied
    back is the same number, without the overflow (or underflow) of squaring 1e200 (or 1e-200).
    """
    big = np.max(np.abs(X), axis=1, keepdims=True)
    far = (big > 2.0**500) | ((big > 0) & (big < 2.0**-500))
    if not far.any():
        return None
    return np.where(far, 2.0 ** np.floor(np.log2(np.where(big > 0, big, 1.0))), 1.0)


def standardize(
    X: Any, mean: Any = None, std: Any = None
) -> tuple[Array, Array, Array]:
    """Standardize each feature (row) to mean 0 and standard deviation 1.

    Fit on the training data (``mean`` and ``std`` omitted), then pass the returned ``mean`` and
    ``std`` to standardize the test data *with the training statistics*. A feature that never
    varies (``std = 0``, e.g. a corner pixel that is always blank) is only centred.

    Args:
        X: inputs of shape ``(n_x, m)``.
        mean: per-feature means ``(n_x, 1)``, or ``None`` to compute them from ``X``.
        std: per-feature standard deviations ``(n_x, 1)``, or ``None`` to compute them.

    Returns:
        ``(X_std, mean, std)``: ``X_std`` of shape ``(n_x, m)``; ``mean`` and ``std`` of shape
        ``(n_x, 1)``.

    Introduced in: :ref:`ch-vectorization`
    """
    X = as_matrix("X", X, dims=("n_x", "m"))
    n_x = X.shape[0]
    if (mean is None) != (std is None):
        raise ValueError(
            "mean and std must be given together (from the training data) or not at all"
        )
    if mean is not None:
        mean = as_matrix("mean", mean, (n_x, 1), dims=("n_x", "1"))
        std = as_matrix("std", std, (n_x, 1), dims=("n_x", "1"))
        if np.any(std < 0):
            raise ValueError(f"std must be >= 0 everywhere, got a minimum of {std.min():.4g}")
    scales = _row_scales(X if mean is None else np.hstack([X, mean, std]))
    if scales is not None:  # rows of huge or tiny numbers: the same computation, exactly rescaled
        given = () if mean is None else (mean / scales, std / scales)
        X_std, mean, std = standardize(X / scales, *given)
        return X_std, mean * scales, std * scales
    if mean is None:
        mean = X.mean(axis=1, keepdims=True)
        std = X.std(axis=1, keepdims=True)
    safe_std = np.where(std > 0, std, 1.0)
    return (X - mean) / safe_std, mean, std


def normalize_rows(x: Any) -> Array:
    """Divide each row of ``x`` by its Euclidean norm, so every row has length 1.

    A row of zeros has no direction and is returned unchanged (zeros).

    Args:
        x: matrix of shape ``(n, d)``.

    Returns:
        Matrix of shape ``(n, d)`` whose non-zero rows have norm 1.

    Introduced in: :ref:`ch-vectorization`
    """
    x = as_matrix("x", x)
    scales = _row_scales(x)
    if scales is not None:  # rows of huge or tiny numbers: rescale exactly, so no square overflows
        x = x / scales
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def load_corpus() -> tuple[list[str], np.ndarray, list[str]]:
    """Load the book's small text corpus: 200 short sentences about four topics.

    The sentences (``lessons_code/data/corpus.tsv``) were written for the book; each has one of
    the labels "computing", "cooking", "sport" or "weather". A few words are shared between
    topics (hot, run, record, storm, batter...), so a bag-of-words classifier is good, not perfect.

    Returns:
        ``(texts, labels, label_names)``: ``texts`` a list of ``m`` strings, ``labels`` an int
        array of shape ``(m,)`` indexing into ``label_names`` (sorted alphabetically).

    Introduced in: :ref:`ch-deeper-text`
    """
    raw = importlib.resources.files("lessons_code").joinpath("data", "corpus.tsv")
    text = raw.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines[1:]]  # lines[0] is the header "label<TAB>text"
    label_names = sorted({label for label, _ in rows})
    texts = [text for _, text in rows]
    labels = np.array([label_names.index(label) for label, _ in rows], dtype=np.int64)
    return texts, labels, label_names


@validated(load_image_args)
def load_image(
    path: str | Path, size: tuple[int, int] = (8, 8), invert: bool | str = "auto"
) -> Array:
    """Read an image file and turn it into one column on the digits' scale.

    The steps imitate the digits' layout, not their exact making (scikit-learn's digits count
    the inked pixels of 4x4 blocks of a 32x32 binary bitmap, giving 0..16): convert to grayscale
    (transparent pixels count as white paper), put ink = bright (invert a dark digit on a light
    background), crop to the ink, pad to a square with a small margin, resize with the Lanczos
    filter, and scale to ``[0, 1]`` with the brightest pixel at 1. Images drawn or digitized
    differently from the digits can still land far from them (see the chapter).

    Args:
        path: an image file readable by Pillow (PNG, JPEG, ...).
        size: ``(h, w)`` of the result; ``(8, 8)`` matches the digits.
        invert: ``True`` / ``False``, or ``"auto"`` to invert when the border (the background)
            is brighter than mid-grey.

    Returns:
        ``x`` of shape ``(h * w, 1)`` with values in ``[0, 1]`` (read row by row, like
        :func:`flatten_images`).

    Introduced in: :ref:`ch-logistic-regression`
    """
    from PIL import Image, ImageOps

    h, w = size
    with Image.open(path) as img:
        img = _to_8_bit(img)
        rgba = img.convert("RGBA")  # a transparent background becomes white paper, not black
        gray = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
    pixels = np.asarray(gray, dtype=np.float64) / 255.0
    if invert == "auto":
        border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
        invert = bool(border.mean() > 0.5)
    if invert:
        gray = ImageOps.invert(gray)
    # Crop to the ink (pixels brighter than a quarter of the brightest) and centre it in a square.
    ink = np.asarray(gray, dtype=np.float64)
    rows, cols = np.nonzero(ink > 0.25 * ink.max())
    if rows.size:  # (a blank image has no ink to crop to)
        gray = gray.crop((cols.min(), rows.min(), cols.max() + 1, rows.max() + 1))
    side = int(max(gray.size) * 1.15) + 1  # a thin margin, like the digits' border
    square = Image.new("L", (side, side), 0)
    square.paste(gray, ((side - gray.size[0]) // 2, (side - gray.size[1]) // 2))
    small = np.asarray(square.resize((w, h), Image.Resampling.LANCZOS), dtype=np.float64)
    if small.max() > 0:
        small = small / small.max()
    return small.reshape(-1, 1)


def _to_8_bit(img: Any) -> Any:
    """A 16-bit (or 32-bit, or float) grayscale image as 8-bit "L": Pillow's convert would clip it.

    (Converting an "I;16" PNG with ``convert("L")`` clips every value above 255, so a 16-bit scan
    would come out as a blank white image.)
    """
    from PIL import Image

    if img.mode not in ("I", "F") and not img.mode.startswith("I;16"):
        return img
    values = np.asarray(img, dtype=np.float64)
    full = 65535.0 if img.mode.startswith("I;16") or values.max() > 255 else 255.0
    return Image.fromarray(np.clip(np.round(values / full * 255.0), 0, 255).astype(np.uint8), "L")


def sample_image_path() -> Path:
    """Path of the example image shipped with the book: a handwritten-style "8" (64x64 PNG).

    Returns:
        A :class:`pathlib.Path` to ``lessons_code/data/sample_eight.png``.

    Introduced in: :ref:`ch-logistic-regression`
    """
    return Path(str(importlib.resources.files("lessons_code").joinpath("data", "sample_eight.png")))
