"""クイックスタート: the digits MLP learns, predicts one image, and reloads faithfully."""

from pathlib import Path

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/basics/quickstart")


def test_data_and_split(ns):
    assert ns["X"].shape == (1797, 64) and ns["X"].dtype == torch.float32
    assert float(ns["X"].min()) == 0.0 and float(ns["X"].max()) == 1.0
    assert ns["y"].dtype == torch.int64
    assert (len(ns["train_ds"]), len(ns["test_ds"])) == (1438, 359)
    assert not set(ns["train_ds"].indices) & set(ns["test_ds"].indices)


def test_model_is_a_two_layer_mlp(ns):
    model = ns["model"]
    assert isinstance(model, nn.Sequential)
    assert [type(layer) for layer in model] == [nn.Linear, nn.ReLU, nn.Linear]
    assert isinstance(ns["loss_fn"], nn.CrossEntropyLoss)
    assert ns["optimizer"].param_groups[0]["lr"] == 0.01


def test_test_accuracy_after_ten_epochs(ns):
    # Measured 0.958 on CPU; leave a margin for other devices and versions.
    assert ns["test_acc"] >= 0.93
    assert ns["epoch"] == 10


def test_one_prediction_is_a_probability_distribution(ns):
    probs = ns["probs"]
    assert probs.shape == (10,)
    assert probs.sum().item() == pytest.approx(1.0, abs=1e-5)
    assert probs.min().item() >= 0.0
    assert ns["image"].shape == (64,)


def test_loaded_model_equals_trained_model(ns):
    trained, loaded = ns["model"].state_dict(), ns["loaded"].state_dict()
    assert trained.keys() == loaded.keys()
    for name, tensor in trained.items():
        assert torch.equal(loaded[name], tensor)
    assert ns["accuracy"](ns["loaded"]) == ns["test_acc"]
    assert not Path(ns["tmpdir"]).exists()


def test_runs_on_the_detected_device(ns):
    available = torch.accelerator.is_available()
    expected = torch.accelerator.current_accelerator().type if available else "cpu"
    assert ns["device"] == expected
    assert next(ns["model"].parameters()).device.type == expected


def test_exercises(ns):
    assert ns["ex1_n_params"] == (64 * 64 + 64) + (64 * 10 + 10) == 4810
    # An untrained model guesses: near 1/10, far below the trained one.
    assert ns["ex2_acc"] < 0.3
    assert ns["ex2_acc"] < ns["test_acc"] - 0.5
