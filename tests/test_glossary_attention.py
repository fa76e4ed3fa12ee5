"""アテンション: the formula by hand equals scaled_dot_product_attention, weights sum to 1,
the causal mask zeroes the future, nn.MultiheadAttention shapes, and the L² growth."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/attention")


def test_formula_matches_sdpa(ns):
    assert ns["sdpa_gap"] < 1e-5
    torch.testing.assert_close(ns["weights"].sum(dim=-1), torch.ones(5))


def test_weights_look_at_self_then_neighbours(ns):
    assert all(ns["diagonal_is_max"].values())
    positions = torch.arange(12)
    for weights, rows in (
        (ns["full_weights"], slice(None)),
        (ns["causal_weights"], slice(1, None)),
    ):
        torch.testing.assert_close(weights.sum(dim=-1), torch.ones(12))
        second = weights.topk(2, dim=-1).indices[:, 1]
        assert ((second - positions)[rows].abs() == 1).all()
    assert len(ns["__figures__"]) == 1


def test_causal_mask(ns):
    causal = ns["causal_weights"]
    assert ns["causal_gap"] < 1e-5
    assert torch.all(causal.triu(diagonal=1) == 0)
    assert causal[0, 0].item() == pytest.approx(1.0)


def test_multihead_shapes_and_quadratic_growth(ns):
    assert tuple(ns["mha_out"].shape) == (2, 10, 32)
    assert tuple(ns["mha_weights"].shape) == (2, 10, 10)
    assert tuple(ns["per_head"].shape) == (2, 4, 10, 10)
    torch.testing.assert_close(ns["per_head"].mean(dim=1), ns["mha_weights"])
    sizes = ns["matrix_sizes"]
    assert sizes[8192] == 64 * sizes[1024] == 64 * 64 * sizes[128]
