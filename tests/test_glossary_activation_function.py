"""活性化関数: curves, autograd derivatives against their formulas, and collapse without them."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/activation_function")


def test_curves(ns):
    x = ns["x"].detach()
    values = ns["values"]
    assert torch.equal(values["ReLU"], x.clamp(min=0))
    assert torch.allclose(values["シグモイド"], 1 / (1 + torch.exp(-x)), atol=1e-6)
    assert torch.allclose(values["tanh"], torch.tanh(x), atol=1e-6)


def test_derivatives_match_formulas(ns):
    x = ns["x"].detach()
    d = ns["derivatives"]
    s = torch.sigmoid(x)
    assert torch.allclose(d["シグモイド"], s * (1 - s), atol=1e-6)
    assert torch.allclose(d["tanh"], 1 - torch.tanh(x) ** 2, atol=1e-6)
    assert torch.equal(d["ReLU"], (x > 0).float())
    assert d["シグモイド"].max().item() == pytest.approx(0.25, abs=1e-4)
    assert d["tanh"].max().item() == pytest.approx(1.0, abs=1e-4)


def test_relu_gradient_at_zero_is_zero(ns):
    assert ns["zero"].grad.item() == 0.0


def test_linear_layers_collapse_without_activation(ns):
    assert torch.allclose(ns["stacked"], ns["single"], atol=1e-6)
    assert not torch.allclose(ns["with_relu"], ns["single"], atol=1e-6)


def test_two_figures(ns):
    assert len(ns["__figures__"]) == 2
