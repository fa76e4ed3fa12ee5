"""過学習を抑える: a measured overfit, then weight decay, dropout and augmentation each lower the validation loss."""

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/regularization")


REGULARISED = ("重み減衰", "ドロップアウト", "データ拡張")


def test_small_training_set_and_oversized_model(ns):
    assert len(ns["X_train"]) == 150 and len(ns["X_val"]) == 1797 - 150
    assert ns["X"].shape == (1797, 1, 8, 8) and float(ns["X"].max()) == 1.0
    assert set(ns["perm"][:150].tolist()).isdisjoint(ns["perm"][150:].tolist())
    n_params = sum(p.numel() for p in ns["plain_model"].parameters())
    assert n_params == 26122 > 100 * len(ns["X_train"])
    assert all(len(h) == 50 for h in ns["runs"].values())


def test_plain_run_overfits(ns):
    plain, best = ns["plain"], ns["plain_best"]
    assert plain[-1][0] < 0.01  # training loss almost 0
    assert best + 1 <= 30  # the validation minimum comes early ...
    assert plain[-1][1] > 1.1 * plain[best][1]  # ... and the validation loss rises after it
    assert plain[-1][1] > 100 * plain[-1][0]


def test_weight_decay_keeps_weights_small(ns):
    assert ns["norms"][1] < ns["norms"][0]
    plain_norm = torch.cat([p.detach().flatten() for p in ns["plain_model"].parameters()]).norm()
    assert ns["norms"][0] == pytest.approx(plain_norm.item())


def test_dropout_only_in_train_mode(ns):
    dropped, kept = ns["dropped"], ns["kept"]
    assert set(dropped.tolist()) == {0.0, 2.0}
    assert torch.equal(kept, torch.ones(8))
    assert isinstance(ns["noise"], type(ns["v2"].GaussianNoise())) and ns["noise"].sigma == 0.2


def test_every_regulariser_lowers_validation_loss(ns):
    summary, runs = ns["summary"], ns["runs"]
    plain = summary["対策なし"]
    for name in REGULARISED:
        best, _, final, acc, train = summary[name]
        assert best < plain[0] and final < plain[2]
        assert train > plain[4]  # the training data are not memorised as fully
        assert abs(acc - plain[3]) < 0.02  # accuracy moves less than the loss
    for name, (best, epoch, final, acc, train) in summary.items():
        hist = runs[name]
        assert best == min(h[1] for h in hist) == hist[epoch - 1][1]
        assert (final, acc, train) == (hist[-1][1], hist[-1][2], hist[-1][0])


def test_two_titled_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert all(fig.axes[0].get_title() for fig in figures)
    assert len(figures[1].axes[0].get_lines()) == 4


def test_exercises(ns):
    assert ns["ex1_zero_rate"] == pytest.approx(0.25, abs=0.02)
    assert ns["ex1_values"] == [pytest.approx(4 / 3, abs=1e-4)]
    assert ns["ex1_out"].mean().item() == pytest.approx(1.0, abs=0.03)
    assert ns["ex2_same"] == [True, False]
    assert ns["ex2_together"].shape == (4, 1, 8, 8)
    accs = [ns["summary"][name][3] for name in REGULARISED]
    assert ns["ex3_final_acc"] < min(accs)
    assert isinstance(ns["make_model"](0.5)[3], nn.Dropout)
