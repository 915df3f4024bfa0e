"""Parameter initialization: the starting point of gradient descent.

Biases always start at zero. The weights W[l], of shape (n[l], n[l-1]), must *not* all be equal
(every unit of a layer would then compute the same thing forever: the symmetry problem), and their
scale matters: too large saturates sigmoid/tanh, too small makes the signal vanish layer by layer.

====================  =================================================  =====================
method                W[l] drawn as                                      suited to
====================  =================================================  =====================
``"zeros"``           0 (the symmetry problem, for demonstration)        nothing
``"random"``          N(0, 1) * scale  (scale = 0.01 by default)         shallow networks
a number ``s``        N(0, 1) * s  (``0.01``: the course's small init)   shallow networks
``"he"``              N(0, 1) * sqrt(2 / n[l-1])  (He et al. 2015)       ReLU networks
``"lecun"``           N(0, 1) * sqrt(1 / n[l-1])  (LeCun et al. 1998)    tanh/sigmoid networks
``"glorot"``          N(0, 1) * sqrt(2 / (n[l-1] + n[l]))  (alias          tanh/sigmoid networks
                      ``"xavier"``; Glorot & Bengio 2010)
``"glorot_uniform"``  U(-r, r), r = sqrt(6 / (n[l-1] + n[l]))            Keras ``Dense``'s
                                                                         default
====================  =================================================  =====================

``"glorot"`` and ``"glorot_uniform"`` have the same variance, 2 / (n[l-1] + n[l]); Keras's
``GlorotNormal`` draws from a *truncated* normal with that standard deviation, ours from a plain
one.
"""

from __future__ import annotations

import numpy as np

from ._types import Parameters, Seed
from ._validation import initialize_parameters_args, validated

__all__ = ["INIT_METHODS", "initialize_parameters"]

#: The names accepted by ``initialize_parameters(method=...)``.
INIT_METHODS = ("zeros", "random", "he", "lecun", "glorot", "xavier", "glorot_uniform")


@validated(initialize_parameters_args)
def initialize_parameters(
    layer_dims: list[int],
    method: str | float = "he",
    seed: Seed = 0,
    scale: float = 0.01,
    *,
    check: bool = True,
) -> Parameters:
    """Create the parameters W1, b1, ..., WL, bL of a network with the given layer sizes.

    Args:
        layer_dims: [n[0], n[1], ..., n[L]]; n[0] = n_x is the number of input features.
        method: one of ``INIT_METHODS`` (see the table in the module docstring), or a number
            s > 0: weights N(0, 1) * s (so ``method=0.01`` is ``method="random", scale=0.01``).
        seed: an int seed or a ``numpy.random.Generator`` (the weights are drawn layer by layer,
            l = 1..L, from this one stream).
        scale: the standard deviation of the ``"random"`` method (ignored by the others).
        check: validate the arguments (``DeepNetwork`` checks them once, then passes False).

    Returns:
        dict with "W1" of shape (n[1], n[0]), "b1" of shape (n[1], 1), ..., "WL", "bL"; float64.

    Raises:
        ValueError: bad layer_dims, unknown method, non-positive scale or a bad seed.

    Introduced in: :ref:`ch-shallow`
    """
    if not isinstance(method, str):  # a number s: the standard deviation of "random"
        method, scale = "random", float(method)
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        fan_in, fan_out = layer_dims[l - 1], layer_dims[l]
        shape = (fan_out, fan_in)  # W[l] is (n[l], n[l-1])
        if method == "zeros":
            W = np.zeros(shape)
        elif method == "random":
            W = rng.standard_normal(shape) * scale
        elif method == "he":
            W = rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)
        elif method == "lecun":
            W = rng.standard_normal(shape) * np.sqrt(1.0 / fan_in)
        elif method in ("glorot", "xavier"):
            W = rng.standard_normal(shape) * np.sqrt(2.0 / (fan_in + fan_out))
        else:  # "glorot_uniform"
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, size=shape)
        parameters[f"W{l}"] = W
        parameters[f"b{l}"] = np.zeros((fan_out, 1))
    return parameters
