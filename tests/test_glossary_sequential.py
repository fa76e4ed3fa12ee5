"""シーケンシャル: the seed's CNN runs, shapes change as stated, slicing and names work."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/sequential")


def test_model_is_sequential_of_ten_layers(ns):
    model = ns["model"]
    assert isinstance(model, nn.Sequential)
    assert len(model) == 10


def test_shape_trace(ns):
    shapes = [shape for _, shape in ns["trace"]]
    assert shapes[0] == (4, 1, 28, 28)
    assert shapes[3] == (4, 32, 14, 14)  # after the first pooling
    assert shapes[6] == (4, 64, 7, 7)
    assert shapes[7] == (4, 64 * 7 * 7)
    assert shapes[-1] == (4, 10)
    assert len(shapes) == 11


def test_layer_by_layer_equals_call(ns):
    assert torch.equal(ns["x"], ns["output"])


def test_sizes_for_figure(ns):
    assert ns["sizes"][0] == 28 * 28
    assert ns["sizes"][1] == 32 * 28 * 28
    assert ns["sizes"][3] == ns["sizes"][1] // 4  # 2x2 pooling keeps a quarter
    assert ns["sizes"][-1] == 10
    assert len(ns["__figures__"]) == 1


def test_slicing_and_names(ns):
    assert isinstance(ns["features"], nn.Sequential)
    assert ns["features"](ns["images"]).shape == (4, 3136)
    named = ns["named"]
    assert isinstance(named.hidden, nn.Linear)
    assert [n for n, _ in named.named_parameters()] == [
        "hidden.weight",
        "hidden.bias",
        "out.weight",
        "out.bias",
    ]
