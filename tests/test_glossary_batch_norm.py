"""バッチ正規化: train mode uses batch statistics and updates the running averages with
momentum, eval mode uses them, batch size 1 fails in train mode, buffers are in state_dict."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/batch_norm")


def test_train_mode_standardises_with_batch_statistics(ns):
    assert ns["train_gap"] < 1e-5
    y = ns["y"]
    torch.testing.assert_close(y.mean(dim=0), torch.zeros(3), atol=1e-5, rtol=0)
    torch.testing.assert_close(y.std(dim=0, unbiased=False), torch.ones(3), atol=1e-3, rtol=0)


def test_running_statistics_follow_the_momentum_formula(ns):
    assert ns["m"] == 0.1
    x = ns["x"]
    torch.testing.assert_close(ns["expected_mean"], 0.1 * x.mean(dim=0))
    torch.testing.assert_close(ns["expected_var"], 0.9 + 0.1 * x.var(dim=0, unbiased=True))
    running, batch_means = ns["running"], ns["batch_means"]
    assert ns["batches_tracked"] == 61
    # the moving average moves less from step to step than the batch means do
    jumps = torch.tensor(running).diff().abs().mean()
    assert jumps < torch.tensor(batch_means).diff().abs().mean() / 4
    assert abs(running[-1] - 5.0) < 1.5 < abs(running[0] - 5.0)
    assert len(ns["__figures__"]) == 1


def test_eval_mode_uses_the_running_statistics(ns):
    assert ns["eval_gap"] < 1e-5
    assert ns["restored_same"]


def test_batch_of_one_fails_in_train_mode(ns):
    assert "Expected more than 1 value per channel when training" in ns["error_message"]


def test_buffers_are_saved_with_the_parameters(ns):
    assert ns["parameter_names"] == ["weight", "bias"]
    assert ns["buffer_names"] == ["running_mean", "running_var", "num_batches_tracked"]
    assert ns["state_keys"] == ns["parameter_names"] + ns["buffer_names"]
