"""損失関数: MSE by hand, reductions, loss and gradient curves, mean vs median."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/loss_function")


def test_mse_matches_hand_computation(ns):
    # (0.25 + 0.25 + 0.01 + 0.64) / 4
    assert ns["loss"].item() == pytest.approx(0.2875, abs=1e-6)
    assert ns["by_hand"].item() == pytest.approx(ns["loss"].item(), abs=1e-7)


def test_reductions_and_other_losses(ns):
    assert ns["per_item"].tolist() == pytest.approx([0.25, 0.25, 0.01, 0.64], abs=1e-6)
    assert ns["total"].item() == pytest.approx(1.15, abs=1e-6)
    assert ns["l1"].item() == pytest.approx((0.5 + 0.5 + 0.1 + 0.8) / 4, abs=1e-6)
    assert ns["huber"].item() == pytest.approx(0.2875 / 2, abs=1e-6)  # all |e| <= 1


def test_curves_follow_their_formulas(ns):
    e = ns["errors"].detach()
    curves, slopes = ns["curves"], ns["slopes"]
    mse, l1, huber = (curves[k] for k in curves)
    assert torch.allclose(mse, e**2, atol=1e-5)
    assert torch.allclose(l1, e.abs(), atol=1e-6)
    expected_huber = torch.where(e.abs() <= 1, 0.5 * e**2, e.abs() - 0.5)
    assert torch.allclose(huber, expected_huber, atol=1e-5)
    mse_g, l1_g, huber_g = (slopes[k] for k in slopes)
    assert torch.allclose(mse_g, 2 * e, atol=1e-5)
    assert l1_g.abs().max() == pytest.approx(1.0)
    assert huber_g.abs().max() == pytest.approx(1.0)
    assert len(ns["__figures__"]) == 2


def test_mse_picks_mean_l1_picks_median(ns):
    assert ns["best"]["MSE"] == pytest.approx(22.0, abs=0.011)
    assert ns["best"]["L1"] == pytest.approx(3.0, abs=0.011)
