"""CPU と GPU: the page tells the truth about the device, moves things correctly, and times sanely.

Timings differ from run to run, so no test compares one timing with another.
"""

import math

import pytest
import torch

EXPECTED_DEVICE = (
    torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
)


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/cpu_and_gpu")


def test_device_is_detected_not_assumed(ns):
    assert ns["device"] == EXPECTED_DEVICE
    # current_accelerator() names the compiled-in backend, present or not.
    assert ns["compiled_in"] == torch.accelerator.current_accelerator()
    if not torch.accelerator.is_available():
        assert ns["device"] == "cpu"


def test_module_to_moves_in_place_and_tensor_to_returns_self_or_copy(ns):
    device = ns["device"]
    assert ns["model_moved"] is ns["model"]
    assert ns["param_devices"] == [device]
    assert ns["x"].device.type == device and ns["out"].device.type == device
    assert ns["noise"].device.type == device
    assert ns["x_cpu"].device.type == "cpu"  # the original stays where it was
    # The prose: itself when nothing changes (on a CPU-only machine), a copy otherwise.
    assert (ns["x"] is ns["x_cpu"]) is (device == "cpu")
    assert ns["x64"] is not ns["x_cpu"] and ns["x64"].dtype == torch.float64
    assert torch.equal(ns["x"].cpu(), ns["x_cpu"])
    assert ns["out"].shape == (5, 2)
    assert torch.allclose(torch.from_numpy(ns["out_numpy"]), ns["out"].detach().cpu())


def test_timings_are_measured_on_each_device(ns):
    sizes, timings = ns["sizes"], ns["timings"]
    assert set(timings) == {"cpu", ns["device"]}
    for seconds in timings.values():
        assert len(seconds) == len(sizes)
        assert all(0 < s < 10 and math.isfinite(s) for s in seconds)
    assert (sizes[-1] / sizes[-2]) ** 3 == 8  # 「計算量は 8 倍」


def test_measure_warms_up_then_takes_the_median(ns):
    calls = []
    result = ns["measure"](lambda: calls.append(1), "cpu", repeats=3)
    assert len(calls) == 4  # one warm-up, then three timed runs
    assert result >= 0


def test_pin_memory_only_with_cuda(ns):
    use_pinned = ns["device"] == "cuda"
    assert ns["use_pinned"] is use_pinned
    assert ns["loader"].pin_memory is use_pinned
    assert ns["xb"].is_pinned() is use_pinned
    assert ns["xb_device"].device.type == ns["device"]
    if use_pinned:
        assert set(ns["transfer_times"]) == {
            "ページング可能なメモリから", "ピン留めしてから", "ピン留め済みのメモリから"
        }  # fmt: skip
        assert ns["pinned"].is_pinned() and not ns["big"].is_pinned()
    else:
        assert ns["transfer_times"] == {}
        if ns["device"] == "cpu":
            assert ns["xb_device"] is ns["xb"]  # .to("cpu") returns the tensor itself


def test_exercises(ns):
    assert ns["ex1_same"] == {
        't.to("cpu")': True,
        't.to("cpu", copy=True)': False,
        "t.to(torch.float16)": False,
    }
    assert ns["ex2_devices"] == ["cpu"]
    assert ns["ex2_same_output"] is True
    for name, value in ns["model"].state_dict().items():
        assert torch.equal(ns["ex2_model"].state_dict()[name], value.cpu())
    assert not ns["path"].exists()  # written into a temporary directory, then removed


def test_figure_shows_what_was_measured(ns):
    figures = ns["__figures__"]
    assert len(figures) == 1
    ax = figures[0].axes[0]
    assert ax.get_title() and "このページを実行したマシン" in ax.get_title()
    lines = ax.get_lines()
    assert len(lines) == len(ns["timings"]) + 1  # one per device, plus the n³ guide
    for line, seconds in zip(lines, ns["timings"].values(), strict=False):
        assert list(line.get_ydata()) == pytest.approx([s * 1e3 for s in seconds])
