"""状態辞書: keys and shapes, a save/load round trip in a temp dir, and weights_only loading."""

import os

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/state_dict")


def test_keys_and_shapes(ns):
    shapes = {k: tuple(v.shape) for k, v in ns["state"].items()}
    assert shapes["0.weight"] == (8, 3)
    assert shapes["3.weight"] == (1, 8)
    for buffer in ("1.running_mean", "1.running_var", "1.num_batches_tracked"):
        assert buffer in shapes
    assert len(shapes) == 9
    assert ns["n_params"] == 6
    assert ns["shares_memory"] is True


def test_training_happened(ns):
    assert ns["loss"].item() < 0.05
    assert ns["state"]["1.num_batches_tracked"].item() == 50


def test_round_trip_restores_predictions(ns):
    assert ns["file_size"] > 0
    assert not torch.equal(ns["before_pred"], ns["original_pred"])
    assert torch.equal(ns["restored_pred"], ns["original_pred"])
    assert not ns["result"].missing_keys and not ns["result"].unexpected_keys
    for key, value in ns["model"].state_dict().items():
        assert torch.equal(ns["restored"].state_dict()[key], value)


def test_temporary_files_are_gone(ns):
    assert not os.path.exists(ns["path"])
    assert not os.path.exists(ns["ckpt_path"])


def test_size_mismatch_is_reported(ns):
    assert "size mismatch for 0.weight" in ns["mismatch_error"]


def test_whole_model_refused_by_weights_only(ns):
    assert "Weights only load failed" in ns["whole_error"]
    assert "Sequential" in ns["whole_error"]


def test_checkpoint(ns):
    ckpt = ns["checkpoint"]
    assert list(ckpt) == ["step", "model", "optimizer"]
    assert ckpt["step"] == ns["num_steps"] == 50
    assert set(ckpt["optimizer"]) == {"state", "param_groups"}
    assert ckpt["optimizer"]["param_groups"][0]["lr"] == pytest.approx(0.1)
    # map_location="cpu": every tensor comes back on the CPU, equal to the model's
    assert all(v.device.type == "cpu" for v in ckpt["model"].values())
    assert torch.equal(ckpt["model"]["0.weight"], ns["model"][0].weight.detach().cpu())
