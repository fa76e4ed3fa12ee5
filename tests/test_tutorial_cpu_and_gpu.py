"""CPU と GPU: the page tells the truth about the device, moves things correctly, and times sanely."""

import pytest
import torch

HAS_GPU = torch.cuda.is_available()


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/cpu_and_gpu")


def test_device_is_detected_not_assumed(ns):
    assert ns["has_gpu"] is HAS_GPU
    assert ns["device"] == torch.device("cuda" if HAS_GPU else "cpu")


def test_model_and_data_on_the_device(ns):
    assert ns["model_moved"] is ns["model"]  # Module.to moves in place
    assert ns["param_devices"] == [str(torch.device(ns["device"].type, 0) if HAS_GPU else "cpu")]
    assert ns["x"].device.type == ns["device"].type
    assert ns["out"].device.type == ns["device"].type
    assert ns["x_cpu"].device.type == "cpu"  # Tensor.to leaves the original where it was
    assert (ns["x"] is ns["x_cpu"]) is (not HAS_GPU)
    assert ns["out"].shape == (5, 2)
    assert torch.allclose(torch.from_numpy(ns["out_numpy"]), ns["out"].detach().cpu())


def test_timings_are_sane(ns):
    sizes = ns["sizes"]
    timings = ns["timings"]
    assert set(timings) == ({"cpu", "cuda"} if HAS_GPU else {"cpu"})
    for seconds in timings.values():
        assert len(seconds) == len(sizes)
        assert all(0 < s < 10 for s in seconds)
        # 4096 times the work is not orders of magnitude faster, whatever the machine's noise.
        assert seconds[-1] > seconds[0] / 10
    # On the CPU the largest product (2 GFLOP) takes longer than the smallest (0.5 MFLOP).
    assert timings["cpu"][-1] > timings["cpu"][0]


def test_measure_synchronises_and_returns_seconds(ns):
    calls = []
    result = ns["measure"](lambda: calls.append(1), torch.device("cpu"), repeats=3)
    assert len(calls) == 4  # one warm-up, then three timed runs
    assert result >= 0


def test_pin_memory_only_with_a_gpu(ns):
    assert ns["loader"].pin_memory is HAS_GPU
    assert ns["xb"].is_pinned() is HAS_GPU
    assert ns["xb_device"].device.type == ns["device"].type
    if HAS_GPU:
        assert ns["pin_error"] is None
        assert ns["pinned"].is_pinned()
    else:
        assert ns["xb_device"] is ns["xb"]  # .to("cpu", non_blocking=True) is a no-op
        assert ns["pin_error"].startswith("RuntimeError: ")


def test_draws_one_figure(ns):
    assert len(ns["__figures__"]) == 1
