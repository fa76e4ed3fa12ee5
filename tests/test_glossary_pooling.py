"""プーリング: max/avg pooling by hand, output sizes, shift within a window, adaptive pooling."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/pooling")


def test_max_and_average_by_hand(ns):
    assert ns["max_out"][0, 0].tolist() == [[5.0, 2.0], [2.0, 8.0]]
    assert ns["avg_out"].flatten().tolist() == pytest.approx([2.75, 1.0, 1.0, 5.0])
    torch.testing.assert_close(ns["windows"].amax(dim=2), ns["max_out"][0, 0])


def test_output_sizes_keep_channels(ns):
    shapes = ns["pool_shapes"]
    assert shapes["MaxPool2d(2)"] == (1, 16, 14, 14)
    assert shapes["MaxPool2d(3, stride=2)"] == (1, 16, (28 - 3) // 2 + 1, (28 - 3) // 2 + 1)
    assert shapes["MaxPool2d(2, padding=1)"] == (1, 16, 15, 15)


def test_shift_invariance_only_within_a_window(ns):
    assert not torch.equal(ns["a"], ns["b"])
    assert ns["same_window"] is True
    assert ns["next_window"] is False


def test_adaptive_pooling_fixes_the_output_size(ns):
    assert ns["adaptive_shapes"] == [(1, 16, 2, 2)] * 3
    assert ns["gap_diff"] < 1e-6
    assert len(ns["__figures__"]) == 1
    assert ns["pooled"]["最大値プーリング（4×4）"].shape == (1, 1, 4, 4)
