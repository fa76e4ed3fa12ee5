"""勾配のゼロクリア: backward() adds into .grad, zero_grad() sets it to None by default
(zeros with set_to_none=False), forgetting it spoils training, accumulation is exact."""

import itertools

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/zero_grad")


def test_backward_accumulates(ns):
    assert ns["grad_after_first"] == pytest.approx(4.0)
    assert ns["grad_after_second"] == pytest.approx(8.0)
    assert ns["w"].grad.item() == pytest.approx(8.0)


def test_two_backward_calls_double_the_model_gradient(ns):
    single = ns["single"]
    assert abs(single.item()) > 0.1
    torch.testing.assert_close(ns["doubled"], 2 * single)


def test_set_to_none_default_and_zeros(ns):
    import inspect

    assert (
        inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default is True
    )
    assert ns["zeroed"].tolist() == [[0.0]]


def test_none_skips_the_step_but_zero_keeps_momentum(ns):
    # the loop's last iteration is set_to_none=False: momentum 0.9 * 2 moved p by lr * 1.8
    assert ns["before"] == pytest.approx(0.8)
    assert ns["p"].item() == pytest.approx(0.8 - 0.1 * 1.8)


def test_forgetting_zero_grad_spoils_training(ns):
    good, bad = ns["histories"]["zero_grad() あり"], ns["histories"]["zero_grad() なし"]
    assert good[0] == pytest.approx(bad[0])  # same start
    assert all(b < a for a, b in itertools.pairwise(good))
    assert good[-1] < 0.02
    assert bad[-1] > 10 * good[-1]
    assert sum(b > a for a, b in itertools.pairwise(bad)) >= 10  # keeps bouncing up


def test_gradient_accumulation_matches_full_batch(ns):
    assert ns["accumulation_gap"] < 1e-5


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
