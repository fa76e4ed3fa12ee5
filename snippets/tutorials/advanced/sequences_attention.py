r"""
アテンションと Transformer エンコーダ
=====================================

「先頭の数が指す位置の数字を答える」という系列の課題で、アテンションを手で計算し、小さな Transformer エンコーダを学習させます。
学習したモデルが系列のどこを見ているかをヒートマップで確かめ、同じ課題で LSTM と正解率を比べます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:doc:`/tutorials/classification/image_training`、:doc:`/tutorials/advanced/sequences_rnn`、:term:`再帰型ニューラルネットワーク <Recurrent Neural Network>`

   - スケールド・ドット積アテンションを手で計算し、:func:`torch.nn.functional.scaled_dot_product_attention` と比べる
   - 位置の情報がないとアテンションは並び順を区別できないことを、入力を並べ替えて確かめる
   - :class:`torch.nn.TransformerEncoder` を学習させ、アテンションの重みをヒートマップで見る
   - 長さ L の系列には L×L の重みが要ることを知る

前のページの RNN は、系列を 1 ステップずつ読み、それまでの内容を隠れ状態にまとめました。
このページのアテンションは、すべての位置を一度に見比べます。
"""

# %%
# 課題: 先頭の数が指す位置の数字
# ------------------------------
# 長さ 16 の系列の先頭に 1〜15 の数 ``p`` を置き、残りの 15 か所には 0〜9 の数字をでたらめに並べます。
# ラベルは ``p`` 番目（先頭を 0 番目と数えます）の数字です。答えの場所は系列ごとに違うので、
# モデルは先頭の数を読んでから、その位置を探さなければなりません。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from torch import nn

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
L = 16
gen = torch.Generator().manual_seed(0)


def make_data(n):
    x = torch.randint(0, 10, (n, L), generator=gen)
    x[:, 0] = torch.randint(1, L, (n,), generator=gen)  # 先頭は位置を指す数
    return x.to(device), x[torch.arange(n), x[:, 0]].to(device)


X_train, y_train = make_data(6400)
X_test, y_test = make_data(1000)
for k in range(3):
    print(f"系列 {X_test[k].tolist()} → ラベル {y_test[k].item()}")

# %%
# アテンションを手で計算する
# --------------------------
# :term:`アテンション <Attention>` では、位置ごとにクエリ :math:`Q`、キー :math:`K`、値 :math:`V` のベクトルを作ります。
# クエリとキーの内積を :math:`\sqrt{d}` で割って :term:`ソフトマックス <Softmax>` を取ると、
# 「どの位置をどれだけ見るか」の重み（各行の和が 1）になり、その重みで値を平均したものが出力です。
#
# .. math:: \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d}}\right) V
#
# PyTorch の :func:`~torch.nn.functional.scaled_dot_product_attention` は同じ計算をします（GPU では速い実装を選びます）。
torch.manual_seed(0)
Q, K, V = torch.randn(3, 2, 5, 8).unbind(0)  # それぞれ (件数 2, 長さ 5, 次元 8)
scores = Q @ K.transpose(-2, -1) / 8**0.5  # クエリとキーの内積、(2, 5, 5)
weights = torch.softmax(scores, dim=-1)
hand = weights @ V
sdpa = F.scaled_dot_product_attention(Q, K, V)
row_sums = weights.sum(dim=-1)
print(f"重みの形 {tuple(weights.shape)}")
print(f"重みの各行の和: 最小 {row_sums.min():.4f}, 最大 {row_sums.max():.4f}")
print(f"手で計算した結果と一致するか: {torch.allclose(hand, sdpa, atol=1e-6)}")

# %%
# 位置の情報が要る理由
# --------------------
# アテンションの重みは内容（ベクトルの値）だけで決まり、位置の番号はどこにも出てきません。
# 層のほかの部分（全結合層と正規化）も位置ごとに同じ計算をするので、
# 入力の位置を並べ替えると、出力も同じように並べ替わるだけです（置換同変）。
# これでは「何番目か」を区別できないので、位置ごとに学習するベクトル（:class:`~torch.nn.Embedding`）を入力に足します。
#
# モデルは、数字の埋め込みと位置の埋め込みを足し、:class:`~torch.nn.TransformerEncoderLayer` 1 つを通して、
# 先頭の位置の出力から 10 クラスのロジットを出します。
# ``norm_first=True`` は、正規化（LayerNorm）をアテンションと全結合層の前に置く指定で、近年の多くの Transformer と同じ形です。


class PointerTransformer(nn.Module):
    def __init__(self, use_pos=True, d_model=32):
        super().__init__()
        self.tok = nn.Embedding(L, d_model)  # 数は 0〜15
        self.pos = nn.Embedding(L, d_model) if use_pos else None
        layer = nn.TransformerEncoderLayer(
            d_model, nhead=2, dim_feedforward=64, dropout=0.0, batch_first=True, norm_first=True
        )
        # norm_first=True では使えない高速化（入れ子テンソル）を切る。切らないと警告が出る
        self.encoder = nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, 10)

    def embed(self, x):
        h = self.tok(x)
        if self.pos is not None:
            h = h + self.pos(torch.arange(x.shape[1], device=x.device))
        return h

    def forward(self, x):
        return self.head(self.encoder(self.embed(x))[:, 0])  # 先頭の位置の出力で答える


torch.manual_seed(0)
model, no_pos = PointerTransformer().to(device), PointerTransformer(use_pos=False).to(device)
perm = torch.randperm(L, generator=gen).to(device)
with torch.inference_mode():
    equivariance = {}
    for name, m in [("位置なし", no_pos), ("位置あり", model)]:
        out = m.encoder(m.embed(X_test[:4]))
        out_perm = m.encoder(m.embed(X_test[:4, perm]))
        equivariance[name] = torch.allclose(out_perm, out[:, perm], atol=1e-5)
        print(f"{name}: 並べ替えた入力の出力 = 出力を並べ替えたもの: {equivariance[name]}")

# %%
# 学習して LSTM と比べる
# ----------------------
# 訓練データを 1 エポック（64 件ずつのミニバッチ）で学習します。
# 同じデータ・同じミニバッチの順番・同じ回数で、前のページと同じ形の LSTM（最後のステップの隠れ状態で答える）も学習します。


class PointerLSTM(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.tok, self.head = nn.Embedding(L, hidden), nn.Linear(hidden, 10)
        self.rnn = nn.LSTM(hidden, hidden, batch_first=True)

    def forward(self, x):
        return self.head(self.rnn(self.tok(x))[0][:, -1])  # 最後のステップの出力で答える


def fit(model):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for idx in torch.randperm(len(X_train), generator=torch.Generator().manual_seed(0)).split(64):
        loss = F.cross_entropy(model(X_train[idx]), y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.inference_mode():
        return (model(X_test).argmax(dim=1) == y_test).float().mean().item()


torch.manual_seed(0)
lstm = PointerLSTM().to(device)
acc = {"Transformer": fit(model), "LSTM": fit(lstm)}
print(f"テスト正解率: Transformer {acc['Transformer']:.3f}, LSTM {acc['LSTM']:.3f}")

# %%
# LSTM は先頭の数を覚えたまま位置を数え、その位置の数字を拾わなければなりません。
# この回数の学習では、Transformer に大きく届きませんでした。アテンションなら、先頭の位置から全部の位置を一度に見比べられます。
#
# アテンションの重みを見る
# ------------------------
# 層のアテンション部分 ``self_attn`` を ``need_weights=True`` で呼ぶと、重みも返ります。
# ``norm_first=True`` なので、入力には先に ``norm1`` をかけます。
# 答えに使うのは先頭の位置（0 行目、赤い枠）の出力だけです。その行は ``p`` 番目の列に集中しています。
# ほかの行の出力は答えに使わないので、どこを見ても損失は変わらず、学習で何も決まっていません。
attn_layer = model.encoder.layers[0]
with torch.inference_mode():
    z = attn_layer.norm1(model.embed(X_test))
    _, attn = attn_layer.self_attn(z, z, z, need_weights=True, average_attn_weights=False)
print(f"重みの形 (件数, ヘッド, クエリの位置, キーの位置): {tuple(attn.shape)}")
looks_at_p = (attn[:, :, 0].mean(dim=1).argmax(dim=1) == X_test[:, 0]).float().mean().item()
print(f"先頭の位置がいちばん強く見ている位置が p と一致した割合: {looks_at_p:.3f}")

example = 0
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
for h, ax in enumerate(axes):
    ax.imshow(attn[example, h].cpu().numpy(), cmap="viridis", vmin=0, vmax=1)
    ax.add_patch(plt.Rectangle((-0.5, -0.5), L, 1, fill=False, ec="red", lw=1.5))
    ax.set(title=f"ヘッド {h}", xlabel="見られる位置（キー）", ylabel="見る位置（クエリ）")
fig.suptitle(f"アテンションの重み（系列 {example}、p = {X_test[example, 0].item()}）")
plt.show()

# %%
# アテンションの費用
# ------------------
# アテンションは 1 つの系列・1 つのヘッドにつき L×L の重みを作ります。長さが 2 倍になると、重みの数は 4 倍です。
# float32（1 つ 4 バイト）で持つときの大きさを計算します。
# RNN が次のステップへ渡すのは長さ H の隠れ状態だけで、系列が長くても大きさは変わりません（その代わり順番にしか計算できません）。
# GPU で :func:`~torch.nn.functional.scaled_dot_product_attention` が選ぶ速い実装（FlashAttention など）は、
# この行列を一度にメモリへ置かずに計算しますが、計算量はやはり L² で増えます。
for length in (16, 1024, 16384):
    print(f"長さ {length:5d}: 重み {length**2:>11,} 個, {length**2 * 4 / 2**20:8.3f} MiB")

# %%
# まとめ
# ------
# - アテンションは、クエリとキーの内積をソフトマックスにした重みで、値を平均します。
# - アテンションだけでは並び順を区別できない（並べ替えると出力も並べ替わるだけ）ので、位置の埋め込みを足します。
# - 同じ回数の学習で、:class:`~torch.nn.TransformerEncoder` は LSTM よりずっと高い正解率になりました。
# - 重みは ``self_attn(..., need_weights=True)`` で取り出せます。長さ L の系列には L×L の重みが要ります。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 位置の埋め込みのないモデル ``no_pos`` を同じように学習させると、テスト正解率はいくつになりますか。
#
# .. hint:: ``fit(no_pos)`` を呼びます。10 クラスなので、でたらめに答えると約 0.1 です。
#
# .. answer::
#
#    先頭の数は読めても、どの数字が何番目にあるかがわかりません。
#    でたらめ（約 0.1）よりは良いものの、系列に多く現れる数字を答えるのと同じ程度です。
ex1_acc = fit(no_pos)
ex1_mode_acc = (X_test[:, 1:].mode(dim=1).values == y_test).float().mean().item()
print(f"テスト正解率: 位置なし {ex1_acc:.3f}, 位置あり {acc['Transformer']:.3f}")
print(f"いちばん多く現れる数字を答えたときの正解率: {ex1_mode_acc:.3f}")

# %%
# **問題 2.** 文章の生成では、各位置が自分より後ろを見ないようにします（因果マスク）。
# ``scaled_dot_product_attention(Q, K, V, is_causal=True)`` を、手の計算でも再現してください。
#
# .. hint:: :func:`torch.triu` で対角より上を ``True`` にした行列を作り、
#    :meth:`~torch.Tensor.masked_fill` でその位置の ``scores`` を ``-inf`` にしてからソフトマックスを取ります。
#
# .. answer::
#
#    ``-inf`` の位置はソフトマックスで重みが 0 になるので、後ろの位置の値は出力に混ざりません。
ex2_mask = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)  # 対角より上が True
ex2_weights = torch.softmax(scores.masked_fill(ex2_mask, float("-inf")), dim=-1)
ex2_sdpa = F.scaled_dot_product_attention(Q, K, V, is_causal=True)
ex2_same = torch.allclose(ex2_weights @ V, ex2_sdpa, atol=1e-6)
print(f"因果マスクの結果が一致するか: {ex2_same}")
print(f"対角より上の重みの合計: {ex2_weights[:, ex2_mask].sum():.1f}")

# %%
# **問題 3.** ミニバッチ 32 件、ヘッド 8 つ、長さ 4096 の系列で、アテンションの重みを float32 ですべて持つと何 GiB になりますか。
#
# .. hint:: 重みの数は 件数 × ヘッド × L × L、float32 は 1 つ 4 バイトです。
#
# .. answer::
ex3_gib = 32 * 8 * 4096**2 * 4 / 2**30
print(f"アテンションの重み: {ex3_gib:.0f} GiB（1 層あたり）")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.nn.functional.scaled_dot_product_attention`, :func:`torch.softmax`, :func:`torch.triu`, :meth:`torch.Tensor.masked_fill`
# - :class:`torch.nn.TransformerEncoder`, :class:`torch.nn.TransformerEncoderLayer`, :class:`torch.nn.MultiheadAttention`
# - :class:`torch.nn.Embedding`, :class:`torch.nn.LSTM`, :class:`torch.nn.Linear`
# - :func:`torch.nn.functional.cross_entropy`, :class:`torch.optim.Adam`
