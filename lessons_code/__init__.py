"""lessons_code — the code of *Neural Networks, from NumPy to Keras*.

A small, readable neural-network library written from scratch in NumPy, plus the datasets, plots,
reader self-checks and the bridge to Keras that the book's chapters run on.

Submodules are imported on first use, so ``import lessons_code`` is fast and never imports
TensorFlow (only :mod:`lessons_code.keras_bridge` does, inside its functions)::

    import lessons_code as lc
    net = lc.deep.DeepNetwork([64, 16, 1])      # lc.deep is imported here, on first access

    from lessons_code.deep import DeepNetwork     # the same, explicitly

Map of the package (a module per idea, in the order the book introduces them):

===================  ==============================================================
``tensors``          describing tensors; timing loops against vectorized code
``activations``      sigmoid, tanh, ReLU, leaky ReLU, softmax, identity (+ derivatives)
``losses``           cross-entropy (binary, categorical) and mean squared error
``initializers``     zeros, small random, He, LeCun and Glorot (Xavier) initialization
``logistic``         logistic regression as a one-neuron network
``shallow``          a network with one hidden layer
``deep``             an L-layer network built from ``(A, cache)`` blocks
``regularization``   L2 regularization (weight decay) of the cost and its gradients
``training``         ``History``, mini-batches, accuracy
``gradcheck``        gradient checking by two-sided finite differences
``datasets``         digits (bundled with scikit-learn), flower, moons, parity, a text corpus
``plots``            learning curves, decision boundaries, image grids
``checks``           self-checks for the functions readers write themselves
``keras_bridge``     the same networks in Keras; copying weights both ways
``bench``            ``make bench``: lessons_code vs scikit-learn vs Keras
``playground``       the in-page network playground's datasets, presets and parity traces
===================  ==============================================================
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_SUBMODULES = (
    "tensors",
    "activations",
    "losses",
    "initializers",
    "logistic",
    "shallow",
    "deep",
    "regularization",
    "training",
    "gradcheck",
    "datasets",
    "plots",
    "checks",
    "keras_bridge",
    "bench",
    "playground",
)

__all__ = ["__version__", *_SUBMODULES]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import (  # noqa: F401
        activations,
        bench,
        checks,
        datasets,
        deep,
        gradcheck,
        initializers,
        keras_bridge,
        logistic,
        losses,
        playground,
        plots,
        regularization,
        shallow,
        tensors,
        training,
    )


def __getattr__(name: str) -> Any:
    """Import a submodule on first access (PEP 562)."""
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'lessons_code' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))
