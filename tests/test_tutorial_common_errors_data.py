"""よくあるエラー（データ・画像・GPU）: every message is produced by running the code; GPU-only ones only with a GPU."""

from pathlib import Path

import pytest
import torch

EXPECTED_DEVICE = (
    torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
)


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/common_errors_data")


def test_linear_layer_of_the_wrong_size(ns):
    assert "mat1 and mat2 shapes cannot be multiplied (32x64 and 784x10)" in ns["shape_error"]
    assert ns["flat"].shape == (32, 64)
    assert ns["fixed_out"].shape == (32, 10)


def test_float64_input(ns):
    assert "mat1 and mat2 must have the same dtype" in ns["input_dtype_error"]
    assert ns["x64"].dtype == torch.float64
    assert ns["out32"].shape == (4, 1) and ns["out32"].dtype == torch.float32
    expected = ns["x64"].float() @ ns["linear"].weight.T + ns["linear"].bias
    assert torch.allclose(ns["out32"], expected)


def test_labels_of_the_wrong_type_and_range(ns):
    assert "expected target dtype to be Long" in ns["target_error"]
    logits = ns["logits"]
    expected = -(logits.log_softmax(dim=1)[[0, 1], [0, 1]]).mean()
    assert ns["ce_loss"].item() == pytest.approx(expected.item(), rel=1e-6)
    assert ns["manual_ce"].item() == pytest.approx(ns["ce_loss"].item(), rel=1e-6)
    assert ns["range_error"] == "Target 3 is out of bounds."
    assert ns["n_classes"] == 4
    assert torch.isfinite(ns["range_loss"])


def test_image_channels_and_sizes(ns):
    assert (
        "expected input[1, 3, 64, 96] to have 1 channels, but got 3 channels"
        in (ns["channel_error"])
    )
    assert ns["photo"].shape == (3, 64, 96)
    assert ns["gray_out"].shape == ns["color_out"].shape == (1, 16, 64, 96)
    assert "stack expects each tensor to be equal size" in ns["size_error"]
    assert "[3, 427, 640] at entry 0 and [3, 300, 400] at entry 1" in ns["size_error"]
    assert [tuple(image.shape) for image in ns["images"]] == [(3, 427, 640), (3, 300, 400)]
    assert ns["batch"].shape == (2, 3, 64, 64)
    assert ns["batch"].min() >= 0.0 and ns["batch"].max() <= 1.0


def test_device_mismatch_reproduced_with_meta_and_with_a_gpu_only_there(ns):
    assert ns["meta_error"] == "Tensor on device meta is not on the expected device cpu!"
    assert ns["device"] == EXPECTED_DEVICE
    assert ns["device_out"].device.type == EXPECTED_DEVICE
    assert ns["device_out"].shape == (4, 1)
    if EXPECTED_DEVICE == "cpu":
        assert ns["gpu_error"] is None
    elif EXPECTED_DEVICE == "cuda":
        assert "Expected all tensors to be on the same device" in ns["gpu_error"]


def test_out_of_memory_only_with_cuda(ns):
    if EXPECTED_DEVICE == "cuda":
        assert "CUDA out of memory. Tried to allocate" in ns["oom_error"]
    else:
        assert ns["oom_error"] is None
    assert issubclass(torch.OutOfMemoryError, RuntimeError)


def test_exercises(ns):
    assert ns["ex1_targets"].tolist() == [0, 2, 1, 0]
    manual = -(ns["ex1_logits"].log_softmax(dim=1)[range(4), ns["ex1_targets"]]).mean()
    assert ns["ex1_loss"].item() == pytest.approx(manual.item(), rel=1e-6)
    assert ns["ex2_hwc"].shape == (64, 64, 3)
    # The height (64) was read as the number of channels.
    assert "to have 3 channels, but got 64 channels" in ns["ex2_error"]
    assert ns["ex2_out"].shape == (1, 8, 62, 62)


def test_table_names_the_phrases_the_page_prints(ns):
    doc = ns["__doc__"]
    source = Path(ns["__file__"]).read_text(encoding="utf-8")
    printed = {
        "mat1 and mat2 shapes cannot be multiplied": ns["shape_error"],
        "mat1 and mat2 must have the same dtype": ns["input_dtype_error"],
        "expected target dtype to be Long": ns["target_error"],
        "Target 3 is out of bounds": ns["range_error"],
        "to have 1 channels, but got 3 channels": ns["channel_error"],
        "stack expects each tensor to be equal size": ns["size_error"],
        "is not on the expected device": ns["meta_error"],
    }
    for phrase, message in printed.items():
        assert phrase in doc and phrase in message
    labels = ("shape", "input-dtype", "target-dtype", "target-range", "channels", "image-size")
    for label in (*labels, "device", "oom"):
        assert f":ref:`common-errors-{label}`" in doc and f".. _common-errors-{label}:" in source
    # Labels are site-wide: none is defined on both error pages.
    other = (Path(ns["__file__"]).parent / "common_errors.py").read_text(encoding="utf-8")
    for label in (*labels, "device", "oom"):
        assert f".. _common-errors-{label}:" not in other
