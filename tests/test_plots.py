"""Tests of lessons_code.plots: what each figure actually shows (Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from lessons_code import plots  # noqa: E402
from lessons_code.activations import get_activation  # noqa: E402


@pytest.fixture(autouse=True)
def _no_show_and_close(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("plots must never call plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")


HIST = {"loss": [0.9, 0.5, 0.3], "accuracy": [0.5, 0.8, 0.9], "val_loss": [1.0, 0.6, 0.5],
        "val_accuracy": [0.4, 0.7, 0.8]}


def test_learning_curves_train_and_validation():
    fig = plots.plot_learning_curves(HIST, title="Digits")
    assert fig._suptitle.get_text() == "Digits"
    assert len(fig.axes) == 2
    for ax, key in zip(fig.axes, ("loss", "accuracy")):
        train, val = ax.get_lines()
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
        np.testing.assert_array_equal(train.get_ydata(), HIST[key])
        np.testing.assert_array_equal(val.get_ydata(), HIST[f"val_{key}"])
        assert val.get_linestyle() == "--"
        assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == key and ax.get_title()
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"training {key}", f"validation {key}"]


def test_learning_curves_from_history_object_uses_its_epochs():
    from lessons_code.training import History

    h = History()
    for epoch, loss in enumerate([0.7, 0.4, 0.2, 0.1]):
        h.append(epoch * 10, loss=loss)
    fig = plots.plot_learning_curves(h)
    assert len(fig.axes) == 1  # no accuracy recorded: one panel
    (line,) = fig.axes[0].get_lines()
    np.testing.assert_array_equal(line.get_xdata(), h.epoch)
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.4, 0.2, 0.1])
    assert fig._suptitle.get_text() == "Learning curves"


def test_learning_curves_on_given_axes_and_errors():
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_learning_curves(HIST, axes=axes) is fig
    assert len(axes[0].get_lines()) == 2
    with pytest.raises(ValueError, match="none of the metrics"):
        plots.plot_learning_curves({"mae": [1.0]})
    with pytest.raises(ValueError, match="one Axes per metric"):
        plots.plot_learning_curves(HIST, axes=[axes[0]])


def test_decision_boundary_regions_and_points():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 40))
    Y = (X[0] > 0).astype(float).reshape(1, -1)
    shapes = []

    def predict(P):
        shapes.append(P.shape)
        return (P[0] > 0).astype(float).reshape(1, -1)

    ax = plots.plot_decision_boundary(predict, X, Y, title="A vertical boundary", resolution=50)
    assert shapes == [(2, 2500)]  # points are columns, like X
    assert ax.get_title() == "A vertical boundary"
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == 2  # one per class, drawn over the filled regions
    offsets = np.vstack([c.get_offsets() for c in scatters])
    assert offsets.shape == (40, 2)
    assert {tuple(p) for p in np.round(offsets, 9)} == {tuple(p) for p in np.round(X.T, 9)}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_decision_boundary_validates_shapes():
    with pytest.raises(ValueError, match=r"X must have shape \(2, m\)"):
        plots.plot_decision_boundary(lambda P: P[:1], np.zeros((3, 5)), np.zeros((1, 5)))
    with pytest.raises(ValueError, match="predict_fn must return"):
        plots.plot_decision_boundary(lambda P: P[0, :3], np.zeros((2, 5)), np.zeros((1, 5)), resolution=10)


def test_image_grid_marks_wrong_predictions():
    images = np.random.default_rng(0).random((10, 8, 8))
    true = np.arange(10) % 3
    pred = true.copy()
    pred[[2, 7]] = (pred[[2, 7]] + 1) % 3
    fig = plots.plot_image_grid(images, true=true, pred=pred, n_cols=4, title="Predictions")
    assert len(fig.axes) == 10 and fig._suptitle.get_text() == "Predictions"
    np.testing.assert_array_equal(fig.axes[3].images[0].get_array(), images[3])
    for i, ax in enumerate(fig.axes):
        title = ax.title
        if i in (2, 7):
            assert "✗" in title.get_text() and to_hex(title.get_color()) == plots.COLORS["vermillion"].lower()
            assert f"true {true[i]}" in title.get_text()
        else:
            assert title.get_text() == f"pred {pred[i]}" and to_hex(title.get_color()) == "#000000"


def test_image_grid_labels_with_class_names_and_errors():
    fig = plots.plot_image_grid(np.zeros((3, 8, 8)), true=[0, 1, 1], class_names=["cat", "dog"])
    assert [ax.get_title() for ax in fig.axes] == ["label cat", "label dog", "label dog"]
    with pytest.raises(ValueError, match="one label per image"):
        plots.plot_image_grid(np.zeros((3, 8, 8)), true=[0, 1])


def test_activations_plot_function_and_derivative():
    fig = plots.plot_activations(("sigmoid", "relu", "leaky_relu"))
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "relu", "leaky_relu"]
    for ax, name in zip(fig.axes, ("sigmoid", "relu", "leaky_relu")):
        g, g_prime = get_activation(name)
        line_g, line_d = ax.get_lines()[:2]
        z = line_g.get_xdata()
        np.testing.assert_allclose(line_g.get_ydata(), g(z))
        np.testing.assert_allclose(line_d.get_ydata(), g_prime(z))
        assert ax.get_xlabel() == "$z$"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["$g(z)$", "$g'(z)$"]
    with pytest.raises(ValueError, match="softmax"):
        plots.plot_activations(("softmax",))


def test_speedup_plot():
    ax = plots.plot_speedup([10, 100, 1000], [2.0, 30.0, 150.0], title="dot product")
    assert ax.get_xscale() == "log" and ax.get_title() == "dot product"
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [10, 100, 1000])
    np.testing.assert_array_equal(line.get_ydata(), [2.0, 30.0, 150.0])
    assert "speedup" in ax.get_ylabel() and "size" in ax.get_xlabel()
    assert len(ax.get_legend().get_texts()) == 2
    with pytest.raises(ValueError, match="one value per size"):
        plots.plot_speedup([1, 2], [1.0])
