"""勾配クリッピング: clip_grad_norm_ returns the total norm before clipping, leaves the norm
at max_norm without turning the gradient, leaves small gradients alone; clip_grad_value_ turns it."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/gradient_clipping")


def test_returned_norm_is_the_total_norm_before_clipping(ns):
    assert ns["returned"] == pytest.approx(ns["norm_by_hand"], rel=1e-5)
    assert ns["returned"] == pytest.approx(ns["grad_before"].norm().item(), rel=1e-5)
    assert ns["returned"] > 10


def test_clipped_norm_is_max_norm_and_direction_is_kept(ns):
    assert ns["norm_after"] == pytest.approx(1.0, rel=1e-5)
    assert ns["cosine"] == pytest.approx(1.0, abs=1e-6)
    assert ns["small_norm"] < 1.0 and ns["small_unchanged"]


def test_clip_by_value_changes_the_direction(ns):
    by_norm, by_value = ns["clipped"]["clip_grad_norm_"], ns["clipped"]["clip_grad_value_"]
    torch.testing.assert_close(by_norm, ns["original"] / ns["original"].norm(), rtol=1e-5, atol=0)
    assert by_value.tolist() == [1.0, 0.5]
    assert ns["angles"]["clip_grad_norm_"] == pytest.approx(9.46, abs=0.01)
    assert ns["angles"]["clip_grad_value_"] == pytest.approx(26.57, abs=0.01)
    assert len(ns["__figures__"]) == 1


def test_clipping_happens_only_early_in_training(ns):
    norms, steps = ns["grad_norms"], ns["clipped_steps"]
    assert len(norms) == 24
    assert steps == list(range(1, len(steps) + 1))  # the first steps, nothing later
    assert 0 < len(steps) < 12
    assert max(norms[-5:]) < ns["max_norm"] / 4
