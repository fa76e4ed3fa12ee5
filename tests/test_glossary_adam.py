"""Adam: the textbook update with bias correction is what torch.optim.Adam computes,
the first step is about lr whatever the gradient's size, and the valley paths."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/adam")


def test_defaults_are_the_documented_ones(ns):
    defaults = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults
    assert defaults["lr"] == ns["lr"] == 1e-3
    assert defaults["betas"] == (ns["beta1"], ns["beta2"]) == (0.9, 0.999)
    assert defaults["eps"] == ns["eps"] == 1e-8


def test_hand_written_update_matches_torch(ns):
    assert ns["adam_gap"] < 1e-7
    state = ns["state"]
    assert int(state["step"]) == 5
    torch.testing.assert_close(state["exp_avg"], ns["m"], rtol=1e-5, atol=0)
    torch.testing.assert_close(state["exp_avg_sq"], ns["v"], rtol=1e-5, atol=0)


def test_first_step_is_lr_whatever_the_gradient(ns):
    grad = ns["first_grad"]
    assert grad.tolist() == pytest.approx([-2000.0, -0.002], rel=1e-6)
    # each coordinate moved by lr * |g| / (|g| + eps): about 0.001 for a 10**6 spread of gradients
    expected = ns["lr"] * grad.abs() / (grad.abs() + ns["eps"])
    torch.testing.assert_close(ns["first_step"], expected, rtol=1e-5, atol=0)
    assert ns["first_step"].tolist() == pytest.approx([1e-3, 1e-3], rel=1e-4)


def test_valley_paths(ns):
    valley, paths = ns["valley"], ns["paths"]
    final = {name: float(valley(path[-1])) for name, path in paths.items()}
    assert all(len(path) == 41 for path in paths.values())
    np.testing.assert_allclose(ns["adam_first_move"], [0.3, -0.3], atol=1e-4)  # 45 degrees
    assert final["Adam 学習率 0.3"] < final["SGD 学習率 0.3"]
    assert final["SGD 学習率 0.3 + モーメンタム 0.7"] < final["Adam 学習率 0.3"]
    assert paths["Adam 学習率 0.3"][:, 0].max() > 0.5  # overshoots the minimum in x
    # the printed ranking the prose relies on: momentum SGD, then Adam, then plain SGD
    assert ns["ranking"] == [
        "SGD 学習率 0.3 + モーメンタム 0.7",
        "Adam 学習率 0.3",
        "SGD 学習率 0.3",
    ]
    assert ns["valley_losses"] == pytest.approx(final)


def test_model_training_with_adam(ns):
    losses = ns["final_losses"]
    assert losses[0.01] < losses[0.001] < ns["first_loss"]
    assert losses[0.01] < ns["first_loss"] / 4


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
