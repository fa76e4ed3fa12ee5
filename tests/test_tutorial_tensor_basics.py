"""テンソル入門: creation, dtypes and their errors, indexing, masks, NumPy sharing, devices."""

import numpy as np
import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/basics/tensor_basics")


def test_creation_shapes_and_default_dtypes(ns):
    assert ns["scalar"].shape == () and ns["scalar"].ndim == 0
    assert ns["vector"].shape == (3,) and ns["matrix"].shape == (2, 3)
    assert ns["vector"].dtype == ns["zeros"].dtype == torch.float32
    assert ns["matrix"].dtype == ns["steps"].dtype == torch.int64
    assert ns["steps"].tolist() == [0, 2, 4, 6, 8]  # the end value is excluded
    torch.manual_seed(0)
    assert torch.equal(ns["noise"], torch.randn(2, 3))  # seeded: the same numbers again


def test_dtype_mismatches_raise_and_conversions_fix_them(ns):
    assert "same dtype" in ns["dtype_error"]
    assert "Long" in ns["label_error"]
    assert ns["layer"].weight.dtype == torch.float32
    assert ns["x64"].element_size() == 2 * ns["zeros"].element_size() == 8
    expected = nn.functional.cross_entropy(ns["logits"], torch.tensor([0, 2]))
    assert ns["ce_loss"].item() == pytest.approx(expected.item())


def test_indexing_drops_dimensions_and_slices_share_memory(ns):
    scores = ns["scores"]
    assert scores[:, 1].shape == (3,) and scores[:, 1:2].shape == (3, 1)
    assert scores[0, 0].item() == 80  # restored after the demonstration
    assert ns["first_row"].data_ptr() == scores.data_ptr()


def test_masks(ns):
    assert ns["mask"].dtype == torch.bool and ns["mask"].shape == ns["scores"].shape
    assert ns["scores"][ns["mask"]].tolist() == [80, 90, 95, 88, 85]
    assert ns["in_range"].tolist() == [65, 72, 60, 70, 75]
    assert ns["class2"].tolist() == [[3.0, 4.0, 5.0], [9.0, 10.0, 11.0]]


def test_numpy_round_trip(ns):
    assert ns["from_np"].dtype == torch.float64
    assert ns["from_np"][0].item() == 100.0  # written through the NumPy array
    assert ns["as_float32"].dtype == torch.float32
    assert ns["as_float32"].data_ptr() != ns["from_np"].data_ptr()  # .float() copies
    back = ns["back"]
    assert isinstance(back, np.ndarray) and back.dtype == np.float32
    assert back.__array_interface__["data"][0] == ns["as_float32"].data_ptr()


def test_device(ns):
    available = torch.accelerator.is_available()
    expected = torch.accelerator.current_accelerator().type if available else "cpu"
    assert ns["device"] == expected
    assert ns["on_device"].device.type == expected
    np.testing.assert_allclose(ns["doubled"], 2 * ns["noise"].numpy())


def test_exercises(ns):
    assert ns["ex1_third"].tolist() == [70, 75, 85, 40]
    assert ns["ex1_fourth_subject"].tolist() == [72, 88, 40]
    assert ns["ex1_below_70"] == 4
    assert ns["ex2_labels"].dtype == torch.int64 and ns["ex2_labels"].tolist() == [1, 0, 2]
    expected = nn.functional.cross_entropy(ns["ex2_logits"], torch.tensor([1, 0, 2]))
    assert ns["ex2_loss"] == pytest.approx(expected.item())
    assert ns["ex3_same"] is True
    assert (ns["ex3_y"] >= 0).all() and (ns["ex3_x"] < 0).any()
