"""An L-layer neural network built from small (A, cache) blocks.

Notation (code name -> maths): layer l = 1..L has n[l] = ``layer_dims[l]`` units;
``parameters["W" + str(l)]`` is W[l], shape (n[l], n[l-1]), and ``parameters["b" + str(l)]`` is
b[l], shape (n[l], 1). Forward propagation, for l = 1..L, with A[0] = X:

    Z[l] = W[l] A[l-1] + b[l]          (linear_forward)
    A[l] = g[l](Z[l])                  (linear_activation_forward)

g[l] is the hidden activation for l < L and the output activation for l = L. Each block returns
a *cache* of what backpropagation will need, and backpropagation walks the caches in reverse:

    dZ[l]   = dA[l] * g[l]'(Z[l])      (linear_activation_backward)
    dW[l]   = dZ[l] A[l-1]^T
    db[l]   = sum of dZ[l] over the m columns
    dA[l-1] = W[l]^T dZ[l]             (linear_backward)

Every d-array is a derivative of the cost J = (1/m) sum of the losses, so the 1/m enters once,
at the top: dZ[L] = (A[L] - Y) / m. (The Deep Learning Specialization keeps dZ per example and
writes the 1/m into dW and db instead; the resulting dW[l] and db[l] are identical.)

Each public function validates its arguments unless ``check=False``; the functions call each
other, and ``DeepNetwork.fit`` calls them, with ``check=False`` once the data are checked.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._types import ActivationCache, Array, Grads, LinearCache, Parameters, Seed
from ._validation import (
    L_model_backward_args,
    L_model_forward_args,
    check_layer_dims,
    check_parameters,
    check_positive_int,
    compute_cost_args,
    deep_network_args,
    linear_activation_backward_args,
    linear_activation_forward_args,
    linear_backward_args,
    linear_forward_args,
    update_parameters_args,
    validated,
)
from .activations import ACTIVATIONS, get_activation, softmax
from .initializers import initialize_parameters
from .losses import get_loss
from .training import Model

__all__ = [
    "HIDDEN_ACTIVATIONS",
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
    "layer_shapes",
    "count_parameters",
    "DeepNetwork",
    "DIGITS_SEED",
    "DIGITS_TWO_LAYER_DIMS",
    "DIGITS_FOUR_LAYER_DIMS",
    "DIGITS_FIT",
]

#: Activations a hidden layer may use (softmax only makes sense at the output).
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")

# The experiment of "Deep network application: image classification" (digits, "8" vs "not 8"),
# shared by the chapter and tests/test_deep.py so the numbers the book quotes are the ones tested.
#: Seed of the data split and of both networks' initialization.
DIGITS_SEED = 0
#: A 2-layer network, 64 pixels -> 16 ReLU units -> 1 sigmoid unit.
DIGITS_TWO_LAYER_DIMS = [64, 16, 1]
#: A 4-layer network, 64 -> 32 -> 16 -> 8 -> 1.
DIGITS_FOUR_LAYER_DIMS = [64, 32, 16, 8, 1]
#: Training settings of both networks (mini-batch gradient descent).
DIGITS_FIT: dict[str, Any] = {"epochs": 60, "learning_rate": 0.1, "batch_size": 32}


# --------------------------------------------------------------------------------------------
# Initialization
# --------------------------------------------------------------------------------------------
def initialize_parameters_deep(
    layer_dims: list[int], seed: Seed = 1, method: str | float = "he"
) -> Parameters:
    """Parameters W1, b1, ..., WL, bL of an L-layer network.

    Args:
        layer_dims: [n[0], n[1], ..., n[L]].
        seed: int seed or ``numpy.random.Generator``.
        method: an initialization of ``initializers.INIT_METHODS`` ("he" suits ReLU networks), or a
            number s: weights N(0, 1) * s.

    Returns:
        dict: "Wl" of shape (n[l], n[l-1]) and "bl" of shape (n[l], 1) for l = 1..L (float64).

    Introduced in: :ref:`ch-deep`
    """
    return initialize_parameters(layer_dims, method=method, seed=seed)


# --------------------------------------------------------------------------------------------
# Forward propagation
# --------------------------------------------------------------------------------------------
@validated(linear_forward_args)
def linear_forward(
    A_prev: Array, W: Array, b: Array, *, check: bool = True
) -> tuple[Array, LinearCache]:
    """The linear part of a layer: Z[l] = W[l] A[l-1] + b[l].

    Args:
        A_prev: activations of the previous layer A[l-1] (A[0] = X), shape (n[l-1], m).
        W: weights W[l], shape (n[l], n[l-1]).
        b: biases b[l], shape (n[l], 1); broadcast over the m columns.
        check: validate shapes and values.

    Returns:
        ``(Z, cache)``: Z[l] of shape (n[l], m), and cache = (A_prev, W, b) for backpropagation.

    Introduced in: :ref:`ch-deep`
    """
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


@validated(linear_activation_forward_args)
def linear_activation_forward(
    A_prev: Array, W: Array, b: Array, activation: str, *, check: bool = True
) -> tuple[Array, ActivationCache]:
    """One whole layer: Z[l] = W[l] A[l-1] + b[l], then A[l] = g(Z[l]).

    Args:
        A_prev: A[l-1], shape (n[l-1], m).
        W: W[l], shape (n[l], n[l-1]).
        b: b[l], shape (n[l], 1).
        activation: name of g, one of ``activations.ACTIVATIONS``.
        check: validate shapes, values and the activation name.

    Returns:
        ``(A, cache)``: A[l] of shape (n[l], m), and cache = (linear_cache, Z) where
        linear_cache = (A_prev, W, b).

    Introduced in: :ref:`ch-deep`
    """
    g, _ = get_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b, check=False)
    return g(Z), (linear_cache, Z)


@validated(L_model_forward_args)
def L_model_forward(
    X: Array,
    parameters: Parameters,
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
    *,
    check: bool = True,
) -> tuple[Array, list[ActivationCache]]:
    """Forward propagation through all L layers: [LINEAR -> hidden g] x (L-1) -> LINEAR -> output g.

    Args:
        X: inputs A[0], shape (n_x, m).
        parameters: dict W1, b1, ..., WL, bL (see ``initialize_parameters_deep``).
        hidden_activation: g[l] for l = 1..L-1, one of ``HIDDEN_ACTIVATIONS``.
        output_activation: g[L]: "sigmoid" (binary), "softmax" (C classes) or "identity".
        check: validate X, the parameters' shapes and the activation names.

    Returns:
        ``(AL, caches)``: A[L] of shape (n[L], m), and the list of the L caches of
        ``linear_activation_forward`` (caches[l - 1] belongs to layer l).

    Introduced in: :ref:`ch-deep`
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], hidden_activation, check=False
        )
        caches.append(cache)
    AL, cache = linear_activation_forward(
        A, parameters[f"W{L}"], parameters[f"b{L}"], output_activation, check=False
    )
    caches.append(cache)
    return AL, caches


@validated(compute_cost_args)
def compute_cost(
    AL: Array, Y: Array, output_activation: str = "sigmoid", *, check: bool = True
) -> float:
    """The cost J that matches the output activation.

    sigmoid -> binary cross-entropy, softmax -> categorical cross-entropy, identity -> mean squared
    error (J = (1/2m) sum ||A - Y||^2); see ``losses``.

    Args:
        AL: the network's output A[L], shape (n[L], m).
        Y: targets (1, m) of 0/1 (sigmoid), one-hot (C, m) or integer labels (1, m) (softmax),
            real (n[L], m) (identity).
        output_activation: "sigmoid", "softmax" or "identity".
        check: validate shapes and values.

    Returns:
        J, a Python float.

    Introduced in: :ref:`ch-deep`
    """
    cost, _ = get_loss(output_activation)
    return cost(AL, Y, check=False)


# --------------------------------------------------------------------------------------------
# Backward propagation
# --------------------------------------------------------------------------------------------
@validated(linear_backward_args)
def linear_backward(
    dZ: Array, cache: LinearCache, *, check: bool = True, compute_dA_prev: bool = True
) -> tuple[Any, Array, Array]:  # (dA_prev is None when compute_dA_prev is False)
    """Backpropagate through Z[l] = W[l] A[l-1] + b[l].

    Args:
        dZ: dJ/dZ[l], shape (n[l], m).
        cache: (A_prev, W, b) from ``linear_forward``.
        check: validate shapes.
        compute_dA_prev: False skips dA[l-1] (returned as None); layer 1 needs no dA[0] = dX.

    Returns:
        ``(dA_prev, dW, db)``: dA[l-1] = W[l]^T dZ[l], shape (n[l-1], m);
        dW[l] = dZ[l] A[l-1]^T, shape (n[l], n[l-1]); db[l] = row sums of dZ[l], shape (n[l], 1).

    Introduced in: :ref:`ch-deep`
    """
    A_prev, W, b = cache
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ if compute_dA_prev else None
    return dA_prev, dW, db


@validated(linear_activation_backward_args)
def linear_activation_backward(
    dA: Array,
    cache: ActivationCache,
    activation: str,
    *,
    check: bool = True,
    compute_dA_prev: bool = True,
) -> tuple[Any, Array, Array]:  # (dA_prev is None when compute_dA_prev is False)
    """Backpropagate through one whole layer: dZ[l] = dA[l] * g'(Z[l]), then ``linear_backward``.

    For softmax, whose derivative is a Jacobian rather than elementwise, the product with the
    Jacobian is dZ = A * (dA - sum_k dA_k A_k) column by column, with A = softmax(Z).

    Args:
        dA: dJ/dA[l], shape (n[l], m).
        cache: (linear_cache, Z) from ``linear_activation_forward``.
        activation: name of g, one of ``activations.ACTIVATIONS``.
        check: validate shapes and the activation name.
        compute_dA_prev: False skips dA[l-1] (returned as None), as ``linear_backward``.

    Returns:
        ``(dA_prev, dW, db)`` as in ``linear_backward``.

    Introduced in: :ref:`ch-deep`
    """
    _, g_prime = get_activation(activation)
    linear_cache, Z = cache
    if activation == "softmax":
        A = softmax(Z)
        dZ = A * (dA - np.sum(dA * A, axis=0, keepdims=True))
    else:
        dZ = dA * g_prime(Z)  # type: ignore[misc]  # (g_prime is None only for softmax)
    return linear_backward(dZ, linear_cache, check=False, compute_dA_prev=compute_dA_prev)


@validated(L_model_backward_args)
def L_model_backward(
    AL: Array,
    Y: Array,
    caches: list[ActivationCache],
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
    *,
    check: bool = True,
) -> Grads:
    """Backward propagation through all L layers: the gradients dW[l], db[l] of the cost.

    The output activation and its loss always come in matching pairs (sigmoid + binary
    cross-entropy, softmax + categorical cross-entropy, identity + mean squared error), and for
    each pair dZ[L] = dA[L] * g[L]'(Z[L]) simplifies to dZ[L] = (A[L] - Y) / m, where we start.

    Args:
        AL: A[L] from ``L_model_forward``, shape (n[L], m).
        Y: targets as for ``compute_cost``.
        caches: the list of L caches from ``L_model_forward``.
        hidden_activation: the g of layers 1..L-1.
        output_activation: the g of layer L.
        check: validate shapes, targets and names.

    Returns:
        dict with "dW1", "db1", ..., "dWL", "dbL" (same shapes as W1, b1, ...).

    Introduced in: :ref:`ch-deep`
    """
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    dZ = (AL - Y) / m  # dZ[L] for every matching output/loss pair
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(
        dZ, caches[L - 1][0], check=False, compute_dA_prev=L > 1
    )
    for l in range(L - 1, 0, -1):  # l = L-1, ..., 1; nothing needs dA[0] = dX, so skip it
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA_prev, caches[l - 1], hidden_activation, check=False, compute_dA_prev=l > 1
        )
    return grads


@validated(update_parameters_args)
def update_parameters(
    parameters: Parameters, grads: Grads, learning_rate: float, *, check: bool = True
) -> Parameters:
    """One step of gradient descent: W[l] <- W[l] - alpha dW[l], b[l] <- b[l] - alpha db[l].

    Args:
        parameters: dict of arrays ("W1", "b1", ... or any names).
        grads: dict with "d" + name for every parameter name (e.g. "dW1"), same shapes.
        learning_rate: alpha > 0.
        check: validate keys, shapes and the learning rate.

    Returns:
        A new dict of updated parameters (the inputs are not modified).

    Introduced in: :ref:`ch-shallow`
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


# --------------------------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------------------------
def layer_shapes(layer_dims: list[int], m: int) -> list[dict[str, Any]]:
    """The shapes of W[l], b[l], Z[l] and A[l] of every layer, for the dimensions table.

    Args:
        layer_dims: [n[0], ..., n[L]].
        m: number of examples.

    Returns:
        list of dicts, one per layer l = 1..L: {"l", "W", "b", "Z", "A"} with shape tuples.

    Introduced in: :ref:`ch-deep`
    """
    dims = check_layer_dims(layer_dims)
    m = check_positive_int("m", m)
    rows: list[dict[str, Any]] = []
    for l in range(1, len(dims)):
        n, n_prev = dims[l], dims[l - 1]
        rows.append({"l": l, "W": (n, n_prev), "b": (n, 1), "Z": (n, m), "A": (n, m)})
    return rows


def count_parameters(layer_dims: list[int]) -> int:
    """Number of trainable numbers: sum over l of n[l] n[l-1] (weights) + n[l] (biases).

    Args:
        layer_dims: [n[0], ..., n[L]].

    Returns:
        int.

    Introduced in: :ref:`ch-deep`
    """
    dims = check_layer_dims(layer_dims)
    return sum(dims[l] * dims[l - 1] + dims[l] for l in range(1, len(dims)))


# --------------------------------------------------------------------------------------------
# The model class
# --------------------------------------------------------------------------------------------
class DeepNetwork(Model):
    """An L-layer network with Keras-style ``fit`` / ``predict`` / ``evaluate``.

    Args:
        layer_dims: [n[0], n[1], ..., n[L]]; n[0] = n_x, n[L] = 1 for a sigmoid output,
            C >= 2 for softmax.
        hidden_activation: g of layers 1..L-1, one of ``HIDDEN_ACTIVATIONS``.
        output_activation: "sigmoid" (binary cross-entropy), "softmax" (categorical
            cross-entropy) or "identity" (mean squared error).
        init: an initialization method of ``initializers.INIT_METHODS``, or a number s (weights
            N(0, 1) * s).
        seed: int seed or ``numpy.random.Generator``; it draws the initial weights and then
            shuffles the mini-batches, so the same seed gives the same training run.
        lambd: L2 regularization strength lambda >= 0 (see ``regularization``): ``fit`` then
            descends J + (lambd / 2m) sum_l ||W[l]||_F^2 on each mini-batch of m examples. The
            ``loss`` that ``fit`` and ``evaluate`` report is J alone, without the penalty
            (Keras's reported loss includes it). 0 (default) = no regularization.

    Attributes:
        parameters: dict W1, b1, ..., WL, bL; every step of ``fit`` replaces each array by its
            updated value. You may set it yourself (e.g. to reproduce published weights): ``fit``,
            ``predict`` and ``evaluate`` check it against ``layer_dims`` first, and the arrays you
            set are never written to (lists or integer arrays become float64 copies).
        layer_dims: list of the layer sizes.

    Introduced in: :ref:`ch-deep`
    """

    @validated(deep_network_args)
    def __init__(
        self,
        layer_dims: list[int],
        hidden_activation: str = "relu",
        output_activation: str = "sigmoid",
        init: str | float = "he",
        seed: Seed = 0,
        lambd: float = 0.0,
    ) -> None:
        self.layer_dims = layer_dims
        self.lambd = lambd
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        self.init = init
        self._rng = np.random.default_rng(seed)
        self.parameters = initialize_parameters(layer_dims, init, self._rng, check=False)

    def _input_size(self) -> int:
        return self.layer_dims[0]

    def _output_size(self) -> int:
        return self.layer_dims[-1]

    def _check_parameters(self, X: Array | None, x_name: str = "X") -> Parameters:
        return check_parameters(self.parameters, X, layer_dims=self.layer_dims, x_name=x_name)

    def _forward(self, X: Array) -> tuple[Array, Any]:
        assert self.parameters is not None
        return L_model_forward(
            X, self.parameters, self.hidden_activation, self.output_activation, check=False
        )

    def _backward(self, X: Array, Y: Array, AL: Array, caches: Any) -> Grads:
        assert self.parameters is not None
        if self.lambd:
            from .regularization import l2_backward

            return l2_backward(
                AL, Y, caches, self.parameters, self.lambd,
                self.hidden_activation, self.output_activation, check=False,
            )
        return L_model_backward(
            AL, Y, caches, self.hidden_activation, self.output_activation, check=False
        )

    def count_params(self) -> int:
        """Number of trainable parameters (as Keras' ``model.count_params()``).

        Returns:
            int.

        Introduced in: :ref:`ch-deep`
        """
        return count_parameters(self.layer_dims)

    def __repr__(self) -> str:
        return (
            f"DeepNetwork(layer_dims={self.layer_dims}, "
            f"hidden_activation={self.hidden_activation!r}, "
            f"output_activation={self.output_activation!r}, init={self.init!r}"
            + (f", lambd={self.lambd!r})" if self.lambd else ")")
        )
