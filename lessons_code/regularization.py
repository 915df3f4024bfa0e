"""L2 regularization ("weight decay") of an L-layer network, from scratch.

The L2-regularized cost adds the squared Frobenius norms of the weight matrices to the cost J of
``deep.compute_cost`` (biases are not penalized):

    J_reg = J + (lambd / 2m) * sum over l of ||W[l]||_F^2,    ||W||_F^2 = sum of W's squared entries

Its derivative with respect to W[l] is the derivative of J plus (lambd / m) W[l], so
backpropagation is unchanged except for one added term per weight matrix:

    dW[l] <- dW[l] + (lambd / m) W[l]          (db[l] is unchanged)

A gradient step W[l] - alpha dW[l] therefore first shrinks W[l] by the factor (1 - alpha lambd / m):
hence the name weight decay. ``lambd`` (lambda is a Python keyword) is the regularization strength,
a hyperparameter; lambd = 0 is the plain network. Keras writes the same penalty per layer as
``keras.regularizers.L2(l2)``, whose value is l2 * sum(W ** 2), with no 1/(2m): Keras's
l2 = lambd / (2m) in this notation.
"""

from __future__ import annotations

import numpy as np

from ._types import ActivationCache, Array, Grads, Parameters
from ._validation import (
    compute_cost_with_l2_args,
    l2_backward_args,
    l2_penalty_args,
    validated,
)
from .deep import L_model_backward, compute_cost

__all__ = ["l2_penalty", "compute_cost_with_l2", "l2_backward"]


@validated(l2_penalty_args)
def l2_penalty(parameters: Parameters, lambd: float, m: float, *, check: bool = True) -> float:
    """The L2 term of the cost: (lambd / 2m) * sum over l of ||W[l]||_F^2.

    Args:
        parameters: dict W1, b1, ..., WL, bL.
        lambd: regularization strength lambda >= 0.
        m: number of examples the cost averages over (the batch size during training).
        check: validate the arguments.

    Returns:
        A Python float.

    Introduced in: :ref:`ch-deep-application`
    """
    L = len(parameters) // 2
    return float(lambd / (2 * m) * sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L + 1)))


@validated(compute_cost_with_l2_args)
def compute_cost_with_l2(
    AL: Array, Y: Array, parameters: Parameters, lambd: float, output_activation: str = "sigmoid"
) -> float:
    """The regularized cost J + (lambd / 2m) * sum_l ||W[l]||_F^2.

    Args:
        AL: the network's output A[L], shape (n[L], m).
        Y: targets as for ``deep.compute_cost``.
        parameters: dict W1, b1, ..., WL, bL.
        lambd: regularization strength lambda >= 0.
        output_activation: "sigmoid", "softmax" or "identity" (chooses J).

    Returns:
        A Python float.

    Introduced in: :ref:`ch-deep-application`
    """
    J = compute_cost(AL, Y, output_activation, check=False)
    return J + l2_penalty(parameters, lambd, AL.shape[1], check=False)


@validated(l2_backward_args)
def l2_backward(
    AL: Array,
    Y: Array,
    caches: list[ActivationCache],
    parameters: Parameters,
    lambd: float,
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
    *,
    check: bool = True,
) -> Grads:
    """Gradients of the regularized cost: ``deep.L_model_backward`` plus (lambd / m) W[l] in dW[l].

    Args:
        AL: A[L] from ``deep.L_model_forward``, shape (n[L], m).
        Y: targets as for ``deep.compute_cost``.
        caches: the caches from ``deep.L_model_forward``.
        parameters: the dict W1, b1, ..., WL, bL that produced AL.
        lambd: regularization strength lambda >= 0.
        hidden_activation, output_activation: as for ``deep.L_model_backward``.
        check: validate the arguments.

    Returns:
        dict "dW1", "db1", ..., "dWL", "dbL".

    Introduced in: :ref:`ch-deep-application`
    """
    grads = L_model_backward(AL, Y, caches, hidden_activation, output_activation, check=False)
    m = AL.shape[1]
    for l in range(1, len(caches) + 1):
        grads[f"dW{l}"] = grads[f"dW{l}"] + (lambd / m) * parameters[f"W{l}"]
    return grads
