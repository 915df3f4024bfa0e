"""Every wrong input fails at once, with the right exception and a message in the book's notation.

Each row of ``CASES``: (id, a call that must fail, the exception type, and three fragments the message
must contain: the argument it blames, what was expected, what arrived). CONTRIBUTING.md, "Library
conventions": a wrong input raises an error naming the argument, the expected and the actual value;
for a transposed ``X``, it says so. The rows cover every public function that takes arguments, by
class of mistake: shapes, transposes, ranks, empties, NaN/inf, dtypes, labels, seeds, overflow.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import (
    bench,
    datasets,
    deep,
    gradcheck,
    initializers,
    logistic,
    losses,
    plots,
    regularization,
    shallow,
    tensors,
    training,
)
from lessons_code.activations import get_activation

RNG = np.random.default_rng(0)
X = RNG.standard_normal((2, 5))  # n_x = 2, m = 5
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
P = {  # a 2 -> 3 -> 4 -> 1 network: W1 (3, 2), W2 (4, 3), W3 (1, 4)
    "W1": RNG.standard_normal((3, 2)), "b1": np.zeros((3, 1)),
    "W2": RNG.standard_normal((4, 3)), "b2": np.zeros((4, 1)),
    "W3": RNG.standard_normal((1, 4)), "b3": np.zeros((1, 1)),
}
AL, CACHES = deep.L_model_forward(X, P)
P2 = {k: P[k] for k in ("W1", "b1")} | {"W2": RNG.standard_normal((1, 3)), "b2": np.zeros((1, 1))}
A2, CACHE2 = shallow.forward_propagation(X, P2)
W_LR = np.zeros((2, 1))
IMAGES = RNG.random((3, 4, 4))


def with_value(a, index, value):
    a = np.array(a, dtype=complex if isinstance(value, complex) else float)
    a[index] = value
    return a


def replaced(params, **changes):
    return {**params, **changes}


def net(output="sigmoid", dims=(2, 3, 1), **kw):
    return deep.DeepNetwork(list(dims), output_activation=output, **kw)


def fit(model=None, X_=X, Y_=Y, **kw):
    kw = {"epochs": 1, "learning_rate": 0.1, **kw}
    return (model or net()).fit(X_, Y_, **kw)


def injected(**changes):
    model = net(dims=(2, 3, 4, 1))
    model.parameters = replaced(P, **changes)
    return model


def with_parameters(model, parameters):
    model.parameters = parameters
    return model


def fitted(model_class, *args):
    model = model_class(*args)
    model.fit(X, Y, epochs=1)
    return model


T = "is X transposed? (one example per column)"

CASES = [
    # --- X against the parameters: the commonest mistake, a transposed X, blamed on X ---------
    ("fit X transposed", lambda: fit(X_=X.T), ValueError, "X has n_x = 5 rows", "W1 expects 2", T),
    ("predict X transposed", lambda: net().predict(X.T), ValueError, "X has n_x = 5 rows", "expects 2", T),
    ("predict_proba X transposed", lambda: net().predict_proba(X.T), ValueError, "X has n_x = 5", "expects 2", T),
    ("evaluate X transposed", lambda: net().evaluate(X.T, Y), ValueError, "X has n_x = 5", "expects 2", T),
    ("L_model_forward X transposed", lambda: deep.L_model_forward(X.T, P), ValueError, "X has n_x = 5", "W1 expects 2", T),
    ("L_model_forward X too few rows", lambda: deep.L_model_forward(X[:1], P), ValueError, "X has n_x = 1 row", "W1 expects 2", "W1 has shape (3, 2)"),
    ("linear_forward A_prev transposed", lambda: deep.linear_forward(X.T, P["W1"], P["b1"]), ValueError, "A_prev has n[l-1] = 5 rows", "W expects 2", "is A_prev transposed?"),
    ("shallow forward X transposed", lambda: shallow.forward_propagation(X.T, P2), ValueError, "X has n_x = 5", "W1 expects 2", T),
    ("shallow predict X transposed", lambda: shallow.predict(P2, X.T), ValueError, "X has n_x = 5", "W1 expects 2", T),
    ("shallow backward X transposed", lambda: shallow.backward_propagation(P2, CACHE2, X.T, Y), ValueError, "X has n_x = 5", "W1 expects 2", T),
    ("ShallowNetwork.predict X transposed", lambda: fitted(shallow.ShallowNetwork, 3).predict(X.T), ValueError, "X has n_x = 5", "W1 expects 2", T),
    ("ShallowNetwork.fit X transposed", lambda: fit(shallow.ShallowNetwork(3), X_=X.T), ValueError, "X has m = 2 columns", "Y has 5", T),
    ("logistic propagate X transposed", lambda: logistic.propagate(W_LR, 0.0, X.T, Y), ValueError, "X has n_x = 5", "w expects 2", T),
    ("logistic optimize X transposed", lambda: logistic.optimize(W_LR, 0.0, X.T, Y), ValueError, "X has n_x = 5", "w expects 2", T),
    ("logistic predict X transposed", lambda: logistic.predict(W_LR, 0.0, X.T), ValueError, "X has n_x = 5", "w expects 2", T),
    ("logistic forward X transposed", lambda: logistic.forward_propagation(W_LR, 0.0, X.T), ValueError, "X has n_x = 5", "w expects 2", T),
    ("logistic forward b NaN", lambda: logistic.forward_propagation(W_LR, np.nan, X), ValueError, "b must be a finite number", "finite", "got nan"),
    ("logistic backward X transposed", lambda: logistic.backward_propagation(X.T, Y, np.full((1, 5), 0.5)), ValueError, "X has m = 2 columns", "A has 5", T),
    ("logistic backward X wrong m", lambda: logistic.backward_propagation(X[:, :4], Y, np.full((1, 5), 0.5)), ValueError, "same number of examples m", "X has m = 4", "A has m = 5"),
    ("logistic backward A transposed", lambda: logistic.backward_propagation(X, Y, np.full((5, 1), 0.5)), ValueError, "A must have shape", "(1, m) = (1, 5)", "got (5, 1): is A transposed?"),
    ("logistic backward A outside [0, 1]", lambda: logistic.backward_propagation(X, Y, np.full((1, 5), 1.5)), ValueError, "A must contain probabilities", "in [0, 1]", "[1.5, 1.5]"),
    ("logistic backward Y not 0/1", lambda: logistic.backward_propagation(X, 2 * Y, np.full((1, 5), 0.5)), ValueError, "Y must contain only 0 and 1 labels", "0 and 1", "[2.0]"),
    ("shallow compute_cost A2 outside [0, 1]", lambda: shallow.compute_cost(A2 + 1, Y), ValueError, "A2 must contain probabilities", "in [0, 1]", "got values in"),
    ("shallow compute_cost Y wrong m", lambda: shallow.compute_cost(A2, Y[:, :4]), ValueError, "Y must have shape", "(n[L], m) = (1, 5)", "got (1, 4)"),
    ("shallow update_parameters missing grad", lambda: shallow.update_parameters(P2, {"dW1": P2["W1"]}, 0.1), ValueError, "grads must contain 'db1'", "for parameter 'b1'", "got keys ['dW1']"),
    ("LogisticRegression.fit X transposed", lambda: fit(logistic.LogisticRegression(), X_=X.T), ValueError, "X has m = 2 columns", "Y has 5", T),
    ("LogisticRegression.predict X transposed", lambda: fitted(logistic.LogisticRegression).predict(X.T), ValueError, "X has n_x = 5", "w expects 2", T),
    ("compute_cost_with_l2 AL transposed", lambda: regularization.compute_cost_with_l2(AL.T, Y, P, 0.1), ValueError, "AL", "(1, m) = (1, ?)", "got (5, 1)"),
    ("validation X wrong n_x", lambda: fit(validation_data=(X[:1], Y)), ValueError, "X_val has n_x = 1 row", "W1 expects 2", "(3, 2)"),
    ("validation X transposed", lambda: fit(validation_data=(X.T, Y)), ValueError, "X_val has n_x = 5", "W1 expects 2", "is X_val transposed?"),
    # --- shapes and ranks of X and Y -----------------------------------------------------------
    ("X rank-1", lambda: fit(X_=X[0]), ValueError, "X must have shape", "(n_x, m) = (2, ?)", "got (5,) (a rank-1 array"),
    ("X rank-3", lambda: net().predict(X[None]), ValueError, "X must have shape", "(2, ?)", "got (1, 2, 5)"),
    ("X 0-d", lambda: deep.L_model_forward(np.float64(3.0), P), ValueError, "X must be a 2-D array", "2-D", "got shape ()"),
    ("Y rank-1", lambda: fit(Y_=Y[0]), ValueError, "Y must be a 2-D array", "2-D", "got shape (5,) (a rank-1 array"),
    ("Y transposed", lambda: fit(Y_=Y.T), ValueError, "Y must have shape", "(1, m) = (1, 5)", "got (5, 1): is Y transposed?"),
    ("m of X and Y differ", lambda: fit(Y_=Y[:, :4]), ValueError, "same number of examples m", "X has m = 5", "Y has m = 4"),
    ("Y not 0/1", lambda: fit(Y_=with_value(Y, (0, 0), 2)), ValueError, "Y must contain only 0 and 1 labels", "0 and 1", "got values [2.0]"),
    ("Y one-hot wrong C", lambda: fit(net("softmax", (2, 3)), Y_=np.eye(4)[:, [0, 1, 2, 3, 0]]), ValueError, "Y must have shape", "(C, m) = (3, 5)", "got (4, 5)"),
    ("Y not one-hot", lambda: fit(net("softmax", (2, 3)), Y_=np.ones((3, 5))), ValueError, "Y must be one-hot", "a single 1 in each column", "got column sums [3.0]"),
    ("integer label >= C", lambda: fit(net("softmax", (2, 3)), Y_=[[0, 1, 2, 3, 0]]), ValueError, "Y must contain integer class labels", "0..2 (C = 3)", "got values [3.0]"),
    ("integer label not integer", lambda: fit(net("softmax", (2, 3)), Y_=[[0, 1, 0.5, 1, 0]]), ValueError, "Y must contain integer class labels", "0..2", "[0.5]"),
    ("regression Y wrong n[L]", lambda: fit(net("identity", (2, 2)), Y_=np.zeros((3, 5))), ValueError, "Y must have shape", "(n[L], m) = (2, 5)", "got (3, 5)"),
    # --- values: NaN, inf, empties, dtypes -------------------------------------------------------
    ("X has NaN", lambda: fit(X_=with_value(X, (0, 1), np.nan)), ValueError, "X must contain only finite numbers", "finite", "got 1 NaN and 0 inf"),
    ("X has inf", lambda: fit(X_=with_value(X, (1, 1), -np.inf)), ValueError, "X must contain only finite numbers", "finite", "got 0 NaN and 1 inf"),
    ("X empty", lambda: fit(X_=np.zeros((2, 0)), Y_=np.zeros((1, 0))), ValueError, "X must not be empty", "not be empty", "got shape (2, 0)"),
    ("X strings", lambda: fit(X_=np.array([["a", "b"]] * 2)), TypeError, "X must be a numeric array", "numeric", "dtype <U1"),
    ("X object dtype", lambda: fit(X_=np.array([[1, None]] * 2, dtype=object)), TypeError, "X must be a numeric array", "numeric", "dtype object"),
    ("X complex", lambda: fit(X_=X + 1j), TypeError, "X must be real-valued", "real", "complex128"),
    ("X a string", lambda: net().predict("X"), TypeError, "X must be a numeric array", "numeric", "got str"),
    ("X ragged list", lambda: deep.L_model_forward([[1.0, 2.0], [3.0]], P), TypeError, "X must be a numeric array", "numeric", "ragged list"),
    ("Y has NaN", lambda: fit(net("identity", (2, 1)), Y_=with_value(Y, (0, 2), np.nan)), ValueError, "Y must contain only finite numbers", "finite", "1 NaN"),
    # --- parameters given to the public functions (or injected into a model) -----------------------
    ("W2 has NaN", lambda: deep.L_model_forward(X, replaced(P, W2=with_value(P["W2"], (0, 0), np.nan))), ValueError, "W2 must contain only finite numbers", "finite", "1 NaN"),
    ("b1 has inf", lambda: deep.L_model_forward(X, replaced(P, b1=with_value(P["b1"], (0, 0), np.inf))), ValueError, "b1 must contain only finite numbers", "finite", "1 inf"),
    ("W1 complex", lambda: deep.L_model_forward(X, replaced(P, W1=P["W1"] + 0j)), TypeError, "W1 must be real-valued", "real", "complex128"),
    ("W2 transposed", lambda: deep.L_model_forward(X, replaced(P, W2=P["W2"].T)), ValueError, "W2 must have shape", "(n[2], n[1]) = (4, 3)", "got (3, 4): is W2 transposed?"),
    ("W1 transposed", lambda: deep.L_model_forward(X, replaced(P, W1=P["W1"].T)), ValueError, "W1 must have shape", "(n[1], n[0]) = (3, 2)", "got (2, 3): is W1 transposed?"),
    ("b1 rank-1", lambda: deep.L_model_forward(X, replaced(P, b1=np.zeros(3))), ValueError, "b1 must have shape", "(n[1], 1) = (3, 1)", "got (3,) (a rank-1 array"),
    ("b2 wrong size", lambda: deep.L_model_forward(X, replaced(P, b2=np.zeros((3, 1)))), ValueError, "b2 must have shape", "(n[2], 1) = (4, 1)", "got (3, 1)"),
    ("b1 a row", lambda: deep.L_model_forward(X, replaced(P, b1=np.zeros((1, 3)))), ValueError, "b1 must have shape", "(n[1], 1) = (3, 1)", "got (1, 3): is b1 transposed?"),
    ("missing b3", lambda: deep.L_model_forward(X, {k: v for k, v in P.items() if k != "b3"}), ValueError, "parameters must have the keys", "W1, b1, ..., WL, bL", "got ['W1', 'W2', 'W3', 'b1', 'b2']"),
    ("parameters a list", lambda: deep.L_model_forward(X, list(P.values())), TypeError, "parameters must be a dict", "{'W1': ..., 'b1': ..., ...}", "got list"),
    ("parameters of lists", lambda: deep.L_model_forward(X, replaced(P, W1=[[1.0, 2.0]] * 3, b1=[[0.0]] * 2)), ValueError, "b1 must have shape", "(n[1], 1) = (3, 1)", "got (2, 1)"),
    ("injected W2 NaN, predict", lambda: injected(W2=with_value(P["W2"], (1, 1), np.nan)).predict(X), ValueError, "W2 must contain only finite numbers", "finite", "1 NaN"),
    ("injected W2 transposed, evaluate", lambda: injected(W2=P["W2"].T).evaluate(X, Y), ValueError, "W2 must have shape", "(n[2], n[1]) = (4, 3)", "got (3, 4)"),
    ("injected list W1, wrong shape, fit", lambda: fit(injected(W1=[[1.0, 2.0, 3.0]] * 3)), ValueError, "W1 must have shape", "(n[1], n[0]) = (3, 2)", "got (3, 3)"),
    ("injected other architecture", lambda: fit(injected(W3=np.zeros((2, 4)), b3=np.zeros((2, 1)))), ValueError, "W3 must have shape", "(n[3], n[2]) = (1, 4)", "got (2, 4)"),
    ("injected LogisticRegression w inf", lambda: (lambda m: (m.parameters.update(w=with_value(m.w, (0, 0), np.inf)), m.predict(X)))(fitted(logistic.LogisticRegression)), ValueError, "w must contain only finite numbers", "finite", "1 inf"),
    ("predict before fit", lambda: logistic.LogisticRegression().predict(X), RuntimeError, "LogisticRegression has no parameters yet", "call fit(X, Y) first", "no parameters"),
    ("linear_forward W mismatch", lambda: deep.linear_forward(X, np.zeros((4, 3)), np.zeros((4, 1))), ValueError, "W must have shape", "(n[l], n[l-1]) = (4, 2)", "got (4, 3)"),
    ("linear_forward W transposed", lambda: deep.linear_forward(X, np.zeros((2, 4)), np.zeros((4, 1))), ValueError, "W must have shape", "(n[l], n[l-1]) = (4, 2)", "got (2, 4): is W transposed?"),
    ("linear_forward b rank-1", lambda: deep.linear_forward(X, np.zeros((4, 2)), np.zeros(4)), ValueError, "b must have shape", "(n[l], 1) = (4, 1)", "got (4,)"),
    ("linear_forward b wrong size", lambda: deep.linear_forward(X, np.zeros((4, 2)), np.zeros((3, 1))), ValueError, "b must have shape", "(n[l], 1) = (4, 1)", "got (3, 1)"),
    ("w rank-1", lambda: logistic.propagate(np.zeros(2), 0.0, X, Y), ValueError, "w must have shape", "(n_x, 1) = (2, 1)", "got (2,)"),
    ("w transposed", lambda: logistic.propagate(np.zeros((1, 2)), 0.0, X, Y), ValueError, "w must have shape", "(n_x, 1) = (2, 1)", "got (1, 2): is w transposed?"),
    ("b not a number", lambda: logistic.propagate(W_LR, "0", X, Y), TypeError, "b must be a number", "number", "got str"),
    ("b NaN", lambda: logistic.predict(W_LR, np.nan, X), ValueError, "b must be a finite number", "finite", "got nan"),
    ("b an array", lambda: logistic.propagate(W_LR, np.zeros(2), X, Y), TypeError, "b must be a number", "number", "got an array of shape (2,)"),
    ("LogisticRegression parameters without w", lambda: with_parameters(logistic.LogisticRegression(), {"b": 0.0}).predict(X), ValueError, "parameters must have the keys", "'w' and 'b'", "got ['b']"),
    ("LogisticRegression parameters, an extra key", lambda: fit(with_parameters(logistic.LogisticRegression(), {"w": W_LR, "b": 0.0, "c": 0.0})), ValueError, "parameters must have the keys", "'w' and 'b'", "got ['b', 'c', 'w']"),
    ("LogisticRegression parameters a list", lambda: with_parameters(logistic.LogisticRegression(), [W_LR, 0.0]).evaluate(X, Y), TypeError, "parameters must be a dict", "{'w': ..., 'b': ...}", "got a list of 2 items"),
    ("LogisticRegression b a column", lambda: fit(with_parameters(logistic.LogisticRegression(), {"w": W_LR, "b": np.zeros((2, 1))})), TypeError, "b must be a number", "number", "got an array of shape (2, 1)"),
    ("LogisticRegression X_val transposed", lambda: fit(logistic.LogisticRegression(), validation_data=(X.T, Y)), ValueError, "X_val must have n_x = 2 rows like X", "got 5", "is X_val transposed?"),
    ("LogisticRegression fitted, X_val transposed", lambda: fit(fitted(logistic.LogisticRegression), validation_data=(X.T, Y)), ValueError, "X_val has n_x = 5", "w expects 2", "is X_val transposed?"),
    ("ShallowNetwork parameters without W1, rank-1 X", lambda: with_parameters(shallow.ShallowNetwork(3), {k: P2[k] for k in ("b1", "W2", "b2")}).predict(X[0]), ValueError, "parameters must have the keys", "W1, b1, ..., W2, b2", "got ['W2', 'b1', 'b2']"),
    ("DeepNetwork parameters None, fit", lambda: fit(with_parameters(net(), None)), RuntimeError, "DeepNetwork.parameters", "set them", "is None"),
    # --- caches ------------------------------------------------------------------------------------
    ("caches reversed", lambda: deep.L_model_backward(AL, Y, CACHES[::-1]), ValueError, "caches[1] (layer 2) must take the output of caches[0]", "of shape (1, 5)", "got A_prev of shape (3, 5): are the caches in the order"),
    ("caches truncated", lambda: deep.L_model_backward(AL, Y, CACHES[:-1]), ValueError, "caches[-1] must be the cache of the output layer L", "AL (1, 5)", "got Z of shape (4, 5)"),
    ("caches empty", lambda: deep.L_model_backward(AL, Y, []), TypeError, "caches must be the list of L caches", "L_model_forward", "got a list of 0 items"),
    ("cache not a tuple", lambda: deep.L_model_backward(AL, Y, [CACHES[0][1]] + CACHES[1:]), TypeError, "caches[0] must be the tuple ((A_prev, W, b), Z)", "linear_activation_forward", "got an array of shape (3, 5)"),
    ("cache with NaN", lambda: deep.L_model_backward(AL, Y, [(CACHES[0][0], with_value(CACHES[0][1], (0, 0), np.nan))] + CACHES[1:]), ValueError, "Z of caches[0] must contain only finite numbers", "finite", "1 NaN"),
    ("cache wrong rank", lambda: deep.linear_activation_backward(np.zeros((3, 5)), ((X, P["W1"], P["b1"]), np.zeros(15)), "relu"), ValueError, "Z of cache must have shape", "(n[l], m) = (3, 5)", "got (15,)"),
    ("linear_backward dZ shape", lambda: deep.linear_backward(np.zeros((4, 6)), (X, np.zeros((4, 2)), np.zeros((4, 1)))), ValueError, "dZ must have shape", "(n[l], m) = (4, 5)", "got (4, 6)"),
    ("linear_backward cache of 2", lambda: deep.linear_backward(np.zeros((4, 5)), (X, np.zeros((4, 2)))), TypeError, "cache must be the tuple (A_prev, W, b)", "linear_forward", "got a tuple of 2 items"),
    ("dA shape", lambda: deep.linear_activation_backward(np.zeros((3, 4)), CACHES[0], "relu"), ValueError, "dA must have shape", "(n[l], m) = (3, 5)", "got (3, 4)"),
    ("shallow cache truncated", lambda: shallow.backward_propagation(P2, {k: CACHE2[k] for k in ("Z1", "A1")}, X, Y), TypeError, "cache must be the dict", "{'Z1', 'A1', 'Z2', 'A2'}", "got ['A1', 'Z1']"),
    ("shallow cache A2 > 1", lambda: shallow.backward_propagation(P2, replaced(CACHE2, A2=CACHE2["A2"] + 1), X, Y), ValueError, "A2 must contain probabilities", "[0, 1]", "got values in"),
    ("shallow cache from another X", lambda: shallow.backward_propagation(P2, CACHE2, X[:, :4], Y[:, :4]), ValueError, "Z1 must have shape", "(n_h, m) = (3, 4)", "got (3, 5)"),
    # --- outputs, probabilities, labels -------------------------------------------------------------
    ("AL outside [0, 1]", lambda: deep.compute_cost(AL + 1, Y), ValueError, "AL must contain probabilities", "in [0, 1]", "got values in"),
    ("AL > 1 in backward", lambda: deep.L_model_backward(AL * 3, Y, CACHES), ValueError, "AL must contain probabilities", "[0, 1]", "got values in"),
    ("AL of 3 rows for sigmoid", lambda: deep.compute_cost(np.full((3, 5), 0.5), Y), ValueError, "AL must have shape", "(1, m) = (1, ?)", "got (3, 5)"),
    ("A outside [0, 1]", lambda: losses.binary_cross_entropy([[0.5, 1.5]], [[0, 1]]), ValueError, "A must contain probabilities", "[0, 1]", "got values in [0.5, 1.5]"),
    ("loss Y transposed", lambda: losses.binary_cross_entropy([[0.5, 0.5, 0.5]], [[0], [1], [1]]), ValueError, "Y must have shape", "(n[L], m) = (1, 3)", "got (3, 1): is Y transposed?"),
    ("BCE gradient labels 0.5", lambda: losses.binary_cross_entropy_gradient([[0.5, 0.5]], [[0.5, 1]]), ValueError, "Y must contain only 0 and 1 labels", "0 and 1", "[0.5]"),
    ("BCE with logits NaN", lambda: losses.binary_cross_entropy_with_logits([[np.nan, 1]], [[0, 1]]), ValueError, "Z must contain only finite numbers", "finite", "1 NaN"),
    ("CCE Y not one-hot", lambda: losses.categorical_cross_entropy(np.full((2, 2), 0.5), [[1, 1], [1, 0]]), ValueError, "Y must be one-hot", "single 1 in each column", "column sums"),
    ("CCE with logits shapes", lambda: losses.categorical_cross_entropy_with_logits(np.zeros((3, 2)), np.eye(2)), ValueError, "Y must have shape", "(C, m) = (3, 2)", "got (2, 2)"),
    ("CCE gradient A < 0", lambda: losses.categorical_cross_entropy_gradient(-np.eye(2), np.eye(2)), ValueError, "A must contain probabilities", "[0, 1]", "[-1, 0]"),
    ("MSE shapes", lambda: losses.mean_squared_error(np.zeros((2, 3)), np.zeros((3, 2))), ValueError, "Y must have shape", "(n[L], m) = (2, 3)", "got (3, 2): is Y transposed?"),
    ("MSE gradient inf", lambda: losses.mean_squared_error_gradient([[np.inf]], [[0.0]]), ValueError, "A must contain only finite numbers", "finite", "1 inf"),
    ("compute_cost Y wrong m", lambda: deep.compute_cost(np.full((1, 4), 0.5), Y), ValueError, "Y must have shape", "(1, m) = (1, 4)", "got (1, 5)"),
    ("one_hot label out of range", lambda: losses.one_hot([[0, 1, 5]], 3), ValueError, "y must contain integer class labels", "0..2 (C = 3)", "got values [5.0]"),
    ("one_hot negative label", lambda: losses.one_hot([[0, -1]]), ValueError, "y must contain integer class labels", "0, 1, 2, ...", "[-1.0]"),
    ("one_hot matrix", lambda: losses.one_hot(np.zeros((2, 2))), ValueError, "y must have shape", "(1, m) or (m,)", "got (2, 2)"),
    ("from_one_hot not one-hot", lambda: losses.from_one_hot([[2.0, 0.0], [0.0, 1.0]]), ValueError, "Y must be one-hot or hold probabilities", "summing to 1", "column sums in [1, 2]"),
    ("from_one_hot negative", lambda: losses.from_one_hot([[-0.5, 0.0], [1.5, 1.0]]), ValueError, "Y must be one-hot or hold probabilities", "[0, 1]", "values in [-0.5, 1.5]"),
    ("accuracy of probabilities", lambda: training.accuracy(Y, [[0.2, 0.7, 0.9, 0.4, 0.6]]), ValueError, "Y_pred must contain labels", "0/1 or integer class ids", "[0.2, 0.4, 0.6, 0.7, 0.9]"),
    ("accuracy with 0.5 labels", lambda: training.accuracy([[0.5, 1, 0]], [[0, 1, 0]]), ValueError, "Y_true must contain labels", "0/1 or integer class ids", "[0.5]"),
    ("accuracy m differ", lambda: training.accuracy(Y, Y[:, :3]), ValueError, "same number of examples m", "Y_true has m = 5", "Y_pred has m = 3"),
    ("accuracy C differ", lambda: training.accuracy(np.eye(3), np.eye(2, 3)), ValueError, "Y_pred must have C = 3 rows", "like Y_true", "got 2"),
    ("check_targets unknown activation", lambda: training.check_targets(Y, "relu", 1, 5), ValueError, "output_activation must be one of", "'sigmoid', 'softmax', 'identity'", "got 'relu'"),
    # --- hyperparameters, names, seeds ----------------------------------------------------------
    ("learning_rate 0", lambda: fit(learning_rate=0), ValueError, "learning_rate must be a finite number > 0", "> 0", "got 0"),
    ("learning_rate < 0", lambda: fit(learning_rate=-0.1), ValueError, "learning_rate must be a finite number > 0", "> 0", "got -0.1"),
    ("learning_rate inf", lambda: deep.update_parameters(P, {"d" + k: v for k, v in P.items()}, np.inf), ValueError, "learning_rate must be a finite number > 0", "finite", "got inf"),
    ("learning_rate string", lambda: fit(learning_rate="0.1"), TypeError, "learning_rate must be a number", "number", "got str '0.1'"),
    ("epochs 0", lambda: fit(epochs=0), ValueError, "epochs must be > 0", "> 0", "got 0"),
    ("epochs float", lambda: fit(epochs=10.0), TypeError, "epochs must be an integer", "integer", "got float 10.0"),
    ("batch_size 0", lambda: fit(batch_size=0), ValueError, "batch_size must be > 0", "> 0", "got 0"),
    ("verbose negative", lambda: fit(verbose=-1), ValueError, "verbose must be >= 0", ">= 0", "got -1"),
    ("validation_data not a pair", lambda: fit(validation_data=X), TypeError, "validation_data must be a tuple (X_val, Y_val)", "(X_val, Y_val)", "got an array of shape (2, 5)"),
    ("num_iterations 0", lambda: logistic.optimize(W_LR, 0.0, X, Y, num_iterations=0), ValueError, "num_iterations must be > 0", "> 0", "got 0"),
    ("record_every 1.5", lambda: logistic.optimize(W_LR, 0.0, X, Y, record_every=1.5), TypeError, "record_every must be an integer", "integer", "float 1.5"),
    ("n_x 0", lambda: logistic.initialize_with_zeros(0), ValueError, "n_x must be > 0", "> 0", "got 0"),
    ("n_h 0", lambda: shallow.nn_model(X, Y, 0), ValueError, "n_h must be > 0", "> 0", "got 0"),
    ("layer_sizes n_h string", lambda: shallow.layer_sizes(X, Y, "4"), TypeError, "n_h must be an integer", "integer", "got str '4'"),
    ("shallow init n_y 0", lambda: shallow.initialize_parameters(2, 4, 0), ValueError, "n_y must be > 0", "> 0", "got 0"),
    ("layer_shapes m 0", lambda: deep.layer_shapes([2, 1], 0), ValueError, "m must be > 0", "> 0", "got 0"),
    ("bad hidden activation", lambda: deep.DeepNetwork([2, 3, 1], hidden_activation="relu6"), ValueError, "hidden_activation must be one of", "'sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity'", "got 'relu6'"),
    ("softmax as hidden", lambda: deep.L_model_forward(X, P, hidden_activation="softmax"), ValueError, "hidden_activation must be one of", "'identity'", "got 'softmax'"),
    ("activation in capitals", lambda: shallow.ShallowNetwork(4, hidden_activation="Tanh"), ValueError, "hidden_activation must be one of", "names are lower case: 'tanh'", "got 'Tanh'"),
    ("bad output activation", lambda: deep.DeepNetwork([2, 1], output_activation="tanh"), ValueError, "output_activation must be one of", "'sigmoid', 'softmax', 'identity'", "got 'tanh'"),
    ("activation not a string", lambda: deep.linear_activation_forward(X, P["W1"], P["b1"], 3), ValueError, "activation must be one of", "'relu'", "got 3"),
    ("get_activation unknown", lambda: get_activation("swish"), ValueError, "activation must be one of", "'leaky_relu'", "got 'swish'"),
    ("get_loss unknown", lambda: losses.get_loss("tanh"), ValueError, "output_activation must be one of", "'softmax'", "got 'tanh'"),
    ("backward bad activation", lambda: deep.L_model_backward(AL, Y, CACHES, hidden_activation="ReLU"), ValueError, "hidden_activation must be one of", "lower case: 'relu'", "got 'ReLU'"),
    ("layer_dims too short", lambda: deep.DeepNetwork([5]), ValueError, "layer_dims must list at least n[0] and n[1]", "2 sizes", "got 1: [5]"),
    ("layer_dims has 0", lambda: deep.DeepNetwork([5, 0, 1]), ValueError, "layer_dims[1] = n[1] must be a positive integer", "positive integer", "got 0"),
    ("layer_dims has float", lambda: deep.count_parameters([5, 2.5, 1]), ValueError, "layer_dims[1] = n[1] must be a positive integer", "positive integer", "got 2.5"),
    ("layer_dims a string", lambda: deep.DeepNetwork("64,1"), TypeError, "layer_dims must be a list of integers", "list of integers", "got str"),
    ("sigmoid with 3 outputs", lambda: deep.DeepNetwork([2, 3], output_activation="sigmoid"), ValueError, "a sigmoid output needs n[L] = 1 unit", "n[L] = 1", "got layer_dims[-1] = 3"),
    ("softmax with 1 output", lambda: deep.DeepNetwork([2, 1], output_activation="softmax"), ValueError, "a softmax output needs n[L] = C >= 2 units", "C >= 2", "got layer_dims[-1] = 1"),
    ("init 'HE'", lambda: deep.DeepNetwork([2, 1], init="HE"), ValueError, "init must be one of", "names are lower case: 'he'", "got 'HE'"),
    ("init unknown", lambda: deep.DeepNetwork([2, 1], init="normal"), ValueError, "init must be one of", "'lecun', 'glorot'", "got 'normal'"),
    ("init scale negative", lambda: deep.DeepNetwork([2, 1], init=-0.01), ValueError, "init must be a finite number > 0", "> 0", "got -0.01"),
    ("bad init method", lambda: initializers.initialize_parameters([2, 1], method="normal"), ValueError, "method must be one of", "'zeros', 'random', 'he'", "got 'normal'"),
    ("init_deep method 'HE'", lambda: deep.initialize_parameters_deep([2, 1], method="HE"), ValueError, "method must be one of", "lower case: 'he'", "got 'HE'"),
    ("scale 0", lambda: initializers.initialize_parameters([2, 1], method="random", scale=0), ValueError, "scale must be a finite number > 0", "> 0", "got 0"),
    ("lambd negative", lambda: deep.DeepNetwork([2, 1], lambd=-1), ValueError, "lambd must be a finite number >= 0", ">= 0", "got -1"),
    ("l2_penalty m 0", lambda: regularization.l2_penalty(P, 0.1, 0), ValueError, "m must be a finite number > 0", "> 0", "got 0"),
    ("l2_backward params of another net", lambda: regularization.l2_backward(AL, Y, CACHES, P2, 0.1), ValueError, "parameters must have the keys", "W3, b3 (L = 3)", "got ['W1', 'W2', 'b1', 'b2']"),
    ("seed 'abc'", lambda: deep.DeepNetwork([2, 1], seed="abc"), TypeError, "seed must be an int >= 0", "numpy.random.Generator", "got str 'abc'"),
    ("seed -1", lambda: deep.DeepNetwork([2, 1], seed=-1), ValueError, "seed must be an int >= 0", "Generator", "got -1"),
    ("seed 1.5", lambda: logistic.LogisticRegression(seed=1.5), TypeError, "seed must be an int >= 0", "Generator", "got float 1.5"),
    ("seed True", lambda: shallow.ShallowNetwork(seed=True), TypeError, "seed must be an int >= 0", "Generator", "got bool True"),
    ("initializer seed 'abc'", lambda: initializers.initialize_parameters([2, 1], seed="abc"), TypeError, "seed must be an int >= 0", "Generator", "got str"),
    ("nn_model seed -1", lambda: shallow.nn_model(X, Y, 2, num_iterations=1, seed=-1), ValueError, "seed must be an int >= 0", "Generator", "got -1"),
    ("make_flower seed 1.5", lambda: datasets.make_flower(seed=1.5), TypeError, "seed must be an int >= 0", "Generator", "got float 1.5"),
    ("make_moons seed generator", lambda: datasets.make_moons(seed=np.random.default_rng(0)), TypeError, "seed must be an int >= 0", "(or None)", "got Generator"),
    ("digits seed 'abc'", lambda: datasets.load_digits_multiclass(seed="abc"), TypeError, "seed must be an int >= 0", "(or None)", "got str 'abc'"),
    ("iterate_minibatches rng 'abc'", lambda: training.iterate_minibatches(X, Y, 2, rng="abc"), TypeError, "rng must be an int >= 0", "Generator", "got str 'abc'"),
    # --- mini-batches ----------------------------------------------------------------------------
    ("batch_size negative", lambda: training.iterate_minibatches(X, Y, -4), ValueError, "batch_size must be > 0", "> 0", "got -4"),
    ("iterate_minibatches 0-d", lambda: training.iterate_minibatches(np.float64(1.0), Y, 2), ValueError, "X must be a 2-D array", "2-D", "got shape ()"),
    ("iterate_minibatches zero rows", lambda: training.iterate_minibatches(np.zeros((0, 5)), Y, 2), ValueError, "X must not be empty", "not be empty", "got shape (0, 5)"),
    ("iterate_minibatches m differ", lambda: training.iterate_minibatches(X, Y[:, :3], 2), ValueError, "same number of examples m", "X has m = 5", "Y has m = 3"),
    # --- update_parameters ---------------------------------------------------------------------------
    ("update_parameters missing grad", lambda: deep.update_parameters(P, {"dW1": P["W1"]}, 0.1), ValueError, "grads must contain 'db1'", "for parameter 'b1'", "got keys ['dW1']"),
    ("update_parameters wrong grad shape", lambda: deep.update_parameters({"W1": P["W1"]}, {"dW1": P["W1"].T}, 0.1), ValueError, "dW1 must have the shape of W1", "(3, 2)", "got (2, 3)"),
    ("update_parameters NaN parameter", lambda: deep.update_parameters({"W1": with_value(P["W1"], (0, 0), np.nan)}, {"dW1": P["W1"]}, 0.1), ValueError, "W1 must contain only finite numbers", "finite", "1 NaN"),
    ("update_parameters complex grad", lambda: deep.update_parameters({"W1": P["W1"]}, {"dW1": P["W1"] + 1j}, 0.1), TypeError, "dW1 must be real-valued", "real", "complex128"),
    ("update_parameters list of str", lambda: deep.update_parameters({"W1": ["a"]}, {"dW1": [1.0]}, 0.1), TypeError, "W1 must be a numeric array", "numeric", "dtype <U1"),
    ("update_parameters grads a list", lambda: deep.update_parameters(P, [P["W1"]], 0.1), TypeError, "grads must be a dict", "{'dW1': ...}", "got a list of 1 item"),
    # --- gradient checking -------------------------------------------------------------------------
    ("gradient_check missing grad", lambda: gradcheck.gradient_check(lambda p: 0.0, {"W": np.zeros((1, 1))}, {}), ValueError, "grads must contain 'dW'", "(or 'W')", "got keys []"),
    ("gradient_check grad shape", lambda: gradcheck.gradient_check(lambda p: 0.0, {"W": np.zeros((1, 2))}, {"dW": np.zeros((2, 1))}), ValueError, "dW must have the shape of W", "(1, 2)", "got (2, 1)"),
    ("gradient_check cost not callable", lambda: gradcheck.gradient_check(0.0, {"W": np.zeros(1)}, {"dW": np.zeros(1)}), TypeError, "cost_fn must be a function", "function", "got float"),
    ("gradient_check epsilon 0", lambda: gradcheck.gradient_check(lambda p: 0.0, {"W": np.zeros(1)}, {"dW": np.zeros(1)}, epsilon=0), ValueError, "epsilon must be a finite number > 0", "> 0", "got 0"),
    ("numerical_gradient params list", lambda: gradcheck.numerical_gradient(lambda p: 0.0, [1.0]), TypeError, "d must be a dict of arrays", "{'W1': ...}", "got a list of 1 item"),
    ("relative_error shapes", lambda: gradcheck.relative_error(np.zeros(3), np.zeros(4)), ValueError, "a and b must have the same shape", "same shape", "got (3,) and (4,)"),
    ("relative_error NaN", lambda: gradcheck.relative_error([np.nan], [1.0]), ValueError, "a must contain only finite numbers", "finite", "1 NaN"),
    ("vector_to_dictionary size", lambda: gradcheck.vector_to_dictionary(np.zeros(3), [("W", (2, 2))]), ValueError, "theta must have 4 entries", "4 entries", "got 3"),
    ("dictionary_to_vector missing key", lambda: gradcheck.dictionary_to_vector({"W": 1.0}, ["b"]), ValueError, "d must contain the keys ['b']", "['b']", "got keys ['W']"),
    # --- datasets --------------------------------------------------------------------------------------
    ("digit 8.0", lambda: datasets.load_digits_binary(8.0), TypeError, "positive_digit must be an int digit 0..9", "0..9", "got float 8.0"),
    ("digit True", lambda: datasets.load_digits_binary(True), TypeError, "positive_digit must be an int digit 0..9", "0..9", "got bool True"),
    ("digit 10", lambda: datasets.load_digits_binary(10), ValueError, "positive_digit must be a digit 0..9", "0..9", "got 10"),
    ("test_size 1.5", lambda: datasets.load_digits_binary(test_size=1.5), ValueError, "test_size must be a fraction in (0, 1)", "(0, 1)", "got 1.5"),
    ("make_flower m 0", lambda: datasets.make_flower(m=0), ValueError, "m must be > 0", "> 0", "got 0"),
    ("make_xor noise NaN", lambda: datasets.make_xor(noise=np.nan), ValueError, "noise must be a finite number >= 0", ">= 0", "got nan"),
    ("make_moons noise negative", lambda: datasets.make_moons(noise=-0.1), ValueError, "noise must be a finite number >= 0", ">= 0", "got -0.1"),
    ("make_circles factor 1.5", lambda: datasets.make_circles(factor=1.5), ValueError, "factor must be a fraction in (0, 1)", "(0, 1)", "got 1.5"),
    ("make_parity 21 bits", lambda: datasets.make_parity(21), ValueError, "n_bits must be <= 20", "<= 20", "got 21"),
    ("flatten_images rank 2", lambda: datasets.flatten_images(np.zeros((4, 4))), ValueError, "images must have shape", "(m, h, w) or (m, h, w, c)", "got (4, 4)"),
    ("unflatten_images float shape", lambda: datasets.unflatten_images(np.zeros((16, 3)), (4.0, 4)), TypeError, "shape[0] must be an integer", "integer", "got float 4.0"),
    ("unflatten_images string shape", lambda: datasets.unflatten_images(np.zeros((16, 3)), "44"), TypeError, "shape must be a tuple (h, w) or (h, w, c)", "of ints", "got str '44'"),
    ("unflatten_images wrong size", lambda: datasets.unflatten_images(np.zeros((15, 3)), (4, 4)), ValueError, "X must have shape", "(h*w*c, m) = (16, ?)", "got (15, 3)"),
    ("unflatten_images shape of 4", lambda: datasets.unflatten_images(np.zeros((16, 3)), (2, 2, 2, 2)), ValueError, "shape must be (h, w) or (h, w, c)", "(h, w, c)", "got (2, 2, 2, 2)"),
    ("standardize mean without std", lambda: datasets.standardize(X, mean=np.zeros((2, 1))), ValueError, "mean and std must be given together", "together", "or not at all"),
    ("standardize std negative", lambda: datasets.standardize(X, np.zeros((2, 1)), -np.ones((2, 1))), ValueError, "std must be >= 0 everywhere", ">= 0", "got a minimum of -1"),
    ("standardize mean transposed", lambda: datasets.standardize(X, np.zeros((1, 2)), np.ones((2, 1))), ValueError, "mean must have shape", "(n_x, 1) = (2, 1)", "got (1, 2): is mean transposed?"),
    ("normalize_rows rank-1", lambda: datasets.normalize_rows(np.ones(3)), ValueError, "x must be a 2-D array", "2-D", "got shape (3,)"),
    ("load_image size 0", lambda: datasets.load_image(datasets.sample_image_path(), size=(0, 8)), ValueError, "size[0] must be > 0", "> 0", "got 0"),
    ("load_image size 3 numbers", lambda: datasets.load_image(datasets.sample_image_path(), size=(8, 8, 1)), TypeError, "size must be a pair (h, w)", "(h, w)", "got (8, 8, 1)"),
    ("load_image invert 'yes'", lambda: datasets.load_image(datasets.sample_image_path(), invert="yes"), ValueError, "invert must be True, False or 'auto'", "'auto'", "got 'yes'"),
    # --- tensors --------------------------------------------------------------------------------------
    ("time_call repeats 0", lambda: tensors.time_call(len, [1], repeats=0), ValueError, "repeats must be > 0", "> 0", "got 0"),
    ("time_call fn not callable", lambda: tensors.time_call(3), TypeError, "fn must be a function", "function", "got int"),
    ("compare_speed number -1", lambda: tensors.compare_speed(len, len, [1], number=-1), ValueError, "number must be > 0", "> 0", "got -1"),
    ("loop_dot lengths", lambda: tensors.loop_dot(np.zeros(3), np.zeros(4)), ValueError, "b must have the same number of elements as a", "(3)", "got 4"),
    ("loop_forward X rows", lambda: tensors.loop_forward(np.zeros((2, 3)), np.zeros((2, 1)), np.zeros((4, 5))), ValueError, "X must have shape", "(n[0], m) = (3, ?)", "got (4, 5)"),
    ("loop_sigmoid NaN", lambda: tensors.loop_sigmoid(np.array([[np.nan]])), ValueError, "z must contain only finite numbers", "finite", "1 NaN"),
    # --- plots -----------------------------------------------------------------------------------------
    ("plot_image_grid n_cols 0", lambda: plots.plot_image_grid(IMAGES, n_cols=0), ValueError, "n_cols must be > 0", "> 0", "got 0"),
    ("plot_image_grid labels", lambda: plots.plot_image_grid(IMAGES, true=[1, 2]), ValueError, "true must hold one label per image", "(3)", "got 2"),
    ("plot_decision_boundary X transposed", lambda: plots.plot_decision_boundary(lambda P_: P_[:1], X.T, Y), ValueError, "X must have shape", "(2, m) = (2, ?)", "got (5, 2): is X transposed?"),
    ("plot_activations softmax", lambda: plots.plot_activations("softmax"), ValueError, "'softmax' has no elementwise derivative", "derivative", "'softmax'"),
    ("plot_activations unknown", lambda: plots.plot_activations(["relu", "swish"]), ValueError, "activation must be one of", "'relu'", "got 'swish'"),
    ("plot_speedup sizes 0", lambda: plots.plot_speedup([0, 10], [1, 2]), ValueError, "sizes must be > 0", "> 0", "log axis"),
    ("plot_learning_curves no metric", lambda: plots.plot_learning_curves({"loss": []}), ValueError, "history has none of the metrics", "['loss', 'accuracy']", "it has ['loss']"),
    # --- bench (validated before anything is imported or trained) ---------------------------------
    ("bench.run repeats 0", lambda: bench.run(repeats=0, verbose=False), ValueError, "repeats must be > 0", "> 0", "got 0"),
    ("bench.run blas_threads -1", lambda: bench.run(blas_threads=-1), ValueError, "blas_threads must be > 0", "> 0", "got -1"),
    ("time_keras epochs 0", lambda: bench.time_keras(None, epochs=0), ValueError, "epochs must be > 0", "> 0", "got 0"),
    ("time_lessons_code hidden 0", lambda: bench.time_lessons_code(None, hidden=0), ValueError, "hidden must be > 0", "> 0", "got 0"),
    ("time_numpy_loop batch_size 0", lambda: bench.time_numpy_loop(None, batch_size=0), ValueError, "batch_size must be > 0", "> 0", "got 0"),
    ("time_sklearn learning_rate 0", lambda: bench.time_sklearn(None, learning_rate=0.0), ValueError, "learning_rate must be a finite number > 0", "> 0", "got 0.0"),
    ("load_data seed -1", lambda: bench.load_data(-1), ValueError, "seed must be an int >= 0", "(or None)", "got -1"),
]


@pytest.mark.parametrize("call, error, argument, expected, actual", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_names_the_argument_the_expected_and_the_actual(call, error, argument, expected,
                                                                  actual):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for fragment in (argument, expected, actual):
        assert fragment in message, f"{fragment!r} is not in the message {message!r}"


def test_the_table_is_large_and_its_ids_unique():
    assert len(CASES) >= 200 and len({c[0] for c in CASES}) == len(CASES)


def test_the_table_covers_every_public_function_that_takes_arguments():
    """Each public function appears in at least one row, called as ``module.name(``."""
    import inspect

    source = inspect.getsource(inspect.getmodule(test_the_table_is_large_and_its_ids_unique))
    table = source[source.index("CASES = ["):source.index("\n]\n")]
    exempt = {  # trusting functions (the maths) and ones without arguments to get wrong
        "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
        "leaky_relu", "leaky_relu_derivative", "softmax", "identity", "identity_derivative",
        "describe_tensor", "load_corpus", "sample_image_path", "main", "History", "Model",
        "TrainingDiverged", "Dataset", "FlatCostWarning", "LogisticRegression",
        "DeepNetwork", "ShallowNetwork", "make_parity",
    }
    missing = []
    for module in (deep, logistic, shallow, losses, training, initializers, regularization,
                   gradcheck, datasets, tensors, plots, bench):
        for name in module.__all__:
            obj = getattr(module, name)
            short = module.__name__.rsplit(".", 1)[-1]
            if callable(obj) and name not in exempt and f"{short}.{name}(" not in table:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, missing
