"""Tests of lessons_code.tensors: tensor descriptions, timing helpers, loop versions."""

import numpy as np
import pytest

from lessons_code import tensors
from lessons_code.activations import sigmoid


def test_describe_numpy_matrix():
    d = tensors.describe_tensor(np.zeros((64, 10)))
    assert d == {"rank": 2, "shape": (64, 10), "dtype": "float64", "size": 640}


def test_describe_scalar_and_nested_list():
    assert tensors.describe_tensor(3.5) == {"rank": 0, "shape": (), "dtype": "float64", "size": 1}
    d = tensors.describe_tensor([[1, 2, 3], [4, 5, 6]])
    assert (d["rank"], d["shape"], d["size"]) == (2, (2, 3), 6)
    assert d["dtype"].startswith("int")


def test_describe_rank4_image_batch():
    d = tensors.describe_tensor(np.ones((5, 8, 8, 3), dtype=np.uint8))
    assert d == {"rank": 4, "shape": (5, 8, 8, 3), "dtype": "uint8", "size": 960}


class _FakeDType:
    name = "float16"


class _FakeTensor:
    """Duck-typed stand-in for a TensorFlow tensor (shape with a possibly unknown dimension)."""

    def __init__(self, shape):
        self.shape = shape
        self.dtype = _FakeDType()


def test_describe_duck_typed_tensor():
    assert tensors.describe_tensor(_FakeTensor((2, 3, 4))) == {
        "rank": 3, "shape": (2, 3, 4), "dtype": "float16", "size": 24}
    d = tensors.describe_tensor(_FakeTensor((None, 10)))
    assert d["shape"] == (None, 10) and d["size"] is None and d["rank"] == 2


@pytest.mark.tf
def test_describe_tensorflow_tensor():
    tf = pytest.importorskip("tensorflow")
    t = tf.zeros((3, 4, 5), dtype=tf.float32)
    assert tensors.describe_tensor(t) == {"rank": 3, "shape": (3, 4, 5), "dtype": "float32", "size": 60}


def test_time_call_calls_repeats_times_number():
    calls = []
    t = tensors.time_call(lambda x: calls.append(x), 1, repeats=3, number=4)
    assert len(calls) == 12
    assert isinstance(t, float) and t >= 0


def test_time_call_rejects_bad_repeats():
    with pytest.raises(ValueError, match="repeats must be > 0"):
        tensors.time_call(lambda: None, repeats=0)


def test_compare_speed_reports_consistent_ratio():
    n = {"loop": 0, "vec": 0}

    def loop(a):
        n["loop"] += 1
        return tensors.loop_dot(a, a)

    def vec(a):
        n["vec"] += 1
        return float(np.dot(a, a))

    a = np.arange(200.0)
    out = tensors.compare_speed(loop, vec, a, repeats=3)
    assert set(out) == {"loop_s", "vectorized_s", "speedup"}
    assert n == {"loop": 3, "vec": 3}
    if out["vectorized_s"] > 1e-6:  # the ratio is exactly loop / vectorized (no clamping)
        assert out["speedup"] == pytest.approx(out["loop_s"] / out["vectorized_s"])


def test_loop_dot_equals_np_dot():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=1000), rng.normal(size=(1000, 1))
    assert tensors.loop_dot(a, b) == pytest.approx(float(np.dot(a, b.ravel())), rel=1e-12)


def test_loop_dot_rejects_different_lengths():
    with pytest.raises(ValueError, match="same number of elements"):
        tensors.loop_dot(np.ones(3), np.ones(4))


def test_loop_sigmoid_equals_vectorized_and_is_stable():
    rng = np.random.default_rng(1)
    z = rng.normal(0, 5, size=(4, 7))
    z[0, :2] = [-1000.0, 1000.0]  # must not overflow (RuntimeWarning is an error in tests)
    np.testing.assert_allclose(tensors.loop_sigmoid(z), sigmoid(z), rtol=1e-12, atol=0)
    assert tensors.loop_sigmoid(z)[0, 0] == 0.0 and tensors.loop_sigmoid(z)[0, 1] == 1.0


def test_loop_sigmoid_rejects_rank1():
    with pytest.raises(ValueError, match="rank-1"):
        tensors.loop_sigmoid(np.zeros(3))


def test_loop_forward_equals_matrix_product():
    rng = np.random.default_rng(2)
    W, b, X = rng.normal(size=(3, 5)), rng.normal(size=(3, 1)), rng.normal(size=(5, 8))
    np.testing.assert_allclose(tensors.loop_forward(W, b, X), W @ X + b, rtol=1e-12)


def test_loop_forward_names_bad_shapes():
    W, X = np.ones((3, 5)), np.ones((5, 2))
    with pytest.raises(ValueError, match=r"b must have shape \(n\[1\], 1\) = \(3, 1\), got \(1, 3\)"):
        tensors.loop_forward(W, np.ones((1, 3)), X)
    with pytest.raises(ValueError, match=r"X must have shape \(n\[0\], m\) = \(5, \?\), got \(4, 2\)"):
        tensors.loop_forward(W, np.ones((3, 1)), np.ones((4, 2)))


def test_loops_accept_python_lists_and_return_lists():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert tensors.loop_dot(a.tolist(), b.tolist()) == pytest.approx(float(a @ b), rel=1e-12)
    z = rng.normal(0, 5, size=(3, 4))
    out = tensors.loop_sigmoid(z.tolist())
    assert isinstance(out, list) and len(out) == 3 and len(out[0]) == 4
    np.testing.assert_allclose(np.array(out), sigmoid(z), rtol=1e-12, atol=0)
    W, bias, X = rng.normal(size=(3, 5)), rng.normal(size=(3, 1)), rng.normal(size=(5, 8))
    Z = tensors.loop_forward(W.tolist(), bias.tolist(), X.tolist())
    assert isinstance(Z, list)
    np.testing.assert_allclose(np.array(Z), W @ X + bias, rtol=1e-12)


def test_loop_forward_lists_with_wrong_lengths_are_refused():
    with pytest.raises(ValueError, match="X 5 rows, got 3 and 4"):
        tensors.loop_forward([[1.0] * 5] * 3, [[0.0]] * 3, [[1.0, 2.0]] * 4)


def test_compare_speed_passes_loop_args_to_the_loop_only():
    seen = {}

    def loop(x):
        seen["loop"] = type(x)
        return 0.0

    def vec(x):
        seen["vec"] = type(x)
        return 0.0

    a = np.arange(5.0)
    tensors.compare_speed(loop, vec, a, repeats=1, loop_args=(a.tolist(),))
    assert seen == {"loop": list, "vec": np.ndarray}
