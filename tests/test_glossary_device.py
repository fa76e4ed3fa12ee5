"""デバイス: the page picks an accelerator only when one is available, torch.device objects, Tensor.to vs Module.to,
and every result stays on the chosen device."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/device")


def test_device_follows_accelerator_availability(ns):
    if torch.accelerator.is_available():
        assert ns["device"] == torch.accelerator.current_accelerator().type
    else:
        assert ns["device"] == "cpu"


def test_device_objects(ns):
    gpu = ns["second_gpu"]
    assert (gpu.type, gpu.index) == ("cuda", 1)
    assert gpu == torch.device("cuda:1")
    assert ns["x"].device == torch.device("cpu")
    assert ns["x"].device.type == "cpu"


def test_tensor_to_returns_a_tensor_on_the_device(ns):
    device = torch.device(ns["device"])
    assert ns["x_on_device"].device.type == device.type
    assert ns["noise"].device.type == device.type
    assert (ns["x_on_device"] is ns["x"]) == (device.type == "cpu")  # no copy when already there
    assert ns["x"].device.type == "cpu"  # the original stays where it was


def test_module_to_moves_in_place(ns):
    assert ns["returned"] is ns["model"]
    assert all(p.device.type == ns["device"] for p in ns["model"].parameters())


def test_zero_dim_cpu_tensor_mixes_with_any_device(ns):
    assert ns["scale"].ndim == 0 and ns["scale"].device.type == "cpu"
    assert ns["scaled"].device.type == ns["device"]
    assert ns["scaled"].tolist() == [0.0, 2.0, 4.0]


def test_mismatch_error_only_where_an_accelerator_exists(ns):
    if ns["device"] != "cpu":
        assert "same device" in ns["mismatch_error"]
    else:
        assert ns["mismatch_error"] is None


def test_outputs_come_back_to_numpy(ns):
    assert ns["outputs"].device.type == ns["device"]
    assert ns["outputs_np"].shape == (8, 1)
    expected = ns["model"](ns["inputs"]).detach().cpu().numpy()
    assert ns["outputs_np"] == pytest.approx(expected)
