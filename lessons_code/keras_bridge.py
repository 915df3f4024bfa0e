"""The same networks in Keras, and copying weights both ways between Keras and lessons_code.

Two conventions differ, and this module is where the book translates them, explicitly:

* **Examples.** We put one example per *column*: ``X`` is ``(n_x, m)``. Keras puts one example per
  *row*: its input is ``(m, n_x)``. So we pass ``X.T`` to Keras and transpose its output back.
* **Weights.** Our ``W[l]`` is ``(n[l], n[l-1])`` and computes ``Z = W A + b``. A Keras ``Dense``
  layer's ``kernel`` is ``(n[l-1], n[l])`` and computes ``Z = A kernel + bias`` on row examples.
  So ``kernel = W.T`` and ``bias = b.ravel()``.

TensorFlow is imported *inside* the functions, so importing this module stays instantaneous.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ._types import Array, Parameters
from ._validation import (
    build_keras_model_args,
    keras_predict_args,
    params_to_keras_args,
    validated,
)

__all__ = [
    "KERAS_ACTIVATIONS",
    "build_keras_model",
    "params_to_keras",
    "keras_to_params",
    "keras_predict",
    "compare_predictions",
]

#: Our activation names -> Keras' (leaky ReLU is a separate layer, see build_keras_model).
KERAS_ACTIVATIONS = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "leaky_relu": None,
    "softmax": "softmax",
    "identity": "linear",
}
_LEAKY_SLOPE = 0.01  # our leaky_relu's alpha; Keras' own default slope is 0.2 (or 0.3)


def _keras() -> Any:
    """Import Keras (and TensorFlow) on first use, with TensorFlow's C++ log messages silenced."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import keras
    except ImportError as exc:
        raise ImportError(
            "the Keras bridge needs TensorFlow and Keras, which lessons_code does not install by "
            'default: pip install "lessons_code[keras]"'
        ) from exc
    return keras


def _dense_layers(model: Any) -> list[Any]:
    keras = _keras()
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


@validated(build_keras_model_args)
def build_keras_model(
    layer_dims: list[int],
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
    dtype: str = "float32",
    seed: int | None = None,
) -> Any:
    """Build the Keras twin of ``DeepNetwork(layer_dims, hidden_activation, output_activation)``.

    Layer ``l`` is a ``Dense(n[l])`` named ``"dense_l"``; for ``leaky_relu`` the Dense layer is
    linear and followed by ``LeakyReLU(negative_slope=0.01)``, our slope.

    Args:
        layer_dims: ``[n[0], n[1], ..., n[L]]``; ``n[0] = n_x`` is the input size.
        hidden_activation: activation of layers 1..L-1 (our names: "relu", "tanh", "sigmoid",
            "leaky_relu", "identity").
        output_activation: activation of layer L ("sigmoid", "softmax", "identity", ...).
        dtype: Keras' float type, ``"float32"`` (its default) or ``"float64"``.
        seed: seed of Keras' Glorot-uniform initial weights (``None``: unseeded).

    Returns:
        A ``keras.Sequential`` with input ``keras.Input(shape=(n_x,))``: it takes ``(m, n_x)``.

    Introduced in: :ref:`ch-keras`
    """
    keras = _keras()
    dims = layer_dims
    L = len(dims) - 1
    layers = [keras.Input(shape=(dims[0],), dtype=dtype)]
    for l in range(1, L + 1):
        act = hidden_activation if l < L else output_activation
        init = keras.initializers.GlorotUniform(seed=None if seed is None else seed + l)
        layers.append(
            keras.layers.Dense(
                dims[l], activation=KERAS_ACTIVATIONS[act] or "linear", dtype=dtype,
                kernel_initializer=init, name=f"dense_{l}",
            )
        )
        if act == "leaky_relu":
            layers.append(
                keras.layers.LeakyReLU(
                    negative_slope=_LEAKY_SLOPE, dtype=dtype, name=f"leaky_relu_{l}"
                )
            )
    return keras.Sequential(layers)


@validated(params_to_keras_args)
def params_to_keras(parameters: Parameters, model: Any) -> Any:
    """Copy our parameters into a Keras model, in place: ``kernel = W.T``, ``bias = b.ravel()``.

    Args:
        parameters: ``{"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL", "bL"}``.
        model: a Keras model whose Dense layers match those shapes (e.g. from
            :func:`build_keras_model`).

    Returns:
        The same ``model``, for chaining.

    Raises:
        ValueError: the number of layers or a shape does not match, named in our notation.

    Introduced in: :ref:`ch-keras`
    """
    for l, layer in enumerate(_dense_layers(model), start=1):  # (all shapes checked first)
        kernel, bias = parameters[f"W{l}"].T, parameters[f"b{l}"].ravel()
        layer.set_weights([kernel.astype(layer.dtype), bias.astype(layer.dtype)])
    return model


def keras_to_params(model: Any) -> Parameters:
    """Read a Keras model's Dense weights into our parameters dict (float64).

    Args:
        model: a Keras model with Dense layers (other layers, e.g. LeakyReLU, are skipped).

    Returns:
        ``{"W1": kernel_1.T, "b1": bias_1 as (n[1], 1), ...}``, float64.

    Introduced in: :ref:`ch-keras`
    """
    params = {}
    for l, layer in enumerate(_dense_layers(model), start=1):
        kernel, bias = layer.get_weights()
        params[f"W{l}"] = np.asarray(kernel, dtype=np.float64).T.copy()
        params[f"b{l}"] = np.asarray(bias, dtype=np.float64).reshape(-1, 1)
    return params


@validated(keras_predict_args)
def keras_predict(model: Any, X: Array) -> Array:
    """Run a Keras model on inputs in *our* layout: ``X`` is ``(n_x, m)``.

    Keras wants one example per row, so we call ``model(X.T)`` (shape ``(m, n_x)``) and transpose
    its ``(m, n_y)`` output back to ``(n_y, m)``.

    Args:
        model: a Keras model taking ``(m, n_x)``.
        X: inputs of shape ``(n_x, m)``.

    Returns:
        The model's output ``(n_y, m)`` as float64 (e.g. probabilities ``AL``).

    Introduced in: :ref:`ch-keras`
    """
    keras = _keras()
    out = model(X.T.astype(model.inputs[0].dtype), training=False)  # rows = examples
    return np.asarray(keras.ops.convert_to_numpy(out), dtype=np.float64).T


def compare_predictions(
    parameters: dict[str, np.ndarray],
    model: Any,
    X: Any,
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
) -> float:
    """Largest difference between our forward pass and the Keras model's, on the same ``X``.

    Copy the weights first (:func:`params_to_keras` or :func:`keras_to_params`); then the two
    should agree up to float32 rounding (about 1e-6).

    Args:
        parameters: our parameters ``{"W1", "b1", ...}``.
        model: the Keras model.
        X: inputs ``(n_x, m)``.
        hidden_activation: our hidden activation name.
        output_activation: our output activation name.

    Returns:
        ``max |AL_ours - AL_keras|`` over all outputs and examples.

    Introduced in: :ref:`ch-keras`
    """
    from .deep import L_model_forward

    AL_ours, _ = L_model_forward(X, parameters, hidden_activation, output_activation)
    AL_keras = keras_predict(model, X)
    if AL_ours.shape != AL_keras.shape:
        raise ValueError(
            f"the Keras model's output must have our output's shape {AL_ours.shape}, "
            f"got {AL_keras.shape}"
        )
    return float(np.max(np.abs(AL_ours - AL_keras)))
