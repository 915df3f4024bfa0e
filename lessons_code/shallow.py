"""A neural network with one hidden layer (a "shallow" network) for binary classification.

Architecture: X (n_x, m) -> n_h hidden units with activation g (tanh by default) -> 1 sigmoid unit.

    Z1 = W1 X + b1        A1 = g(Z1)            shapes (n_h, m)
    Z2 = W2 A1 + b2       A2 = sigmoid(Z2)      shapes (1, m)

Backpropagation, derived in the chapter (every d-array is a derivative of the cost J, so the 1/m
of J appears once, in dZ2):

    dZ2 = (A2 - Y) / m                 dW2 = dZ2 A1^T     db2 = sum of dZ2 over examples
    dA1 = W2^T dZ2                     dZ1 = dA1 * g'(Z1)
    dW1 = dZ1 X^T                      db1 = sum of dZ1 over examples

For tanh, g'(Z1) = 1 - A1^2, computed from the cached A1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._types import Array, Grads, Parameters, Seed
from ._validation import (
    backward_propagation_args,
    forward_propagation_args,
    layer_sizes_args,
    nn_model_args,
    shallow_cost_args,
    shallow_initialize_args,
    shallow_network_args,
    shallow_parameters,
    shallow_predict_args,
    validated,
)
from .activations import get_activation, sigmoid
from .deep import update_parameters
from .initializers import initialize_parameters as _initialize
from .losses import binary_cross_entropy
from .training import Model

__all__ = [
    "layer_sizes",
    "initialize_parameters",
    "forward_propagation",
    "compute_cost",
    "backward_propagation",
    "update_parameters",
    "nn_model",
    "predict",
    "ShallowNetwork",
    "FLOWER_DATA",
    "FLOWER_N_H",
    "FLOWER_FIT",
]

# The flower experiment of "Shallow neural networks", in the library so that other pages and scripts
# (e.g. a Keras version of the same network) can rebuild it with the same data and settings.
#: The planar "flower" data, as ``datasets.make_flower(**FLOWER_DATA)``.
FLOWER_DATA: dict[str, Any] = {"m": 400, "seed": 1}
#: Hidden units of the network that separates the petals.
FLOWER_N_H = 4
#: Full-batch gradient descent, used for both logistic regression and the shallow network.
FLOWER_FIT: dict[str, Any] = {"epochs": 10000, "learning_rate": 1.2}


@validated(layer_sizes_args)
def layer_sizes(X: Array, Y: Array, n_h: int = 4, *, check: bool = True) -> tuple[int, int, int]:
    """The three layer sizes of the network, read off the data.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (n_y, m) (n_y = 1 for binary labels).
        n_h: hidden units.
        check: validate the inputs.

    Returns:
        ``(n_x, n_h, n_y)``.

    Introduced in: :ref:`ch-shallow`
    """
    return X.shape[0], n_h, Y.shape[0]


@validated(shallow_initialize_args)
def initialize_parameters(
    n_x: int, n_h: int, n_y: int, seed: Seed = 2, scale: float = 0.01, *, check: bool = True
) -> Parameters:
    """Small random weights, zero biases: W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).

    Small weights keep tanh/sigmoid away from their flat, saturated regions at the start.

    Args:
        n_x: input size. n_h: hidden units. n_y: output units.
        seed: int seed or ``numpy.random.Generator``.
        scale: standard deviation of the weights.
        check: validate the arguments.

    Returns:
        dict with "W1", "b1", "W2", "b2" (float64).

    Introduced in: :ref:`ch-shallow`
    """
    return _initialize([n_x, n_h, n_y], method="random", seed=seed, scale=scale, check=False)


@validated(forward_propagation_args)
def forward_propagation(
    X: Array, parameters: Parameters, hidden_activation: str = "tanh", *, check: bool = True
) -> tuple[Array, dict[str, Array]]:
    """Forward pass: Z1 = W1 X + b1, A1 = g(Z1), Z2 = W2 A1 + b2, A2 = sigmoid(Z2).

    Args:
        X: inputs, shape (n_x, m).
        parameters: dict W1 (n_h, n_x), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1).
        hidden_activation: g, e.g. "tanh" or "relu".
        check: validate the inputs.

    Returns:
        ``(A2, cache)``: A2 of shape (1, m), and cache = {"Z1", "A1", "Z2", "A2"}.

    Introduced in: :ref:`ch-shallow`
    """
    g, _ = get_activation(hidden_activation)
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = g(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@validated(shallow_cost_args)
def compute_cost(A2: Array, Y: Array, *, check: bool = True) -> float:
    """The binary cross-entropy cost J of the predictions A2 (see ``losses.binary_cross_entropy``).

    Args:
        A2: predicted probabilities, shape (1, m).
        Y: labels, shape (1, m).
        check: validate the inputs.

    Returns:
        J, a float.

    Introduced in: :ref:`ch-shallow`
    """
    return binary_cross_entropy(A2, Y, check=False)


@validated(backward_propagation_args)
def backward_propagation(
    parameters: Parameters,
    cache: dict[str, Array],
    X: Array,
    Y: Array,
    hidden_activation: str = "tanh",
    *,
    check: bool = True,
) -> Grads:
    """Backward pass: the gradients of the cost with respect to W1, b1, W2, b2.

    Args:
        parameters: dict W1, b1, W2, b2.
        cache: {"Z1", "A1", "Z2", "A2"} from ``forward_propagation``.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        hidden_activation: the g used in the forward pass.
        check: validate the inputs.

    Returns:
        dict "dW1" (n_h, n_x), "db1" (n_h, 1), "dW2" (1, n_h), "db2" (1, 1).

    Introduced in: :ref:`ch-shallow`
    """
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dA1 = parameters["W2"].T @ dZ2
    if hidden_activation == "tanh":
        dZ1 = dA1 * (1 - A1**2)  # tanh'(Z1) = 1 - A1^2, from the cached A1
    else:
        g_prime = get_activation(hidden_activation)[1]
        dZ1 = dA1 * g_prime(cache["Z1"])  # type: ignore[misc]  # g'(Z1) from Z1
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@validated(nn_model_args)
def nn_model(
    X: Array,
    Y: Array,
    n_h: int,
    num_iterations: int = 10000,
    learning_rate: float = 1.2,
    seed: Seed = 3,
    hidden_activation: str = "tanh",
    print_cost: bool = False,
) -> tuple[Parameters, list[float]]:
    """Train the shallow network by full-batch gradient descent.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), values 0 or 1.
        n_h: hidden units.
        num_iterations: gradient steps.
        learning_rate: step size alpha.
        seed: seed of the initial weights (``initialize_parameters``).
        hidden_activation: g of the hidden layer.
        print_cost: print the cost every 1000 iterations.

    Returns:
        ``(parameters, costs)``: the trained W1, b1, W2, b2 and the cost before every step
        (costs[i] is J before iteration i).

    Introduced in: :ref:`ch-shallow`
    """
    n_x, n_h, n_y = layer_sizes(X, Y, n_h, check=False)
    parameters = initialize_parameters(n_x, n_h, n_y, seed=seed, check=False)
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters, hidden_activation, check=False)
        costs.append(compute_cost(A2, Y, check=False))
        grads = backward_propagation(parameters, cache, X, Y, hidden_activation, check=False)
        parameters = update_parameters(parameters, grads, learning_rate, check=False)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {costs[-1]:.6f}")
    return parameters, costs


@validated(shallow_predict_args)
def predict(parameters: Parameters, X: Array, hidden_activation: str = "tanh") -> Array:
    """Predicted labels: 1.0 where A2 > 0.5, else 0.0.

    Args:
        parameters: dict W1, b1, W2, b2.
        X: inputs, shape (n_x, m).
        hidden_activation: g of the hidden layer.

    Returns:
        Predictions of shape (1, m), values 0.0 and 1.0.

    Introduced in: :ref:`ch-shallow`
    """
    A2, _ = forward_propagation(X, parameters, hidden_activation, check=False)
    return (A2 > 0.5).astype(np.float64)


class ShallowNetwork(Model):
    """The one-hidden-layer binary classifier with the Keras verbs ``fit``/``predict``/``evaluate``.

    The parameters are created by the first ``fit`` (n_x is read off X) with
    ``initialize_parameters(n_x, n_h, 1, seed)``; with the same seed, full-batch
    ``fit(X, Y, epochs=N, learning_rate=a)`` takes exactly the steps of
    ``nn_model(X, Y, n_h, N, a, seed)``.

    Args:
        n_h: hidden units.
        hidden_activation: g of the hidden layer, e.g. "tanh" or "relu".
        seed: int seed or ``numpy.random.Generator`` (initial weights, then mini-batch shuffling).

    Attributes:
        parameters: dict W1, b1, W2, b2 (None before ``fit``), replaced at every step of ``fit``;
            parameters you set yourself are checked by ``fit``/``predict``/``evaluate`` first.

    Introduced in: :ref:`ch-shallow`
    """

    output_activation = "sigmoid"

    @validated(shallow_network_args)
    def __init__(self, n_h: int = 4, hidden_activation: str = "tanh", seed: Seed = 3) -> None:
        self.n_h = n_h
        self.hidden_activation = hidden_activation
        self._rng = np.random.default_rng(seed)
        self.parameters: Parameters | None = None

    def _input_size(self) -> int | None:
        return None if self.parameters is None else int(np.shape(self.parameters["W1"])[1])

    def _check_parameters(self, X: Array | None, x_name: str = "X") -> Parameters:
        return shallow_parameters(self.parameters, X, x_name=x_name)

    def _build(self, n_x: int, n_y: int) -> None:
        self.parameters = initialize_parameters(n_x, self.n_h, 1, seed=self._rng, check=False)

    def _forward(self, X: Array) -> tuple[Array, dict[str, Array]]:
        assert self.parameters is not None
        return forward_propagation(X, self.parameters, self.hidden_activation, check=False)

    def _backward(self, X: Array, Y: Array, AL: Array, cache: Any) -> Grads:
        assert self.parameters is not None
        return backward_propagation(
            self.parameters, cache, X, Y, self.hidden_activation, check=False
        )

    def __repr__(self) -> str:
        return f"ShallowNetwork(n_h={self.n_h}, hidden_activation={self.hidden_activation!r})"
