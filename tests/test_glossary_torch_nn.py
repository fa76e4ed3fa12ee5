"""torch.nn: the package's contents, the seed's SimpleNN on digits, and module vs functional."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/torch_nn")


def test_counts_modules_and_losses(ns):
    assert "Linear" in ns["module_classes"] and "Module" in ns["module_classes"]
    for name in ("MSELoss", "L1Loss", "CrossEntropyLoss", "HuberLoss"):
        assert name in ns["loss_classes"]
    assert len(ns["loss_classes"]) < len(ns["module_classes"])


def test_model_shape_and_parameter_count(ns):
    model = ns["model"]
    assert isinstance(model, nn.Module)
    assert model.fc1.weight.shape == (500, 64)
    assert model.fc2.weight.shape == (10, 500)
    assert ns["n_params"] == 64 * 500 + 500 + 500 * 10 + 10


def test_training_lowers_loss_and_classifies(ns):
    losses = ns["losses"]
    assert losses[0] == pytest.approx(2.30, abs=0.15)  # about log 10 before learning
    assert sum(losses[-5:]) / 5 < losses[0] / 2
    assert ns["test_accuracy"] > 0.8
    assert len(ns["y_test"]) == 360


def test_evaluated_in_eval_mode_on_the_chosen_device(ns):
    if torch.accelerator.is_available():
        assert ns["device"] == torch.accelerator.current_accelerator().type
    else:
        assert ns["device"] == "cpu"
    assert all(p.device.type == ns["device"] for p in ns["model"].parameters())
    assert ns["model"].training is False
    assert ns["test_pred"].shape == (360,)
    assert ns["test_accuracy"] == pytest.approx(
        (ns["test_pred"] == ns["y_test"]).float().mean().item()
    )


def test_functional_relu_matches_module(ns):
    assert ns["same"] is True
    assert torch.equal(nn.ReLU()(ns["z"]), ns["z"].clamp(min=0))


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
