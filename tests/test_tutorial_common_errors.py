"""よくあるエラー（学習と自動微分）: every error is really raised with its known message, and every fix gives the right value."""

from pathlib import Path

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/common_errors")


def test_broadcasting_warns_and_gives_the_wrong_loss(ns):
    assert ns["broadcast_warning"].startswith("Using a target size (torch.Size([8]))")
    assert "different to the input size (torch.Size([8, 1]))" in ns["broadcast_warning"]
    perfect, target = ns["perfect"], ns["target"]
    assert perfect.shape == (8, 1) and target.shape == (8,)
    # The (8, 1) and (8,) pair becomes an 8 x 8 table of every output against every target.
    pairs = ((perfect - target.unsqueeze(0)) ** 2).mean()
    assert ns["loss_broadcast"].item() == pytest.approx(pairs.item())
    assert ns["loss_broadcast"].item() > 0.5  # 「損失は 0 になりません」
    assert ns["loss_fixed"].item() == pytest.approx(0.0, abs=1e-12)


def test_backward_on_a_non_scalar(ns):
    assert "grad can be implicitly created only for scalar outputs" in ns["scalar_error"]
    # d/dw mean((w x - y)^2) = 2/3 (w x - y) x with w = x = [1, 2, 3], y = 2.
    assert torch.allclose(ns["weights"].grad, torch.tensor([-2 / 3, 8 / 3, 14.0]))
    assert torch.allclose(ns["weights"].grad, ns["expected_grad"])


def test_backward_twice_through_a_graph_built_outside_the_loop(ns):
    assert "Trying to backward through the graph a second time" in ns["twice_error"]
    assert "retain_graph=True" in ns["twice_error"]
    # The fixed loop rebuilt the graph each step and took two optimiser steps.
    assert ns["squashed"].grad_fn is not None
    assert ns["scale"].item() != 1.0


def test_in_place_change_of_a_saved_output(ns):
    assert "modified by an inplace operation" in ns["inplace_error"]
    assert "is at version 1; expected version 0" in ns["inplace_error"]
    assert "set_detect_anomaly" in ns["inplace_error"]  # the prose points at the hint
    s = ns["w"].detach().sigmoid()
    assert torch.allclose(ns["w"].grad, s * (1 - s))  # only the fixed backward reached w


def test_in_place_update_of_a_leaf(ns):
    assert (
        "a leaf Variable that requires grad is being used in an in-place operation"
        in (ns["leaf_error"])
    )
    # One step of 0.1 * gradient (2 * param) from [1, 2]; the refused update changed nothing.
    assert torch.allclose(ns["param"].detach(), torch.tensor([0.8, 1.6]))
    assert ns["param"].requires_grad and ns["param"].is_leaf


def test_forgetting_zero_grad_accumulates_and_zero_grad_sets_none(ns):
    grads_forgot, p_forgot = ns["zero_grad_runs"][False]
    grads_ok, p_ok = ns["zero_grad_runs"][True]
    # Correct gradients of p^2 are 2p: 6, 4.8, 3.84 as p goes 3 -> 2.4 -> 1.92 -> 1.536.
    assert grads_ok == pytest.approx([6.0, 4.8, 3.84])
    assert p_ok == pytest.approx(1.536)
    # Without zero_grad each gradient is the sum of all so far: 6, 6 + 4.8, 10.8 + 2.64.
    assert grads_forgot == pytest.approx([6.0, 10.8, 13.44])
    assert p_forgot == pytest.approx(-0.024)
    assert ns["p"].grad is None  # since 2.0 zero_grad() sets the gradient to None, not 0


def test_numpy_of_a_tensor_that_requires_grad(ns):
    assert "Can't call numpy() on Tensor that requires grad" in ns["numpy_error"]
    assert ns["as_numpy"].tolist() == [0.5, -1.5]
    assert str(ns["as_numpy"].dtype) == "float32"


def test_exercises(ns):
    # 1: d(w^3)/dw = 3 w^2 = 12 at w = 2; the second backward adds another 12.
    assert ns["ex1_first"] == pytest.approx(12.0)
    assert ns["ex1_second"] == pytest.approx(2 * ns["ex1_first"])
    # 2: with the (8,) target the model learns the mean; with (8, 1) it learns y = 2x + 1.
    w_wrong, b_wrong = ns["ex2_results"]["形が違うまま"]
    w_fixed, b_fixed = ns["ex2_results"]["形をそろえた"]
    assert w_wrong == pytest.approx(0.0, abs=1e-3)
    assert b_wrong == pytest.approx(ns["target"].mean().item(), abs=1e-3)
    assert (w_fixed, b_fixed) == pytest.approx((2.0, 1.0), abs=1e-3)


def test_table_names_the_phrases_the_page_prints(ns):
    doc = ns["__doc__"]
    printed = {
        "Using a target size": ns["broadcast_warning"],
        "grad can be implicitly created only for scalar outputs": ns["scalar_error"],
        "Trying to backward through the graph a second time": ns["twice_error"],
        "modified by an inplace operation": ns["inplace_error"],
        "a leaf Variable that requires grad is being used in an in-place operation": ns[
            "leaf_error"
        ],
        "Can't call numpy() on Tensor that requires grad": ns["numpy_error"],
    }
    for phrase, message in printed.items():
        assert phrase in doc and phrase in message
    for label in ("broadcast", "scalar", "twice", "inplace", "leaf", "zero-grad", "numpy"):
        assert f":ref:`common-errors-{label}`" in doc
        assert f".. _common-errors-{label}:" in Path(ns["__file__"]).read_text(encoding="utf-8")
