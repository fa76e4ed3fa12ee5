"""勾配: autograd's gradient field of x^2 + 3y^2, descent along -grad, shapes and retain_grad."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/gradient")


def test_gradient_at_one_one(ns):
    assert ns["point"].grad.tolist() == pytest.approx([2.0, 6.0])


def test_field_is_the_analytic_gradient(ns):
    grid = ns["grid"].detach()
    assert grid.shape == (9, 11, 2)
    expected = torch.stack([2 * grid[..., 0], 6 * grid[..., 1]], dim=-1)
    torch.testing.assert_close(ns["field"], expected)


def test_descent_path_goes_downhill(ns):
    path, f = ns["path"], ns["f"]
    assert path.shape == (16, 2)
    values = f(path)
    assert torch.all(values[1:] < values[:-1])
    # x shrinks by (1 - 0.1 * 2) and y by (1 - 0.1 * 6) each step
    assert path[-1, 0].item() == pytest.approx(-1.8 * 0.8**15, rel=1e-4)
    assert abs(path[-1, 1].item()) < 1e-5
    assert len(ns["__figures__"]) == 1


def test_gradient_has_the_parameter_shape(ns):
    assert ns["grad_before"] is None
    assert ns["layer"].weight.grad.shape == ns["layer"].weight.shape == (2, 3)


def test_retain_grad_keeps_the_intermediate_gradient(ns):
    assert ns["hidden"].grad.item() == pytest.approx(12.0)
    assert ns["u"].grad.item() == pytest.approx(36.0)
