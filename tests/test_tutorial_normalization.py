"""正規化層: what BatchNorm computes, faster training of a deep MLP, train vs eval statistics, the batch-of-one error."""

import itertools

import pytest
import torch
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/normalization")


def test_batchnorm_standardises_each_feature(ns):
    x, out = ns["x"], ns["out_train"].detach()
    assert x.std(dim=0).min() < 2 and x.std(dim=0).max() > 50  # features of very different sizes
    torch.testing.assert_close(out.mean(dim=0), torch.zeros(3), atol=1e-5, rtol=0)
    torch.testing.assert_close(out.std(dim=0, correction=0), torch.ones(3), atol=1e-3, rtol=0)
    assert ns["ex1_same_out"] is True and ns["ex1_same_var"] is True
    assert ns["ex1_bn"].eps == 1e-5


def test_signal_shrinks_without_batchnorm(ns):
    plain, normed = ns["stds"][False], ns["stds"][True]
    assert len(plain) == len(normed) == 4
    assert all(b < a for a, b in itertools.pairwise(plain))
    assert plain[-1] < plain[0] / 2
    assert max(normed) / min(normed) < 1.1 and min(normed) > 0.5
    model = ns["make_mlp"](True)
    assert sum(isinstance(m, nn.BatchNorm1d) for m in model) == 4
    assert all(m.bias is None for m in model[:-1] if isinstance(m, nn.Linear))


def test_batchnorm_trains_faster_at_both_learning_rates(ns):
    curves = ns["curves"]
    assert set(curves) == {(0.1, False), (0.1, True), (0.3, False), (0.3, True)}
    for lr in (0.1, 0.3):
        plain, normed = curves[lr, False], curves[lr, True]
        assert len(plain) == len(normed) == 10
        assert normed[0] < plain[0]
        assert normed[-1] < plain[-1] / 10
    assert len(ns["__figures__"]) == 1 and ns["__figures__"][0].axes[0].get_title()


def test_running_statistics_and_eval_mode(ns):
    x, bn = ns["x"], ns["bn"]
    # one training-mode pass from the initial (0, 1): momentum 0.1, unbiased variance
    torch.testing.assert_close(bn.running_mean, 0.1 * x.mean(dim=0))
    torch.testing.assert_close(bn.running_var, 0.9 + 0.1 * x.var(dim=0))
    expected = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    torch.testing.assert_close(ns["out_eval"].detach(), expected)
    assert (ns["out_eval"] - ns["out_train"]).abs().max() > 1
    assert list(bn.state_dict()) == [
        "weight",
        "bias",
        "running_mean",
        "running_var",
        "num_batches_tracked",
    ]


def test_single_sample_fails_only_in_training_mode(ns):
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        bn(ns["x"][:1])
    assert bn.eval()(ns["x"][:1]).shape == (1, 3)
    out_ln = ns["out_ln"].detach()
    assert out_ln.mean().abs() < 1e-6 and out_ln.std(correction=0) == pytest.approx(1, abs=1e-3)


def test_batchnorm2d_per_channel(ns):
    assert ns["bn2d"].running_mean.shape == (3,)
    assert max(abs(v) for v in ns["rounded"](ns["out2d"].mean(dim=(0, 2, 3)))) < 1e-3


def test_exercises(ns):
    assert ns["ex2_acc"]["eval"] > 0.95
    assert ns["ex2_acc"]["train"] < ns["ex2_acc"]["eval"] - 0.05
    assert ns["ex2_changed"] is True
    assert ns["ex3_same"] == {"BatchNorm1d": False, "LayerNorm": True}
