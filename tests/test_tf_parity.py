"""Parity with TensorFlow's automatic differentiation.

For the same float64 weights and inputs, the output A[L], the cost J and every gradient dW[l], db[l]
of our hand-written backpropagation equal what ``tf.GradientTape`` computes. The TensorFlow side
uses TensorFlow's own losses (``tf.nn.sigmoid_cross_entropy_with_logits``,
``tf.nn.softmax_cross_entropy_with_logits``), so the test compares two independent derivations.

Tolerance: |ours - tf| <= 1e-10 * |tf| + 1e-12 elementwise (``assert_allclose(rtol=1e-10,
atol=1e-12)``); in float64 the two agree to about 1e-15.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons_code import deep, logistic, shallow

tf = pytest.importorskip("tensorflow")

pytestmark = pytest.mark.tf

TOL = {"rtol": 1e-10, "atol": 1e-12}

TF_ACTIVATIONS = {
    "relu": lambda z: tf.nn.relu(z),
    # tf.nn.leaky_relu stores alpha as a float32 attribute (0.00999999977...), so we spell it out.
    "leaky_relu": lambda z: tf.where(z > 0, z, 0.01 * z),
    "tanh": lambda z: tf.tanh(z),
    "sigmoid": lambda z: tf.sigmoid(z),
}


def tf_cost_and_output(ZL, Y, output):
    """TensorFlow's cost for the logits Z[L] (n[L], m), and the output A[L]."""
    m = ZL.shape[1]
    if output == "sigmoid":
        J = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=ZL))
        return J, tf.sigmoid(ZL)
    if output == "softmax":
        J = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=ZL, axis=0))
        return J, tf.nn.softmax(ZL, axis=0)
    return tf.reduce_sum(tf.square(ZL - Y)) / (2.0 * m), ZL


def tf_deep(params, X, Y, hidden, output):
    """Forward pass in TensorFlow (our column layout), cost, and gradients by GradientTape."""
    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in params.items()}
    L = len(params) // 2
    with tf.GradientTape() as tape:
        A = tf.constant(X)
        for l in range(1, L + 1):
            Z = variables[f"W{l}"] @ A + variables[f"b{l}"]
            A = TF_ACTIVATIONS[hidden](Z) if l < L else Z
        J, AL = tf_cost_and_output(Z, tf.constant(Y), output)
    grads = tape.gradient(J, variables)
    return AL.numpy(), float(J.numpy()), {"d" + k: g.numpy() for k, g in grads.items()}


@pytest.mark.parametrize(
    "hidden, output, dims",
    [
        ("relu", "sigmoid", [5, 4, 3, 1]),
        ("tanh", "sigmoid", [5, 6, 1]),
        ("relu", "softmax", [5, 4, 3, 3]),
        ("leaky_relu", "softmax", [5, 6, 4, 4]),
        ("sigmoid", "identity", [5, 4, 2]),
        ("tanh", "identity", [5, 3, 3, 1]),
        ("leaky_relu", "sigmoid", [5, 4, 4, 3, 1]),
    ],
)
def test_deep_network_matches_tensorflow(hidden, output, dims, rng, make_parameters, make_targets):
    params = make_parameters(dims, rng)
    X = rng.standard_normal((dims[0], 11))
    Y = make_targets(output, dims[-1], 11, rng)
    AL, caches = deep.L_model_forward(X, params, hidden, output)
    J = deep.compute_cost(AL, Y, output)
    grads = deep.L_model_backward(AL, Y, caches, hidden, output)

    AL_tf, J_tf, grads_tf = tf_deep(params, X, Y, hidden, output)
    np.testing.assert_allclose(AL, AL_tf, **TOL)
    np.testing.assert_allclose(J, J_tf, **TOL)
    assert set(grads) == set(grads_tf)
    for k in grads_tf:
        np.testing.assert_allclose(grads[k], grads_tf[k], **TOL, err_msg=k)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_shallow_network_matches_tensorflow(hidden, rng, make_parameters, make_targets):
    params = make_parameters([2, 4, 1], rng)
    X = rng.standard_normal((2, 13))
    Y = make_targets("sigmoid", 1, 13, rng)
    A2, cache = shallow.forward_propagation(X, params, hidden)
    J = shallow.compute_cost(A2, Y)
    grads = shallow.backward_propagation(params, cache, X, Y, hidden)

    A2_tf, J_tf, grads_tf = tf_deep(params, X, Y, hidden, "sigmoid")
    np.testing.assert_allclose(A2, A2_tf, **TOL)
    np.testing.assert_allclose(J, J_tf, **TOL)
    for k in grads_tf:
        np.testing.assert_allclose(grads[k], grads_tf[k], **TOL, err_msg=k)


def test_logistic_regression_matches_tensorflow(rng, make_targets):
    X = rng.standard_normal((4, 9))
    Y = make_targets("sigmoid", 1, 9, rng)
    w, b = rng.standard_normal((4, 1)), 0.4
    grads, J = logistic.propagate(w, b, X, Y)

    w_tf, b_tf = tf.Variable(w), tf.Variable(b, dtype=tf.float64)
    with tf.GradientTape() as tape:
        Z = tf.transpose(w_tf) @ tf.constant(X) + b_tf
        J_tf = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z))
    dw_tf, db_tf = tape.gradient(J_tf, [w_tf, b_tf])
    np.testing.assert_allclose(J, float(J_tf.numpy()), **TOL)
    np.testing.assert_allclose(grads["dw"], dw_tf.numpy(), **TOL)
    np.testing.assert_allclose(grads["db"], float(db_tf.numpy()), **TOL)
