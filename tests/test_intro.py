"""はじめに: the demos on "PyTorch とは" and the environment report on "インストール"."""

import math
import platform
import sys

import pytest
import torch
import torchvision


@pytest.fixture(scope="module")
def what(snippet):
    return snippet("intro/what_is_pytorch")


@pytest.fixture(scope="module")
def install(snippet):
    return snippet("intro/install")


# -- PyTorch とは --------------------------------------------------------------
def test_python_if_picks_the_graph(what):
    assert what["branch"][3.0] == ("PowBackward0", pytest.approx(6.0))
    assert what["branch"][-1.0] == ("ExpBackward0", pytest.approx(math.exp(-1.0)))


def test_data_dependent_loop(what):
    steps = what["steps"]
    assert 0.3 * 2 ** (steps - 1) < 100 <= 0.3 * 2**steps
    assert what["x"].grad.item() == 2.0**steps


def test_autograd_matches_hand_derivative(what):
    for name in ("w", "b"):
        assert what["autograd"][name] == pytest.approx(what["manual"][name])
    assert what["autograd"]["w"] == pytest.approx(2 * (1.5 * 2.0 - 0.5 - 4.0) * 2.0)


def expected_device():
    if torch.accelerator.is_available():
        return torch.accelerator.current_accelerator().type
    return "cpu"


def test_device_is_what_this_machine_has(what):
    assert what["device"] == expected_device()
    assert what["product"].device.type == expected_device()
    expected = what["a"].cpu().double() @ what["a"].cpu().double().T
    assert torch.allclose(what["product"].cpu().double(), expected, rtol=1e-3, atol=1e-3)


# -- インストール --------------------------------------------------------------
def report_value(install, label):
    for line in install["report"].splitlines():
        if line.startswith(f"{label}: "):
            return line.removeprefix(f"{label}: ")
    raise AssertionError(f"no line {label!r} in the report")


def test_report_shows_the_running_python(install):
    shown = report_value(install, "Python")
    assert shown == platform.python_version()
    assert tuple(int(p) for p in shown.split(".")[:2]) == sys.version_info[:2]


def test_report_shows_torch_and_torchvision_versions(install):
    assert report_value(install, "torch").startswith(f"{torch.__version__}（")
    assert report_value(install, "torchvision") == torchvision.__version__
    assert report_value(install, "torch.version.cuda") == str(torch.version.cuda)
    assert report_value(install, "torch.version.hip") == str(torch.version.hip)
    assert report_value(install, "Apple の GPU（mps）が使えるか") == str(
        torch.backends.mps.is_available()
    )


def test_report_shows_accelerator_availability_and_device(install):
    available = torch.accelerator.is_available()
    built_in = torch.accelerator.current_accelerator()
    assert report_value(install, "アクセラレータが使えるか") == str(available)
    assert report_value(install, "組み込まれたアクセラレータ") == (
        built_in.type if built_in is not None else "なし"
    )
    assert install["device"] == expected_device()
    assert report_value(install, "計算に使ったデバイス").startswith(expected_device())
    assert install["check"].item() == 6.0


def test_verdict_follows_torch_accelerator(install):
    """Never 「CPU 版」 for a build that has an accelerator compiled in (CUDA, ROCm, XPU, MPS)."""
    verdict = install["verdict"]
    assert verdict in install["report"].splitlines()
    built_in = torch.accelerator.current_accelerator()
    if torch.accelerator.is_available():
        assert verdict.startswith(built_in.type) and "使えます" in verdict
    elif built_in is not None:
        assert "見つからない" in verdict and built_in.type in verdict
    else:
        assert "CPU 版" in verdict
    if built_in is not None:
        assert "CPU 版" not in verdict
