"""データ型: defaults, sizes and precision, promotion, and the Long/Float mistakes."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/dtype")


def test_default_dtypes(ns):
    assert list(ns["defaults"].values()) == [
        torch.int64,
        torch.float32,
        torch.bool,
        torch.float64,
    ]


def test_sizes_and_precision(ns):
    assert ns["sizes"] == {
        "float64": 8,
        "float32": 4,
        "bfloat16": 2,
        "float16": 2,
        "int64": 8,
        "int32": 4,
        "uint8": 1,
        "bool": 1,
    }
    assert ns["eps"]["float32"] == 2.0**-23
    assert ns["eps"]["bfloat16"] > ns["eps"]["float16"] > ns["eps"]["float32"]
    assert len(ns["__figures__"]) == 1


def test_limits_show_in_values(ns):
    assert ns["big"].item() == 2**24  # 2**24 + 1 rounds to 2**24 in float32


def test_promotion_rules(ns):
    assert list(ns["promotions"].values()) == [
        torch.float32,
        torch.float32,
        torch.int32,
        torch.float16,
        torch.float32,
    ]


def test_long_float_mistakes(ns):
    assert "mat1 and mat2 must have the same dtype" in ns["linear_error"]
    assert ns["fixed"].dtype == torch.float32
    assert "Long" in ns["label_error"] and "Float" in ns["label_error"]
    assert ns["ce"].item() == pytest.approx(
        torch.nn.functional.cross_entropy(ns["logits"], torch.tensor([0, 2])).item()
    )
