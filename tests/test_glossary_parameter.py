"""パラメータ: nn.Parameter registers, a plain tensor does not, and that decides what is trained."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/parameter")


def test_registration_counts(ns):
    assert ns["n_good"] == 2
    assert ns["n_plain"] == 0
    assert isinstance(ns["good"].weight, nn.Parameter)
    assert isinstance(ns["good"].weight, torch.Tensor)
    assert ns["good"].weight.requires_grad
    assert ns["plain"].weight.requires_grad  # has a grad flag, yet is not registered


def test_empty_parameter_list_is_refused(ns):
    assert "empty parameter list" in ns["empty_error"]


def test_registered_model_learns_the_line(ns):
    w, b, loss = ns["results"]["正しいモデル"]
    assert w == pytest.approx(0.7, abs=1e-3)
    assert b == pytest.approx(0.3, abs=1e-3)
    assert loss < 1e-6


def test_forgotten_bias_never_moves(ns):
    w, b, loss = ns["results"]["bias を包み忘れたモデル"]
    assert b == 0.0
    assert abs(w - 0.7) > 0.2
    assert loss > 1e-2
    assert ns["forgot_bias_grad"].abs().item() > 1.0  # gradients piled up, unused
    # Least squares through the origin: w = sum(xy) / sum(x^2)
    X, y = ns["X"], ns["y"]
    assert w == pytest.approx(((X * y).sum() / (X * X).sum()).item(), abs=1e-3)


def test_buffer_in_state_dict_not_in_parameters(ns):
    model = ns["model"]
    assert [n for n, _ in model.named_parameters()] == ["weight", "bias"]
    assert list(model.state_dict()) == ["weight", "bias", "scale"]


def test_plain_tensor_attribute_does_not_follow_double(ns):
    mixed = ns["mixed"]
    assert mixed.weight.dtype == torch.float64
    assert mixed.bias.dtype == torch.float32  # left behind, like a tensor left on the CPU by .to()
