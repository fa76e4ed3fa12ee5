"""バッチサイズ: iterations per epoch and the measured gradient noise against the formula."""

import itertools
import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/batch_size")


def test_iterations_per_epoch(ns):
    n = ns["N"]
    assert n == 1797
    for b, count in ns["iterations"].items():
        assert count == math.ceil(n / b)
    assert ns["iterations"][1] == 1797
    assert ns["iterations"][1024] == 2


def test_per_sample_gradients_average_to_the_full_gradient(ns):
    per_sample, full = ns["per_sample"], ns["full_grad"]
    assert per_sample.shape == (1797, 64 * 10 + 10)
    torch.testing.assert_close(per_sample.mean(dim=0), full, rtol=1e-4, atol=1e-6)
    assert max(ns["direct_gap"].values()) < 1e-5  # the matrix shortcut equals backward on the batch


def test_noise_falls_with_batch_size(ns):
    noise = [ns["noise"][b] for b in ns["batch_sizes"]]
    assert all(a > b for a, b in itertools.pairwise(noise))
    # 16x the batch size: about a quarter of the noise (finite-population factor aside)
    assert ns["noise"][64] / ns["noise"][1024] > 4


def test_noise_matches_the_formula(ns):
    for b in ns["batch_sizes"]:
        assert ns["noise"][b] == pytest.approx(ns["predicted"][b], rel=0.15)
    # sanity check on the formula itself at B = 1: sigma / ||g||
    assert ns["predicted"][1] == pytest.approx((ns["sigma"] / ns["full_grad"].norm()).item())
    assert len(ns["__figures__"]) == 1
