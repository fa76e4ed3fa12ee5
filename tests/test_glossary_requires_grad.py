"""requires_grad: defaults, the OR rule, integer tensors, freezing a layer and detach."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/requires_grad")


def test_defaults(ns):
    assert ns["data"].requires_grad is False
    assert ns["w"].requires_grad and ns["w"].is_leaf
    assert ns["b"].requires_grad
    assert ns["layer"].weight.requires_grad


def test_result_requires_grad_is_or_of_inputs(ns):
    assert ns["table"].tolist() == [[False, True], [True, True]]
    assert ns["grad_fns"][(False, False)] == "None"
    assert ns["grad_fns"][(True, False)] == "AddBackward0"
    assert len(ns["__figures__"]) == 1
    # ... but only for differentiable operations
    assert ns["argmax_requires_grad"] is False
    assert ns["compare_requires_grad"] is False


def test_integer_tensor_cannot_require_grad(ns):
    assert "Only Tensors of floating point and complex dtype" in ns["int_error"]


def test_frozen_layer_gets_no_gradient(ns):
    model = ns["model"]
    assert model[0].weight.grad is None and model[0].bias.grad is None
    assert model[2].weight.grad is not None
    assert (ns["trainable"], ns["total"]) == (3 + 1, 2 * 3 + 3 + 3 + 1)


def test_detach_shares_data_without_grad(ns):
    assert ns["detached"].requires_grad is False
    assert ns["detached"].data_ptr() == ns["w"].data_ptr()


def test_in_place_edit_of_a_detached_tensor_breaks_backward(ns):
    assert ns["v"].tolist() == [11.0, 12.0]
    assert "modified by an inplace operation" in ns["inplace_error"]
