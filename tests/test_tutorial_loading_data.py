"""データを読み込む: files are written and read back, transforms and loaders behave as the page says."""

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, SequentialSampler, Subset


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/loading_data")


def test_tensor_dataset_holds_all_digits(ns):
    assert len(ns["tensor_ds"]) == 1797
    x0, y0 = ns["tensor_ds"][0]
    assert x0.shape == (1, 8, 8)
    assert float(x0.min()) >= 0.0 and float(x0.max()) <= 1.0
    assert y0.item() == ns["digits"].target[0]


def test_files_written_in_class_folders(ns):
    counts = ns["files_per_class"]
    assert sorted(counts) == [str(d) for d in range(10)]
    assert sum(counts.values()) == ns["n_files"] == 300
    expected = {str(d): int((ns["digits"].target[:300] == d).sum()) for d in range(10)}
    assert counts == expected


def test_custom_dataset_and_imagefolder(ns):
    raw = ns["raw_ds"]
    assert len(raw) == 300
    assert ns["image0"].size == (8, 8) and ns["image0"].mode == "L"
    assert ns["label0"] == ns["digits"].target[0]
    # Reading the PNG gives back the pixels that were written (0..16 scaled to 0..255).
    written = torch.tensor(ns["digits"].images[0] * 255 / 16).round().to(torch.uint8)
    assert torch.equal(torch.from_numpy(np.array(ns["image0"])), written)
    # ImageFolder reads RGB by default; Grayscale gives one channel back.
    assert len(ns["folder"]) == 300
    assert ns["folder"].class_to_idx == {str(d): d for d in range(10)}
    assert (ns["rgb_mode"], ns["gray_mode"]) == ("RGB", "L")
    assert ns["same_as_imagefolder"] is True
    assert [t for _, t in ns["folder"].samples] == [int(p.parent.name) for p in raw.files]


def test_transforms(ns):
    x = ns["x_eval"]
    assert x.shape == (1, 32, 32) and x.dtype == torch.float32
    assert float(x.min()) >= -1.0 - 1e-6 and float(x.max()) <= 1.0 + 1e-6
    assert ns["eval_same"] is True  # evaluation is deterministic
    assert ns["train_same"] is False  # training augments at random
    assert len(ns["aug_row"]) == 8
    assert not torch.equal(ns["aug_row"][1], ns["aug_row"][2])


def test_train_and_validation_use_different_transforms(ns):
    train_ds, val_ds = ns["train_ds"], ns["val_ds"]
    assert isinstance(train_ds, Subset) and isinstance(val_ds, Subset)
    assert (len(train_ds), len(val_ds)) == (240, 60)
    assert train_ds.dataset.transform is ns["train_transform"]
    assert val_ds.dataset.transform is ns["eval_transform"]
    assert sorted(train_ds.indices + val_ds.indices) == list(range(300))
    # Exercise 1.
    assert ns["ex1_overlap"] == set()
    assert ns["ex1_union"] == set(range(300))


def test_dataloader_batches(ns):
    assert ns["xb"].shape == (32, 1, 32, 32) and ns["xb"].dtype == torch.float32
    assert ns["yb"].shape == (32,) and ns["yb"].dtype == torch.int64
    assert len(ns["loader"]) == 8  # ceil(240 / 32)
    assert len(ns["loader_drop"]) == 7  # floor(240 / 32)
    assert isinstance(ns["loader"], DataLoader)
    assert isinstance(ns["val_loader"].sampler, SequentialSampler)


def test_workers_give_the_same_batches(ns):
    assert ns["workers"] >= 1
    assert ns["same_batches"] is True
    assert ns["same_augmentation"] is True
    images, labels = ns["multi"]
    assert images.shape == (60, 1, 32, 32)
    # Every validation file arrives exactly once in an epoch, shuffled.
    val_labels = [int(ns["raw_ds"].files[i].parent.name) for i in ns["val_ds"].indices]
    assert sorted(labels.tolist()) == sorted(val_labels)
    assert labels.tolist() != val_labels
    assert not ns["root"].exists()  # the temporary directory was removed


def test_collate_pads_images_of_different_sizes(ns):
    assert "stack expects each tensor to be equal size" in ns["collate_error"]
    images, labels = ns["padded_images"], ns["padded_labels"]
    assert images.shape == (4, 1, 16, 16)
    assert labels.tolist() == ns["digits"].target[:4].tolist()
    for (img, _), padded in zip(ns["varied"], images, strict=True):
        h, w = img.shape[-2:]
        assert torch.equal(padded[:, :h, :w], img)  # the image sits top-left
        assert padded.sum() == pytest.approx(img.sum().item())  # the rest is zeros
    # Exercise 2: the share of padding pixels.
    real = sum(s * s for s in (8, 12, 10, 16))
    assert ns["ex2_pad_ratio"] == pytest.approx(1 - real / (4 * 16 * 16))


def test_draws_one_figure(ns):
    assert len(ns["__figures__"]) == 1
