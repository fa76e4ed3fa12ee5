"""モジュール: submodules, named parameters, counts, nesting and recursive operations."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/module")


def test_forward_and_children(ns):
    assert ns["output_data"].shape == (3, 1)
    assert list(ns["children"]) == ["hidden_layer", "output_layer"]


def test_named_parameters_and_count(ns):
    shapes = {name: tuple(p.shape) for name, p in ns["model"].named_parameters()}
    assert shapes == {
        "hidden_layer.weight": (5, 10),
        "hidden_layer.bias": (5,),
        "output_layer.weight": (1, 5),
        "output_layer.bias": (1,),
    }
    assert ns["n_params"] == ns["expected"] == 61


def test_nesting_doubles_parameters(ns):
    assert ns["nested_params"] == 2 * ns["n_params"]
    assert ns["nested_names"][:2] == ["first.hidden_layer.weight", "first.hidden_layer.bias"]
    assert len(ns["nested_names"]) == 8
    # TwoHeads + 2 SimpleModel + 4 Linear
    assert len(list(ns["nested"].modules())) == 7


def test_double_reaches_every_parameter(ns):
    assert set(ns["dtypes"].values()) == {torch.float64}
    assert ns["model"].hidden_layer.weight.dtype == torch.float32  # the other model is untouched


def test_plain_list_is_not_registered_but_module_list_is(ns):
    assert ns["plain_count"] == 0
    assert ns["module_list_count"] == 3 * (4 * 4 + 4)
