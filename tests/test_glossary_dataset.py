"""データセット: a TensorDataset over the digits, split reproducibly into disjoint parts."""

import pytest
import torch
from sklearn.datasets import load_digits
from torch.utils.data import random_split


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/dataset")


def test_dataset_holds_every_digit(ns):
    digits = load_digits()
    dataset = ns["dataset"]
    assert len(dataset) == len(digits.target) == 1797
    x, y = dataset[5]
    assert x.shape == (1, 8, 8)
    assert x.dtype == torch.float32
    assert y.dtype == torch.int64
    assert y.item() == digits.target[5]
    assert torch.allclose(x[0].double(), torch.from_numpy(digits.images[5]) / 16.0)
    assert ns["images"].min().item() == 0.0
    assert ns["images"].max().item() == 1.0


def test_split_sizes_follow_the_fractions(ns):
    sizes = [len(part) for part in ns["splits"].values()]
    assert sum(sizes) == 1797
    # floor(0.7 N), floor(0.15 N), floor(0.15 N), the remainder handed out from the front
    assert sizes == [1258, 270, 269]


def test_splits_are_disjoint_views_of_the_same_data(ns):
    parts = list(ns["splits"].values())
    seen = [set(part.indices) for part in parts]
    assert set.union(*seen) == set(range(1797))
    assert sum(len(s) for s in seen) == 1797
    train = ns["train_set"]
    assert train.dataset is ns["dataset"]
    x, y = train[0]
    x_orig, y_orig = ns["dataset"][train.indices[0]]
    assert torch.equal(x, x_orig)
    assert y == y_orig


def test_split_is_reproducible_with_the_seed(ns):
    again = random_split(
        ns["dataset"], [0.7, 0.15, 0.15], generator=torch.Generator().manual_seed(42)
    )
    assert [list(p.indices) for p in again] == [list(p.indices) for p in ns["splits"].values()]


def test_class_shares(ns):
    labels = ns["labels"]
    overall = torch.bincount(labels).float() / len(labels)
    assert overall.min().item() > 0.09 and overall.max().item() < 0.11  # the page says "ほぼ 10%"
    for name, share in ns["class_share"].items():
        part = ns["splits"][name]
        assert share.sum().item() == pytest.approx(1.0)
        assert share[3].item() == pytest.approx((labels[part.indices] == 3).float().mean().item())
    worst = ns["class_share"][ns["worst_split"]][ns["worst_class"]].item()
    assert abs(worst - 0.1) == pytest.approx((ns["share_table"] - 0.1).abs().max().item())
    # the prose: the largest deviation is in the validation split, well beyond the others
    assert ns["worst_split"] == "検証"
    others = [ns["class_share"][name] for name in ("訓練", "テスト")]
    assert abs(worst - 0.1) > max((share - 0.1).abs().max().item() for share in others) + 0.02
    assert len(ns["__figures__"]) == 1
