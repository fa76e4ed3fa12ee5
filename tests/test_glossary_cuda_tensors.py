"""CUDA テンソル: the seed's doubling runs on whichever device exists, .cuda() fails loudly
without a GPU, and the mixed-device error is shown only where a GPU exists."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/cuda_tensors")


def test_doubling_on_the_chosen_device(ns):
    available = torch.accelerator.is_available()
    expected = torch.accelerator.current_accelerator().type if available else "cpu"
    assert ns["device"] == expected
    assert ns["x"].device.type == expected
    assert ns["x"].is_cuda == (expected == "cuda")
    assert ns["y"].device == ns["x"].device
    assert ns["y_back"].device.type == "cpu"
    assert ns["y_back"].tolist() == [2.0, 4.0, 6.0]
    assert ns["x_cpu"].device.type == "cpu"  # .to() left the original where it was


def test_cuda_call(ns):
    if torch.cuda.is_available():
        assert ns["cuda_error"] is None
        assert ns["x_gpu"].is_cuda
        assert "same device" in ns["mismatch_error"]
    else:
        assert ns["cuda_error"] is not None
        assert ns["cuda_error"].startswith(("RuntimeError", "AssertionError"))
        assert ns["mismatch_error"] is None


def test_matmul_timings_are_measured(ns):
    timings = ns["timings"]
    assert set(timings) == ({"cpu", "cuda"} if torch.cuda.is_available() else {"cpu"})
    assert all(0 < seconds < 10 for seconds in timings.values())
