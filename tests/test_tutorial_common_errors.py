"""よくあるエラー: every error is really raised with its known message, and every fix gives the right value."""

import pytest
import torch

HAS_GPU = torch.cuda.is_available()


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/common_errors")


def test_shape_mismatch(ns):
    assert "mat1 and mat2 shapes cannot be multiplied" in ns["shape_error"]
    assert "(32x64 and 784x10)" in ns["shape_error"]
    assert ns["flat"].shape == (32, 64)
    assert ns["fixed_out"].shape == (32, 10)


def test_backward_on_a_non_scalar(ns):
    assert "grad can be implicitly created only for scalar outputs" in ns["scalar_error"]
    # d/dw mean((w x - y)^2) = 2/3 (w x - y) x with w = x = [1, 2, 3], y = 2.
    assert torch.allclose(ns["weights"].grad, torch.tensor([-2 / 3, 8 / 3, 14.0]))
    assert torch.allclose(ns["weights"].grad, ns["expected_grad"])


def test_in_place_update_of_a_leaf(ns):
    assert (
        "a leaf Variable that requires grad is being used in an in-place operation"
        in (ns["leaf_error"])
    )
    # One step of 0.1 * gradient (2 * param) from [1, 2]; the refused update changed nothing.
    assert torch.allclose(ns["param"].detach(), torch.tensor([0.8, 1.6]))
    assert ns["param"].requires_grad and ns["param"].is_leaf


def test_forgetting_zero_grad_accumulates(ns):
    # Correct gradients of p^2 are 2p: 6, 4.8, 3.84 as p goes 3 -> 2.4 -> 1.92 -> 1.536.
    assert ns["grads_ok"] == pytest.approx([6.0, 4.8, 3.84])
    assert ns["p_ok"] == pytest.approx(1.536)
    # Without zero_grad each gradient is the sum of all so far: 6, 6 + 4.8, 10.8 + 2.64.
    assert ns["grads_forgot"] == pytest.approx([6.0, 10.8, 13.44])
    assert ns["p_forgot"] == pytest.approx(-0.024)


def test_float_target_for_cross_entropy(ns):
    assert "expected target dtype to be Long" in ns["target_error"]
    assert "Float" in ns["target_error"]
    logits = ns["logits"]
    expected = -(logits.log_softmax(dim=1)[[0, 1], [0, 1]]).mean()
    assert ns["ce_loss"].item() == pytest.approx(expected.item(), rel=1e-6)
    assert ns["manual_ce"].item() == pytest.approx(ns["ce_loss"].item(), rel=1e-6)


def test_float64_input(ns):
    assert "mat1 and mat2 must have the same dtype" in ns["input_dtype_error"]
    assert ns["x64"].dtype == torch.float64
    assert ns["out32"].shape == (4, 1) and ns["out32"].dtype == torch.float32
    expected = ns["x64"].float() @ ns["linear"].weight.T + ns["linear"].bias
    assert torch.allclose(ns["out32"], expected)


def test_wrong_device_only_with_a_gpu(ns):
    if HAS_GPU:
        assert "Expected all tensors to be on the same device" in ns["device_error"]
        assert ns["out_gpu"].device.type == "cuda"
    else:
        assert ns["device_error"] is None
        assert "model_gpu" not in ns


def test_numpy_of_a_tensor_that_requires_grad(ns):
    assert "Can't call numpy() on Tensor that requires grad" in ns["numpy_error"]
    assert ns["as_numpy"].tolist() == [0.5, -1.5]
    assert str(ns["as_numpy"].dtype) == "float32"


def test_table_names_the_phrases_the_tests_check(ns):
    doc = ns["__doc__"]
    for phrase in (
        "mat1 and mat2 shapes cannot be multiplied",
        "grad can be implicitly created only for scalar outputs",
        "a leaf Variable that requires grad is being used in an in-place operation",
        "expected target dtype to be Long",
        "mat1 and mat2 must have the same dtype",
        "Expected all tensors to be on the same device",
        "Can't call numpy() on Tensor that requires grad",
    ):
        assert phrase in doc
