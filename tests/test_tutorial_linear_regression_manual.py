"""手で書く線形回帰 (seed 001): the published run is reproduced and the fit is right."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/linear_regression_manual")


def test_data_is_standardised(ns):
    x = ns["X_train_norm"]
    assert x.shape == (10, 1)
    assert float(x.mean()) == pytest.approx(0.0, abs=1e-6)
    assert float(x.std(unbiased=False)) == pytest.approx(1.0, abs=1e-6)


def test_setup_matches_the_seed(ns):
    assert ns["train_dl"].batch_size == 1
    assert ns["learning_rate"] == 0.001
    assert ns["num_epochs"] == 2000
    torch.manual_seed(1)
    assert ns["initial_weight"] == pytest.approx(torch.randn(1).item())


def test_reproduces_published_numbers(ns):
    # Seed 001 published: Epoch 0 loss 45.0782, final parameters 2.7067 / 4.9700.
    assert ns["log"][0][1] == pytest.approx(45.0782, abs=5e-4)
    assert ns["weight"].item() == pytest.approx(2.7067, abs=5e-4)
    assert ns["bias"].item() == pytest.approx(4.9700, abs=5e-4)


def test_fit_agrees_with_least_squares(ns):
    x = ns["X_train_norm"].squeeze(1).numpy()
    y = ns["y_train"].numpy()
    slope, intercept = np.polyfit(x, y, 1)
    assert ns["weight"].item() == pytest.approx(slope, rel=0.01)
    assert ns["bias"].item() == pytest.approx(intercept, rel=0.01)


def test_full_data_loss_falls(ns):
    full = [row[2] for row in ns["log"]]
    assert len(full) == 200
    assert full[-1] < full[0] / 50
    assert full[-1] == pytest.approx(min(full), rel=0.05)


def test_in_place_update_without_no_grad_is_refused(ns):
    assert "leaf Variable that requires grad" in ns["no_grad_error"]


def test_draws_two_figures(ns):
    assert len(ns["__figures__"]) == 2
