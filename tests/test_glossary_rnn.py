"""再帰型ニューラルネットワーク: nn.RNN is the recurrence computed by hand, the batch_first
shapes of RNN / LSTM / GRU, the last output is h_n, and parameters do not depend on the length."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/rnn")


def test_rnn_is_the_recurrence(ns):
    assert ns["rnn_gap"] < 1e-5
    assert tuple(ns["output"].shape) == (4, 7, 16)
    assert tuple(ns["h_n"].shape) == (1, 4, 16)


def test_shapes_and_last_output(ns):
    for name in ("RNN", "LSTM", "GRU"):
        assert ns["shapes"][name] == ((4, 7, 16), (2, 4, 16)), name
        assert ns["last_equals_h_n"][name], name


def test_parameters_are_shared_across_time(ns):
    counts = ns["param_counts"]
    assert counts["RNN"] == 16 * 5 + 16 * 16 + 2 * 16
    assert counts["LSTM"] == 4 * counts["RNN"] and counts["GRU"] == 3 * counts["RNN"]
    assert ns["lengths"] == {3: (4, 3, 16), 50: (4, 50, 16)}
