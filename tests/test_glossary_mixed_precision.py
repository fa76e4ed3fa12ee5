"""混合精度: the ranges of float16 and bfloat16, which ops autocast lowers on CPU, a small
gradient underflows in float16 only, and GradScaler recovers it."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/mixed_precision")


def test_ranges_and_sizes(ns):
    info, size = ns["info"], ns["bytes_per_element"]
    assert info[torch.float16].max == 65504.0
    assert info[torch.bfloat16].max > 1e38 and info[torch.float32].max > 1e38
    assert info[torch.bfloat16].eps > info[torch.float16].eps > info[torch.float32].eps
    assert [size[d] for d in ns["dtypes"]] == [4, 2, 2]


def test_autocast_lowers_matmul_but_not_sums_or_losses(ns):
    assert torch.get_autocast_dtype("cpu") == torch.bfloat16  # the CPU default the page names
    dtypes = list(ns["autocast_dtypes"].values())
    assert dtypes == [torch.bfloat16, torch.bfloat16, torch.float32, torch.float32, torch.float32]


def test_small_gradient_underflows_only_in_float16(ns):
    grads = ns["underflow"]
    # float16's smallest positive (subnormal) number is 2**-24
    assert torch.tensor(2.0**-24, dtype=torch.float16).item() == 2.0**-24
    assert torch.tensor(2.0**-26, dtype=torch.float16).item() == 0.0
    assert torch.all(grads[torch.float16] == 0)
    assert grads[torch.bfloat16].float().tolist() == pytest.approx([1e-8, 1e-8], rel=0.01)
    assert grads[torch.float32].tolist() == pytest.approx([1e-8, 1e-8], rel=1e-5)


def test_grad_scaler_recovers_the_gradient(ns):
    rel_error = ns["rel_error"]
    assert rel_error(ns["unscaled"]) > 0.1
    assert (ns["unscaled"] == 0).any()
    assert rel_error(ns["scaled"]) < 1e-2
    assert ns["scaler"].get_scale() == 65536.0
