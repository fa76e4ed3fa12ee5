"""学習を速く・軽くする: autocast's dtypes, closeness to float32, halved activations, a working AMP loop.

Timings differ between runs and machines, so no test looks at the speed ratio
beyond its being a positive measurement.
"""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/speed")


def test_device_and_autocast_dtype(ns):
    expected = (
        torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    )
    assert ns["device"] == expected
    assert ns["amp_dtype"] == (torch.float16 if expected == "cuda" else torch.bfloat16)


def test_autocast_outputs_16_bit_while_parameters_and_loss_stay_float32(ns):
    assert ns["out_fp32"].dtype == torch.float32
    assert ns["out_amp"].dtype == ns["amp_dtype"]
    assert ns["loss_amp"].dtype == torch.float32
    assert all(p.dtype == torch.float32 for p in ns["bench"].parameters())


def test_autocast_output_is_close_to_float32(ns):
    assert 0 < ns["rel_err"] < 0.03
    torch.testing.assert_close(
        ns["out_amp"].float(),
        ns["out_fp32"],
        rtol=0.05,
        atol=0.03 * ns["out_fp32"].abs().max().item(),
    )


def test_activation_memory_halves_exactly(ns):
    assert ns["bytes_fp32"] == 2 * ns["bytes_amp"]
    # Five layers of outputs for 256 rows: 1024 + 1024 + 1024 + 1024 + 10 numbers each.
    assert ns["bytes_fp32"] == 256 * (4 * 1024 + 10) * 4


def test_timings_are_measured(ns):
    assert ns["t_fp32"] > 0 and ns["t_amp"] > 0
    assert ns["speedup"] == pytest.approx(ns["t_fp32"] / ns["t_amp"])


def test_amp_training_loop(ns):
    assert ns["scaler"].is_enabled() == (ns["device"] == "cuda")
    assert ns["train_loader"].num_workers == 0
    assert ns["train_loader"].pin_memory == (ns["device"] == "cuda")
    assert ns["test_acc"] >= 0.95


def test_answers(ns):
    assert ns["ex1_fp16"] == 0.0
    assert ns["ex1_bf16"] == pytest.approx(1e-8, rel=0.01)
    assert ns["ex2_mib"][torch.float32] == pytest.approx(64 * 3 * 224 * 224 * 4 / 2**20)
    assert ns["ex2_mib"][torch.bfloat16] * 2 == ns["ex2_mib"][torch.float32]
    assert ns["ex3_add"] == torch.float32
    assert ns["ex3_mm"] == ns["amp_dtype"]
