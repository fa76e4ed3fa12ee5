"""画像フォルダで学習する: best-by-validation weights, early stopping, an exact resume, test accuracy, one new image."""

import pytest
import torch
from PIL import Image


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/image_training")


def params_equal(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def test_data_and_device(ns):
    assert ns["eval_folder"].class_to_idx == {"china": 0, "flower": 1}
    assert [len(ns[k]) for k in ("train_ds", "val_ds", "test_ds")] == [180, 60, 60]
    assert ns["train_ds"].dataset.transform is ns["train_tf"]
    assert ns["val_ds"].dataset.transform is ns["test_ds"].dataset.transform is ns["eval_tf"]
    available = torch.accelerator.is_available()
    expected = torch.accelerator.current_accelerator().type if available else "cpu"
    assert ns["device"] == expected == ns["x"].device.type
    assert next(ns["model"].parameters()).device.type == expected


def test_early_stopping_keeps_the_epoch_of_least_validation_loss(ns):
    history, patience = ns["history"], ns["patience"]
    val_losses = torch.tensor([h[1] for h in history])
    assert len(history) == ns["stopped_epoch"]
    assert ns["best_epoch"] == int(val_losses.argmin()) + 1
    assert ns["best_loss"] == pytest.approx(float(val_losses.min()))
    # It really stopped early, exactly `patience` epochs after the best one.
    assert ns["stopped_epoch"] < ns["max_epochs"]
    assert ns["stopped_epoch"] == ns["best_epoch"] + patience
    assert all(loss >= ns["best_loss"] for loss in val_losses[ns["best_epoch"] :].tolist())


def test_deepcopy_kept_the_best_weights(ns):
    # The page loaded best_state back into model; the last weights live on in `resumed`.
    model = ns["model"]
    # state_dict() shares memory with the parameters: that is why the page deep-copies it.
    assert model.state_dict()["0.weight"].data_ptr() == model[0].weight.data_ptr()
    best = ns["best_state"]
    assert all(torch.equal(best[k], v) for k, v in ns["model"].state_dict().items())
    assert not params_equal(ns["model"], ns["resumed"])


def test_resumed_run_equals_uninterrupted_run(ns):
    assert 0 < ns["resume_from"] < ns["stopped_epoch"]
    assert ns["ckpt"]["epoch"] == ns["resume_from"]
    assert set(ns["ckpt"]) == {"epoch", "model", "optimizer", "loader_gen", "torch_rng"}
    if ns["device"] == "cpu":
        assert ns["resumed_history"] == ns["history"][ns["resume_from"] :]
        assert ns["same_params"] is True
    else:  # GPU kernels need not be deterministic (the page says so)
        for a, b in zip(ns["model"].parameters(), ns["resumed"].parameters(), strict=True):
            assert a.shape == b.shape
    # Without the random states (exercise 2) the result differs.
    assert ns["ex2_same"] is False


def test_test_accuracy(ns):
    # Measured 1.0 on the 60 test images; the margin allows three mistakes.
    assert ns["test_acc"] >= 0.95
    assert 0 < ns["test_loss"] < ns["history"][0][1]


def test_new_image_prediction(ns, tmp_path):
    assert ns["x"].shape == (1, 3, 32, 32)
    for probs in (ns["probs"], ns["ex1_probs"]):
        assert probs.shape == (2,) and bool((probs >= 0).all())
        assert float(probs.sum()) == pytest.approx(1.0, abs=1e-6)
    assert ns["predicted"] == "flower" and ns["ex1_predicted"] == "china"
    # The 60×60 new image is larger than every image in the data set (at most 48 pixels a side).
    ns["make_photo_folder"](tmp_path, n_per_class=150)
    for f in tmp_path.glob("*/*"):
        with Image.open(f) as image:
            assert max(image.size) <= 48
    assert not ns["work"].exists()
