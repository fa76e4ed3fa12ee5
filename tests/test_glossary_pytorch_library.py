"""PyTorch: the environment report and define-by-run through Python control flow."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/pytorch_library")


def test_device_matches_the_machine(ns):
    if torch.accelerator.is_available():
        assert ns["device"] == torch.accelerator.current_accelerator().type
    else:
        assert ns["device"] == "cpu"
    assert ns["c"].device.type == ns["device"]
    assert ns["c"].shape == (256, 256)


def test_matmul_on_device_is_a_real_product(ns):
    expected = ns["a"].cpu().double() @ ns["b"].cpu().double()
    assert torch.allclose(ns["c"].cpu().double(), expected, rtol=1e-3, atol=1e-3)


def test_positive_branch_loops_three_times(ns):
    value, grad, ops = ns["results"][1.5]
    assert value == pytest.approx((1.5 * 2**3) ** 2)  # 12 ** 2
    assert grad == pytest.approx(2 * 4**3 * 1.5)  # f'(x) = 2 * 4^k * x
    assert ops == ["PowBackward0"] + ["MulBackward0"] * 3 + ["AccumulateGrad"]


def test_negative_branch_records_a_different_graph(ns):
    value, grad, ops = ns["results"][-3.0]
    assert value == pytest.approx(12.0)
    assert grad == pytest.approx(-(2**2))  # f'(x) = -2^k
    assert ops == ["NegBackward0"] + ["MulBackward0"] * 2 + ["AccumulateGrad"]
