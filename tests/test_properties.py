"""Property-based tests (hypothesis): shapes for any architecture, stability for any input.

pytest turns RuntimeWarning into an error (pyproject.toml), so "no overflow warning" is checked by
every test here simply by not failing.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons_code import deep, losses
from lessons_code.activations import sigmoid, softmax, tanh

# Floats of any magnitude a float64 can hold comfortably (|x| <= 1e300), including 0 and subnormals.
ANY_FLOAT = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def architectures(draw):
    """layer_dims with 1..4 layers of 1..6 units, m in 1..8, and activation names."""
    output = draw(st.sampled_from(["sigmoid", "softmax", "identity"]))
    hidden = draw(st.lists(st.integers(1, 6), min_size=0, max_size=3))
    n_L = 1 if output == "sigmoid" else draw(st.integers(2, 5))
    dims = [draw(st.integers(1, 6)), *hidden, n_L]
    m = draw(st.integers(1, 8))
    activation = draw(st.sampled_from(deep.HIDDEN_ACTIVATIONS))
    return dims, m, activation, output, draw(st.integers(0, 2**16))


@SETTINGS
@given(architectures())
def test_forward_and_backward_shapes(arch):
    dims, m, hidden, output, seed = arch
    rng = np.random.default_rng(seed)
    params = deep.initialize_parameters_deep(dims, seed=seed)
    X = rng.standard_normal((dims[0], m))
    Y = {
        "sigmoid": (rng.random((1, m)) > 0.5).astype(float),
        "softmax": np.eye(dims[-1])[:, rng.integers(0, dims[-1], m)],
        "identity": rng.standard_normal((dims[-1], m)),
    }[output]
    AL, caches = deep.L_model_forward(X, params, hidden, output)
    assert AL.shape == (dims[-1], m) and len(caches) == len(dims) - 1
    grads = deep.L_model_backward(AL, Y, caches, hidden, output)
    assert {k: v.shape for k, v in grads.items()} == {"d" + k: v.shape for k, v in params.items()}
    assert all(np.all(np.isfinite(g)) for g in grads.values())
    assert np.isfinite(deep.compute_cost(AL, Y, output))


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=ANY_FLOAT))
def test_sigmoid_and_tanh_are_bounded_and_finite(z):
    s = sigmoid(z)
    assert s.shape == z.shape and np.all((s >= 0) & (s <= 1))
    t = tanh(z)
    assert np.all((t >= -1) & (t <= 1))


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=ANY_FLOAT))
def test_softmax_columns_sum_to_one(z):
    A = softmax(z)
    assert np.all(np.isfinite(A)) and np.all(A >= 0)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-12)
    # The largest logit of each column gets the largest probability.
    assert np.all(A[z.argmax(axis=0), np.arange(z.shape[1])] == A.max(axis=0))


@SETTINGS
@given(
    st.integers(1, 10).flatmap(
        lambda m: st.tuples(
            arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0]) | st.floats(0, 1)),
            arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0])),
        )
    )
)
def test_binary_cross_entropy_finite_even_when_certain(AY):
    A, Y = AY
    J = losses.binary_cross_entropy(A, Y)
    assert np.isfinite(J) and J >= 0
    assert np.all(np.isfinite(losses.binary_cross_entropy_gradient(A, Y)))


@SETTINGS
@given(st.integers(2, 5), st.integers(1, 6), st.integers(0, 2**16), st.booleans())
def test_categorical_cross_entropy_finite_even_when_certain(C, m, seed, right):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, C, m)
    Y = np.eye(C)[:, labels]
    guesses = labels if right else (labels + 1) % C  # certain and right, or certain and wrong
    A = np.eye(C)[:, guesses]  # probabilities exactly 0 and 1
    J = losses.categorical_cross_entropy(A, Y)
    assert np.isfinite(J) and (J == 0.0 if right else J > 30)
    assert np.all(np.isfinite(losses.categorical_cross_entropy_gradient(A, Y)))


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)), elements=ANY_FLOAT), st.integers(0, 2**16))
def test_losses_with_logits_finite_for_huge_logits(Z, seed):
    rng = np.random.default_rng(seed)
    Yb = (rng.random((1, Z.shape[1])) > 0.5).astype(float)
    assert np.isfinite(losses.binary_cross_entropy_with_logits(Z[:1], Yb))
    Yc = np.eye(Z.shape[0])[:, rng.integers(0, Z.shape[0], Z.shape[1])]
    assert np.isfinite(losses.categorical_cross_entropy_with_logits(Z, Yc))
