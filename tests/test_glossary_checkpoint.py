"""チェックポイント: a dict of model, optimizer, epoch and RNG state, loaded with
weights_only=True, resumes bit for bit; without optimizer or RNG state it does not."""

import os

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/checkpoint")


def test_checkpoint_contents(ns):
    loaded = ns["loaded"]
    assert set(loaded) == {"model", "optimizer", "epoch", "rng_state"}
    assert loaded["epoch"] == 10
    assert set(loaded["optimizer"]["state"][0]) == {"step", "exp_avg", "exp_avg_sq"}
    assert loaded["rng_state"].dtype == torch.uint8


def test_resumed_run_equals_the_uninterrupted_one(ns):
    assert ns["same"] is True
    for a, b in zip(ns["resumed"].parameters(), ns["full_model"].parameters(), strict=True):
        assert torch.equal(a, b)
    assert ns["first_half"] + ns["second_half"] == ns["full_losses"]


def test_without_optimizer_or_rng_state_it_differs(ns):
    assert ns["max_diff"](ns["no_opt"]) > 0.01
    assert ns["max_diff"](ns["no_rng"]) > 0.01
    assert ns["peak_no_opt"] > 5 * ns["peak_full"]  # the loss jumps after a fresh Adam


def test_figure_and_temp_dir_removed(ns):
    assert len(ns["__figures__"]) == 1
    assert not os.path.exists(ns["path"])
