r"""
全結合層（Linear Layer）
========================

.. term-card::
   :ja: 全結合層
   :reading: ぜんけつごうそう
   :en: Linear Layer
   :api: torch.nn.Linear
   :summary: 入力のすべての要素を重み付きで足し合わせ、バイアスを加えて出力する層です。
      :math:`y = x W^\top + b` を計算します。PyTorch では :class:`torch.nn.Linear` で、
      重み :math:`W` の形は（出力の数, 入力の数）です。

定義
----
入力の特徴量が :math:`d_\text{in}` 個、出力が :math:`d_\text{out}` 個の全結合層は、
重み :math:`W \in \mathbb{R}^{d_\text{out} \times d_\text{in}}` と
バイアス :math:`b \in \mathbb{R}^{d_\text{out}}` を
:term:`パラメータ <Parameter>` として持ち、次を計算します。

.. math::

   y = x W^\top + b, \qquad y_j = \sum_{k=1}^{d_\text{in}} x_k W_{jk} + b_j

``nn.Linear(in_features, out_features)`` は、形が :math:`(\ast, d_\text{in})` の入力を
:math:`(\ast, d_\text{out})` にします。:math:`\ast` は任意個の先頭の次元（ふつうはバッチ）です。
パラメータの数は :math:`d_\text{in} d_\text{out} + d_\text{out}` です（``bias=False`` ならバイアスの
分はありません）。

重みとバイアスの初期値は、
一様分布 :math:`\mathcal{U}(-1/\sqrt{d_\text{in}},\ 1/\sqrt{d_\text{in}})` から引かれます
（重みは :func:`torch.nn.init.kaiming_uniform_` に ``a=√5`` を渡した結果で、
範囲がちょうどこうなります）。

かみくだいた説明
----------------
全結合層は「出力 1 つにつき、入力の全部を見る」層です。
出力の 1 つひとつが、入力全部にそれぞれの重みを掛けて足し、最後に定数（バイアス）を足した値です。
入力と出力のすべての組に線が引かれているので、「全結合」と呼びます。
重みを行列にまとめると、この計算は行列の掛け算 1 回で書けます。

使われる場面
------------
- 線形回帰（``nn.Linear(1, 1)`` は :math:`y = wx + b` そのもの）
- 多層パーセプトロンの隠れ層（:term:`活性化関数 <Activation Function>` と交互に重ねる）
- 分類モデルの最後の層（特徴量を、クラスの数だけのスコアにする）
"""

# %%
# 重みの形と計算
# --------------
# 入力 3 個、出力 2 個の層を作り、重みとバイアスの形を確かめます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from sklearn.datasets import make_regression
from torch import nn

torch.manual_seed(0)
layer = nn.Linear(in_features=3, out_features=2)
print(f"重みの形: {tuple(layer.weight.shape)}  (出力, 入力)")
print(f"バイアスの形: {tuple(layer.bias.shape)}")
print(f"パラメータの数: {sum(p.numel() for p in layer.parameters())} = 3×2 + 2")

# %%
# 4 件の入力を通し、定義の式 :math:`x W^\top + b` を手で計算した結果と比べます。
# :func:`torch.nn.functional.linear` も同じ計算をする関数です。
x = torch.randn(4, 3)
y = layer(x)
by_hand = x @ layer.weight.T + layer.bias
print(f"入力の形 {tuple(x.shape)} → 出力の形 {tuple(y.shape)}")
print(f"layer(x) と x @ W.T + b は一致: {torch.allclose(y, by_hand)}")
print(f"F.linear とも一致: {torch.allclose(y, F.linear(x, layer.weight, layer.bias))}")

# %%
# 先頭の次元はいくつあってもかまいません。最後の次元だけが 3 から 2 に変わります。
batch_of_sequences = torch.randn(5, 7, 3)
print(f"{tuple(batch_of_sequences.shape)} → {tuple(layer(batch_of_sequences).shape)}")

# %%
# 初期値の分布
# ------------
# 入力 256 個の層の重みをヒストグラムにすると、:math:`\pm 1/\sqrt{256} = \pm 0.0625` の間に平らに
# 広がっています。
# 入力が多い層ほど範囲を狭くして、入力の数が変わっても出力の大きさがあまり変わらないように
# しています。
wide = nn.Linear(256, 256)
bound = 1 / 256**0.5
weights = wide.weight.detach().flatten()
print(f"重みの最小値 {weights.min():.4f}, 最大値 {weights.max():.4f}, 理論の範囲 ±{bound:.4f}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.hist(weights.numpy(), bins=50)
for edge in (-bound, bound):
    ax.axvline(edge, color="red", ls="--")
ax.set(
    xlabel="重みの値", ylabel="個数", title="nn.Linear(256, 256) の重みの初期値（赤線は ±1/√256）"
)
plt.show()

# %%
# 重みを学習させる
# ----------------
# 真の係数が分かっている人工データ（特徴量 3 個）で ``nn.Linear(3, 1)`` を学習させると、
# 重み :math:`W`（形 1×3）の各要素が、それぞれの特徴量の係数に近づきます。
X_np, y_np, true_coef = make_regression(
    n_samples=200, n_features=3, noise=1.0, coef=True, random_state=0
)
X = torch.tensor(X_np, dtype=torch.float32)
target = torch.tensor(y_np, dtype=torch.float32).unsqueeze(1)

model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(200):
    loss = F.mse_loss(model(X), target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
learned = model.weight.detach().squeeze(0)
print(f"真の係数:   {[round(c, 2) for c in true_coef.tolist()]}")
print(f"学習した重み: {[round(w, 2) for w in learned.tolist()]}")
print(f"学習したバイアス: {model.bias.item():.3f}（データの切片は 0）")

# %%
# 関連用語
# --------
# :term:`パラメータ <Parameter>`、:term:`活性化関数 <Activation Function>`、
# :term:`テンソル演算 <Tensor Operations>`、:term:`モジュール <Module>`、:term:`Sequential`、
# :term:`ブロードキャスト <Broadcasting>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Linear`, :func:`torch.nn.functional.linear`,
# :func:`torch.nn.functional.mse_loss`, :func:`torch.allclose`, :class:`torch.optim.SGD`
#
# .. used-in-tutorials:: torch.nn.Linear
