"""backward メソッド: gradients match the hand formula, accumulate, and need gradient/retain_graph."""

import math

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/backward_method")


def test_linear_regression_gradient_matches_hand_formula(ns):
    assert ns["loss"].item() > 0
    assert ns["accumulated"][0] == pytest.approx(ns["manual_w"], rel=1e-5)
    assert ns["cleared"][-1] == pytest.approx(ns["manual_w"], rel=1e-5)
    assert ns["manual_b"] != 0


def test_gradients_accumulate_unless_cleared(ns):
    g = ns["accumulated"][0]
    assert ns["accumulated"] == pytest.approx([g * k for k in range(1, 6)], rel=1e-5)
    assert ns["cleared"] == pytest.approx([g] * 5, rel=1e-6)
    assert len(ns["__figures__"]) == 1


def test_nonscalar_backward_needs_gradient(ns):
    assert "grad can be implicitly created only for scalar outputs" in ns["nonscalar_error"]
    assert ns["x"].grad.tolist() == pytest.approx([2.0, 4.0, 6.0])


def test_second_backward_needs_retain_graph(ns):
    assert "backward through the graph a second time" in ns["retain_error"]
    assert "retain_graph=True" in ns["retain_error"]
    expected = math.exp(3.0) * (3.0 + 1.0)  # d/da (a e^a) = e^a (a + 1)
    assert ns["first"] == pytest.approx(expected, rel=1e-5)
    assert ns["a"].grad.item() == pytest.approx(2 * expected, rel=1e-5)
