"""テンソルの形を操作する: reshape/unsqueeze/squeeze/flatten, broadcasting traps, dim, and @."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/basics/tensor_shapes")


def test_changing_shapes(ns):
    assert torch.equal(ns["grid"], torch.arange(12).reshape(3, 4))
    assert ns["flat"].reshape(2, -1).shape == (2, 6)
    assert ns["batch"].shape == (1, 64) and torch.equal(ns["batch"][0], ns["sample"])
    assert ns["one_output"].squeeze().shape == ()  # the trap the page warns about
    assert ns["one_output"].squeeze(1).shape == (1,)
    assert ns["images"].flatten(1).shape == (5, 64)
    assert ns["images"].flatten().shape == (320,)


def test_broadcasting_rule_and_error(ns):
    grid = ns["grid"]
    assert torch.equal(grid + ns["row_bias"], grid + ns["row_bias"].expand(3, 4))
    assert "must match" in ns["broadcast_error"]
    expected = grid + torch.tensor([[0], [10], [20]])
    assert torch.equal(grid + ns["col_bias"].unsqueeze(1), expected)


def test_n_vs_n1_pitfall(ns):
    assert (ns["pred"] - ns["target"]).shape == (4, 4)
    assert ns["right_mse"].item() == pytest.approx(0.25)
    assert ns["wrong_mse"].item() == pytest.approx(2.5)
    assert "different to the input size" in ns["mse_warning"]
    fixed = nn.MSELoss()(ns["pred"].squeeze(1), ns["target"])
    assert fixed.item() == pytest.approx(ns["right_mse"].item())


def test_reductions_along_dim(ns):
    assert ns["col_sums"].tolist() == [5.0, 7.0, 9.0]
    assert ns["row_sums"].tolist() == [6.0, 15.0]
    assert ns["kept"].shape == (2, 1)
    assert ns["logits"].argmax(dim=1).tolist() == [0, 2, 1, 1]
    # Without keepdim the columns were divided: the rows do not sum to 1.
    assert not torch.allclose(ns["no_keepdim"].sum(dim=1), torch.ones(3))
    torch.testing.assert_close(ns["with_keepdim"].sum(dim=1), torch.ones(3))
    sq = ns["sq"]
    torch.testing.assert_close(ns["no_keepdim"], sq / sq.sum(dim=1).unsqueeze(0))
    fig = ns["__figures__"]
    assert len(fig) == 1 and fig[0].axes[0].get_title()


def test_matrix_product_shapes(ns):
    assert ns["vec_out"].shape == (5,) and ns["mat_out"].shape == (5, 1)
    torch.testing.assert_close(ns["vec_out"], ns["mat_out"].squeeze(1))
    assert "cannot be multiplied (4x3 and 4x2)" in ns["matmul_error"]
    assert ns["linear"].weight.shape == (2, 3)
    assert ns["same_as_linear"] is True


def test_exercises(ns):
    assert ns["ex1_images"].shape == (10, 1, 8, 8)
    assert ns["ex1_flat"].shape == (10, 64)
    std = ns["ex2_std"]
    assert std.shape == (5, 3)
    torch.testing.assert_close(std.mean(dim=0), torch.zeros(3), atol=1e-4, rtol=0)
    torch.testing.assert_close(std.std(dim=0), torch.ones(3))
    assert ns["ex3_same"] is True
    torch.testing.assert_close(ns["ex3_probs"].sum(dim=1), torch.ones(4))
