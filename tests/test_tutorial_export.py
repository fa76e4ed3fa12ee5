"""モデルを書き出して使う: torch.export with a dynamic batch, a .pt2 round trip, outputs equal to the eager model."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/export")


def test_model_learned(ns):
    assert isinstance(ns["model"], nn.Sequential)
    assert not ns["model"].training  # exported in eval mode
    assert ns["test_acc"] >= 0.95
    assert len(ns["X_test"]) == 1797 - 1400


def test_exported_program(ns):
    exported = ns["exported"]
    assert isinstance(exported, torch.export.ExportedProgram)
    signature = exported.graph_signature
    assert len(signature.parameters) == 6
    assert len(signature.user_inputs) == 1 and len(signature.user_outputs) == 1
    targets = [str(node.target) for node in ns["ops"]]
    assert targets.count("aten.conv2d.default") == 2
    assert targets[-1] == "aten.linear.default"
    # The batch dimension is symbolic in every operation's output.
    assert all(not isinstance(node.meta["val"].shape[0], int) for node in ns["ops"])


def test_saved_loaded_and_matches_eager(ns):
    assert not ns["path"].exists()  # written into a temporary directory
    assert ns["file_kib"] > 0
    assert isinstance(ns["loaded"], torch.export.ExportedProgram)
    assert ns["max_diffs"] == [pytest.approx(0.0, abs=1e-5)] * 2
    runner, model = ns["runner"], ns["model"]
    for n in (1, 5, 397):
        xb = ns["X_test"][:n]
        with torch.inference_mode():
            torch.testing.assert_close(runner(xb), model(xb))


def test_other_shapes_are_rejected(ns):
    assert "Guard failed" in ns["rejected"]
    assert "Guard failed" in ns["ex1_message"] and "== 8" in ns["ex1_message"]
    assert "Guard failed" in ns["ex3_message"] and "64" in ns["ex3_message"]
    assert ns["ex3_out"].shape == (64, 10)


def test_exported_weights_are_the_models(ns):
    assert ns["ex2_same"] is True
    assert list(ns["exported"].state_dict) == list(ns["model"].state_dict())
