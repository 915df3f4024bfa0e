"""The book's figures: learning curves, decision boundaries, image grids, activations, speedups.

Every function titles its figure, labels its axes, adds a legend where there is more than one
series, uses the colour-blind-safe Okabe-Ito palette, and returns the ``Figure`` or ``Axes`` it
drew on. None calls ``plt.show()``: a notebook shows the returned figure by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ._validation import as_array, as_matrix, check_positive_int, check_same_m

__all__ = [
    "COLORS",
    "plot_learning_curves",
    "plot_decision_boundary",
    "plot_image_grid",
    "plot_activations",
    "plot_speedup",
]

#: Okabe-Ito colours (distinguishable with the common forms of colour blindness).
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
_CYCLE = [COLORS[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow")]
_WRONG = COLORS["vermillion"]


def plot_learning_curves(
    history: Any,
    metrics: Sequence[str] = ("loss", "accuracy"),
    axes: Sequence[Axes] | None = None,
    title: str | None = None,
) -> Figure:
    """Plot training (and validation) curves, one panel per metric.

    Args:
        history: a ``History`` (ours or Keras'), i.e. an object with a ``.history`` dict, or the
            dict itself: ``{"loss": [...], "accuracy": [...], "val_loss": [...], ...}``.
        metrics: the metrics to plot; those missing from ``history`` are skipped.
            ``"val_<metric>"`` is drawn as a dashed line on the same panel when present.
        axes: one Axes per plotted metric to draw on, or ``None`` for a new figure.
        title: figure title (default ``"Learning curves"``).

    Returns:
        The ``Figure``.

    Introduced in: :ref:`ch-logistic-regression`
    """
    hist = getattr(history, "history", history)
    if not isinstance(hist, dict):
        raise TypeError(
            f"history must be a History or a dict of lists, got {type(history).__name__}"
        )
    present = [k for k in metrics if k in hist and len(hist[k]) > 0]
    if not present:
        raise ValueError(f"history has none of the metrics {list(metrics)}; it has {sorted(hist)}")
    panels: list[Axes]
    if axes is None:
        fig, grid = plt.subplots(1, len(present), figsize=(4.5 * len(present), 3.5), squeeze=False)
        panels = list(grid[0])
    else:
        panels = list(np.atleast_1d(np.asarray(axes, dtype=object)))
        if len(panels) != len(present):
            raise ValueError(
                f"axes must hold one Axes per metric ({len(present)}), got {len(panels)}"
            )
        fig = panels[0].get_figure()  # type: ignore[assignment]
    for ax, key in zip(panels, present):
        train = np.asarray(hist[key], dtype=float)
        epochs = getattr(history, "epoch", None)
        if epochs is None or len(epochs) != len(train):
            epochs = np.arange(1, len(train) + 1)
        ax.plot(epochs, train, color=COLORS["blue"], label=f"training {key}")
        if f"val_{key}" in hist and len(hist[f"val_{key}"]) == len(train):
            ax.plot(epochs, hist[f"val_{key}"], color=COLORS["orange"], linestyle="--",
                    label=f"validation {key}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(key)
        ax.set_title(key.replace("_", " ").capitalize())
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(title or "Learning curves")
    fig.tight_layout()
    return fig


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    X: Any,
    Y: Any,
    ax: Axes | None = None,
    title: str | None = None,
    resolution: int = 200,
) -> Axes:
    """Colour the plane by a model's prediction and scatter the labelled points on top.

    Args:
        predict_fn: takes points ``(2, k)`` and returns predicted classes ``(1, k)``
            (e.g. ``lambda P: net.predict(P)``).
        X: the points, shape ``(2, m)``.
        Y: their labels, shape ``(1, m)`` (0/1, or integer class ids).
        ax: the Axes to draw on, or ``None`` for a new figure.
        title: Axes title (default ``"Decision boundary"``).
        resolution: grid points per axis.

    Returns:
        The ``Axes``.

    Introduced in: :ref:`ch-shallow`
    """
    X = as_matrix("X", X, (2, None), dims=("2", "m"))
    Y = as_matrix("Y", Y, (1, None), dims=("1", "m"))
    check_same_m(X=X, Y=Y)
    resolution = check_positive_int("resolution", resolution)
    if not callable(predict_fn):
        raise TypeError(f"predict_fn must be a function, got {type(predict_fn).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5))
    pad = 0.1 * (X.max(axis=1) - X.min(axis=1)) + 0.5
    x1 = np.linspace(X[0].min() - pad[0], X[0].max() + pad[0], resolution)
    x2 = np.linspace(X[1].min() - pad[1], X[1].max() + pad[1], resolution)
    G1, G2 = np.meshgrid(x1, x2)
    grid = np.vstack([G1.ravel(), G2.ravel()])  # (2, k), one grid point per column
    pred = np.asarray(predict_fn(grid), dtype=float)
    if pred.size != grid.shape[1]:
        raise ValueError(
            f"predict_fn must return shape (1, k) = (1, {grid.shape[1]}), got {pred.shape}"
        )
    classes = np.unique(np.concatenate([np.unique(Y), np.unique(pred)])).astype(int)
    colors = [_CYCLE[c % len(_CYCLE)] for c in range(classes.max() + 1)]
    cmap = ListedColormap(colors)
    levels = np.arange(len(colors) + 1) - 0.5
    ax.contourf(G1, G2, pred.reshape(G1.shape), levels=levels, cmap=cmap, alpha=0.25)
    for c in np.unique(Y).astype(int):
        mask = Y[0] == c
        ax.scatter(X[0, mask], X[1, mask], s=14, color=colors[c], edgecolors="k",
                   linewidths=0.3, label=f"class {c}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or "Decision boundary")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_image_grid(
    images: Any,
    true: Any = None,
    pred: Any = None,
    n_cols: int = 8,
    title: str | None = None,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """Show images in a grid, optionally with their labels and predictions.

    A wrong prediction is marked twice, so it does not rely on colour alone: its caption reads
    ``"pred p ✗ (true t)"`` in vermillion, and its frame is drawn in vermillion.

    Args:
        images: ``(m, h, w)`` grayscale or ``(m, h, w, c)`` colour images.
        true: true labels, ``m`` values (any shape that ravels to ``(m,)``), or ``None``.
        pred: predicted labels, ``m`` values, or ``None``.
        n_cols: images per row.
        title: figure title (default ``"Images"``).
        class_names: names to print instead of the label numbers.

    Returns:
        The ``Figure`` (one Axes per image; ``fig.axes[i]`` shows image ``i``).

    Introduced in: :ref:`ch-why-deep-learning`
    """
    images = as_array("images", images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must have shape (m, h, w) or (m, h, w, c), got {images.shape}")
    m = images.shape[0]
    n_cols = check_positive_int("n_cols", n_cols)
    labels = {}
    for name, val in (("true", true), ("pred", pred)):
        if val is not None:
            val = np.asarray(val).ravel()
            if val.size != m:
                raise ValueError(f"{name} must hold one label per image ({m}), got {val.size}")
            labels[name] = val

    def name_of(v: Any) -> str:
        v = int(v)
        return class_names[v] if class_names is not None else str(v)

    n_rows = -(-m // n_cols)
    n_c = min(n_cols, m)
    fig, axes = plt.subplots(n_rows, n_c, figsize=(1.2 * n_c, 1.4 * n_rows + 0.5), squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        if i >= m:
            ax.remove()
            continue
        ax.imshow(images[i], cmap="gray_r" if images.ndim == 3 else None)
        ax.set_xticks([])
        ax.set_yticks([])
        color = COLORS["black"]
        if "pred" in labels:
            text = f"pred {name_of(labels['pred'][i])}"
            if "true" in labels and labels["pred"][i] != labels["true"][i]:
                text += f" ✗ (true {name_of(labels['true'][i])})"
                color = _WRONG
                for spine in ax.spines.values():
                    spine.set_color(_WRONG)
                    spine.set_linewidth(2)
        elif "true" in labels:
            text = f"label {name_of(labels['true'][i])}"
        else:
            text = ""
        ax.set_title(text, fontsize=7, color=color)
    fig.suptitle(title or "Images")
    fig.tight_layout()
    return fig


def plot_activations(
    names: str | Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu"),
) -> Figure:
    """Plot each activation g(z) and its derivative g'(z) on ``z`` in ``[-5, 5]``.

    Args:
        names: activation names known to ``activations.get_activation`` (softmax has no
            elementwise derivative and is not accepted), or a single name such as ``"relu"``.

    Returns:
        The ``Figure``, one Axes per activation, each with two lines: g (solid), g' (dashed).

    Introduced in: :ref:`ch-shallow`
    """
    from .activations import get_activation

    names = [names] if isinstance(names, str) else list(names)  # one name, or a list of names
    if not names:
        raise ValueError("names must list at least one activation")
    pairs = []
    for n in names:
        g, g_prime = get_activation(n)
        if g_prime is None:
            raise ValueError(f"{n!r} has no elementwise derivative to plot")
        pairs.append((g, g_prime))
    z = np.linspace(-5, 5, 401)
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.0), squeeze=False)
    for ax, n, (g, g_prime) in zip(axes[0], names, pairs):
        ax.plot(z, g(z), color=COLORS["blue"], label="$g(z)$")
        ax.plot(z, g_prime(z), color=COLORS["orange"], linestyle="--", label="$g'(z)$")
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.set_title(n)
        ax.set_xlabel("$z$")
        ax.set_ylabel("value")
        ax.legend(fontsize="small")
    fig.suptitle("Activation functions and their derivatives")
    fig.tight_layout()
    return fig


def plot_speedup(
    sizes: Any, speedups: Any, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Plot how many times faster vectorized code is than a loop, against the problem size.

    Args:
        sizes: problem sizes ``n`` (e.g. vector lengths), shape ``(k,)``.
        speedups: ``loop time / vectorized time`` for each size, shape ``(k,)``.
        ax: the Axes to draw on, or ``None`` for a new figure.
        title: Axes title (default ``"Vectorization speedup"``).

    Returns:
        The ``Axes`` (log-scaled x axis; a dotted line marks "no speedup", 1x).

    Introduced in: :ref:`ch-vectorization`
    """
    sizes = as_array("sizes", sizes).ravel()
    speedups = as_array("speedups", speedups).ravel()
    if sizes.shape != speedups.shape:
        raise ValueError(
            f"speedups must have one value per size ({sizes.size}), got {speedups.size}"
        )
    if np.any(sizes <= 0):
        raise ValueError("sizes must be > 0 (they are drawn on a log axis)")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(sizes, speedups, marker="o", color=COLORS["blue"], label="vectorized vs loop")
    ax.axhline(1.0, color=COLORS["vermillion"], linestyle=":", label="no speedup (1x)")
    ax.set_xscale("log")
    ax.set_xlabel("problem size $n$")
    ax.set_ylabel("speedup (loop time / vectorized time)")
    ax.set_title(title or "Vectorization speedup")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    return ax
