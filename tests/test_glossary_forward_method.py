"""forward メソッド: forward matches the formula; hooks fire on model(x) only."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/forward_method")


def test_output_shape(ns):
    assert ns["dummy_input"].shape == (2, 784)
    assert ns["output"].shape == (2, 10)


def test_forward_matches_formula(ns):
    assert ns["max_diff"] < 1e-6
    assert torch.allclose(ns["output"], ns["by_hand"], atol=1e-6)


def test_hook_runs_on_call_not_on_forward(ns):
    assert ns["calls_after_call"] == 1
    assert ns["calls_after_forward"] == 1  # model.forward(x) skipped the hook
    assert ns["hook_calls"] == [(2, 10)]
    assert torch.equal(ns["out_call"], ns["out_forward"])


def test_hooks_removed_afterwards(ns):
    model = ns["model"]
    assert not model._forward_hooks
    assert all(not layer._forward_hooks for layer in model.children())


def test_per_layer_shapes(ns):
    assert ns["shapes"] == {"fc1": (2, 128), "fc2": (2, 64), "fc3": (2, 10)}
