"""早期終了: patience stops the run after the best epoch, the deep-copied best state is
restored exactly, and a plain state_dict() would have followed the live parameters."""

import itertools

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/early_stopping")


def test_stops_patience_epochs_after_the_best(ns):
    history, best_epoch = ns["history"], ns["best_epoch"]
    assert len(history) == best_epoch + 1 + 20
    assert ns["best_loss"] == min(h[1] for h in history)


def test_restored_model_has_the_best_validation_loss(ns):
    assert ns["restored_loss"] == ns["best_loss"]
    assert ns["val_loss_of"](ns["model"]) == ns["best_loss"]


def test_the_full_run_overfits(ns):
    full, best_epoch = ns["full_history"], ns["best_epoch"]
    assert len(full) == 300
    assert full[: len(ns["history"])] == ns["history"]  # same run up to the stop
    train = [h[0] for h in full[best_epoch:]]
    assert all(b <= a for a, b in itertools.pairwise(train))
    val = [h[1] for h in full]
    assert val[-1] > 1.5 * ns["best_loss"]
    assert val[100] < val[200] < val[299]
    assert len(ns["__figures__"]) == 1


def test_patience_one_stops_too_early(ns):
    stops = ns["stops"]
    assert stops[1][0] < ns["best_epoch"] / 2
    assert stops[1][2] > stops[5][2] > stops[20][2] == ns["best_loss"]


def test_deepcopy_is_needed(ns):
    assert ns["shares_memory"] is True
    assert ns["live_follows"] is True
    assert ns["snapshot_kept"] is True
