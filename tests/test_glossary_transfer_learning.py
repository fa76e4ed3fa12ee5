"""転移学習: freezing with requires_grad_(False) and a new head leaves only the head trainable,
a step changes the head only, BatchNorm statistics move unless in eval mode, and fine-tuning groups."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/transfer_learning")


def test_new_head_is_the_only_trainable_part(ns):
    assert ns["total_params"] == 11_689_512  # ResNet-18 with the 1000-class head
    assert ns["trainable_params"] == 512 * 10 + 10
    assert ns["model"].fc.out_features == 10


def test_frozen_layers_do_not_move(ns):
    assert ns["conv1_unchanged"] and ns["fc_changed"]
    assert ns["bn_changed"]  # running statistics still update in train mode
    assert ns["bn_frozen"]  # ... and stop in eval mode


def test_fine_tuning_groups(ns):
    backbone, head = ns["optimizer"].param_groups
    assert backbone["lr"] == pytest.approx(1e-4) and head["lr"] == pytest.approx(1e-3)
    count = ns["count"]
    assert count(backbone["params"]) + count(head["params"]) == count(ns["model"].parameters())
    assert count(ns["model"].parameters()) == 11_181_642  # the 10-class ResNet-18
    assert all(p.requires_grad for p in ns["model"].parameters())
