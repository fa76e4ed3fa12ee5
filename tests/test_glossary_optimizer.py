"""オプティマイザ: the loop lowers the loss, param_groups hold the model's own tensors,
step() is exactly w - lr * grad for plain SGD, and swapping the optimizer is one line."""

import itertools

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/optimizer")


def test_sgd_loop_lowers_the_loss(ns):
    losses = ns["sgd_losses"]
    assert len(losses) == 100
    assert all(b < a for a, b in itertools.pairwise(losses))
    assert losses[-1] < losses[0] / 20


def test_param_groups_hold_the_model_parameters(ns):
    assert ns["same_objects"] is True
    group = ns["group"]
    assert group["lr"] == 0.01 and group["momentum"] == 0
    assert isinstance(ns["optimizer"], torch.optim.Optimizer)


def test_step_is_lr_times_grad(ns):
    assert ns["step_gap"] < 1e-7


def test_swapping_optimizers(ns):
    final = {name: losses[-1] for name, losses in ns["histories"].items()}
    assert len(final) == 3
    # the plain-SGD run repeats the first loop exactly: same seed, same data
    assert ns["histories"]["SGD（学習率 0.01）"] == pytest.approx(ns["sgd_losses"])
    momentum = final["SGD（学習率 0.01、モーメンタム 0.9）"]
    assert momentum == min(final.values())
    # the printed winner the prose names
    assert ns["lowest"] == "SGD（学習率 0.01、モーメンタム 0.9）"
    assert momentum < 0.05


def test_learned_weight_near_truth_with_momentum(ns):
    # train() seeds itself, so this rebuilds the momentum run of the figure
    model, _, _ = ns["train"](lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9))
    torch.testing.assert_close(model.weight.detach(), ns["true_weight"], atol=0.1, rtol=0)


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
