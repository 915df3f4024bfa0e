"""Validation once at the boundary; numerics that hold at the edges (CONTRIBUTING.md, conventions)."""

from __future__ import annotations

import inspect
import sys
import warnings

import numpy as np
import pytest

from lessons_code import (
    _validation,
    activations,
    datasets,
    deep,
    gradcheck,
    initializers,
    logistic,
    losses,
    shallow,
)


def test_the_names_validation_repeats_agree_with_their_modules():
    assert _validation.HIDDEN_ACTIVATIONS == deep.HIDDEN_ACTIVATIONS
    assert _validation.OUTPUT_ACTIVATIONS == losses.OUTPUT_ACTIVATIONS
    assert _validation.INIT_METHODS == initializers.INIT_METHODS


def test_validation_imports_no_module_but_activations():
    """Every module imports _validation: it must not make every chapter depend on everything."""
    source = inspect.getsource(_validation)
    imports = [line for line in source.splitlines() if line.lstrip().startswith("from .")]
    assert imports == ["from ._types import Array, Parameters", "from .activations import ACTIVATIONS"]


def test_decorated_functions_keep_their_signature_and_docstring():
    sig = inspect.signature(deep.linear_forward)
    assert list(sig.parameters) == ["A_prev", "W", "b", "check"]
    assert deep.linear_forward.__doc__.startswith("The linear part of a layer")


def test_fit_validates_once_not_once_per_step(monkeypatch):
    """The data are checked at the boundary; the loop (every epoch, every batch) trusts them."""
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((4, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    calls = []
    real = _validation.as_array
    monkeypatch.setattr(_validation, "as_array", lambda *a, **k: calls.append(a[0]) or real(*a, **k))

    def count(epochs):
        calls.clear()
        deep.DeepNetwork([4, 3, 1], seed=0).fit(X, Y, epochs=epochs, batch_size=8)
        return len(calls)

    assert count(1) == count(5) > 0


def test_check_false_skips_the_validator(monkeypatch):
    def boom(**kwargs):
        raise AssertionError("validated although check=False")

    monkeypatch.setattr(_validation, "as_matrix", boom)
    Z, _ = deep.linear_forward(np.ones((2, 3)), np.ones((4, 2)), np.ones((4, 1)), check=False)
    assert Z.shape == (4, 3)


def test_sigmoid_and_tanh_derivatives_are_accurate_and_symmetric_for_large_z():
    z = np.array([0.0, 0.3, 1.0, 5.0, 19.0, 30.0, 40.0, 700.0])
    e = np.exp(-z)
    exact_sigmoid = e / (1 + e) ** 2  # sigma'(z) = e^-z / (1 + e^-z)^2, no cancellation
    np.testing.assert_allclose(activations.sigmoid_derivative(z), exact_sigmoid, rtol=1e-14)
    np.testing.assert_array_equal(activations.sigmoid_derivative(z), activations.sigmoid_derivative(-z))
    e2 = np.exp(-2 * z)
    exact_tanh = 4 * e2 / (1 + e2) ** 2  # tanh'(z) = 1 / cosh(z)^2
    np.testing.assert_allclose(activations.tanh_derivative(z), exact_tanh, rtol=1e-14)
    np.testing.assert_array_equal(activations.tanh_derivative(z), activations.tanh_derivative(-z))
    assert activations.sigmoid_derivative(40.0) > 0 and activations.tanh_derivative(20.0) > 0


def test_sigmoid_derivative_for_z_up_to_0_is_the_textbook_formula_bit_for_bit():
    z = np.linspace(-30, 0, 301)
    s = activations.sigmoid(z)
    np.testing.assert_array_equal(activations.sigmoid_derivative(z), s * (1 - s))


def test_gradient_check_says_when_a_saturated_cost_makes_the_error_meaningless():
    X = np.array([[50.0, -50.0]])  # both examples saturated, and both wrong: A is exactly 1, 0
    Y = np.array([[0.0, 1.0]])
    params = {"w": np.array([[2.0]]), "b": np.array(0.0)}

    def cost(p):
        return losses.binary_cross_entropy(activations.sigmoid(p["w"].T @ X + p["b"]), Y)

    grads, _ = logistic.propagate(params["w"], float(params["b"]), X, Y)
    with pytest.warns(gradcheck.FlatCostWarning, match="did not change at all"):
        error = gradcheck.gradient_check(cost, params, grads)
    assert error == 1.0  # the false alarm the warning explains: finite differences see J flat
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a correct, unsaturated check stays silent
        assert gradcheck.gradient_check(cost, {"w": np.array([[0.01]]), "b": np.array(0.0)},
                                        logistic.propagate(np.array([[0.01]]), 0.0, X, Y)[0]) < 1e-7


@pytest.mark.parametrize("scale", [1e200, 1e-200])
def test_norms_and_statistics_neither_overflow_nor_underflow(scale):
    x = np.array([[3.0, 4.0, 0.0], [1.0, 2.0, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(datasets.normalize_rows(x * scale), datasets.normalize_rows(x))
        X_std, mean, std = datasets.standardize(x * scale)
        X_ref, mean_ref, std_ref = datasets.standardize(x)
        np.testing.assert_allclose(X_std, X_ref)
        np.testing.assert_allclose(mean / scale, mean_ref)
        np.testing.assert_allclose(std / scale, std_ref)
        np.testing.assert_allclose(datasets.standardize(x * scale, mean, std)[0], X_ref)
        a, b = np.array([1.0, 2.0]), np.array([1.0, 2.5])
        assert gradcheck.relative_error(a * scale, b * scale) == pytest.approx(
            gradcheck.relative_error(a, b), rel=1e-14)


def test_a_16_bit_png_loads_like_its_8_bit_copy(tmp_path):
    from PIL import Image

    eight = np.asarray(Image.open(datasets.sample_image_path()).convert("L"), dtype=np.uint16)
    Image.fromarray(eight * 257).save(tmp_path / "sixteen.png")  # 0..255 -> 0..65535
    assert Image.open(tmp_path / "sixteen.png").mode.startswith("I")
    x16 = datasets.load_image(tmp_path / "sixteen.png")
    x8 = datasets.load_image(datasets.sample_image_path())
    assert x16.max() == 1.0 and x16.std() > 0.2  # not a blank image
    np.testing.assert_allclose(x16, x8, atol=0.02)


def test_the_keras_bridge_without_tensorflow_says_what_to_install(monkeypatch):
    from lessons_code import keras_bridge

    monkeypatch.setitem(sys.modules, "keras", None)  # import keras now raises ImportError
    with pytest.raises(ImportError, match=r'pip install "lessons_code\[keras\]"'):
        keras_bridge.build_keras_model([2, 1])


def test_logistic_regression_fit_on_a_column_major_X_takes_the_steps_of_optimize():
    data = datasets.load_digits_binary()
    X, Y = data.X_train, data.Y_train
    assert X.flags.f_contiguous  # as flatten_images builds it
    model = logistic.LogisticRegression()
    history = model.fit(X, Y, epochs=50, learning_rate=0.5)
    params, _, costs = logistic.optimize(np.zeros((64, 1)), 0.0, X, Y, 50, 0.5)
    np.testing.assert_array_equal(model.w, params["w"])  # bit for bit: no copy, same products
    assert model.b == params["b"]
    assert history.history["loss"] == costs


def test_injected_parameters_are_checked_converted_and_trained():
    X = np.random.default_rng(0).standard_normal((2, 20))
    Y = (X[:1] > 0).astype(float)
    net = deep.DeepNetwork([2, 1], seed=0)
    net.parameters = {"W1": [[0, 0]], "b1": [[0]]}  # lists of ints: converted to float64 arrays
    net.fit(X, Y, epochs=5, learning_rate=0.5)
    assert net.parameters["W1"].dtype == np.float64 and np.abs(net.parameters["W1"]).sum() > 0
    W1 = np.zeros((1, 2))  # an array the user sets is never written to, as documented
    net.parameters = {"W1": W1, "b1": np.zeros((1, 1))}
    net.fit(X, Y, epochs=5, learning_rate=0.5)
    assert np.abs(net.parameters["W1"]).sum() > 0 and not W1.any()


def test_fit_does_not_write_into_the_callers_data():
    X = np.random.default_rng(0).standard_normal((2, 20))
    Y = (X[:1] > 0).astype(float)
    X0, Y0 = X.copy(), Y.copy()
    for model in (deep.DeepNetwork([2, 3, 1]), shallow.ShallowNetwork(3), logistic.LogisticRegression()):
        model.fit(X, Y, epochs=3, batch_size=7)
        np.testing.assert_array_equal(X, X0)
        np.testing.assert_array_equal(Y, Y0)


def test_plot_activations_takes_one_name_as_a_string():
    import matplotlib

    matplotlib.use("Agg")
    from lessons_code import plots

    fig = plots.plot_activations("relu")
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "relu"
