"""勾配降下法: autograd gives 2x, the iterates follow 10 * 0.8^k, torch.optim.SGD agrees."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/gradient_descent")


def test_autograd_gradient_is_2x(ns):
    path, grads = np.array(ns["path"]), np.array(ns["grads"])
    assert len(grads) == 100
    np.testing.assert_allclose(grads, 2 * path[:-1], rtol=1e-6, atol=1e-12)


def test_iterates_shrink_geometrically(ns):
    assert ns["learning_rate"] == 0.1
    assert ns["path"][0] == 10.0
    np.testing.assert_allclose(ns["path"], 10 * 0.8 ** np.arange(101), rtol=1e-5, atol=1e-12)
    assert ns["max_gap"] < 1e-5
    assert abs(ns["x"].item()) < 1e-8


def test_x_stays_a_leaf_that_autograd_fills(ns):
    x = ns["x"]
    assert x.is_leaf and x.requires_grad
    assert x.grad is not None and x.grad.item() == 0.0  # zeroed after the last step


def test_torch_optim_sgd_takes_the_same_path(ns):
    np.testing.assert_allclose(ns["path_opt"], ns["path"], rtol=0, atol=1e-7)


def test_one_figure_of_the_first_steps(ns):
    assert len(ns["__figures__"]) == 1
    assert len(ns["steps"]) == 9
    assert np.all(np.diff(np.abs(ns["steps"])) < 0)  # each point is closer to the minimum
