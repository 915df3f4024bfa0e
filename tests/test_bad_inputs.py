"""Every wrong input fails at once, with the right exception and a message in the book's notation.

Each row: (id, a call that must fail, the exception type, a literal fragment of the message).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lessons_code import deep, gradcheck, initializers, logistic, losses, shallow, training

RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 5))  # n_x = 2, m = 5
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
P = {  # a 2 -> 3 -> 4 -> 1 network: W1 (3, 2), W2 (4, 3), W3 (1, 4)
    "W1": RNG.standard_normal((3, 2)), "b1": np.zeros((3, 1)),
    "W2": RNG.standard_normal((4, 3)), "b2": np.zeros((4, 1)),
    "W3": RNG.standard_normal((1, 4)), "b3": np.zeros((1, 1)),
}


def with_value(a, index, value):
    a = np.array(a, dtype=float)
    a[index] = value
    return a


def replaced(params, **changes):
    return {**params, **changes}


def net(output="sigmoid", dims=(2, 3, 1)):
    return deep.DeepNetwork(list(dims), output_activation=output)


def fit(model=None, X_=X, Y_=Y, **kw):
    kw = {"epochs": 1, "learning_rate": 0.1, **kw}
    return (model or net()).fit(X_, Y_, **kw)


CASES = [
    # --- shapes of X and Y --------------------------------------------------------------------
    ("X rank-1", lambda: fit(X_=X[0]), ValueError, "X must have shape (n_x, m) = (2, ?), got (5,) (a rank-1 array"),
    ("X transposed", lambda: fit(X_=X.T), ValueError, "X must have shape (n_x, m) = (2, ?), got (5, 2)"),
    ("X wrong n_x in predict", lambda: net().predict(np.zeros((3, 4))), ValueError, "X must have shape (n_x, m) = (2, ?), got (3, 4)"),
    ("Y rank-1", lambda: fit(Y_=Y[0]), ValueError, "Y must be a 2-D array, got shape (5,) (a rank-1 array"),
    ("Y transposed", lambda: fit(Y_=Y.T), ValueError, "Y must have shape (1, m) = (1, 5), got (5, 1)"),
    ("m of X and Y differ", lambda: fit(Y_=Y[:, :4]), ValueError, "same number of examples m (columns), got X has m = 5, Y has m = 4"),
    ("Y not 0/1", lambda: fit(Y_=with_value(Y, (0, 0), 2)), ValueError, "Y must contain only 0 and 1 labels, got values [2.0]"),
    ("Y not one-hot", lambda: fit(net("softmax", (2, 3)), Y_=np.ones((3, 5))), ValueError, "Y must be one-hot with shape (C, m)"),
    ("Y one-hot wrong C", lambda: fit(net("softmax", (2, 3)), Y_=np.eye(4)[:, [0, 1, 2, 3, 0]]), ValueError, "Y must have shape (C, m) = (3, 5), got (4, 5)"),
    ("integer label >= C", lambda: fit(net("softmax", (2, 3)), Y_=[[0, 1, 2, 3, 0]]), ValueError, "Y must contain integer class labels 0..2 (C = 3), got values [3.0]"),
    ("integer label not integer", lambda: fit(net("softmax", (2, 3)), Y_=[[0, 1, 0.5, 1, 0]]), ValueError, "integer class labels 0..2"),
    # --- values -------------------------------------------------------------------------------
    ("X has NaN", lambda: fit(X_=with_value(X, (0, 1), np.nan)), ValueError, "X must contain only finite numbers, got 1 NaN and 0 inf"),
    ("X has inf", lambda: fit(X_=with_value(X, (1, 1), -np.inf)), ValueError, "X must contain only finite numbers, got 0 NaN and 1 inf"),
    ("X empty", lambda: fit(X_=np.zeros((2, 0)), Y_=np.zeros((1, 0))), ValueError, "X must not be empty, got shape (2, 0)"),
    ("X strings", lambda: fit(X_=np.array([["a", "b"]] * 2)), TypeError, "X must be a numeric array"),
    ("X object dtype", lambda: fit(X_=np.array([[1, None]] * 2, dtype=object)), TypeError, "X must be a numeric array, got an array of dtype object"),
    ("X complex", lambda: fit(X_=X + 1j), TypeError, "X must be real-valued"),
    ("X a string", lambda: net().predict("X"), TypeError, "X must be a numeric array, got str"),
    ("W with NaN", lambda: deep.L_model_forward(X, replaced(P, W2=with_value(P["W2"], (0, 0), np.nan))), ValueError, "W2 must contain only finite numbers, got 1 NaN"),
    # --- hyperparameters ----------------------------------------------------------------------
    ("learning_rate 0", lambda: fit(learning_rate=0), ValueError, "learning_rate must be a finite number > 0, got 0"),
    ("learning_rate < 0", lambda: fit(learning_rate=-0.1), ValueError, "learning_rate must be a finite number > 0, got -0.1"),
    ("learning_rate string", lambda: fit(learning_rate="0.1"), TypeError, "learning_rate must be a number, got str"),
    ("epochs 0", lambda: fit(epochs=0), ValueError, "epochs must be > 0, got 0"),
    ("epochs float", lambda: fit(epochs=10.0), TypeError, "epochs must be an integer, got float"),
    ("batch_size 0", lambda: fit(batch_size=0), ValueError, "batch_size must be > 0, got 0"),
    ("batch_size negative in iterate_minibatches", lambda: next(training.iterate_minibatches(X, Y, -4)), ValueError, "batch_size must be > 0, got -4"),
    ("verbose negative", lambda: fit(verbose=-1), ValueError, "verbose must be >= 0, got -1"),
    ("validation_data not a pair", lambda: fit(validation_data=X), TypeError, "validation_data must be a tuple (X_val, Y_val)"),
    ("validation X wrong n_x", lambda: fit(validation_data=(X[:1], Y)), ValueError, "X_val must have shape (n_x, m) = (2, ?), got (1, 5)"),
    ("num_iterations 0", lambda: logistic.optimize(np.zeros((2, 1)), 0.0, X, Y, num_iterations=0), ValueError, "num_iterations must be > 0, got 0"),
    ("n_h 0", lambda: shallow.nn_model(X, Y, 0), ValueError, "n_h must be > 0, got 0"),
    # --- architecture -------------------------------------------------------------------------
    ("bad hidden activation", lambda: deep.DeepNetwork([2, 3, 1], hidden_activation="relu6"), ValueError, "hidden_activation must be one of 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity', got 'relu6'"),
    ("softmax as hidden", lambda: deep.L_model_forward(X, P, hidden_activation="softmax"), ValueError, "hidden_activation must be one of"),
    ("bad output activation", lambda: deep.DeepNetwork([2, 1], output_activation="tanh"), ValueError, "output_activation must be one of 'sigmoid', 'softmax', 'identity', got 'tanh'"),
    ("activation not a string", lambda: deep.linear_activation_forward(X, P["W1"], P["b1"], 3), ValueError, "activation must be one of"),
    ("shallow bad activation", lambda: shallow.ShallowNetwork(4, hidden_activation="Tanh"), ValueError, "hidden_activation must be one of"),
    ("layer_dims too short", lambda: deep.DeepNetwork([5]), ValueError, "layer_dims must list at least n[0] and n[1] (2 sizes), got 1: [5]"),
    ("layer_dims has 0", lambda: deep.DeepNetwork([5, 0, 1]), ValueError, "layer_dims[1] = n[1] must be a positive integer, got 0"),
    ("layer_dims has float", lambda: deep.count_parameters([5, 2.5, 1]), ValueError, "layer_dims[1] = n[1] must be a positive integer, got 2.5"),
    ("layer_dims a string", lambda: deep.DeepNetwork("64,1"), TypeError, "layer_dims must be a list of integers, got str"),
    ("sigmoid with 3 outputs", lambda: deep.DeepNetwork([2, 3], output_activation="sigmoid"), ValueError, "a sigmoid output needs n[L] = 1 unit, got layer_dims[-1] = 3"),
    ("softmax with 1 output", lambda: deep.DeepNetwork([2, 1], output_activation="softmax"), ValueError, "a softmax output needs n[L] = C >= 2 units"),
    ("bad init method", lambda: initializers.initialize_parameters([2, 1], method="normal"), ValueError, "method must be one of 'zeros', 'random', 'he'"),
    # --- parameters ---------------------------------------------------------------------------
    ("W2 transposed", lambda: deep.L_model_forward(X, replaced(P, W2=P["W2"].T)), ValueError, "W2 must have shape (n[2], n[1]) = (4, 3), got (3, 4)"),
    ("W1 does not fit X", lambda: deep.L_model_forward(X[:1], P), ValueError, "W1 must have shape (n[1], n[0]) = (3, 1), got (3, 2)"),
    ("b1 rank-1", lambda: deep.L_model_forward(X, replaced(P, b1=np.zeros(3))), ValueError, "b1 must have shape (n[1], 1) = (?, 1), got (3,) (a rank-1 array"),
    ("b2 wrong size", lambda: deep.L_model_forward(X, replaced(P, b2=np.zeros((3, 1)))), ValueError, "W2 must have shape (n[2], n[1]) = (3, 3), got (4, 3)"),
    ("missing b3", lambda: deep.L_model_forward(X, {k: v for k, v in P.items() if k != "b3"}), ValueError, "parameters must have the keys W1, b1, ..., WL, bL"),
    ("parameters a list", lambda: deep.L_model_forward(X, list(P.values())), TypeError, "parameters must be a dict"),
    ("linear_forward W mismatch", lambda: deep.linear_forward(X, np.zeros((4, 3)), np.zeros((4, 1))), ValueError, "W must have shape (n[l], n[l-1]) = (4, 2), got (4, 3)"),
    ("linear_forward b rank-1", lambda: deep.linear_forward(X, np.zeros((4, 2)), np.zeros(4)), ValueError, "b must have shape (n[l], 1) = (4, 1), got (4,)"),
    ("linear_backward dZ shape", lambda: deep.linear_backward(np.zeros((4, 6)), (X, np.zeros((4, 2)), np.zeros((4, 1)))), ValueError, "dZ must have shape (n[l], m) = (4, 5), got (4, 6)"),
    ("update_parameters missing grad", lambda: deep.update_parameters(P, {"dW1": P["W1"]}, 0.1), ValueError, "grads must contain 'db1' for parameter 'b1'"),
    ("update_parameters wrong grad shape", lambda: deep.update_parameters({"W1": P["W1"]}, {"dW1": P["W1"].T}, 0.1), ValueError, "dW1 must have the shape of W1, (3, 2), got (2, 3)"),
    ("w rank-1", lambda: logistic.propagate(np.zeros(2), 0.0, X, Y), ValueError, "w must have shape (n_x, 1) = (2, 1), got (2,)"),
    ("b not a number", lambda: logistic.propagate(np.zeros((2, 1)), "0", X, Y), TypeError, "b must be a number, got str"),
    ("logistic Y not 0/1", lambda: logistic.propagate(np.zeros((2, 1)), 0.0, X, Y * 0.5), ValueError, "Y must contain only 0 and 1 labels, got values [0.5]"),
    ("n_x 0", lambda: logistic.initialize_with_zeros(0), ValueError, "n_x must be > 0, got 0"),
    # --- losses -------------------------------------------------------------------------------
    ("A outside [0, 1]", lambda: losses.binary_cross_entropy([[0.5, 1.5]], [[0, 1]]), ValueError, "A must contain probabilities in [0, 1], got values in [0.5, 1.5]"),
    ("loss shapes differ", lambda: losses.binary_cross_entropy([[0.5, 0.5, 0.5]], [[0], [1], [1]]), ValueError, "Y must have shape (n[L], m) = (1, 3), got (3, 1)"),
    ("CCE Y not one-hot", lambda: losses.categorical_cross_entropy(np.full((2, 2), 0.5), [[1, 1], [1, 0]]), ValueError, "Y must be one-hot"),
    ("compute_cost Y wrong m", lambda: deep.compute_cost(np.full((1, 4), 0.5), Y), ValueError, "Y must have shape (1, m) = (1, 4), got (1, 5)"),
    ("one_hot label out of range", lambda: losses.one_hot([[0, 1, 5]], 3), ValueError, "y must contain integer class labels 0..2 (C = 3), got values [5.0]"),
    ("gradient_check missing grad", lambda: gradcheck.gradient_check(lambda p: 0.0, {"W": np.zeros((1, 1))}, {}), ValueError, "grads must contain 'dW'"),
]


@pytest.mark.parametrize("call, error, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()


def test_the_table_is_large_enough():
    assert len(CASES) >= 30 and len({c[0] for c in CASES}) == len(CASES)
