"""nn.Module で線形回帰 (seed 002): the seed's data and setup, a fit that is right, and the factors."""

from itertools import pairwise

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/linear_regression_module")


def test_data_and_initial_weights_follow_the_seeds_draw_order(ns):
    # Seed 002: manual_seed(42), X = randn(100, 1) * 10, noise randn(100, 1) * 2, then nn.Linear.
    torch.manual_seed(42)
    x = torch.randn(100, 1) * 10
    y = 2 * x + 1 + torch.randn(100, 1) * 2
    layer = nn.Linear(1, 1)
    assert torch.equal(ns["X_train"], x)
    assert torch.equal(ns["y_train"], y)
    assert torch.equal(ns["initial_state"]["linear.weight"], layer.weight.detach())
    assert torch.equal(ns["initial_state"]["linear.bias"], layer.bias.detach())


def test_inputs_are_not_in_zero_to_ten(ns):
    # The seed's comment says "between 0 and 10"; randn * 10 is not.
    x = ns["X_train"]
    assert (x < 0).any() and (x > 10).any()


def test_state_dict_shares_memory_so_the_copy_is_needed(ns):
    assert ns["shares_memory"] is True
    # The deep copy kept the initial values although the model has learned since.
    assert not torch.equal(ns["initial_state"]["linear.weight"], ns["model"].linear.weight.detach())


def test_setup_matches_the_seed(ns):
    assert isinstance(ns["model"].linear, nn.Linear)
    assert isinstance(ns["criterion"], nn.MSELoss)
    assert isinstance(ns["optimizer"], torch.optim.SGD)
    assert ns["optimizer"].param_groups[0]["lr"] == 0.01
    assert ns["num_epochs"] == 100
    assert len(ns["loss_history"]) == 100
    assert len(ns["weight_history"]) == 101


def test_learned_parameters_agree_with_least_squares(ns):
    x = ns["X_train"].squeeze(1).double()
    y = ns["y_train"].squeeze(1).double()
    xm, ym = x.mean(), y.mean()
    slope = ((x - xm) * (y - ym)).sum() / ((x - xm) ** 2).sum()
    intercept = ym - slope * xm
    assert ns["ls_weight"] == pytest.approx(slope.item(), abs=1e-4)
    assert ns["ls_bias"] == pytest.approx(intercept.item(), abs=1e-4)
    # The prose: the weight has almost arrived, the bias has not yet (factor 0.98 per epoch).
    assert ns["learned_weight"] == pytest.approx(slope.item(), abs=0.005)
    assert abs(ns["learned_bias"] - intercept.item()) > 0.01
    start_gap = abs(ns["initial_state"]["linear.bias"].item() - intercept.item())
    assert abs(ns["learned_bias"] - intercept.item()) < start_gap / 5


def test_learned_parameters_near_truth_within_noise(ns):
    assert abs(ns["learned_weight"] - 2.0) < 3 * ns["se_weight"]
    assert abs(ns["learned_bias"] - 1.0) < 3 * ns["se_bias"]
    assert 0.005 < ns["se_weight"] < 0.05
    assert 0.1 < ns["se_bias"] < 0.3


def test_loss_falls_to_the_least_squares_floor_not_the_noise_variance(ns):
    losses = ns["loss_history"]
    assert losses[-1] < losses[0] / 50
    floor = ns["ls_mse"]
    assert floor <= losses[-1] < floor * 1.01
    assert floor < 0.9 * 2.0**2  # this sample's floor is well below σ² = 4
    # The loss never rises: the factors lie strictly between -1 and 1.
    assert all(b <= a for a, b in pairwise(losses))


def test_weight_zigzags_around_least_squares(ns):
    assert abs(ns["x_mean"]) < 0.01 * ns["mean_x2"]  # the coupling term is small
    assert -1 < ns["weight_factor"] < -0.8
    assert ns["bias_factor"] == pytest.approx(0.98)
    gaps = [w - ns["ls_weight"] for w in ns["weight_history"][:30]]
    assert all(a * b < 0 for a, b in pairwise(gaps))


def test_exercise_slightly_larger_learning_rate_diverges(ns):
    assert 0.01 < 1 / ns["mean_x2"] < 0.011
    assert 1 - 2 * 0.011 * ns["mean_x2"] < -1
    assert ns["ex1_final_loss"] > 1e6 * ns["loss_history"][0]


def test_exercise_standardised_inputs_reach_least_squares(ns):
    assert ns["ex2_weight"] == pytest.approx(ns["ls_weight"], abs=1e-3)
    assert ns["ex2_bias"] == pytest.approx(ns["ls_bias"], abs=1e-3)


def test_draws_one_two_panel_figure(ns):
    figures = ns["__figures__"]
    assert len(figures) == 1
    assert len(figures[0].axes) == 2
    assert figures[0].axes[0].get_yscale() == "log"
