"""ブロードキャスト: shapes, values, stride-0 expansion, the error, and the (5,1)-(5,) trap."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/broadcasting")


def test_column_plus_row(ns):
    assert ns["result"].shape == (3, 4)
    assert ns["result"].tolist() == [[10 * i + j for j in range(4)] for i in range(3)]


def test_broadcast_is_a_stride_zero_view(ns):
    assert ns["col_big"].shape == (3, 4)
    assert ns["col_big"].stride() == (1, 0)
    assert ns["col_big"].data_ptr() == ns["col"].data_ptr()


def test_standardisation_per_feature(ns):
    X_std = ns["X_std"]
    torch.testing.assert_close(X_std.mean(dim=0), torch.zeros(3), atol=1e-6, rtol=0)
    torch.testing.assert_close(X_std.std(dim=0), torch.ones(3), atol=1e-5, rtol=0)


def test_incompatible_shapes_raise(ns):
    assert "must match the size of tensor b (4) at non-singleton dimension 1" in ns["shape_error"]


def test_silent_outer_difference(ns):
    assert (ns["pred"] - ns["target"]).shape == (5, 5)
    assert ns["right"].item() == pytest.approx(0.25)
    every_pair = sum((i - j - 0.5) ** 2 for i in range(5) for j in range(5)) / 25
    assert ns["wrong"].item() == pytest.approx(every_pair)


def test_figure_has_three_grids(ns):
    (fig,) = ns["__figures__"]
    assert len(fig.axes) == 3
    assert [len(ax.texts) for ax in fig.axes] == [12, 13, 13]  # cells, plus the + and = signs
