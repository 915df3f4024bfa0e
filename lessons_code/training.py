"""Training machinery shared by every model: mini-batches, accuracy, History, the Model base class.

The ``Model`` base class gives LogisticRegression, ShallowNetwork and DeepNetwork the Keras verbs
``fit``, ``predict``, ``predict_proba`` and ``evaluate``.

One step of (mini-batch) gradient descent, for every model:

    A[L], cache = forward(X_batch)                       # forward propagation
    J           = cost(A[L], Y_batch)                    # mean loss over the batch
    grads       = backward(X_batch, Y_batch, A[L], cache)  # dW[l] = dJ/dW[l], db[l] = dJ/db[l]
    W[l] = W[l] - learning_rate * dW[l];  b[l] = b[l] - learning_rate * db[l]   # new arrays

``fit`` checks its inputs once; the loop then trusts them (``check=False`` everywhere inside).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ._types import Array, Grads, Parameters, Seed
from ._validation import (
    accuracy_args,
    check_targets,
    evaluate_args,
    fit_args,
    iterate_minibatches_args,
    predict_args,
    validated,
)
from .losses import get_loss

__all__ = [
    "History", "TrainingDiverged", "iterate_minibatches", "accuracy", "check_targets", "Model",
]


class TrainingDiverged(FloatingPointError):
    """Raised by ``fit`` when the cost stops being a finite number (gradient descent diverged).

    Introduced in: :ref:`ch-deep`
    """


def _divergence_message(
    epoch: int,
    epochs: int,
    what: str,
    previous: float | None,
    learning_rate: float,
    X: Array,
    Y: Array,
    output_activation: str,
) -> str:
    """Say where training diverged and what usually causes it, with the numbers that point to it."""
    before = f" (the cost was {previous:.4g} at epoch {epoch})" if previous is not None else ""
    causes = [f"the learning rate {learning_rate:g} is too large for this model and data"]
    x_span = float(np.max(np.abs(X)))
    if x_span > 10:
        causes.append(
            f"the inputs are not scaled (|X| reaches {x_span:.3g}; standardize each row of X)"
        )
    if output_activation == "identity":
        y_span = float(np.max(np.abs(Y)))
        if y_span > 10:
            causes.append(f"the targets are not scaled (|Y| reaches {y_span:.3g}; standardize Y)")
    return (
        f"training diverged at epoch {epoch + 1} of {epochs}: {what}{before}. "
        f"Likely cause: {'; or '.join(causes)}. Try a smaller learning_rate"
        + (" or scale the data" if len(causes) > 1 else "") + "."
    )


class History:
    """What ``fit`` measured, epoch by epoch (the same layout as Keras' ``History``).

    Attributes:
        history: dict of lists, one value per epoch: ``"loss"`` and, for classifiers,
            ``"accuracy"``; with ``validation_data`` also ``"val_loss"`` and ``"val_accuracy"``.
            ``loss`` and ``accuracy`` are averages over the epoch's mini-batches, measured while
            the weights were still changing (as Keras does: it costs nothing extra); the ``val_``
            metrics are measured on the whole validation set at the end of the epoch.
        epoch: the epoch indices 0, 1, ..., epochs - 1 (as in Keras).

    Introduced in: :ref:`ch-deep`
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def append(self, epoch: int, **metrics: float) -> None:
        """Record the metrics of one epoch: ``history.append(3, loss=0.25, accuracy=0.9)``.

        Introduced in: :ref:`ch-deep`
        """
        self.epoch.append(epoch)
        for name, value in metrics.items():
            self.history.setdefault(name, []).append(float(value))

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.history.items() if v)
        return f"History(epochs={len(self.epoch)}, last: {last})"


@validated(iterate_minibatches_args)
def iterate_minibatches(
    X: Array, Y: Array, batch_size: int, rng: Seed = None, *, check: bool = True
) -> Iterator[tuple[Array, Array]]:
    """Split the data into mini-batches of ``batch_size`` examples (columns), shuffled by ``rng``.

    The last batch is smaller when m is not a multiple of ``batch_size``. When one batch holds
    everything (batch_size >= m) the data are yielded as they are: the order of the examples does
    not change a full-batch gradient.

    Args:
        X: inputs, shape (n_x, m).
        Y: targets, shape (n_y, m).
        batch_size: examples per batch, > 0.
        rng: a ``numpy.random.Generator`` or int seed to shuffle with; ``None`` keeps the order.
        check: validate the arguments (``fit`` checks its data once, then passes False).

    Yields:
        ``(X_batch, Y_batch)`` of shapes (n_x, b) and (n_y, b), b <= batch_size.

    Introduced in: :ref:`ch-deep`
    """
    m = X.shape[1]
    if batch_size >= m:
        yield X, Y
        return
    order = np.arange(m) if rng is None else np.random.default_rng(rng).permutation(m)
    for start in range(0, m, batch_size):
        batch = order[start : start + batch_size]  # the indices of this batch's examples
        # take(..., axis=1) copies the columns into a compact row-major array, which the matrix
        # products of the forward pass multiply fastest (X[:, batch] would be column-major).
        yield X.take(batch, axis=1), Y.take(batch, axis=1)


@validated(accuracy_args)
def accuracy(Y_true: Array, Y_pred: Array) -> float:
    """Fraction of examples whose predicted label equals the true label.

    Args:
        Y_true: labels, shape (1, m) (0/1 or class ids) or one-hot (C, m).
        Y_pred: predicted labels, shape (1, m) (0/1 or class ids, not probabilities: threshold
            them first), or one-hot / probabilities (C, m) (the row of the max is the label).

    Returns:
        Accuracy in [0, 1], a float.

    Introduced in: :ref:`ch-deep`
    """
    # A (C, m) matrix with C > 1 holds one column per example: its label is the row of the max.
    y_true = Y_true.argmax(axis=0) if Y_true.shape[0] > 1 else Y_true[0]
    y_pred = Y_pred.argmax(axis=0) if Y_pred.shape[0] > 1 else Y_pred[0]
    return float(np.mean(y_true == y_pred))


class Model:
    """Base class: Keras-style ``fit`` / ``predict`` / ``predict_proba`` / ``evaluate``.

    A subclass sets ``self.output_activation`` (``"sigmoid"``, ``"softmax"`` or ``"identity"``),
    ``self.parameters`` (a dict of arrays; ``fit`` replaces each by its updated value at every
    step, so arrays you passed in are never written to; parameters a user sets are checked by
    every verb before use) and ``self._rng``, and implements the maths of one step:

    - ``_forward(X) -> (AL, cache)``;
    - ``_backward(X, Y, AL, cache) -> grads`` with a key ``"d" + name`` for every parameter;

    and, for the validation of ``_validation.py``, ``_check_parameters(X, x_name)`` (the
    parameters, perhaps set by the user, then ``X`` against them) and ``_input_size()``. A model
    whose parameters wait for the data overrides ``_build(n_x, n_y)``; a model with more than one
    output unit overrides ``_output_size()``.

    Introduced in: :ref:`ch-deep`
    """

    output_activation = "sigmoid"
    parameters: Parameters | None = None
    _rng: np.random.Generator

    # -- provided by the subclass ---------------------------------------------------------------
    def _forward(self, X: Array) -> tuple[Array, Any]:
        raise NotImplementedError

    def _backward(self, X: Array, Y: Array, AL: Array, cache: Any) -> Grads:
        raise NotImplementedError

    def _check_parameters(self, X: Array | None, x_name: str = "X") -> Parameters:
        """The parameters as float64 arrays, checked; then X against them."""
        raise NotImplementedError

    def _input_size(self) -> int | None:
        """n_x, or None before the parameters exist."""
        raise NotImplementedError

    # -- defaults a subclass may override --------------------------------------------------------
    def _build(self, n_x: int, n_y: int) -> None:
        """Create the parameters for data of n_x features and n_y targets (``fit``, if None)."""
        raise RuntimeError(
            f"{type(self).__name__}.parameters is None: set them, or create a new model"
        )

    def _output_size(self) -> int:
        """n[L]: 1 for a binary classifier (C for softmax, set by the subclass)."""
        return 1

    # -- metrics -------------------------------------------------------------------------------
    def _n_correct(self, AL: Array, Y: Array) -> int:
        """Number of correctly classified examples (columns) in a batch."""
        if self.output_activation == "sigmoid":
            return int(np.count_nonzero((AL > 0.5) == (Y > 0.5)))
        return int(np.count_nonzero(AL.argmax(axis=0) == Y.argmax(axis=0)))

    def _metrics(self, X: Array, Y: Array) -> dict[str, float]:
        """Loss (and accuracy, for classifiers) on the whole of X, Y (already validated)."""
        AL, _ = self._forward(X)
        cost, _ = get_loss(self.output_activation)
        result = {"loss": cost(AL, Y, check=False)}
        if self.output_activation != "identity":
            result["accuracy"] = float(self._n_correct(AL, Y) / X.shape[1])
        return result

    # -- the Keras verbs -----------------------------------------------------------------------
    @validated(fit_args)
    def fit(
        self,
        X: Array,
        Y: Array,
        epochs: int = 100,
        learning_rate: float = 0.1,
        batch_size: int | None = None,
        verbose: int = 0,
        validation_data: tuple[Array, Array] | None = None,
        shuffle: bool = True,
    ) -> History:
        """Train with (mini-batch) gradient descent; calling ``fit`` again continues training.

        Args:
            X: inputs, shape (n_x, m).
            Y: targets, shape (1, m) of 0/1 (sigmoid output), one-hot (C, m) or integer labels
                (1, m) (softmax output), or real values (n[L], m) (identity output).
            epochs: passes over the training data, > 0.
            learning_rate: the step size alpha, > 0.
            batch_size: examples per gradient step; ``None`` (default) = all m (full batch).
            verbose: 0 = silent; N > 0 prints one line every N epochs (and after the last).
            validation_data: optional ``(X_val, Y_val)``, evaluated at the end of every epoch.
            shuffle: reshuffle the examples every epoch (mini-batch training only).

        Returns:
            A ``History``; ``loss``/``accuracy`` are the means over each epoch's mini-batches.

        Raises:
            TrainingDiverged: the cost became inf or NaN; the message names the epoch, the cost
                and the likely cause (learning rate, unscaled inputs or targets).

        Introduced in: :ref:`ch-deep`
        """
        if self.parameters is None:
            self._build(X.shape[0], Y.shape[0])
        m = X.shape[1]
        batch_size = m if batch_size is None else batch_size  # None: full batch
        if batch_size < m:  # gathering a mini-batch's columns is far faster from a row-major X
            X, Y = np.ascontiguousarray(X), np.ascontiguousarray(Y)  # (one copy per fit)
        parameters: Parameters = self.parameters  # type: ignore[assignment]  # (built above)
        cost, _ = get_loss(self.output_activation)
        classifier = self.output_activation != "identity"
        rng = self._rng if shuffle else None

        history = History()
        for epoch in range(epochs):
            loss_sum, n_correct = 0.0, 0
            # Overflow shows up as an inf/NaN cost, checked below: no warning on the way.
            with np.errstate(over="ignore", invalid="ignore"):
                for X_batch, Y_batch in iterate_minibatches(X, Y, batch_size, rng, check=False):
                    AL, cache = self._forward(X_batch)
                    batch_cost = cost(AL, Y_batch, check=False)
                    if not np.isfinite(batch_cost):  # stop at once rather than train on into NaN
                        previous = history.history["loss"][-1] if history.epoch else None
                        raise TrainingDiverged(_divergence_message(
                            epoch, epochs, f"the cost became {batch_cost}", previous,
                            learning_rate, X, Y, self.output_activation,
                        ))
                    loss_sum += batch_cost * X_batch.shape[1]
                    if classifier:
                        n_correct += self._n_correct(AL, Y_batch)
                    grads = self._backward(X_batch, Y_batch, AL, cache)
                    for name, value in parameters.items():  # gradient descent
                        parameters[name] = value - learning_rate * grads["d" + name]
            if not all(np.isfinite(value).all() for value in parameters.values()):
                raise TrainingDiverged(_divergence_message(
                    epoch, epochs, "the parameters overflowed to inf/NaN", None,
                    learning_rate, X, Y, self.output_activation,
                ))
            metrics: dict[str, float] = {"loss": loss_sum / m}
            if classifier:
                metrics["accuracy"] = n_correct / m
            if validation_data is not None:
                val_metrics = self._metrics(*validation_data)
                metrics.update({"val_" + k: v for k, v in val_metrics.items()})
            history.append(epoch, **metrics)
            if verbose and ((epoch + 1) % verbose == 0 or epoch + 1 == epochs):
                line = " - ".join(f"{k}: {v:.4f}" for k, v in metrics.items())
                print(f"Epoch {epoch + 1}/{epochs} - {line}")
        return history

    @validated(predict_args)
    def predict_proba(self, X: Array) -> Array:
        """The network's output A[L] for inputs X.

        Args:
            X: inputs, shape (n_x, m).

        Returns:
            A[L], shape (n[L], m): P(y = 1 | x) for a sigmoid output, class probabilities (C, m)
            for softmax, the predicted values for an identity output.

        Introduced in: :ref:`ch-deep`
        """
        AL, _ = self._forward(X)
        return AL

    @validated(predict_args)
    def predict(self, X: Array) -> Array:
        """Predicted labels for inputs X.

        Args:
            X: inputs, shape (n_x, m).

        Returns:
            Shape (1, m): 0.0/1.0 (sigmoid output, threshold 0.5), integer class ids (softmax),
            or A[L] itself, shape (n[L], m), for an identity (regression) output.

        Introduced in: :ref:`ch-deep`
        """
        AL, _ = self._forward(X)
        if self.output_activation == "sigmoid":
            return (AL > 0.5).astype(np.float64)
        if self.output_activation == "softmax":
            return AL.argmax(axis=0).reshape(1, -1)
        return AL

    @validated(evaluate_args)
    def evaluate(self, X: Array, Y: Array) -> dict[str, float]:
        """Cost and accuracy on a data set, with the current parameters.

        Args:
            X: inputs, shape (n_x, m).
            Y: targets, as for ``fit``.

        Returns:
            ``{"loss": J, "accuracy": fraction correct}`` (no accuracy for an identity output).

        Introduced in: :ref:`ch-deep`
        """
        return self._metrics(X, Y)
