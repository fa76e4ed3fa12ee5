"""訓練モードと評価モード: Dropout and BatchNorm differ by mode; eval() keeps autograd on."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/train_eval_mode")


def test_dropout_train_vs_eval(ns):
    out_train = ns["out_train"]
    assert set(out_train.tolist()) <= {0.0, 2.0}
    assert (out_train == 0).any() and (out_train == 2).any()
    assert torch.equal(ns["out_eval"], torch.ones(10))
    assert ns["big_mean"] == pytest.approx(1.0, abs=0.02)


def test_batchnorm_train_uses_batch_statistics(ns):
    y_train = ns["y_train"]
    assert y_train.mean().item() == pytest.approx(0.0, abs=1e-5)
    assert y_train.std(unbiased=False).item() == pytest.approx(1.0, abs=1e-3)


def test_batchnorm_eval_uses_running_statistics(ns):
    y_eval = ns["y_eval"]
    assert abs(y_eval.mean().item()) > 2.0  # running stats had taken one step only
    batch = ns["batch"]
    # After one batch: running_mean = 0.1 * batch mean
    assert ns["history"][0] == pytest.approx(0.1 * batch.mean().item(), abs=1e-5)


def test_running_mean_approaches_five(ns):
    history = ns["history"]
    assert len(history) == 61
    assert history[-1] == pytest.approx(5.0, abs=0.5)
    assert history[-1] > history[0] + 4


def test_single_sample_needs_eval(ns):
    assert "Expected more than 1 value per channel" in ns["single_error"]


def test_eval_keeps_gradients_no_grad_and_inference_mode_do_not(ns):
    assert ns["all_eval"] is True
    assert ns["out"].requires_grad
    assert ns["out"].grad_fn is not None
    assert ns["model"][0].weight.grad is not None
    assert not ns["out_no_grad"].requires_grad
    assert not ns["out_inference"].requires_grad
    assert ns["out_inference"].is_inference()
    assert ns["model"].training  # switched back at the end


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
