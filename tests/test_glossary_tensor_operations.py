"""テンソル演算: the seed deck's element-wise, matrix and shape results, and reductions."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/tensor_operations")


def test_elementwise_and_matmul_match_the_deck(ns):
    assert ns["tensor_sum"].tolist() == [[6, 8], [10, 12]]
    assert ns["tensor_mul"].tolist() == [[5, 12], [21, 32]]
    assert ns["tensor_matmul"].tolist() == [[19, 22], [43, 50]]


def test_matmul_entry_is_row_times_column(ns):
    assert ns["terms"] == [(1, 6), (2, 8)]
    assert sum(x * y for x, y in ns["terms"]) == ns["tensor_matmul"][0, 1].item()
    assert ns["formula"] == "1×6 + 2×8"


def test_reductions_follow_dim(ns):
    assert ns["col_sums"].tolist() == [4, 6]
    assert ns["row_sums"].tolist() == [3, 7]
    assert ns["row_sums_kept"].shape == (2, 1)


def test_batched_matmul_shape_and_values(ns):
    assert ns["batched"].shape == (10, 2, 4)
    torch.testing.assert_close(ns["batched"][3], ns["batch"][3] @ ns["weight"])


def test_figure_has_three_panels(ns):
    (fig,) = ns["__figures__"]
    assert len(fig.axes) == 3
