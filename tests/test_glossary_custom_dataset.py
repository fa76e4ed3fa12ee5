"""カスタムデータセット: a Dataset subclass over the digits that DataLoader can batch."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/custom_dataset")


def test_len_and_getitem(ns):
    dataset = ns["dataset"]
    digits = ns["digits"]
    assert len(dataset) == 1797
    image, label = dataset[10]
    assert image.shape == (1, 8, 8)
    assert image.dtype == torch.float32
    assert isinstance(label, int)
    assert label == digits.target[10]
    np.testing.assert_allclose(image[0].numpy(), digits.images[10] / 16.0, rtol=1e-6)
    assert image.min().item() >= 0.0 and image.max().item() <= 1.0


def test_out_of_range_raises_index_error(ns):
    assert "1797" in ns["index_error"]


def test_dataloader_collates_one_batch(ns):
    images, labels = ns["images_batch"], ns["labels_batch"]
    assert images.shape == (16, 1, 8, 8)
    assert labels.dtype == torch.int64
    assert labels.tolist() == ns["digits"].target[:16].tolist()  # shuffle=False keeps the order
    assert torch.equal(images[3], ns["dataset"][3][0])
    assert ns["calls_for_one_batch"] == 16


def test_transform_is_applied_per_item(ns):
    flat = ns["flat_image"]
    assert flat.shape == (64,)
    assert torch.equal(flat, ns["dataset"][10][0].flatten())
    assert ns["flat_label"] == ns["label"]
