r"""
交差エントロピー損失（Cross-Entropy Loss）
==========================================

.. term-card::
   :ja: 交差エントロピー損失
   :reading: こうさえんとろぴーそんしつ
   :en: Cross-Entropy Loss
   :api: torch.nn.CrossEntropyLoss
   :summary: 分類でいちばんよく使う :term:`損失関数 <Loss Function>` です。
      モデルが出した各クラスのスコア（ロジット）をソフトマックスで確率にします。
      損失は、正解クラスの確率の対数にマイナスを付けた値です。
      :class:`torch.nn.CrossEntropyLoss` はソフトマックスを内部で行うので、
      モデルの出力をそのまま渡します。

定義
----
:math:`C` クラスの分類で、モデルが 1 件の入力に対してロジット :math:`z = (z_1, \dots, z_C)` を出すと
します。
ソフトマックスは、これを確率に変えます。

.. math::

   p_k = \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{C} e^{z_j}}

正解クラスが :math:`y` のとき、交差エントロピー損失は正解クラスの確率の負の対数です。

.. math::

   \ell(z, y) = -\log p_y = -z_y + \log \sum_{j=1}^{C} e^{z_j}

:class:`torch.nn.CrossEntropyLoss` は、形 :math:`(N, C)` のロジットと、
形 :math:`(N,)` の正解クラス番号
（``torch.int64``）を受け取り、既定では :math:`N` 件の
平均 :math:`\frac{1}{N} \sum_n \ell(z^{(n)}, y^{(n)})` を返します。
中身は :class:`torch.nn.LogSoftmax` と :class:`torch.nn.NLLLoss` の組み合わせと同じです。
正解は、クラス番号の代わりにクラスごとの確率（形 :math:`(N, C)`）で渡すこともできます。
ロジットについての勾配は :math:`\partial \ell / \partial z_k = p_k - [k = y]` という簡単な形に
なります。

かみくだいた説明
----------------
モデルが「正解のクラスにどれだけ自信を持っていたか」で採点します。
正解クラスの確率が 1 に近ければ損失はほぼ 0、確率が 0 に近いほど損失は急に大きくなります。
自信満々で間違えると、とても大きな罰を受けるのです。
どのクラスにも同じ確率を付ける（何も分かっていない）と、損失は :math:`\log C` になります。

使われる場面
------------
- 画像や文章をいくつかのクラスに分ける分類モデルの学習
- 言語モデルで、次に来る単語（トークン）を当てる学習（ロジットの形の扱いは下のコードで確かめます）
"""

# %%
# 手計算と比べる
# --------------
# 3 件・4 クラスのロジットと正解クラスを用意し、:class:`~torch.nn.CrossEntropyLoss` の値と、
# 定義どおりにソフトマックスから計算した値を比べます。
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from torch import nn

logits = torch.tensor(
    [
        [2.0, 1.0, 0.1, -1.0],  # 正解 0 に高いスコア
        [0.5, 2.5, 0.3, 0.0],  # 正解 1 に高いスコア
        [1.5, 0.2, 0.1, 3.0],  # 正解は 2 だが、3 に高いスコア
    ]
)
targets = torch.tensor([0, 1, 2])

criterion = nn.CrossEntropyLoss()
loss = criterion(logits, targets)

probs = logits.exp() / logits.exp().sum(dim=1, keepdim=True)  # ソフトマックス
p_correct = probs[torch.arange(3), targets]  # 各行の正解クラスの確率
per_sample = -p_correct.log()
by_hand = per_sample.mean()

print(f"正解クラスの確率: {[round(p, 4) for p in p_correct.tolist()]}")
print(f"1 件ずつの損失 -log p: {[round(v, 4) for v in per_sample.tolist()]}")
print(f"nn.CrossEntropyLoss: {loss.item():.6f}")
print(f"手計算の平均:        {by_hand.item():.6f}")

# %%
# ``LogSoftmax`` と ``NLLLoss`` を順にかけても、同じ値になります。
via_nll = nn.NLLLoss()(F.log_softmax(logits, dim=1), targets)
print(f"log_softmax + NLLLoss: {via_nll.item():.6f}")

# %%
# ソフトマックスを先にかけてはいけない
# ------------------------------------
# ``CrossEntropyLoss`` は中でソフトマックスをかけます。
# モデルの出力に自分でソフトマックスをかけてから渡すと、
# 二重にかかって別の値になります。0〜1 の確率をもう一度ソフトマックスにかけると差が縮むので、
# 完全に自信を持って正解したモデルでも、損失が 0 に近づかなくなります。
confident = torch.tensor([[10.0, -10.0, -10.0, -10.0]])  # クラス 0 に確信
right = criterion(confident, torch.tensor([0]))
wrong = criterion(F.softmax(confident, dim=1), torch.tensor([0]))
print(f"ロジットをそのまま渡したときの損失: {right.item():.6f}")
floor = math.log(1 + 3 / math.e)
print(f"ソフトマックス済みの値を渡したときの損失: {wrong.item():.6f}（log(1 + 3/e) = {floor:.6f}）")

# %%
# 何も分からないときの損失は log C
# --------------------------------
# ロジットがすべて 0 なら、どのクラスの確率も :math:`1/C` です。
# 学習を始めたばかりの分類モデルの損失は、この値の近くになることが多いです。
uniform_loss = criterion(torch.zeros(3, 4), targets)
print(f"ロジットがすべて 0 のときの損失: {uniform_loss.item():.6f}, log 4 = {math.log(4):.6f}")

# %%
# 勾配はソフトマックス − one-hot
# ------------------------------
# :term:`自動微分 <Autograd>` で求めたロジットの勾配が、
# 定義の :math:`(p - \text{one-hot}(y)) / N` と一致することを確かめます
# （平均をとるので :math:`N` で割ります）。
z = logits.clone().requires_grad_()
criterion(z, targets).backward()
expected_grad = (probs - F.one_hot(targets, num_classes=4).float()) / len(targets)
print(f"autograd の勾配と (p - one-hot)/N の差の最大: {(z.grad - expected_grad).abs().max():.2e}")

# %%
# 大きなロジットでも安定
# ----------------------
# ロジットが大きいと、定義どおりに :math:`e^{z}` を計算した時点で float32 の範囲を超え、
# 確率が ``nan`` になります。
# ``CrossEntropyLoss`` は :math:`\log \sum_j e^{z_j}` を最大値を引いてから計算するので、
# 問題なく値が出ます。
big = torch.tensor([[1000.0, 999.0, 0.0]])
naive_probs = big.exp() / big.exp().sum(dim=1, keepdim=True)
print(f"定義どおりの確率: {naive_probs.tolist()}")
big_loss = criterion(big, torch.tensor([1]))
exact = 1 + math.log1p(math.exp(-1))  # -999 + log(e^1000 + e^999 + e^0)
print(f"nn.CrossEntropyLoss: {big_loss.item():.6f}（1 + log(1 + e^-1) = {exact:.6f}）")

# %%
# 言語モデルでの形とパディング
# ----------------------------
# 言語モデルのロジットは（バッチ :math:`B`、系列長 :math:`T`、語彙数 :math:`V`）の形ですが、
# ``CrossEntropyLoss`` はクラスの次元を 2 番目に置いた :math:`(N, C)` か :math:`(N, C, d_1, \dots)` を受け取ります。
# :math:`(B \cdot T, V)` に並べ直すか、``permute(0, 2, 1)`` で :math:`(B, V, T)` にして渡します。
# パディングの位置は、正解を ``-100``（``ignore_index`` の既定値）にしておくと平均から外れます。
torch.manual_seed(0)
lm_logits = torch.randn(2, 5, 7)  # (B, T, V)
lm_targets = torch.randint(0, 7, (2, 5))
lm_targets[1, 3:] = -100  # 2 件目の最後の 2 トークンはパディング
flat_loss = criterion(lm_logits.reshape(-1, 7), lm_targets.reshape(-1))
permuted_loss = criterion(lm_logits.permute(0, 2, 1), lm_targets)
counted = (lm_targets != -100).sum().item()
print(
    f"(B·T, V) に並べ直した損失: {flat_loss.item():.6f}, (B, V, T) にした損失: {permuted_loss.item():.6f}"
)
print(f"平均に使ったトークンの数: {counted}（全部で {lm_targets.numel()}）")

# %%
# 確率と損失の関係
# ----------------
# 正解クラスの確率 :math:`p` に対する損失 :math:`-\log p` を描き、上の 3 件を点で重ねます。
# 3 件目のように正解の確率が低いと、損失が大きく跳ね上がります。
p = torch.linspace(0.01, 1, 200)
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(p.numpy(), -p.log().numpy(), label="-log p")
ax.scatter(p_correct.numpy(), per_sample.numpy(), color="red", zorder=3, label="上の 3 件")
ax.set(
    xlabel="正解クラスに付けた確率 p",
    ylabel="損失 -log p",
    title="交差エントロピー損失と正解の確率",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 関連用語
# --------
# :term:`損失関数 <Loss Function>`、:term:`活性化関数 <Activation Function>`、
# :term:`全結合層 <Linear Layer>`、:term:`自動微分 <Autograd>`、:term:`データ型 <dtype>`、
# :term:`torch.nn`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.CrossEntropyLoss`, :class:`torch.nn.NLLLoss`,
# :func:`torch.nn.functional.log_softmax`, :func:`torch.nn.functional.softmax`,
# :func:`torch.nn.functional.one_hot`, :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.permute`
#
# .. used-in-tutorials:: torch.nn.CrossEntropyLoss
