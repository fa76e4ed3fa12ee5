"""学習過程を観察する (seed 000): the seed's data and recording scheme, and a fit that converges."""

from itertools import pairwise

import numpy as np
import pytest
import torch
from sklearn.datasets import make_regression
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/watch_training")


def test_data_is_the_seeds_make_regression(ns):
    X, y = make_regression(n_samples=100, n_features=1, noise=10, random_state=42)
    assert np.array_equal(ns["X"], X)
    assert np.array_equal(ns["y"], y)
    assert ns["X_train"].shape == (100, 1) and ns["y_train"].shape == (100, 1)
    assert ns["X_train"].dtype == torch.float32


def test_initial_weights_come_from_manual_seed_42(ns):
    torch.manual_seed(42)
    layer = nn.Linear(1, 1)
    assert ns["initial_slope"] == layer.weight.item()
    assert ns["initial_intercept"] == layer.bias.item()


def test_setup_matches_the_seed(ns):
    assert isinstance(ns["criterion"], nn.MSELoss)
    assert ns["optimizer"].param_groups[0]["lr"] == 0.01
    assert ns["num_epochs"] == 110


def test_twelve_snapshots_at_the_seeds_epochs(ns):
    assert ns["recorded_epochs"] == [1, *range(10, 111, 10)]
    for key in ("weights", "biases", "train_losses"):
        assert len(ns[key]) == 12
    assert len(ns["__figures__"][1].axes) == 12


def test_recorded_rmse_is_before_the_update(ns):
    # Epoch 1's RMSE is that of the initial parameters.
    x, y = ns["X_train"], ns["y_train"]
    initial = (ns["initial_slope"] * x + ns["initial_intercept"] - y).pow(2).mean().sqrt()
    assert ns["train_losses"][0] == pytest.approx(initial.item(), rel=1e-5)
    recorded = [ns["rmse_history"][epoch - 1] for epoch in ns["recorded_epochs"]]
    assert recorded == ns["train_losses"]


def test_rmse_decreases(ns):
    rmse = ns["train_losses"]
    assert all(b < a for a, b in pairwise(rmse))
    history = ns["rmse_history"]
    assert all(b <= a + 1e-4 for a, b in pairwise(history))
    assert history[-1] == pytest.approx(ns["ls_rmse"], rel=1e-4)


def test_slope_approaches_least_squares(ns):
    x, y = ns["X"][:, 0], ns["y"]
    slope, intercept = np.polyfit(x, y, 1)
    assert ns["ls_slope"] == pytest.approx(slope)
    start_gap = abs(ns["initial_slope"] - slope)
    gaps = [abs(a - slope) for a in ns["weights"]]
    assert all(b < a for a, b in pairwise(gaps))
    assert gaps[-1] < 0.2 * start_gap  # "still a little to go" after 110 epochs
    assert gaps[-1] > 0.1 * start_gap
    assert 110 < ns["within_1pct"] < 510
    assert ns["final_slope"] == pytest.approx(slope, rel=1e-3)
    assert ns["final_intercept"] == pytest.approx(intercept, abs=0.02)


def test_intercept_dips_before_it_recovers(ns):
    assert ns["X"].mean() < 0
    biases = ns["biases"]
    assert min(biases) < 0 < ns["initial_intercept"]
    assert biases[-1] > min(biases)


def test_draws_three_figures(ns):
    assert len(ns["__figures__"]) == 3
