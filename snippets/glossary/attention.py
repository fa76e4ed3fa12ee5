r"""
アテンション（Attention）
=========================

.. term-card::
   :ja: アテンション
   :reading: あてんしょん
   :en: Attention
   :api: torch.nn.MultiheadAttention
   :summary: 系列の各位置（クエリ）が、ほかのすべての位置（キー）との似ている度合いを計算し、
      その重みで値（バリュー）を平均して、自分の新しい表現を作る仕組みです。重みは 1 つのクエリについて合計 1 になります。
      Transformer の中心の部品で、:func:`torch.nn.functional.scaled_dot_product_attention` と :class:`torch.nn.MultiheadAttention` で使えます。

定義
----
クエリ :math:`Q \in \mathbb{R}^{L \times d_k}`、キー :math:`K \in \mathbb{R}^{S \times d_k}`、バリュー :math:`V \in \mathbb{R}^{S \times d_v}` に対して、
スケール付き内積アテンションは

.. math::

   \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}} + M\right) V

です。:term:`ソフトマックス <Softmax>` は行ごと（クエリごと）に取るので、重み行列 :math:`A` の各行は合計 1 になります。
:math:`\sqrt{d_k}` で割るのは、次元が大きいと内積が大きくなり、ソフトマックスが 1 か所だけに偏るのを防ぐためです。
:math:`M` はマスクで、見てはいけない位置に :math:`-\infty` を入れます。未来の位置を隠す因果マスクは
:math:`j > i` で :math:`M_{ij} = -\infty` です。:math:`A` は :math:`L \times S` の行列なので、計算量とメモリは系列の長さの 2 乗で増えます。

マルチヘッドアテンションは、:math:`Q, K, V` を :math:`h` 組の小さな次元に線形変換して、別々にアテンションを計算し、結果をつないで線形変換します。

かみくだいた説明
----------------
文章を読むとき、ある単語の意味を決めるのに、文中のどの単語を参考にするかを単語ごとに選ぶ仕組みです。
「質問（クエリ）」と「見出し（キー）」を照らし合わせて関係の深さを点数にし、点数の高い単語の「中身（バリュー）」を多めに混ぜます。
:term:`再帰型ニューラルネットワーク <Recurrent Neural Network>` と違って、遠く離れた位置どうしも 1 回で直接つながります。

使われる場面
------------
- Transformer（:class:`torch.nn.TransformerEncoderLayer` など）で作る言語モデル、翻訳、画像認識（Vision Transformer）
- 文章を生成するモデルでは、因果マスクで「まだ出てきていない単語」を見ないようにします。
"""

# %%
# 式のとおりに計算する
# --------------------
# 長さ 5 の系列（各位置 8 次元）で、定義の式を手で計算し、:func:`torch.nn.functional.scaled_dot_product_attention` と比べます。
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
L, d = 5, 8
Q, K, V = torch.randn(L, d), torch.randn(L, d), torch.randn(L, d)
weights = torch.softmax(Q @ K.T / math.sqrt(d), dim=-1)
by_hand = weights @ V
sdpa = F.scaled_dot_product_attention(Q, K, V)
sdpa_gap = (by_hand - sdpa).abs().max().item()
print(f"重み行列の形: {tuple(weights.shape)}")
print(f"各クエリの重みの合計: {[round(v, 6) for v in weights.sum(dim=-1).tolist()]}")
print(f"手で計算した値と scaled_dot_product_attention の差（最大）: {sdpa_gap:.1e}")

# %%
# 重みを見る
# ----------
# 位置 :math:`i` を正弦波で表したベクトルをクエリとキーの両方に使います。内積は同じ位置どうしでいちばん大きく、すぐ隣でも大きめです。
# 長さ 12 の系列の重み行列を、マスクなしと因果マスクありで描きます。
# どちらも、各クエリがいちばん重く見ているのは自分自身の位置、次が隣の位置で、因果マスクありでは右上（未来）の重みが 0 です。
L_pos = 12
positions = torch.arange(L_pos, dtype=torch.float32).unsqueeze(1)
freqs = torch.tensor([0.3, 0.6, 0.9, 1.2])
pos_code = 1.5 * torch.cat([torch.sin(positions * freqs), torch.cos(positions * freqs)], dim=1)


def attention_weights(q, k, causal=False):
    scores = q @ k.T / math.sqrt(q.shape[-1])
    if causal:
        future = torch.ones(len(q), len(k), dtype=torch.bool).triu(diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
    return torch.softmax(scores, dim=-1)


full_weights = attention_weights(pos_code, pos_code)
causal_weights = attention_weights(pos_code, pos_code, causal=True)
diagonal_is_max = {
    name: torch.equal(w.argmax(dim=-1), torch.arange(L_pos))
    for name, w in {"マスクなし": full_weights, "因果マスク": causal_weights}.items()
}
print(f"各クエリの最大の重みが自分の位置: {diagonal_is_max}")

fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
for ax, (name, w) in zip(
    axes, {"マスクなし": full_weights, "因果マスクあり": causal_weights}.items(), strict=True
):
    image = ax.imshow(w.numpy(), cmap="viridis", vmin=0, vmax=1)
    ax.set(title=name, xlabel="キーの位置", ylabel="クエリの位置", xticks=range(0, L_pos, 2))
fig.colorbar(image, ax=axes, shrink=0.8, label="重み")
fig.suptitle("アテンションの重み（行ごとに合計 1）")
plt.show()

# %%
# 因果マスク
# ----------
# 手で作ったマスクの結果は、``scaled_dot_product_attention(..., is_causal=True)`` と一致します。
# 最初のクエリは自分しか見られないので、その重みは 1 です。
values = torch.randn(L_pos, d)
by_mask = causal_weights @ values
by_flag = F.scaled_dot_product_attention(pos_code, pos_code, values, is_causal=True)
causal_gap = (by_mask - by_flag).abs().max().item()
future_total = causal_weights.triu(diagonal=1).sum().item()
print(f"is_causal=True との差（最大）: {causal_gap:.1e}")
print(f"未来の位置の重みの合計: {future_total}, 最初のクエリの重み: {causal_weights[0, 0].item()}")

# %%
# nn.MultiheadAttention の形
# --------------------------
# 埋め込み 32 次元、ヘッド 4 つで、(N, L, 32) の系列に自己アテンション（クエリ・キー・バリューが同じ系列）をかけます。
# 返る重みは、既定ではヘッドの平均 (N, L, L) で、``average_attn_weights=False`` ならヘッドごと (N, ヘッド, L, L) です。
torch.manual_seed(0)
mha = nn.MultiheadAttention(embed_dim=32, num_heads=4, batch_first=True)
x = torch.randn(2, 10, 32)
mha_out, mha_weights = mha(x, x, x)
_, per_head = mha(x, x, x, average_attn_weights=False)
print(f"出力の形 {tuple(mha_out.shape)}, 重みの形 {tuple(mha_weights.shape)}")
print(f"ヘッドごとの重みの形 {tuple(per_head.shape)}")

# %%
# 長さの 2 乗で増える
# -------------------
# 重み行列は長さ :math:`L` の系列で :math:`L \times L` です。1 つの系列・1 つのヘッドぶんを ``float32`` で持つと、次の大きさになります。
# 長さが 8 倍になると、要素数は 64 倍です（実装によってはこの行列全体を一度にメモリに置かずに計算しますが、計算量は同じく :math:`L^2` で増えます）。
matrix_sizes = {length: length**2 for length in (128, 1024, 8192)}
for length, elements in matrix_sizes.items():
    print(f"L = {length:>5}: 重み行列 {elements:>12,} 要素, {elements * 4 / 2**20:>8.2f} MiB")

# %%
# 関連用語
# --------
# :term:`ソフトマックス <Softmax>`、:term:`再帰型ニューラルネットワーク <Recurrent Neural Network>`、
# :term:`全結合層 <Linear Layer>`、:term:`テンソル演算 <Tensor Operations>`、:term:`ドロップアウト <Dropout>`
#
# このページで使った API
# ----------------------
# :func:`torch.nn.functional.scaled_dot_product_attention`, :class:`torch.nn.MultiheadAttention`,
# :class:`torch.nn.TransformerEncoderLayer`, :func:`torch.softmax`, :meth:`torch.Tensor.masked_fill`, :meth:`torch.Tensor.triu`
#
# .. used-in-tutorials:: torch.nn.MultiheadAttention torch.nn.TransformerEncoderLayer
