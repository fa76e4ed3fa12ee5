"""全結合層: weight shape (out, in), y = x W^T + b, default init range, learned coefficients."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/linear_layer")


def test_weight_shape_is_out_by_in(ns):
    layer = ns["layer"]
    assert layer.weight.shape == (2, 3)
    assert layer.bias.shape == (2,)


def test_forward_is_xwt_plus_b(ns):
    assert ns["y"].shape == (4, 2)
    assert torch.allclose(ns["y"], ns["by_hand"], atol=1e-6)
    assert ns["layer"](ns["batch_of_sequences"]).shape == (5, 7, 2)


def test_default_init_range(ns):
    weights, bound = ns["weights"], ns["bound"]
    assert bound == pytest.approx(0.0625)
    assert weights.abs().max().item() <= bound
    assert weights.abs().max().item() > 0.95 * bound  # fills the range, not a narrower one
    assert weights.std().item() == pytest.approx(bound / 3**0.5, rel=0.05)  # uniform's std
    assert len(ns["__figures__"]) == 1


def test_learned_weights_match_true_coefficients(ns):
    learned = ns["learned"]
    true = torch.tensor(ns["true_coef"], dtype=torch.float32)
    assert learned.shape == (3,)
    assert torch.allclose(learned, true, atol=0.5)
    assert ns["model"].bias.item() == pytest.approx(0.0, abs=0.5)
