"""確率的勾配降下法: minibatch gradients scatter around the full gradient, PyTorch's momentum
rule is v = mu*v + g, theta -= lr*v, and momentum wins in the elongated valley."""

import numpy as np
import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/sgd")


def test_full_gradient_matches_the_closed_form(ns):
    X, y = ns["X"], ns["y"]
    # d/dw mean((Xw - y)^2) at w = 0 is -2 X^T y / n
    expected = -2 * X.T @ y / len(y)
    torch.testing.assert_close(ns["full_grad"], expected, rtol=1e-5, atol=1e-5)


def test_minibatch_gradients_are_noisy_but_average_to_the_full_gradient(ns):
    minibatch = ns["minibatch_grads"]
    assert minibatch.shape == (8, 3)
    torch.testing.assert_close(minibatch.mean(0), ns["full_grad"], rtol=1e-4, atol=1e-5)
    assert (minibatch.std(0) > 0.1).all()


def test_momentum_rule_matches_torch_optim_sgd(ns):
    assert ns["momentum_gap"] < 1e-6
    # and the hand-written rule is not trivially zero: five steps moved w towards (1, 2) and past it
    assert ns["w_hand"].tolist() == pytest.approx(ns["w_torch"].detach().tolist(), abs=1e-6)
    assert ns["w_hand"][0].item() > 1.0


def test_valley_paths(ns):
    valley = ns["valley"]
    final = {name: float(valley(path[-1])) for name, path in ns["paths"].items()}
    slow, fast, momentum = final.values()
    assert all(len(path) == 41 for path in ns["paths"].values())
    np.testing.assert_allclose(ns["paths"]["SGD 学習率 0.3"][0], [-4.0, 1.5])
    assert momentum < fast < slow
    zigzag_y = ns["paths"]["SGD 学習率 0.9"][1:8, 1]
    assert np.all(np.sign(zigzag_y[1:]) != np.sign(zigzag_y[:-1]))  # y flips sign every step
    assert float(valley(ns["too_much"][-1])) > momentum * 100
    # the printed ranking the prose relies on
    assert ns["ranking"] == [
        "SGD 学習率 0.3 + モーメンタム 0.7",
        "SGD 学習率 0.9",
        "SGD 学習率 0.3",
    ]
    assert ns["valley_losses"] == pytest.approx(final)


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
