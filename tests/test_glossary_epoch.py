"""エポック: 100 samples in batches of 16 make 7 updates per epoch, every sample once per epoch,
a new order each epoch, and the epoch loss falls."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/epoch")


def test_seven_updates_per_epoch(ns):
    assert len(ns["dataset"]) == 100
    assert ns["loader"].batch_size == 16
    assert len(ns["loader"]) == 7  # ceil(100 / 16)
    assert [len(batch) for batch in ns["seen"][0]] == [16] * 6 + [4]
    assert len(ns["step_losses"]) == ns["num_epochs"] * 7 == 210


def test_every_sample_once_per_epoch_in_a_new_order(ns):
    seen = ns["seen"]
    assert len(seen) == ns["num_epochs"]
    assert ns["once_each"] is True
    for order in seen:
        flat = [i for batch in order for i in batch]
        assert sorted(flat) == list(range(100))
    assert seen[0][0] != seen[1][0]


def test_epoch_loss_is_the_weighted_mean_of_its_steps(ns):
    steps = np.array(ns["step_losses"]).reshape(ns["num_epochs"], 7)
    weights = np.array([16] * 6 + [4]) / 100
    np.testing.assert_allclose(steps @ weights, ns["epoch_losses"], rtol=1e-6)


def test_loss_falls_to_the_noise_level(ns):
    losses = ns["epoch_losses"]
    assert losses[-1] < losses[0] / 10
    # make_regression(noise=10) puts the best possible MSE near 10**2
    assert 50 < losses[-1] < 150


def test_learned_line_matches_least_squares(ns):
    x = ns["X"].squeeze(1).numpy()
    y = ns["y"].squeeze(1).numpy()
    slope, intercept = np.polyfit(x, y, 1)
    model = ns["model"]
    assert model.weight.item() == pytest.approx(slope, rel=0.05)
    assert model.bias.item() == pytest.approx(intercept, abs=2.0)
    assert isinstance(ns["X"], torch.Tensor)


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
