"""no_grad / inference_mode: what each records, saves, and allows afterwards."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/no_grad")


def test_results_in_each_mode(ns):
    out = ns["outputs"]
    assert out["通常"].requires_grad and out["通常"].grad_fn is not None
    for name in ("no_grad", "inference_mode"):
        assert out[name].requires_grad is False
        assert out[name].grad_fn is None
    assert out["no_grad"].is_inference() is False
    assert out["inference_mode"].is_inference() is True


def test_nothing_is_saved_for_backward_without_grad_mode(ns):
    saved = ns["saved"]
    assert len(saved["通常"]) > 0
    assert (128, 64) in saved["通常"]  # the input batch, kept for the first layer's weight grad
    assert saved["no_grad"] == [] and saved["inference_mode"] == []


def test_no_grad_tensor_works_in_autograd_but_inference_tensor_does_not(ns):
    assert ns["scale_no_grad"].is_inference() is False
    assert ns["scale_inference"].is_inference() is True
    assert "Inference tensors cannot be saved for backward" in ns["inference_error"]
    # after clone(): d/dw sum(scale * w) = scale
    assert ns["w"].grad.tolist() == pytest.approx([6.0, 8.0])


def test_eval_alone_still_records_and_inference_mode_does_not(ns):
    assert ns["mlp"].training is False
    assert ns["eval_only"].requires_grad is True
    assert ns["predicted"].shape == (128,)
    assert ns["predicted"].requires_grad is False
