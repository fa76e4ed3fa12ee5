"""正解率: argmax of logits vs labels; counting over mini-batches; imbalance and per-class recall."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/accuracy")


def test_accuracy_from_logits(ns):
    expected = (ns["logits"].argmax(dim=1) == ns["labels"]).sum().item() / len(ns["labels"])
    assert ns["accuracy"] == pytest.approx(expected)
    assert ns["accuracy"] == pytest.approx(5 / 6)
    assert ns["same_as_softmax"] is True


def test_count_then_divide_over_mini_batches(ns):
    assert ns["n_correct"] / ns["n_total"] == pytest.approx(ns["accuracy"])
    wrong = sum(ns["batch_accs"]) / len(ns["batch_accs"])
    assert wrong != pytest.approx(ns["accuracy"])


def test_majority_model_scores_the_class_share(ns):
    y_test, scores = ns["y_test"], ns["scores"]
    majority = scores["いつもクラス 0"]
    assert majority[0] == pytest.approx(1 - y_test.float().mean().item())
    assert majority[0] > 0.9
    assert majority[1:] == [1.0, 0.0]


def test_trained_model_finds_the_minority_class(ns):
    trained, majority = ns["scores"]["学習したモデル"], ns["scores"]["いつもクラス 0"]
    assert trained[0] - majority[0] < 0.1  # accuracies close ...
    assert trained[2] > 0.7  # ... recalls of class 1 far apart
    pred = ns["predictions"]["学習したモデル"]
    ones = ns["y_test"] == 1
    assert trained[2] == pytest.approx((pred[ones] == 1).float().mean().item())
    assert len(ns["__figures__"]) == 1
