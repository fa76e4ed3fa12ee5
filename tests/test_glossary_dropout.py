"""ドロップアウト: train mode zeroes about p of the elements and scales the rest by 1/(1-p),
the mean over many draws is the input, eval mode is the identity."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/dropout")


def test_dropped_fraction_is_p_and_the_rest_is_scaled(ns):
    for rate in (0.2, 0.5):
        assert ns["dropped_fraction"][rate] == pytest.approx(rate, abs=0.003)
        assert ns["kept_values"][rate].tolist() == pytest.approx([1 / (1 - rate)])


def test_expected_value_is_preserved(ns):
    draws, x = ns["draws"], ns["x"]
    assert draws.shape == (20_000, 4)
    assert draws[:, 1].unique().tolist() == pytest.approx([-1.0 / 0.7, 0.0])
    assert ns["mean_gap"] < 0.05
    torch.testing.assert_close(draws.mean(dim=0), x, atol=0.05, rtol=0)


def test_eval_mode_is_the_identity(ns):
    assert not ns["drop"].training
    assert torch.equal(ns["eval_output"], ns["ones"])


def test_model_outputs_vary_only_in_train_mode(ns):
    assert not torch.equal(ns["train_a"], ns["train_b"])
    assert torch.equal(ns["eval_a"], ns["eval_b"])
