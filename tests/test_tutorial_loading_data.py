"""データを読み込む: files are written and read back, transforms and loaders behave as the page says."""

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader


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


def test_custom_dataset_reads_the_pngs(ns):
    raw = ns["raw_ds"]
    assert len(raw) == 300
    assert ns["image0"].size == (8, 8) and ns["image0"].mode == "L"
    assert ns["label0"] == ns["digits"].target[0]
    # Reading the PNG gives back the pixels that were written (0..16 scaled to 0..255).
    written = torch.tensor(ns["digits"].images[0] * 255 / 16).round().to(torch.uint8)
    read = torch.from_numpy(np.array(ns["image0"]))
    assert torch.equal(read, written)
    assert ns["same_as_imagefolder"] is True
    assert len(ns["folder"]) == 300


def test_transforms(ns):
    x = ns["x_eval"]
    assert x.shape == (1, 32, 32) and x.dtype == torch.float32
    assert float(x.min()) >= -1.0 - 1e-6 and float(x.max()) <= 1.0 + 1e-6
    assert ns["eval_same"] is True  # evaluation is deterministic
    assert ns["train_same"] is False  # training augments at random
    assert len(ns["aug_row"]) == 8
    assert not torch.equal(ns["aug_row"][1], ns["aug_row"][2])


def test_dataloader_batches(ns):
    assert ns["xb"].shape == (32, 1, 32, 32) and ns["xb"].dtype == torch.float32
    assert ns["yb"].shape == (32,) and ns["yb"].dtype == torch.int64
    assert len(ns["loader"]) == 10  # ceil(300 / 32)
    assert len(ns["loader_drop"]) == 9  # floor(300 / 32)
    assert isinstance(ns["loader"], DataLoader)


def test_workers_give_the_same_batches(ns):
    assert ns["workers"] >= 1
    assert ns["same_batches"] is True
    assert ns["same_augmentation"] is True
    images, labels = ns["multi"]
    assert images.shape == (300, 1, 32, 32)
    # Every file arrives exactly once in an epoch, shuffled.
    assert torch.equal(
        torch.bincount(labels), torch.bincount(torch.tensor(ns["digits"].target[:300]))
    )
    assert not torch.equal(labels, torch.tensor([int(p.parent.name) for p in ns["eval_ds"].files]))


def test_custom_collate(ns):
    batch = ns["batch_dict"]
    assert set(batch) == {"image", "label"}
    assert batch["image"].shape == (4, 1, 32, 32)
    assert batch["label"].tolist() == [int(ns["eval_ds"].files[i].parent.name) for i in range(4)]
    assert ns["same_as_default"] is True


def test_temporary_directory_removed(ns):
    assert not ns["root"].exists()


def test_draws_two_figures(ns):
    assert len(ns["__figures__"]) == 2
