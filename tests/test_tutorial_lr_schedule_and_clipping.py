"""学習率スケジューラと勾配クリッピング: scheduler formulas, their effect on a noisy regression, per-epoch stepping, clipping an exploding run."""

import itertools
import math

import pytest
import torch
from torch import nn
from torch.optim import lr_scheduler


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/lr_schedule_and_clipping")


def test_scheduler_values_match_their_formulas(ns):
    curves = ns["lr_curves"]
    assert all(len(lrs) == 30 for lrs in curves.values())
    for t in range(30):
        assert curves["StepLR"][t] == pytest.approx(0.1 * 0.5 ** (t // 10))
        assert curves["CosineAnnealingLR"][t] == pytest.approx(
            0.1 * (1 + math.cos(math.pi * t / 30)) / 2, abs=1e-9
        )
    one = curves["OneCycleLR"]
    assert one[0] == pytest.approx(0.1 / 25)  # max_lr / div_factor
    assert one[8] == pytest.approx(0.1) and max(one) == one[8]  # the peak after 30% of the steps
    assert one[29] == pytest.approx(0.1 / 25 / 1e4)
    assert all(a < b for a, b in itertools.pairwise(one[:9]))
    assert all(a > b for a, b in itertools.pairwise(one[8:]))


def test_one_cycle_overwrites_the_optimizer_learning_rate(ns):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=30)
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.004)


def test_schedulers_bring_the_loss_close_to_least_squares(ns):
    losses, floor = ns["final_losses"], ns["lstsq_loss"]
    assert list(losses) == ["一定", "StepLR", "CosineAnnealingLR", "OneCycleLR"]
    assert all(loss > floor - 1e-2 for loss in losses.values())
    constant_gap = losses["一定"] - floor
    for name in ("StepLR", "CosineAnnealingLR", "OneCycleLR"):
        assert losses[name] - floor < constant_gap / 10


def test_stepping_per_batch_runs_the_schedule_too_fast(ns):
    assert ns["steps_per_epoch"] == 50
    assert ns["per_epoch"] == pytest.approx([0.1, 0.1, 0.1])
    assert ns["per_batch"][0] == pytest.approx(0.1)
    assert ns["per_batch"][1] == pytest.approx(0.1 * 0.1 ** (50 // 4))
    assert ns["per_batch"][2] == pytest.approx(0.1 * 0.1 ** (100 // 4))


def test_clipping_keeps_the_exploding_run_finite(ns):
    plain, clipped = ns["plain"], ns["clipped"]
    assert len(plain) == len(clipped) == 30
    plain_losses = torch.tensor([h[0] for h in plain])
    assert torch.isinf(plain_losses).any() and math.isnan(plain[-1][0]) and math.isnan(plain[-1][1])
    assert all(math.isfinite(loss) and math.isfinite(norm) for loss, norm in clipped)
    assert clipped[0][1] > 10.0  # the norm before clipping is far above max_norm
    assert clipped[-1][0] < clipped[0][0] / 10
    assert ns["X_reg"].std(dim=0).min() > 40
    assert len(ns["__figures__"]) == 2 and all(f.axes[0].get_title() for f in ns["__figures__"])


def test_clip_grad_norm_returns_the_norm_and_keeps_the_direction():
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([3.0, 4.0])
    assert nn.utils.clip_grad_norm_([p], max_norm=1.0).item() == pytest.approx(5.0)
    assert p.grad.tolist() == pytest.approx([0.6, 0.8])


def test_exercises(ns):
    lrs = ns["ex1_lrs"]
    assert lrs[0] == pytest.approx(0.01) and lrs[5] == pytest.approx(0.1)
    assert lrs[29] == pytest.approx(0.1 * (1 + math.cos(math.pi * 24 / 25)) / 2)
    assert all(a < b for a, b in itertools.pairwise(lrs[:6]))
    standardised = ns["ex2"]
    assert all(math.isfinite(loss) for loss, _ in standardised)
    assert standardised[-1][0] < ns["clipped"][-1][0]
