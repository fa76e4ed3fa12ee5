"""学習率スケジューラ: step() rewrites param_groups' lr, the StepLR / cosine / one-cycle
curves follow their formulas, the order warning, and a resumed run equals a straight one."""

import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/lr_scheduler")


def test_step_rewrites_the_optimizer_lr(ns):
    lrs = [lr for lr, _ in ns["step_lrs"]]
    assert lrs == pytest.approx([0.1, 0.05, 0.05])
    assert all(last == [lr] for lr, last in ns["step_lrs"])


def test_curves_follow_the_formulas(ns):
    curves = list(ns["curves"].values())
    step, cosine, one_cycle = curves
    assert step == pytest.approx([0.1 * 0.5 ** (t // 10) for t in range(30)])
    assert cosine == pytest.approx([0.05 * (1 + math.cos(math.pi * t / 30)) for t in range(30)])
    assert len(one_cycle) == 300
    peak = max(range(300), key=one_cycle.__getitem__)
    assert one_cycle[peak] == pytest.approx(0.1)
    assert 80 <= peak <= 100  # about 30 % of the way
    assert one_cycle[0] == pytest.approx(0.1 / 25) and one_cycle[-1] < 1e-5
    assert len(ns["__figures__"]) == 1


def test_wrong_order_warns(ns):
    assert ns["order_warning"].startswith(
        "Detected call of `lr_scheduler.step()` before `optimizer.step()`"
    )


def test_resumed_run_equals_the_straight_run(ns):
    assert ns["resumed_epoch"] == 10
    assert ns["lr_resumed"] == pytest.approx(0.025)
    assert ns["scheduler"].get_last_lr() == pytest.approx([0.1 * 0.5**4])
    assert ns["resume_gap"] == 0.0
    torch.testing.assert_close(ns["model"].bias, ns["straight"][0].bias, rtol=0, atol=0)
