"""交差エントロピー損失: equals -log softmax of the target class, by hand and in several forms."""

import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/cross_entropy_loss")


def test_matches_hand_computed_negative_log_softmax(ns):
    logits, targets = ns["logits"], ns["targets"]
    expected = 0.0
    for row, t in zip(logits.tolist(), targets.tolist(), strict=True):
        log_sum = math.log(sum(math.exp(v) for v in row))
        expected += -(row[t] - log_sum)
    expected /= len(targets)
    assert ns["loss"].item() == pytest.approx(expected, abs=1e-6)
    assert ns["by_hand"].item() == pytest.approx(expected, abs=1e-6)
    assert ns["via_nll"].item() == pytest.approx(expected, abs=1e-6)


def test_third_sample_is_the_costly_one(ns):
    per_sample = ns["per_sample"]
    assert per_sample.argmax().item() == 2
    assert ns["p_correct"][2].item() < 0.1


def test_softmax_first_sets_a_floor(ns):
    assert ns["right"].item() < 1e-6
    assert ns["wrong"].item() == pytest.approx(math.log(1 + 3 / math.e), abs=1e-5)


def test_uniform_logits_give_log_c(ns):
    assert ns["uniform_loss"].item() == pytest.approx(math.log(4), abs=1e-6)


def test_gradient_is_softmax_minus_one_hot(ns):
    assert torch.allclose(ns["z"].grad, ns["expected_grad"], atol=1e-6)


def test_large_logits(ns):
    assert torch.isnan(ns["naive_probs"]).any()
    value = ns["criterion"](ns["big"], torch.tensor([1])).item()
    assert value == pytest.approx(1 + math.log1p(math.exp(-1)), abs=1e-5)


def test_language_model_shapes_and_padding(ns):
    assert ns["lm_logits"].shape == (2, 5, 7)
    assert ns["flat_loss"].item() == pytest.approx(ns["permuted_loss"].item(), abs=1e-6)
    assert ns["counted"] == 8
    # the mean is over the 8 real tokens only: padding positions are ignored
    logits, targets = ns["lm_logits"].reshape(-1, 7), ns["lm_targets"].reshape(-1)
    keep = targets != -100
    expected = torch.nn.functional.cross_entropy(logits[keep], targets[keep])
    assert ns["flat_loss"].item() == pytest.approx(expected.item(), abs=1e-6)


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
