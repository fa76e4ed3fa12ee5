"""自動微分: the graph, backward vs the hand derivative, accumulation, retain_graph, detach,
no_grad / inference_mode, autograd.grad, and gradient descent to f'(x) = 0."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/basics/autograd_basics")


def test_graph_records_the_computation(ns):
    assert ns["x"].is_leaf and ns["x"].grad_fn is None
    assert not ns["y"].is_leaf and ns["y"].requires_grad
    assert ns["parents"] == ["MulBackward0", "SinBackward0"]


def test_backward_matches_the_hand_derivative(ns):
    assert ns["grad_once"] == pytest.approx(ns["hand_at_3"], rel=1e-6)
    assert ns["hand_at_3"] == pytest.approx(3 + torch.cos(torch.tensor(3.0)).item())
    xs = ns["xs"]
    torch.testing.assert_close(xs.grad, xs.detach() + torch.cos(xs.detach()))
    assert ns["max_diff"] < 1e-6
    assert "only for scalar outputs" in ns["scalar_error"]


def test_gradients_accumulate(ns):
    assert ns["grad_twice"] == pytest.approx(2 * ns["grad_once"])
    assert ns["ex2_accumulated"] == 18.0
    assert ns["ex2_fixed"] == [6.0, 6.0, 6.0]


def test_graph_is_freed_after_backward(ns):
    assert "backward through the graph a second time" in ns["second_error"]
    assert "retain_graph=True" in ns["second_error"]
    assert ns["grad_retained"] == pytest.approx(2 * ns["grad_once"])


def test_detach_no_grad_and_inference_mode(ns):
    assert "detach().numpy()" in ns["numpy_error"]
    assert not ns["x_detached"].requires_grad and ns["shares"] is True
    assert "in-place operation" in ns["inplace_error"]
    assert ns["x"].item() == 3.0  # the failed in-place update changed nothing
    assert not ns["in_no_grad"].requires_grad and not ns["in_no_grad"].is_inference()
    assert not ns["in_inference"].requires_grad and ns["in_inference"].is_inference()
    assert "Inference tensors cannot be saved for backward" in ns["inference_error"]


def test_autograd_grad_leaves_dot_grad_alone(ns):
    assert ns["grad_at_3"].item() == pytest.approx(ns["hand_at_3"], rel=1e-6)
    # .grad was cleared before the call and autograd.grad did not fill it
    # (the descent loop afterwards uses its own tensor w).
    assert ns["x"].grad is None


def test_gradient_descent_reaches_the_minimum(ns):
    path = torch.tensor(ns["path"])
    assert len(path) == 21 and path[0].item() == 3.0
    assert torch.all(path[1:] < path[:-1])  # the slope is positive: x moves left
    values = ns["f"](path)
    assert torch.all(values[1:11] < values[:10])  # f falls at every early step
    assert torch.all(values[1:] <= values[:-1] + 1e-6)  # and never rises
    # The minimum solves x + cos x = 0, x ≈ -0.739085.
    assert ns["w"].item() == pytest.approx(-0.739085, abs=1e-3)
    assert abs(ns["slope_at_end"].item()) < 1e-3
    figures = ns["__figures__"]
    assert len(figures) == 1 and figures[0].axes[0].get_title()


def test_exercise_derivative_of_x_exp_minus_x(ns):
    x = ns["ex1_x"].detach()
    torch.testing.assert_close(ns["ex1_x"].grad, (1 - x) * torch.exp(-x))
    torch.testing.assert_close(ns["ex1_x"].grad, ns["ex1_hand"])
    assert ns["ex1_x"].grad[1].item() == pytest.approx(0.0, abs=1e-7)
