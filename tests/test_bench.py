"""make bench: the hand-fused NumPy loop is a fair floor (it computes the same network)."""

import numpy as np

from lessons_code import bench
from lessons_code.deep import DeepNetwork


def test_the_fused_loop_trains_the_same_network_as_DeepNetwork():
    X, y, _, _ = bench.load_data(0)
    net = DeepNetwork([64, 16, 10], "relu", "softmax", init="glorot_uniform", seed=3)
    history = net.fit(X, y, epochs=3, learning_rate=0.1, batch_size=64)
    params, losses, accuracies = bench._numpy_loop(X, y, 16, 3, 64, 0.1, 3)
    for name, fused in params.items():
        np.testing.assert_allclose(fused, net.parameters[name], rtol=0, atol=1e-12, err_msg=name)
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-12)
    assert accuracies == history.history["accuracy"]


def test_the_fused_loop_learns_and_agrees_on_accuracy():
    data = bench.load_data(0)
    _, acc_fused = bench.time_numpy_loop(data, hidden=16, epochs=5, seed=1)
    _, acc_ours = bench.time_lessons_code(data, hidden=16, epochs=5, seed=1)
    assert acc_fused == acc_ours and acc_fused > 0.5, (acc_fused, acc_ours)  # chance: 0.1


def test_run_reports_the_ratio_to_the_fused_loop():
    result = bench.run(repeats=1, sweep=False, keras=False, verbose=False)
    assert set(result) >= {"lessons_code_s", "numpy_loop_s", "sklearn_s", "ratio_vs_numpy_loop",
                           "ratio_vs_sklearn", "acc_numpy_loop"}
    ratio = result["lessons_code_s"] / result["numpy_loop_s"]
    assert abs(result["ratio_vs_numpy_loop"] - ratio) < 0.01 * ratio, (result, ratio)
    assert result["acc_numpy_loop"] == result["acc_lessons_code"]
