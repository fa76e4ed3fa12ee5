"""テンソル: shapes, dtypes and NumPy memory sharing as the page states."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/tensor")


def test_shapes_and_ranks(ns):
    assert ns["scalar"].ndim == 0
    assert ns["vector"].shape == (3,)
    assert ns["matrix"].shape == (2, 3)
    assert ns["images"].shape == (4, 3, 8, 8)
    assert ns["images"].numel() == 4 * 3 * 8 * 8


def test_default_dtypes(ns):
    assert ns["vector"].dtype == torch.float32
    assert ns["counts"].dtype == torch.int64


def test_from_numpy_shares_memory_and_tensor_copies(ns):
    assert ns["shared"][0].item() == 100.0
    assert ns["shared"][1].item() == 200.0  # the later write shows through too
    assert ns["copied"].tolist() == [100.0, 2.0, 3.0]


def test_grid_figure(ns):
    assert ns["grid"].shape == (3, 4)
    assert len(ns["__figures__"]) == 1
