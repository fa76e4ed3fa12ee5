"""はじめての分類: logits and probabilities, the two losses, linear vs MLP, real data sets, exercises."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/first_classifier")


def test_sigmoid_turns_logits_into_probabilities(ns):
    probs = ns["demo_probs"]
    assert torch.allclose(probs, 1 / (1 + torch.exp(-ns["demo_logits"])))
    assert probs[1].item() == pytest.approx(0.5)  # logit 0 is probability 0.5
    assert probs[0] < 0.5 < probs[2]


def test_bce_needs_float_targets_shaped_like_the_logits(ns):
    bce, logits, labels = ns["bce"], ns["logits4"], ns["labels4"]
    assert isinstance(bce, nn.BCEWithLogitsLoss)
    with pytest.raises(ValueError, match="must be the same as input size"):
        bce(logits, labels.float())  # (N,) against (N, 1)
    with pytest.raises(RuntimeError):
        bce(logits, labels.unsqueeze(1))  # int64
    assert ns["ok_loss"].item() == pytest.approx(math.log(2))


def test_nonlinearity_matters_on_the_moons(ns):
    acc = ns["moon_acc"]
    assert acc["MLP"] >= 0.93
    assert acc["MLP"] - acc["線形モデル"] >= 0.05
    assert isinstance(ns["moon_models"]["線形モデル"], nn.Linear)
    assert any(isinstance(m, nn.ReLU) for m in ns["moon_models"]["MLP"])
    # Exercise 1: without ReLU the stack is linear; it stays near the linear model, below the MLP.
    assert abs(ns["ex1_acc"] - acc["線形モデル"]) <= 0.03
    assert acc["MLP"] - ns["ex1_acc"] >= 0.05
    assert not any(isinstance(m, nn.ReLU) for m in ns["ex1_model"])


def test_split_and_standardisation_use_training_statistics(ns):
    sizes = [len(ns[k]) for k in ("Xc_train", "Xc_val", "Xc_test")]
    assert sizes == [341, 113, 115]
    train = ns["Xc_train"]
    assert torch.allclose(train.mean(dim=0), torch.zeros(30), atol=1e-4)
    assert torch.allclose(train.std(dim=0), torch.ones(30), atol=1e-4)
    # The split is a seeded permutation: the same rows every run, and together all rows once.
    perm = torch.randperm(569, generator=torch.Generator().manual_seed(0))
    Xc = ns["Xc"]
    mean, std = Xc[perm[:341]].mean(dim=0), Xc[perm[:341]].std(dim=0)
    assert torch.allclose(ns["Xc_test"], (Xc[perm[454:]] - mean) / std)
    assert Xc.std(dim=0).max() / Xc.std(dim=0).min() > 1e4  # features on very different scales


def test_breast_cancer_mlp_and_linear_baseline(ns):
    assert ns["cancer_acc"] >= 0.95
    assert ns["cancer_linear_acc"] >= 0.93
    assert abs(ns["cancer_acc"] - ns["cancer_linear_acc"]) <= 0.05  # 「近い正解率」


def test_softmax_and_cross_entropy(ns):
    probs = ns["first_probs"]
    assert probs.shape == (3, 3)
    assert torch.allclose(probs.sum(dim=1), torch.ones(3))
    assert ns["yw_train"].dtype == torch.int64
    assert isinstance(ns["ce"], nn.CrossEntropyLoss)
    assert torch.allclose(ns["ce_value"], ns["nll_value"])
    logits, y = ns["first_logits"], ns["yw_train"][:3]
    manual = -F.log_softmax(logits, dim=1)[torch.arange(3), y].mean()
    assert torch.allclose(ns["ce_value"], manual)
    assert ns["wine_acc"] >= 0.9 and ns["wine_val_acc"] >= 0.9


def test_predicting_one_sample(ns):
    probs = ns["sample_probs"]
    assert probs.shape == (3,)
    assert probs.sum().item() == pytest.approx(1.0)
    assert ns["sample_pred"] == probs.argmax().item()
    assert ns["sample_pred"] == ns["sample_label"]
    # Exercise 2: the least confident test sample.
    with torch.inference_mode():
        top = ns["wine_mlp"](ns["Xw_test"]).softmax(dim=1).max(dim=1).values
    assert ns["ex2_conf"] == pytest.approx(top.min().item())
    assert 1 / 3 <= ns["ex2_conf"] < 1.0
    assert ns["ex2_pred"] in ns["wine"].target_names and ns["ex2_true"] in ns["wine"].target_names


def test_one_titled_figure(ns):
    figures = ns["__figures__"]
    assert len(figures) == 1
    assert figures[0].get_suptitle()
    assert len(figures[0].axes) == 2
