"""勾配と学習率 (seed 003, theory part): autograd matches the derivative; r = 1 - ηL'' decides."""

from itertools import pairwise

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/regression/gradient_and_learning_rate")


def test_loss_and_derivative_follow_the_seed(ns):
    assert (ns["x_data"], ns["bias"], ns["target"]) == (2.0, 1.0, 5.0)
    assert ns["optimal_w"] == 2.0
    assert ns["loss_fn"](2.0) == 0.0
    # The derivative is the slope of the loss: compare with a central difference.
    for w in (-1.0, 0.5, 3.5):
        h = 1e-6
        slope = (ns["loss_fn"](w + h) - ns["loss_fn"](w - h)) / (2 * h)
        assert ns["dloss_dw"](w) == pytest.approx(slope, rel=1e-6)


def test_autograd_matches_the_analytic_derivative(ns):
    assert len(ns["autograd_grads"]) == len(ns["check_ws"]) == 5
    assert ns["max_grad_gap"] < 1e-5
    assert ns["autograd_grads"] == pytest.approx([-24.0, -12.0, 0.0, 12.0, 32.0])


def test_each_step_multiplies_the_distance_by_r(ns):
    path = ns["path"]
    assert len(path) == 16 and path[0] == 0.5
    # r = 1 - η L'' = 1 - 0.1 * 2 * 2^2 = 0.2, as printed.
    assert ns["ratios"] == pytest.approx([0.2] * 5, rel=1e-9)
    errors = [abs(p - 2.0) for p in path]
    for a, b in pairwise(errors[:10]):
        assert b == pytest.approx(0.2 * a, rel=1e-6)
    # The seed prints an error of 0.000012; its own code gives about 4.9e-11.
    assert ns["final_error"] == pytest.approx(1.5 * 0.2**15, rel=1e-3)
    assert f"{ns['final_error']:.6f}" == "0.000000"


def test_seeds_learning_rate_demo_neither_oscillates_nor_diverges(ns):
    runs = ns["seed_runs"]
    assert runs[0.5] == [0.1, 2.0]  # lands on the optimum in one step
    for lr in (0.001, 0.01, 0.1):
        errors = [w - 2.0 for w in runs[lr]]
        assert len(errors) == 21
        assert all(e < 0 for e in errors)  # approaches from one side only
        assert all(abs(b) < abs(a) for a, b in pairwise(errors))


def test_curvature_puts_the_four_rates_in_three_regimes(ns):
    c = ns["curvature"]
    assert c == 18.0
    assert 0.001 < 0.01 < 1 / c < 0.1 < 2 / c < 0.5


def test_behaviours_and_speed_follow_r(ns):
    runs = ns["runs"]
    err = {lr: [w - 2.0 for w in hist] for lr, hist in runs.items()}
    for hist in runs.values():
        assert len(hist) == 21 and hist[0] == 0.1
    # 0.5 diverges: |w - w*| grows every step, flipping sides.
    assert abs(runs[0.5][-1]) > 1e15
    assert all(abs(b) > abs(a) for a, b in pairwise(err[0.5]))
    # 0.1 oscillates: the sign of w - w* alternates every step, and it still converges.
    assert all(a * b < 0 for a, b in pairwise(err[0.1]))
    # 0.001 and 0.01 approach from one side.
    for lr in (0.001, 0.01):
        assert all(e < 0 for e in err[lr])
    # What is left after 20 steps is |r|^20: the prose says 0.1 ends closer than 0.01.
    for lr, left in ns["remaining"].items():
        assert left == pytest.approx(abs(1 - lr * 18) ** 20, rel=1e-6)
    assert ns["remaining"][0.1] < ns["remaining"][0.01] < ns["remaining"][0.001] < 1
    assert ns["behaviours"] == {
        0.001: "一方の側から近づく",
        0.01: "一方の側から近づく",
        0.1: "振動しながら近づく",
        0.5: "発散する",
    }


def test_exercise_rates_around_one_and_two_over_curvature(ns):
    runs = ns["ex1_runs"]
    fastest, below, above = (runs[lr] for lr in sorted(runs))
    assert fastest[1] == pytest.approx(2.0, abs=1e-12)  # η = 1/L'': one step
    assert all(w == pytest.approx(2.0, abs=1e-12) for w in fastest[1:])
    assert abs(below[-1] - 2.0) < abs(below[0] - 2.0)  # 0.11 < 2/L'': still converges
    assert all(a * b < 0 for a, b in pairwise([w - 2.0 for w in below]))
    assert abs(above[-1] - 2.0) > abs(above[0] - 2.0)  # 0.115 > 2/L'': diverges


def test_exercise_bias_gradient(ns):
    assert ns["ex2_bias_grad"] == pytest.approx(2 * (0.5 * 2.0 + 1.0 - 5.0))


def test_draws_two_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert len(figures[0].axes) == 2
    assert len(figures[1].axes) == 4
    assert figures[1].axes[3].get_yscale() == "symlog"
