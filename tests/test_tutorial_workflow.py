"""ワークフロー全体 (seed 003): the published log is reproduced, the model learns, and saves."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/workflow")


def test_data_and_split(ns):
    assert ns["X"].shape == (50, 1)
    assert torch.allclose(ns["y"], 0.7 * ns["X"] + 0.3)
    assert len(ns["X_train"]) == 40 and len(ns["X_test"]) == 10
    assert ns["X_train"].max() < ns["X_test"].min()  # split in order, not shuffled


def test_initial_parameters_match_the_seed(ns):
    assert ns["initial_params"] == {"weights": 0.3367, "bias": 0.1288}


def test_setup_matches_the_seed(ns):
    assert isinstance(ns["loss_fn"], nn.L1Loss)
    assert ns["optimizer"].param_groups[0]["lr"] == 0.005
    assert len(ns["param_history"]) == 500
    assert [row[0] for row in ns["log_0"]] == list(range(0, 500, 50))


def test_reproduces_published_log_and_predictions(ns):
    # Every row of the seed's log (losses to 6 places, parameters to 4) and its 10 predictions.
    assert ns["log_gap"] < 5e-5
    assert ns["pred_gap"] < 5e-5


def test_learned_parameters_near_truth(ns):
    weight, bias = ns["param_history"][-1]
    assert weight == pytest.approx(0.7, abs=0.01)
    assert bias == pytest.approx(0.3, abs=0.01)


def test_test_loss_fell(ns):
    test_losses = [row[2] for row in ns["log_0"]]
    assert test_losses[-1] < test_losses[0] / 100
    train_losses = [row[1] for row in ns["log_0"]]
    assert train_losses[-1] < train_losses[0] / 100


def test_parameters_alternate_between_two_points(ns):
    history = ns["param_history"]
    assert history[-1] == history[-3] and history[-2] == history[-4]
    assert history[-1] != history[-2]
    x_mean = ns["X_train"].mean().item()
    assert ns["weight_jump"] == pytest.approx(0.005 * x_mean, rel=1e-3)
    assert ns["bias_jump"] == pytest.approx(0.005, rel=1e-3)
    # The seed's "final" 0.6974 / 0.3048 is the even-epoch point; the loop ends on the other.
    assert history[-2][0] == pytest.approx(0.6974, abs=5e-5)
    assert history[-1][0] == pytest.approx(0.6954, abs=5e-5)


def test_loaded_model_predicts_identically(ns):
    assert ns["loaded_equal"] is True
    loaded = ns["loaded_model_0"].state_dict()
    for name, tensor in ns["model_0"].state_dict().items():
        assert torch.equal(loaded[name], tensor)


def test_linear_version_on_any_device(ns):
    assert ns["device"] in ("cpu", "cuda")
    assert ns["model_1"].weight.device.type == ns["device"]
    assert ns["optimizer_1"].param_groups[0]["lr"] == 0.01
    assert len(ns["param_history_1"]) == 200
    assert ns["v2_weight"] == pytest.approx(0.7, abs=0.01)
    assert ns["v2_bias"] == pytest.approx(0.3, abs=0.01)
    assert ns["log_1"][-1][2] < ns["log_1"][0][2] / 10
    assert ns["loaded_equal_v2"] is True
    history = ns["param_history_1"]
    assert history[-1] == history[-3] != history[-2] == history[-4]  # the same two-point cycle


def test_linear_version_starts_like_the_seeds_class(ns):
    torch.manual_seed(42)
    layer = nn.Linear(1, 1)
    first_step = ns["param_history_1"][0]
    # One SGD step of lr 0.01 moves each parameter by at most 0.01 * |gradient| <= 0.01.
    assert first_step[0] == pytest.approx(layer.weight.item(), abs=0.01)
    assert first_step[1] == pytest.approx(layer.bias.item(), abs=0.01)


def test_draws_three_figures(ns):
    assert len(ns["__figures__"]) == 3
