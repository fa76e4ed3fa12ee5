"""アテンションと Transformer エンコーダ: attention by hand equals SDPA, positions break equivariance, the encoder beats the LSTM."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/sequences_attention")


def test_task_labels_are_the_digit_the_first_number_points_to(ns):
    for X, y in [(ns["X_train"], ns["y_train"]), (ns["X_test"], ns["y_test"])]:
        X, y = X.cpu(), y.cpu()
        assert X.shape[1] == ns["L"] == 16
        assert X[:, 0].min() >= 1 and X[:, 0].max() <= 15 and X[:, 1:].max() <= 9
        assert torch.equal(y, X[torch.arange(len(X)), X[:, 0]])
    assert len(ns["X_train"]) == 6400 and len(ns["X_test"]) == 1000


def test_attention_by_hand_equals_sdpa(ns):
    Q, K, V = ns["Q"], ns["K"], ns["V"]
    assert torch.allclose(ns["hand"], ns["sdpa"], atol=1e-6)
    assert torch.allclose(F.scaled_dot_product_attention(Q, K, V), ns["hand"], atol=1e-6)
    assert torch.allclose(ns["weights"].sum(dim=-1), torch.ones(2, 5))
    assert ns["weights"].shape == (2, 5, 5)
    assert ns["row_sums"].min().item() == pytest.approx(1.0, abs=1e-6)


def test_without_positions_the_encoder_is_permutation_equivariant(ns):
    assert ns["equivariance"] == {"位置なし": True, "位置あり": False}
    assert ns["no_pos"].pos is None and ns["model"].pos is not None
    assert not torch.equal(ns["perm"].cpu(), torch.arange(16))
    # An independent check on a fresh layer: permuting the input permutes the output.
    torch.manual_seed(1)
    layer = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, batch_first=True).eval()
    x, perm = torch.randn(3, 7, 16), torch.randperm(7)
    with torch.inference_mode():
        assert torch.allclose(layer(x[:, perm]), layer(x)[:, perm], atol=1e-5)


def test_transformer_encoder_is_small_and_batch_first(ns):
    encoder = ns["model"].encoder
    assert isinstance(encoder, nn.TransformerEncoder) and len(encoder.layers) == 1
    layer = encoder.layers[0]
    assert isinstance(layer, nn.TransformerEncoderLayer)
    assert layer.self_attn.embed_dim == 32 and layer.self_attn.num_heads == 2
    assert layer.self_attn.batch_first and layer.norm_first
    assert isinstance(ns["model"].pos, nn.Embedding)


def test_transformer_beats_the_lstm_honestly(ns):
    acc = ns["acc"]
    assert acc["Transformer"] >= 0.97
    assert acc["LSTM"] < 0.5 and acc["LSTM"] > 0.1  # better than chance, far from solved
    assert acc["Transformer"] > acc["LSTM"] + 0.5
    assert isinstance(ns["lstm"].rnn, nn.LSTM) and ns["lstm"].rnn.batch_first


def test_attention_weights_point_at_p(ns):
    attn, X_test = ns["attn"].cpu(), ns["X_test"].cpu()
    assert attn.shape == (1000, 2, 16, 16)
    assert torch.allclose(attn.sum(dim=-1), torch.ones(1000, 2, 16), atol=1e-5)
    looks = attn[:, :, 0].mean(dim=1).argmax(dim=1)
    assert ns["looks_at_p"] == pytest.approx((looks == X_test[:, 0]).float().mean().item())
    assert ns["looks_at_p"] >= 0.95
    # The weights that self_attn returned are softmax(QK^T / sqrt(d)) from its own projections.
    mha = ns["attn_layer"].self_attn
    with torch.inference_mode():
        z = ns["attn_layer"].norm1(ns["model"].embed(ns["X_test"][:3])).cpu()
        w_q, w_k, _ = mha.in_proj_weight.cpu().chunk(3)
        b_q, b_k, _ = mha.in_proj_bias.cpu().chunk(3)
        q = (z @ w_q.T + b_q).view(3, 16, 2, 16).transpose(1, 2)
        k = (z @ w_k.T + b_k).view(3, 16, 2, 16).transpose(1, 2)
        hand = torch.softmax(q @ k.transpose(-2, -1) / 16**0.5, dim=-1)
    assert torch.allclose(hand, attn[:3], atol=1e-5)


def test_one_titled_heatmap(ns):
    figures = ns["__figures__"]
    assert len(figures) == 1
    assert figures[0].get_suptitle().startswith("アテンションの重み")
    assert len(figures[0].axes) == 2


def test_answers(ns):
    # 1: without positions the model can only guess from which digits occur.
    assert ns["ex1_acc"] < 0.35 and ns["ex1_acc"] < ns["acc"]["Transformer"] - 0.5
    assert abs(ns["ex1_acc"] - ns["ex1_mode_acc"]) < 0.1
    X_test, y_test = ns["X_test"].cpu(), ns["y_test"].cpu()
    mode = (X_test[:, 1:].mode(dim=1).values == y_test).float().mean().item()
    assert ns["ex1_mode_acc"] == pytest.approx(mode)
    # 2: a causal mask by hand equals is_causal=True, and no weight falls above the diagonal.
    assert ns["ex2_same"] is True
    assert ns["ex2_weights"][:, ns["ex2_mask"]].abs().sum().item() == 0.0
    assert torch.equal(ns["ex2_mask"], torch.ones(5, 5, dtype=torch.bool).triu(1))
    # 3: 32 sequences × 8 heads × 4096² float32 weights.
    assert ns["ex3_gib"] == 16
