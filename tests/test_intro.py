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


def test_device_is_what_this_machine_has(what):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert what["device"] == expected
    assert what["product"].device.type == expected
    assert what["built_on"] == ("GPU" if torch.cuda.is_available() else "CPU")


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


def test_report_shows_cuda_availability_and_device(install):
    available = torch.cuda.is_available()
    assert report_value(install, "CUDA が使えるか") == str(available)
    has_gpu_line = any(line.startswith("GPU: ") for line in install["report"].splitlines())
    assert has_gpu_line == available
    device = report_value(install, "このページをビルドしたデバイス")
    assert device.startswith("cuda" if available else "cpu")
    assert install["check"].item() == 6.0


def test_verdict_agrees_with_the_build(install):
    if torch.version.cuda is None:
        assert install["verdict"].startswith("CPU 版")
    elif torch.cuda.is_available():
        assert "GPU が使えます" in install["verdict"]
    else:
        assert "見つからない" in install["verdict"]
