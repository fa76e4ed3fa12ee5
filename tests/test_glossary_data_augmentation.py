"""データ拡張: seeded random v2 transforms on a photo, applied afresh on every read."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/data_augmentation")


def test_variants_have_the_crop_size_and_all_differ(ns):
    variants = ns["variants"]
    assert len(variants) == 11
    assert all(v.size == (240, 160) for v in variants)  # PIL size is (width, height)
    arrays = [np.asarray(v) for v in variants]
    assert all(not np.array_equal(a, b) for i, a in enumerate(arrays) for b in arrays[i + 1 :])


def test_same_seed_gives_the_same_augmentation(ns):
    assert np.array_equal(np.asarray(ns["again"]), np.asarray(ns["variants"][0]))
    torch.manual_seed(0)
    assert np.array_equal(np.asarray(ns["augment"](ns["photo"])), np.asarray(ns["variants"][0]))


def test_dataset_applies_the_transform_on_every_read(ns):
    first, second = ns["epoch_batches"]
    assert first.shape == second.shape == (2, 3, 160, 240)
    assert first.dtype == torch.float32
    assert first.min().item() >= -1.0 and first.max().item() <= 1.0  # Normalize(0.5, 0.5) of [0, 1]
    assert not torch.equal(first, second)
    assert ns["gap"] == pytest.approx((first - second).abs().mean().item())
    assert ns["gap"] > 0.05
    assert len(ns["train_set"]) == 2


def test_grid_figure(ns):
    assert len(ns["__figures__"]) == 1
    axes = ns["__figures__"][0].axes
    assert len(axes) == 12
    assert axes[0].get_title() == "元の写真"
