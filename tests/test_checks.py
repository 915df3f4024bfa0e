"""Tests of lessons_code.checks: our own functions pass every check, plausible mistakes fail."""

import numpy as np
import pytest

from lessons_code import activations, checks, datasets, deep, logistic, shallow


# ---------------------------------------------------------------- plausible wrong answers
def sigmoid_plus_z(z):
    return 1 / (1 + np.exp(z))


def softmax_over_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def normalize_columns(x):
    return x / np.linalg.norm(x, axis=0, keepdims=True)


def propagate_without_1_over_m(w, b, X, Y):
    A = activations.sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return {"dw": X @ (A - Y).T, "db": float(np.sum(A - Y))}, cost


def layer_sizes_from_columns(X, Y):
    return X.shape[1], 4, Y.shape[1]


def forward_propagation_sigmoid_hidden(X, p):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = activations.sigmoid(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = activations.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def backward_propagation_dW_without_1_over_m(p, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (p["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T, "db2": dZ2.sum(axis=1, keepdims=True) / m}


def initialize_zeros(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = np.zeros((layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def linear_forward_W_transposed(A_prev, W, b):
    return W.T @ A_prev + b, (A_prev, W, b)


def linear_activation_forward_no_cache(A_prev, W, b, activation):
    g, _ = activations.get_activation(activation)
    return g(W @ A_prev + b)


def L_model_forward_all_relu(X, parameters):
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A_prev = A
        Z = parameters[f"W{l}"] @ A_prev + parameters[f"b{l}"]
        A = activations.relu(Z)
        caches.append(((A_prev, parameters[f"W{l}"], parameters[f"b{l}"]), Z))
    return A, caches


def compute_cost_without_1_over_m(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def linear_backward_dls_style(dZ, cache):
    """The Deep Learning Specialization's version: dZ per example, 1/m in dW and db."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


def linear_activation_backward_without_derivative(dA, cache, activation):
    return deep.linear_backward(dA, cache[0])


def L_model_backward_dW_without_1_over_m(AL, Y, caches):
    grads = deep.L_model_backward(AL, Y, caches)
    m = Y.shape[1]
    return {k: v * m if k.startswith("dW") else v for k, v in grads.items()}


def update_parameters_plus(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads[f"d{k}"] for k, v in parameters.items()}


CASES = [
    # (check, our function, a wrong function, a word the hint must contain)
    (checks.check_sigmoid, activations.sigmoid, sigmoid_plus_z, "sign"),
    (checks.check_softmax, activations.softmax, softmax_over_rows, "axis=0"),
    (checks.check_normalize_rows, datasets.normalize_rows, normalize_columns, "axis=1"),
    (checks.check_propagate, logistic.propagate, propagate_without_1_over_m, "1/m"),
    (checks.check_layer_sizes, shallow.layer_sizes, layer_sizes_from_columns, "rows"),
    (checks.check_forward_propagation, shallow.forward_propagation, forward_propagation_sigmoid_hidden, "tanh"),
    (checks.check_backward_propagation, shallow.backward_propagation, backward_propagation_dW_without_1_over_m, "1/m"),
    (checks.check_initialize_parameters_deep, deep.initialize_parameters_deep, initialize_zeros, "symmetry"),
    (checks.check_linear_forward, deep.linear_forward, linear_forward_W_transposed, "shapes"),
    (checks.check_linear_activation_forward, deep.linear_activation_forward, linear_activation_forward_no_cache, "cache"),
    (checks.check_L_model_forward, deep.L_model_forward, L_model_forward_all_relu, "sigmoid"),
    (checks.check_compute_cost, deep.compute_cost, compute_cost_without_1_over_m, "1/m"),
    (checks.check_linear_backward, deep.linear_backward, linear_backward_dls_style, "1/m enters once"),
    (checks.check_linear_activation_backward, deep.linear_activation_backward,
     linear_activation_backward_without_derivative, "derivative"),
    (checks.check_L_model_backward, deep.L_model_backward, L_model_backward_dW_without_1_over_m, "1/m"),
    (checks.check_update_parameters, deep.update_parameters, update_parameters_plus, "subtracts"),
]
IDS = [c[0].__name__ for c in CASES]


def test_every_public_check_is_tested():
    public = {name for name in checks.__all__ if name.startswith("check_")}
    assert public == set(IDS)


@pytest.mark.parametrize("check, ours, wrong, hint", CASES, ids=IDS)
def test_our_implementation_passes(check, ours, wrong, hint, capsys):
    result = check(ours)
    assert result.passed and bool(result)
    line = capsys.readouterr().out.strip()
    assert line == result.message and repr(result) == "CheckResult(passed=True)"
    assert line.startswith(f"✓ {check.__name__}: all ") and line.endswith(" cases passed")


@pytest.mark.parametrize("check, ours, wrong, hint", CASES, ids=IDS)
def test_a_plausible_mistake_fails_with_a_hint(check, ours, wrong, hint, capsys):
    result = check(wrong)
    assert not result and not result.passed
    assert result.message.startswith(f"✗ {check.__name__}: case ")
    assert hint in result.message
    assert capsys.readouterr().out.strip() == result.message


def test_failure_message_names_shape_and_value():
    r = checks.check_sigmoid(lambda z: np.ravel(activations.sigmoid(z)))
    assert "case 2 (z of shape (3, 5)): sigmoid(z): expected shape (3, 5), got (15,)" in r.message
    r = checks.check_sigmoid(sigmoid_plus_z)
    assert "value at index (2,) is 0.1192, expected 0.8808" in r.message


def test_transposed_and_tuple_order_hints():
    r = checks.check_linear_forward(lambda A, W, b: ((W @ A + b).T, (A, W, b)))
    assert "transposed" in r.message
    r = checks.check_propagate(lambda w, b, X, Y: logistic.propagate(w, b, X, Y)[::-1])
    assert "wrong order" in r.message
    r = checks.check_linear_forward(lambda A, W, b: (W @ A, (A, W, b)))
    assert "forget to add the bias" in r.message


def test_an_exception_in_the_readers_function_is_reported_not_raised():
    def broken(z):
        raise KeyError("W3")

    r = checks.check_sigmoid(broken)
    assert not r
    assert "case 1 (z of shape (3,)): your function raised KeyError: 'W3'" in r.message


def test_naive_sigmoid_passes_with_a_note_about_overflow():
    r = checks.check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))  # overflows for z = -1000, value right
    assert r.passed and "RuntimeWarning" in r.message


def test_naive_softmax_fails_on_large_logits():
    r = checks.check_softmax(lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True))
    assert not r and "case 4" in r.message and "subtract each column's max" in r.message


def test_returning_nothing_and_non_callables():
    r = checks.check_compute_cost(lambda AL, Y: None)
    assert not r and "return statement" in r.message
    assert not checks.check_sigmoid("sigmoid")


def test_readers_function_cannot_spoil_the_comparison_by_mutating_inputs():
    def mutating_update(parameters, grads, learning_rate):
        for k in parameters:
            parameters[k] -= learning_rate * grads[f"d{k}"]
            grads[f"d{k}"] *= 0  # vandalism after the fact
        return parameters

    assert checks.check_update_parameters(mutating_update)


def test_initialization_must_be_seeded_and_scaled():
    def unseeded(dims):
        rng = np.random.default_rng()
        return {k: v for l in range(1, len(dims)) for k, v in (
            (f"W{l}", rng.normal(size=(dims[l], dims[l - 1])) * 0.01), (f"b{l}", np.zeros((dims[l], 1))))}

    def unscaled(dims):
        rng = np.random.default_rng(0)
        return {k: v for l in range(1, len(dims)) for k, v in (
            (f"W{l}", rng.normal(size=(dims[l], dims[l - 1]))), (f"b{l}", np.zeros((dims[l], 1))))}

    assert "seeded" in checks.check_initialize_parameters_deep(unseeded).message
    assert "standard deviation" in checks.check_initialize_parameters_deep(unscaled).message


def test_the_verdict_is_shown_once_in_a_notebook(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.user_ns["checks"] = checks
    shell.user_ns["sigmoid"] = lambda z: 1 / (1 + np.exp(-z))
    shell.run_cell("checks.check_sigmoid(sigmoid)", store_history=False)  # the check is the cell's value
    out = capsys.readouterr().out
    assert out.count("check_sigmoid") == 1, out
    assert "✓ check_sigmoid" in out
