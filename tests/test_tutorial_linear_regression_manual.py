"""手で書く線形回帰 (seed 001): the published run is reproduced and the fit is right."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/linear_regression_manual")


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


def test_shapes_the_page_prints(ns):
    # (B, 1) @ (1,) -> (B,); (B, 1) * (1,) - (B,) broadcasts to (B, B).
    assert ns["matmul_shape"] == (3,)
    assert ns["broadcast_shape"] == (3, 3)
    assert ns["y_train"].shape == (10,)


def test_reproduces_published_numbers(ns):
    # Seed 001 published: Epoch 0 loss 45.0782, final parameters 2.7067 / 4.9700.
    assert ns["log"][0][1] == pytest.approx(45.0782, abs=5e-4)
    assert ns["weight"].item() == pytest.approx(2.7067, abs=5e-4)
    assert ns["bias"].item() == pytest.approx(4.9700, abs=5e-4)
    assert ns["ours"]["重み"] == ns["weight"].item()


def test_fit_agrees_with_least_squares(ns):
    x = ns["X_train_norm"].squeeze(1).numpy()
    y = ns["y_train"].numpy()
    slope, intercept = np.polyfit(x, y, 1)
    assert ns["weight"].item() == pytest.approx(slope, rel=0.01)
    assert ns["bias"].item() == pytest.approx(intercept, rel=0.01)


def test_single_item_loss_jumps_while_full_loss_is_steady(ns):
    log = ns["log"]
    assert len(log) == 200
    full = [row[2] for row in log]
    assert full[-1] < full[0] / 50
    assert full[-1] == pytest.approx(min(full), rel=0.05)
    # The prose: the last item's loss swings widely between records; the full loss does not.
    last_batch = [row[1] for row in log[-10:]]
    last_full = full[-10:]
    assert max(last_batch) / min(last_batch) > 3
    assert max(last_full) / min(last_full) < 1.01


def test_in_place_update_without_no_grad_is_refused(ns):
    assert "leaf Variable that requires grad" in ns["no_grad_error"]


def test_exercises(ns):
    # 1: x = 10 standardised with the training statistics (mean 4.5, std sqrt(8.25)).
    assert ns["ex1_x_norm"].item() == pytest.approx(5.5 / 8.25**0.5, rel=1e-6)
    assert ns["ex1_pred"] == pytest.approx(
        ns["weight"].item() * ns["ex1_x_norm"].item() + ns["bias"].item(), rel=1e-6
    )
    # 2: a second backward() adds the same gradient again.
    assert ns["ex2_grads"] == [12.0, 24.0]
    # 3: full-batch descent lands on the least-squares line, within 0.001 of the page's fit.
    x = ns["X_train_norm"].squeeze(1).numpy()
    slope, intercept = np.polyfit(x, ns["y_train"].numpy(), 1)
    assert ns["ex3_weight"] == pytest.approx(slope, abs=1e-4)
    assert ns["ex3_bias"] == pytest.approx(intercept, abs=1e-4)
    assert abs(ns["ex3_weight"] - ns["weight"].item()) < 1e-3
    assert abs(ns["ex3_bias"] - ns["bias"].item()) < 1e-3


def test_draws_two_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert all(fig.get_layout_engine() is not None for fig in figures)
