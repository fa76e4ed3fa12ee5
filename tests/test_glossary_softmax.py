"""ソフトマックス: definition, sums to 1, shift invariance, stability, temperature,
log_softmax inside CrossEntropyLoss, sigmoid as the two-class case."""

import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/softmax")


def test_definition_sums_to_one_and_ignores_a_shift(ns):
    z, probs = ns["z"], ns["probs"]
    expected = [math.exp(v) / sum(math.exp(u) for u in z.tolist()) for v in z.tolist()]
    assert probs.tolist() == pytest.approx(expected, abs=1e-6)
    assert probs.sum().item() == pytest.approx(1.0, abs=1e-6)
    assert ns["shift_diff"] < 1e-6
    assert ns["row_sums"].tolist() == pytest.approx([1.0, 1.0], abs=1e-6)
    assert ns["wrong_sums"].tolist() != pytest.approx([1.0, 1.0], abs=1e-2)


def test_naive_overflows_but_softmax_does_not(ns):
    assert torch.isnan(ns["naive"]).any()
    assert not torch.isnan(ns["stable"]).any()
    assert ns["stable"][0].item() == pytest.approx(1 / (1 + math.exp(-1)), abs=1e-6)
    torch.testing.assert_close(ns["stable"], ns["shifted"])


def test_temperature_spreads_the_distribution(ns):
    entropies = [ns["entropies"][t] for t in ns["temperatures"]]
    assert entropies == sorted(entropies)
    assert entropies[-1] < math.log(4)
    tempered = ns["tempered"]
    assert tempered[0.5][0] > tempered[1.0][0] > tempered[5.0][0]
    assert len(ns["__figures__"]) == 1


def test_log_softmax_and_cross_entropy(ns):
    assert ns["log_of_softmax"][1].item() == -math.inf
    assert ns["log_softmax"].tolist() == pytest.approx([0.0, -200.0])
    assert ns["ce"].item() == pytest.approx(ns["from_log_softmax"].item(), abs=1e-6)


def test_two_class_softmax_is_sigmoid(ns):
    assert ns["sigmoid_diff"] < 1e-6
