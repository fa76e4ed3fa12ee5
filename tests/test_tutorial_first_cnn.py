"""はじめての CNN: batched evaluation, best weights, convolution arithmetic, CNN beats the MLP, >= 95%."""

import pytest
import torch
from torch import nn
from torch.utils.data import SequentialSampler


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/first_cnn")


def test_split_and_loaders(ns):
    assert ns["X"].shape == (1797, 1, 8, 8) and ns["X"].dtype == torch.float32
    assert float(ns["X"].min()) == 0.0 and float(ns["X"].max()) == 1.0
    parts = [ns[k] for k in ("train_ds", "val_ds", "test_ds")]
    assert [len(p) for p in parts] == [1079, 359, 359]
    indices = [set(p.indices) for p in parts]
    assert set().union(*indices) == set(range(1797)) and sum(map(len, indices)) == 1797
    # Validation and test are read in order, in several batches (not all at once).
    for name in ("val_loader", "test_loader"):
        assert isinstance(ns[name].sampler, SequentialSampler)
        assert len(ns[name]) > 1
    assert ns["train_loader"].generator is not None


def test_evaluate_over_batches_equals_one_big_batch(ns):
    model, (X_val, y_val) = ns["cnn"], ns["val_ds"][:]
    loss, acc = ns["evaluate"](model, ns["val_loader"], ns["loss_fn"], ns["device"])
    with torch.inference_mode():
        logits = model(X_val.to(ns["device"])).cpu()
    assert loss == pytest.approx(nn.functional.cross_entropy(logits, y_val).item(), rel=1e-5)
    assert acc == pytest.approx((logits.argmax(1) == y_val).float().mean().item())
    # predict collects the same logits, batch by batch, on the CPU.
    pred_logits, pred_labels = ns["predict"](model, ns["val_loader"], ns["device"])
    assert pred_logits.device.type == "cpu" and torch.equal(pred_labels, y_val)
    assert torch.allclose(pred_logits, logits, atol=1e-5)


def test_best_weights_by_validation_loss_are_kept(ns):
    assert ns["lr"] == torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults["lr"]
    for model, history, best in [
        (ns["mlp"], ns["mlp_history"], ns["mlp_best_epoch"]),
        (ns["cnn"], ns["cnn_history"], ns["cnn_best_epoch"]),
    ]:
        assert len(history) == ns["n_epochs"] == 20
        losses = [h[0] for h in history]
        assert best == losses.index(min(losses)) + 1
        # The model holds the weights of that epoch, not of the last one.
        evaluated = ns["evaluate"](model, ns["val_loader"], ns["loss_fn"], ns["device"])
        assert evaluated == pytest.approx(history[best - 1])


def test_convolution_padding_and_pooling(ns):
    digit, kernel, edges = ns["digit"], ns["kernel"], ns["edges"]
    assert ns["y"][0].item() == 0  # 「数字の 0 にかけます」
    assert edges.shape == (1, 1, 6, 6)
    assert ns["by_hand"].item() == pytest.approx(edges[0, 0, 2, 3].item())
    # Every output pixel is the sum of the 3x3 patch times the filter.
    patches = digit[0, 0].unfold(0, 3, 1).unfold(1, 3, 1)  # (6, 6, 3, 3)
    assert torch.allclose((patches * kernel[0, 0]).sum(dim=(-2, -1)), edges[0, 0])
    assert ns["size_checks"] == [(6, 6), (8, 8), (8, 8), (4, 4)]
    assert ns["pooled"].flatten().tolist() == [5.0, 7.0, 13.0, 15.0]


def test_cnn_shapes_layer_by_layer(ns):
    cnn = ns["cnn"]
    shapes, out = [], ns["digit"].to(ns["device"])
    with torch.inference_mode():
        for layer in cnn:
            out = layer(out)
            shapes.append(tuple(out.shape))
    assert shapes == [
        (1, 16, 8, 8), (1, 16, 8, 8), (1, 16, 4, 4), (1, 32, 4, 4),
        (1, 32, 4, 4), (1, 32, 2, 2), (1, 128), (1, 10),
    ]  # fmt: skip
    assert cnn[3].weight.shape == (32, 16, 3, 3)


def test_cnn_beats_the_mlp_with_a_similar_number_of_parameters(ns):
    mlp, cnn = ns["results"]["全結合"], ns["results"]["CNN"]
    assert (mlp[0], cnn[0]) == (4810, 6090)
    assert 0.5 < cnn[0] / mlp[0] < 2  # 「同じくらい」
    assert cnn[1] < mlp[1]  # validation loss
    assert cnn[2] > mlp[2]  # validation accuracy


def test_test_accuracy_probabilities_and_confusion(ns):
    logits, labels, confusion = ns["logits"], ns["labels"], ns["confusion"]
    assert ns["test_acc"] >= 0.95
    assert ns["test_acc"] == pytest.approx(confusion.trace().item() / 359)
    assert confusion.sum().item() == 359
    assert torch.equal(confusion.sum(dim=1), torch.bincount(labels, minlength=10))
    assert torch.equal(confusion.sum(dim=0), torch.bincount(ns["preds"], minlength=10))
    probs = ns["probs"]
    assert torch.allclose(probs.sum(dim=1), torch.ones(5))
    assert torch.equal(probs.argmax(dim=1), ns["preds"][:5])
    # CrossEntropyLoss is log_softmax followed by the negative log-likelihood.
    nll = nn.functional.nll_loss(logits.log_softmax(dim=1), labels)
    assert ns["loss_fn"](logits, labels).item() == pytest.approx(nll.item())
    # Exercise 1: per-digit accuracy from the matrix.
    per_class = [(ns["preds"][labels == d] == d).float().mean().item() for d in range(10)]
    assert ns["ex1_per_class"].tolist() == pytest.approx(per_class)
    assert ns["ex1_worst"] == min(range(10), key=per_class.__getitem__)


def test_reload_device_exercise_and_figures(ns):
    assert ns["same_logits"] is True
    assert not ns["path"].exists()
    loaded = ns["loaded"].state_dict()
    assert all(torch.equal(loaded[k], v) for k, v in ns["cnn"].state_dict().items())
    expected = (
        torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    )
    assert ns["device"] == expected
    assert ns["ex2_by_hand"] == ns["ex2_counted"] == 4640
    assert len(ns["__figures__"]) == 2
