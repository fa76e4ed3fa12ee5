"""ワークフロー全体 (seed 003): the published log is reproduced, the model learns, saves and loads."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/workflow")


def expected_device():
    return (
        torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    )


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
    assert len(ns["published_log"]) == 10
    assert ns["log_gap"] < 5e-5
    assert ns["pred_gap"] < 5e-5


def test_losses_fell_and_test_loss_stays_above_training_loss(ns):
    log = ns["log_0"]
    assert log[-1][1] < log[0][1] / 100 and log[-1][2] < log[0][2] / 100
    assert all(test > train for _, train, test in log)  # the prose: テスト損失が大きめ


def test_parameters_alternate_between_two_points(ns):
    # The 50-epoch log shows the same row from epoch 350 on, as the heading says.
    rows = {e: (tr, te) for e, tr, te in ns["log_0"]}
    assert rows[350] == rows[400] == rows[450] != rows[300]
    history = ns["param_history"]
    assert history[-1] == history[-3] and history[-2] == history[-4]
    assert history[-1] != history[-2]
    x_mean = ns["X_train"].mean().item()
    assert ns["weight_jump"] == pytest.approx(0.005 * x_mean, rel=1e-3)
    assert ns["bias_jump"] == pytest.approx(0.005, rel=1e-3)
    # The seed's "final" 0.6974 / 0.3048 is the even-epoch point; the loop ends on the other.
    assert history[-2][0] == pytest.approx(0.6974, abs=5e-5)
    assert history[-1][0] == pytest.approx(0.6954, abs=5e-5)
    weight, bias = history[-1]
    assert weight == pytest.approx(0.7, abs=0.01) and bias == pytest.approx(0.3, abs=0.01)


def test_loaded_model_predicts_identically(ns):
    assert ns["loaded_equal"] is True
    loaded = ns["loaded_model_0"].state_dict()
    for name, tensor in ns["model_0"].state_dict().items():
        assert torch.equal(loaded[name], tensor)
    assert not ns["loaded_model_0"].training


def test_state_dict_holds_buffers_too(ns):
    keys = set(nn.BatchNorm1d(1).state_dict())
    assert {"running_mean", "running_var"} <= keys
    assert len(keys) > len(list(nn.BatchNorm1d(1).parameters()))


def test_device_follows_torch_accelerator(ns):
    assert ns["device"] == expected_device()
    assert ns["model_on_device"].weights.device.type == ns["device"]
    assert (ns["device_preds"] - ns["y_pred_final"]).abs().max().item() < 1e-5


def test_exercise_predicts_outside_the_training_range(ns):
    assert ns["ex1_pred"] == pytest.approx(0.6954 * 2 + 0.2998, abs=1e-3)
    assert ns["ex1_pred"] == pytest.approx(1.7, abs=0.02)


def test_exercise_linear_version_on_the_device(ns):
    assert ns["model_1"].weight.device.type == ns["device"]
    assert ns["optimizer_1"].param_groups[0]["lr"] == 0.01
    history = ns["param_history_1"]
    assert len(history) == 200
    assert history[-1][0] == pytest.approx(0.7, abs=0.01)
    assert history[-1][1] == pytest.approx(0.3, abs=0.01)
    assert ns["log_1"][-1][2] < ns["log_1"][0][2] / 10
    assert history[-1] == history[-3] != history[-2] == history[-4]  # the same two-point cycle
    torch.manual_seed(42)
    layer = nn.Linear(1, 1)
    # One SGD step of lr 0.01 moves each parameter by at most 0.01 * |gradient| <= 0.01.
    assert history[0][0] == pytest.approx(layer.weight.item(), abs=0.01)
    assert history[0][1] == pytest.approx(layer.bias.item(), abs=0.01)


def test_draws_two_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert all(fig.axes[0].get_title() for fig in figures)
