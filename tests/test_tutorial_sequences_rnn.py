"""系列データと RNN: windows split by time without overlap, training statistics, an LSTM that beats naive baselines."""

import itertools

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/sequences_rnn")


def test_windows_are_split_by_time_without_overlap(ns):
    L, parts, cuts = ns["L"], ns["parts_idx"], ns["cuts"]
    assert cuts == [0, 1050, 1275, 1500]
    assert [len(p) for p in parts] == [b - a - L for a, b in itertools.pairwise(cuts)]
    for (a, b), p in zip(itertools.pairwise(cuts), parts, strict=True):
        assert torch.equal(p[:, 1:] - p[:, :-1], torch.ones_like(p[:, 1:]))  # consecutive steps
        assert p.min().item() == a and p.max().item() == b - 1  # inside its part
    assert parts[0].max() < parts[1].min() and parts[1].max() < parts[2].min()
    assert ns["time_leaks"] == (0, 0)
    # The tensors hold exactly those windows, inputs (N, L, 1) and the next value.
    scaled = ns["scaled"]
    n_train = len(parts[0])
    assert ns["X_train"].shape == (n_train, L, 1) and ns["y_train"].shape == (n_train, 1)
    assert torch.equal(ns["X_test"].cpu()[:, :, 0], scaled[parts[2][:, :L]])
    assert torch.equal(ns["y_test"].cpu()[:, 0], scaled[parts[2][:, L]])


def test_a_random_split_leaks_the_future(ns):
    L, perm, windows = ns["L"], ns["perm"], ns["win_idx"]
    train = windows[perm[: int(len(perm) * 0.7)]]
    test = windows[perm[int(len(perm) * 0.85) :]]
    seen = {int(t) for w in train for t in w[:L]}
    overlap = sum(any(int(t) in seen for t in w) for w in test)
    target_seen = sum(int(w[L]) in seen for w in test)
    assert ns["rand_leaks"] == (overlap, target_seen)
    assert overlap == len(test) and target_seen >= 0.9 * len(test)


def test_normalised_with_training_statistics_only(ns):
    series, cut = ns["series"], ns["cuts"][1]
    assert ns["mean"].item() == pytest.approx(series[:cut].mean().item())
    assert ns["std"].item() == pytest.approx(series[:cut].std().item())
    # not the statistics of the whole series
    assert ns["mean"].item() != pytest.approx(series.mean().item(), abs=1e-4)
    scaled = ns["scaled"]
    assert torch.allclose(scaled, (series - ns["mean"]) / ns["std"])
    assert scaled[:cut].mean().item() == pytest.approx(0.0, abs=1e-5)
    assert scaled[:cut].std().item() == pytest.approx(1.0, abs=1e-5)


def test_lstm_shapes_and_one_step_at_a_time(ns):
    rnn = ns["model"].rnn
    assert isinstance(rnn, nn.LSTM) and rnn.batch_first and rnn.hidden_size == 32
    assert ns["out"].shape == (5, ns["L"], 32)
    assert ns["h_n"].shape == ns["c_n"].shape == (1, 5, 32)
    assert torch.allclose(ns["out"][:, -1], ns["h_n"][0])
    assert ns["step_by_step_same"] is True


def test_lstm_beats_the_naive_baselines(ns):
    losses = ns["losses"]
    X_test, y_test = ns["X_test"].cpu(), ns["y_test"].cpu()
    assert losses["最後の値"] == pytest.approx(((X_test[:, -1] - y_test) ** 2).mean().item())
    assert losses["平均"] == pytest.approx((y_test**2).mean().item())
    assert losses["LSTM"] < 0.7 * losses["最後の値"]
    assert losses["LSTM"] < 0.1 * losses["平均"]
    assert ns["val_loss"] < losses["最後の値"]
    assert ns["pred"].shape == ns["y_test"].shape


def test_two_titled_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    assert all(fig.axes[0].get_title() for fig in figures)


def test_answers(ns):
    # 1: a GRU has three sets of weights where an LSTM has four, and it also beats the baselines.
    assert isinstance(ns["ex1_model"].rnn, nn.GRU)
    assert ns["ex1_params"] == [4480, 3360] and ns["ex1_params"][0] * 3 == ns["ex1_params"][1] * 4
    assert ns["ex1_loss"] < ns["losses"]["最後の値"]
    # 2: the error of the fed-back forecast grows with the horizon.
    losses = ns["ex2_losses"]
    assert losses.shape == (12,)
    assert all(b > a for a, b in itertools.pairwise(losses))
    assert losses[-1] > 3 * losses[0]
    assert losses[0].item() == pytest.approx(ns["losses"]["LSTM"], rel=0.2)
