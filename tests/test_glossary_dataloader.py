"""データローダ: batch counts, shapes, one pass covers every sample, shuffling per epoch."""

import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/dataloader")


def test_number_of_batches(ns):
    n, b = len(ns["dataset"]), ns["batch_size"]
    assert (n, b) == (1797, 32)
    assert len(ns["loader"]) == math.ceil(n / b) == 57
    assert len(ns["loader_drop"]) == n // b == 56


def test_batch_shapes(ns):
    assert ns["xb"].shape == (32, 1, 8, 8)
    assert ns["yb"].shape == (32,)
    assert ns["yb"].dtype == torch.int64


def test_one_epoch_sees_every_sample_once(ns):
    sizes = ns["batch_sizes"]
    assert sizes[:-1] == [32] * 56
    assert sizes[-1] == 1797 - 56 * 32 == 5
    assert torch.equal(torch.bincount(ns["seen_labels"]), torch.bincount(ns["labels"]))


def test_each_epoch_has_a_new_order(ns):
    first, second = ns["first_labels"]
    assert first != second
    assert ns["yb"].tolist() != ns["labels"][:32].tolist()  # not the dataset order


def test_figure_shows_the_batch_with_its_labels(ns):
    assert len(ns["__figures__"]) == 1
    fig = ns["__figures__"][0]
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [str(v) for v in ns["yb"].tolist()]
