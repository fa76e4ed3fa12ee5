"""学習率: on x**2 the iterates are (1 - 2*lr)**k, so the four rates crawl, converge, oscillate, diverge."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/learning_rate")


def test_iterates_follow_the_closed_form(ns):
    for lr, path in ns["paths"].items():
        expected = (1 - 2 * lr) ** np.arange(ns["num_steps"] + 1)
        np.testing.assert_allclose(path, expected, rtol=1e-4, atol=1e-12)


def test_four_regimes(ns):
    final_loss = {lr: path[-1] ** 2 for lr, path in ns["paths"].items()}
    slow, oscillating = ns["paths"][0.02], ns["paths"][0.9]
    assert np.all(np.diff(slow) < 0) and np.all(slow > 0)  # monotone, same side
    assert final_loss[0.02] > 0.1  # still far away after 25 steps
    assert final_loss[0.3] == min(final_loss.values())
    assert np.all(np.sign(oscillating[1:]) != np.sign(oscillating[:-1]))  # crosses 0 every step
    assert final_loss[0.9] < 1e-3
    assert final_loss[1.05] > 100  # diverged from the starting loss of 1


def test_step_lr_halves_every_five_epochs(ns):
    assert ns["lr_history"] == pytest.approx([0.4] * 5 + [0.2] * 5 + [0.1] * 5)
    # x shrinks by (1 - 2*lr) each epoch: 0.2**5 * 0.6**5 * 0.8**5
    assert ns["x"].item() == pytest.approx(0.2**5 * 0.6**5 * 0.8**5, rel=1e-4)


def test_one_figure(ns):
    assert len(ns["__figures__"]) == 1
