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
    assert ns["recorded_epochs"] == [1, *range(10, 111, 10)]
    for key in ("weights", "biases", "train_losses"):
        assert len(ns[key]) == 12


def test_recorded_rmse_is_before_the_update(ns):
    # Epoch 1's RMSE is that of the initial parameters.
    x, y = ns["X_train"], ns["y_train"]
    initial = (ns["initial_slope"] * x + ns["initial_intercept"] - y).pow(2).mean().sqrt()
    assert ns["train_losses"][0] == pytest.approx(initial.item(), rel=1e-5)
    recorded = [ns["rmse_history"][epoch - 1] for epoch in ns["recorded_epochs"]]
    assert recorded == ns["train_losses"]


def test_rmse_decreases_to_the_least_squares_floor(ns):
    assert all(b < a for a, b in pairwise(ns["train_losses"]))
    history = ns["rmse_history"]
    assert len(history) == 510
    assert all(b <= a + 1e-4 for a, b in pairwise(history))
    assert history[-1] == pytest.approx(ns["ls_rmse"], rel=1e-4)


def test_training_heads_for_least_squares_not_the_true_slope(ns):
    x, y = ns["X"][:, 0], ns["y"]
    slope, intercept = np.polyfit(x, y, 1)
    assert ns["ls_slope"] == pytest.approx(slope)
    # The noise tilts the least-squares line away from the true one by a visible amount.
    assert abs(ns["ls_slope"] - ns["true_coef"]) > 1.0
    assert ns["final_slope"] == pytest.approx(slope, rel=1e-3)
    assert abs(ns["final_slope"] - ns["true_coef"]) > 1.0
    assert ns["final_intercept"] == pytest.approx(intercept, abs=0.02)


def test_slope_has_not_arrived_after_110_updates(ns):
    slope = ns["ls_slope"]
    gaps = [abs(a - slope) for a in ns["weights"]]
    assert all(b < a for a, b in pairwise(gaps))
    assert 0.1 < ns["slope_left"] < 0.2
    assert 110 < ns["within_1pct"] < 510
    trace = ns["slope_trace"]
    i = ns["within_1pct"] - 111
    assert abs(trace[i] - slope) < 0.01 * slope <= abs(trace[i - 1] - slope)


def test_intercept_dips_and_the_gradient_decomposition_holds(ns):
    assert ns["X"].mean() < 0
    biases = ns["biases"]
    assert min(biases) < 0 < ns["initial_intercept"] < ns["ls_intercept"]
    assert biases[-1] > min(biases)
    # ∂L/∂b = 2(a - a*) mean(x) + 2(b - b*): the first term is positive and outweighs the second.
    assert ns["slope_term"] > 0 > ns["offset_term"]
    assert ns["slope_term"] > abs(ns["offset_term"])
    assert ns["b"].grad.item() == pytest.approx(ns["slope_term"] + ns["offset_term"], rel=1e-4)


def test_exercises(ns):
    # 1: a ten times larger learning rate reaches 1 % far sooner.
    assert ns["ex1_step"] < ns["within_1pct"] / 5
    w = ns["ex1_model"].linear.weight.item()
    assert abs(w - ns["ls_slope"]) < 0.01 * ns["ls_slope"]
    # 2: with centred inputs the intercept moves one way only, toward mean(y).
    assert ns["ex2_one_way"] is True
    assert len(ns["ex2_biases"]) == 110
    assert abs(ns["ex2_biases"][-1] - ns["y"].mean()) < abs(ns["ex2_biases"][0] - ns["y"].mean())


def test_draws_two_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert len(figures[0].axes) == 12
