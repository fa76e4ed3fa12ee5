"""過学習: on 15 noisy points a degree-12 polynomial drives the training loss below the noise
while the validation loss turns up; early stopping, weight decay and more data all help."""

import itertools
import math

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/overfitting")


def test_training_loss_falls_below_the_noise(ns):
    train = ns["train_losses"]
    assert len(train) == ns["num_epochs"] == 300
    assert train[-1] < train[0] / 10
    assert train[-1] < ns["noise_std"] ** 2 / 4  # it has memorised the noise
    # the prose: already below the noise variance at the best (early-stopping) epoch,
    # so the training loss alone cannot show where overfitting starts
    assert train[ns["best_epoch"]] < ns["noise_std"] ** 2


def test_validation_loss_turns_up(ns):
    val, best_epoch = ns["val_losses"], ns["best_epoch"]
    assert ns["best_val"] == pytest.approx(min(val))
    assert 0 < best_epoch < 50
    assert val[-1] > 2 * ns["best_val"]
    late = val[100:]
    assert all(b >= a for a, b in itertools.pairwise(late))  # still climbing at the end
    gap_early = val[best_epoch] - ns["train_losses"][best_epoch]
    gap_late = val[-1] - ns["train_losses"][-1]
    assert gap_late > 2 * gap_early


def test_early_stopping_restores_the_best_parameters(ns):
    early, features = ns["early"], ns["features"]
    with torch.no_grad():
        pred = early(features(ns["x_val"])).squeeze(1)
    val = torch.nn.functional.mse_loss(pred, ns["y_val"]).item()
    assert val == pytest.approx(ns["best_val"], rel=1e-5)
    # closer to sin(pi x) than the over-trained curve
    truth = torch.sin(math.pi * ns["grid"])
    early_err = (ns["early_curve"] - truth).pow(2).mean()
    final_err = (ns["final_curve"] - truth).pow(2).mean()
    assert early_err < final_err / 2


def test_remedies_beat_doing_nothing(ns):
    results = ns["results"]
    baseline = results["対策なし"]
    for name in ("早期終了", "重み減衰 0.03", "データを 150 点に"):
        assert results[name] < baseline * 0.6, name
    assert results["データを 150 点に"] == min(results.values())
    assert ns["best_remedy"] == "データを 150 点に"  # the printed winner the prose names
    assert results["データを 150 点に"] < 1.5 * ns["noise_std"] ** 2


def test_two_figures(ns):
    assert len(ns["__figures__"]) == 2
