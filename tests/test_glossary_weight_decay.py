"""重み減衰: SGD's weight_decay equals an L2 penalty, Adam's too, AdamW differs; larger
decay gives a smaller weight norm; parameter groups without decay."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/weight_decay")


def test_sgd_weight_decay_is_an_l2_penalty(ns):
    assert ns["sgd_gap"] < 1e-6


def test_adam_matches_l2_but_adamw_does_not(ns):
    assert ns["adam_gap"] < 1e-6
    assert ns["adamw_gap"] > 1e-2


def test_more_decay_means_a_smaller_norm(ns):
    norms = {wd: history[-1] for wd, history in ns["norm_history"].items()}
    assert norms[1.0] < norms[0.1] < norms[0.0]
    assert norms[1.0] < norms[0.0] / 4
    assert norms[0.0] > 0.9 * ns["norm_history"][0.0][0]  # without decay the norm stays large
    losses = ns["final_train_loss"]
    assert losses[0.0] < losses[0.1] < losses[1.0]
    assert len(ns["__figures__"]) == 1


def test_parameter_groups(ns):
    decay_group, no_decay_group = ns["optimizer"].param_groups
    assert decay_group["weight_decay"] == 0.05 and no_decay_group["weight_decay"] == 0.0
    assert all(p.ndim == 2 for p in decay_group["params"])
    assert len(no_decay_group["params"]) == 4  # two biases, LayerNorm weight and bias
    assert ns["default_weight_decay"] == 0.01
