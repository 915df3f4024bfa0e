"""Shared fixtures for the tests of the NumPy networks: a seeded rng, random parameters and targets.

(Fixtures rather than importable helpers: another conftest.py lives in tests/browser.)
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

# The book's kernel environment (_config.yml: TensorFlow quiet, one BLAS thread), set before NumPy
# or TensorFlow is first imported, so the tests run the library as the book's chapters do.
CONFIG = yaml.safe_load((Path(__file__).resolve().parents[1] / "_config.yml").read_text(encoding="utf-8"))
for name, value in CONFIG["sphinx"]["config"]["kernel_environment"].items():
    os.environ.setdefault(name, str(value))

import numpy as np  # noqa: E402
import pytest  # noqa: E402


def random_parameters(layer_dims, rng, bias_scale=0.5):
    """W[l] ~ N(0, 1/n[l-1]) and *non-zero* biases, so no ReLU unit sits exactly at its kink.

    (With zero biases, an example whose hidden units are all inactive gives Z = 0 exactly in the
    next layer, where ReLU has no derivative and finite differences disagree with backprop.)
    """
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(
            layer_dims[l - 1]
        )
        params[f"b{l}"] = rng.standard_normal((layer_dims[l], 1)) * bias_scale
    return params


def random_targets(output_activation, n_y, m, rng):
    """Targets matching an output: 0/1 labels, one-hot (C, m), or real values."""
    if output_activation == "sigmoid":
        Y = (rng.random((1, m)) > 0.5).astype(float)
        Y[0, :2] = (0.0, 1.0)  # both classes present
        return Y
    if output_activation == "softmax":
        return np.eye(n_y)[:, rng.integers(0, n_y, m)]
    return rng.standard_normal((n_y, m))


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture
def make_parameters():
    """``make_parameters(layer_dims, rng)``: see ``random_parameters``."""
    return random_parameters


@pytest.fixture
def make_targets():
    """``make_targets(output_activation, n_y, m, rng)``: see ``random_targets``."""
    return random_targets
