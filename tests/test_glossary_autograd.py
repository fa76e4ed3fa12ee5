"""自動微分: autograd agrees with the chain rule, finite differences and a whole derivative."""

import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/autograd")


def test_square_at_two(ns):
    assert ns["x"].grad.item() == pytest.approx(4.0)


def test_chain_rule_matches_formula_and_finite_difference(ns):
    assert ns["autograd_value"] == pytest.approx(math.sin(4.0), abs=1e-6)
    assert ns["numeric_value"] == pytest.approx(ns["autograd_value"], abs=1e-5)


def test_autograd_grad_leaves_dot_grad_alone(ns):
    assert ns["grad_x3"].item() == pytest.approx(math.sin(4.0), abs=1e-6)
    assert ns["x3"].grad is None


def test_whole_derivative(ns):
    xs = ns["xs"].detach()
    assert xs.shape == (200,)
    torch.testing.assert_close(ns["dydx"], torch.sin(2 * xs), atol=1e-6, rtol=0)
    assert ns["max_error"] < 1e-6
    assert len(ns["__figures__"]) == 1
