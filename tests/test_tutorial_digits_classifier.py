"""手書き数字を分類する: the split, the CNN, learning, test accuracy >= 95%, and a faithful reload."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/digits_classifier")


def test_data_and_split(ns):
    assert ns["X"].shape == (1797, 1, 8, 8) and ns["X"].dtype == torch.float32
    assert float(ns["X"].min()) >= 0.0 and float(ns["X"].max()) == 1.0
    assert ns["y"].dtype == torch.int64
    sizes = [len(ns[k]) for k in ("train_ds", "val_ds", "test_ds")]
    assert sizes == [1079, 359, 359]
    # The three parts are disjoint and cover every image.
    indices = [set(ns[k].indices) for k in ("train_ds", "val_ds", "test_ds")]
    assert set().union(*indices) == set(range(1797))
    assert sum(len(i) for i in indices) == 1797


def test_model_is_a_small_sequential_cnn(ns):
    model = ns["model"]
    assert isinstance(model, nn.Sequential)
    assert any(isinstance(layer, nn.Conv2d) for layer in model)
    assert ns["n_params"] == sum(p.numel() for p in model.parameters()) == 6090
    assert ns["out"].shape == (1, 10)


def test_training_setup(ns):
    assert isinstance(ns["loss_fn"], nn.CrossEntropyLoss)
    assert isinstance(ns["optimizer"], torch.optim.Adam)
    assert ns["optimizer"].param_groups[0]["lr"] == 0.01
    assert len(ns["history"]) == ns["n_epochs"] == 15


def test_loss_fell_and_validation_accuracy_rose(ns):
    history = ns["history"]
    assert history[-1][0] < history[0][0] / 10  # training loss
    assert history[-1][1] < history[0][1] / 5  # validation loss
    assert history[-1][2] > history[0][2]
    assert max(row[2] for row in history) >= 0.95


def test_test_accuracy_at_least_95_percent(ns):
    assert ns["test_acc"] >= 0.95
    # The printed accuracy agrees with the predictions and with the confusion matrix.
    correct = (ns["test_pred"] == ns["y_test"]).sum().item()
    assert ns["test_acc"] == pytest.approx(correct / 359)
    confusion = ns["confusion"]
    assert confusion.sum().item() == 359
    assert confusion.diagonal().sum().item() == correct
    assert len(ns["wrong"]) == 359 - correct
    assert torch.equal(confusion.sum(dim=1), torch.bincount(ns["y_test"].cpu(), minlength=10))


def test_reloaded_model_predicts_identically(ns):
    assert ns["same_logits"] is True
    loaded = ns["loaded"].state_dict()
    for name, tensor in ns["model"].state_dict().items():
        assert torch.equal(loaded[name], tensor)
    assert not ns["path"].exists()  # the temporary directory was removed


def test_runs_on_the_detected_device(ns):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert ns["device"] == expected
    assert next(ns["model"].parameters()).device.type == expected


def test_draws_four_figures(ns):
    assert len(ns["__figures__"]) == 4
