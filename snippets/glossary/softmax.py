r"""
ソフトマックス（Softmax）
=========================

.. term-card::
   :ja: ソフトマックス
   :reading: そふとまっくす
   :en: Softmax
   :api: torch.softmax
   :summary: 実数を並べたベクトル（分類モデルのロジット）を、どれも 0 より大きく合計が 1 になる確率に変える関数です。
      各要素の指数を取り、全体の和で割ります。大きい値ほど大きな確率になり、大小の順は変わりません。
      :func:`torch.softmax` で、どの次元について合計を 1 にするかを ``dim`` で指定して使います。

定義
----
:math:`C` 個の実数 :math:`z = (z_1, \dots, z_C)` に対し、ソフトマックスは次の :math:`C` 個の値を返します。

.. math::

   \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{C} e^{z_j}}

どの値も正で、合計は 1 です。すべての :math:`z_j` に同じ定数 :math:`c` を足しても、分子と分母に :math:`e^{c}` が掛かるだけなので、結果は変わりません。
そこで実際の計算では :math:`c = -\max_j z_j` を足し、指数が 1 を超えないようにします。
温度 :math:`T > 0` を使う :math:`\mathrm{softmax}(z / T)` は、:math:`T` が大きいほど一様に近く、小さいほど最大の要素に集中します。
対数を取った :math:`\log \mathrm{softmax}(z)_k = z_k - \log \sum_j e^{z_j}` を log-softmax と呼び、
:term:`交差エントロピー損失 <Cross-Entropy Loss>` はこれを使って計算します。
2 クラスでは :math:`\mathrm{softmax}(z_1, z_2)_1 = \sigma(z_1 - z_2)` で、シグモイド :math:`\sigma(t) = 1 / (1 + e^{-t})` と同じものです。

かみくだいた説明
----------------
モデルが各クラスに付けた「点数」を、「各クラスである確率」に言い直す換算表です。
点数の差が 1 広がるごとに確率の比が約 2.7 倍（:math:`e` 倍）になるので、
いちばん点数の高いクラスが確率を大きく取りますが、ほかのクラスにも少しずつ確率が残ります。

使われる場面
------------
- 分類モデルの出力を確率として表示するとき（学習の損失には、ソフトマックスをかける前のロジットを渡します）
- アテンションで、どの位置をどれだけ重視するかの重みを作るとき
- 言語モデルで、温度を変えて次の単語の選び方の大胆さを調節するとき
"""

# %%
# 定義どおりに計算する
# --------------------
# 4 クラスのロジットに :func:`torch.softmax` をかけ、定義の式と比べます。
# 全体に 100 を足しても結果が変わらないことも確かめます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from torch import nn

z = torch.tensor([2.0, 1.0, 0.1, -1.0])
probs = torch.softmax(z, dim=0)
by_hand = z.exp() / z.exp().sum()
shift_diff = (torch.softmax(z + 100, dim=0) - probs).abs().max().item()
print(f"softmax: {[round(p, 4) for p in probs.tolist()]}")
print(f"定義の式: {[round(p, 4) for p in by_hand.tolist()]}")
print(f"合計: {probs.sum():.6f}")
print(f"100 を足したときとの差の最大: {shift_diff:.2e}")

# %%
# ``dim`` でどの向きに合計を 1 にするかを決める
# ----------------------------------------------
# ミニバッチのロジットは (件数, クラス数) の形なので、クラスの次元 ``dim=1`` を指定します。
# ``dim=0`` にすると、件数の向きに合計が 1 になり、意味のない値になります。
batch = torch.tensor([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
row_sums = torch.softmax(batch, dim=1).sum(dim=1)
wrong_sums = torch.softmax(batch, dim=0).sum(dim=1)
print(f"dim=1 のときの各行の合計: {[round(v, 4) for v in row_sums.tolist()]}")
print(f"dim=0 のときの各行の合計: {[round(v, 4) for v in wrong_sums.tolist()]}")

# %%
# 大きなロジットでも安定
# ----------------------
# 定義どおりに :math:`e^{1000}` を計算すると float32 の範囲を超えて ``inf`` になり、``inf / inf`` で ``nan`` が出ます。
# :func:`torch.softmax` は最大値を引いてから指数を取るので、正しい確率を返します。
big = torch.tensor([1000.0, 999.0, 0.0])
naive = big.exp() / big.exp().sum()
stable = torch.softmax(big, dim=0)
shifted = (big - big.max()).exp() / (big - big.max()).exp().sum()
print(f"定義どおり: {naive.tolist()}")
print(f"torch.softmax: {[round(p, 4) for p in stable.tolist()]}")
print(f"最大値を引いてから計算: {[round(p, 4) for p in shifted.tolist()]}")

# %%
# 温度で分布の鋭さを変える
# ------------------------
# ロジットを温度 :math:`T` で割ってからソフトマックスをかけます。:math:`T` が小さいと最大のクラスに確率が集まり、
# 大きいと一様分布に近づきます。分布の広がりを、エントロピー :math:`-\sum_k p_k \log p_k` で測ります。
temperatures = [0.5, 1.0, 2.0, 5.0]
tempered = {t: torch.softmax(z / t, dim=0) for t in temperatures}
entropies = {t: -(p * p.log()).sum().item() for t, p in tempered.items()}
for t, p in tempered.items():
    print(f"T={t}: {[round(v, 3) for v in p.tolist()]}, エントロピー {entropies[t]:.4f}")

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for i, (t, p) in enumerate(tempered.items()):
    ax.bar(torch.arange(4).numpy() + (i - 1.5) * 0.2, p.numpy(), width=0.2, label=f"T = {t}")
ax.axhline(0.25, color="gray", ls=":", label="一様分布 1/4")
ax.set_xticks(range(4), [f"クラス {k}\n(z = {v:g})" for k, v in enumerate(z.tolist())])
ax.set(ylabel="確率", title="温度 T によるソフトマックスの変化")
ax.grid(axis="y", alpha=0.3)
ax.legend()
plt.show()

# %%
# log-softmax と交差エントロピー損失
# ----------------------------------
# 確率がとても小さいと、ソフトマックスのあとに ``log`` を取る計算は 0 の対数になり ``-inf`` を返します。
# :func:`torch.nn.functional.log_softmax` は :math:`z_k - \log \sum_j e^{z_j}` を直接計算するので、有限の値が出ます。
# :class:`torch.nn.CrossEntropyLoss` は、この log-softmax の正解クラスの値にマイナスを付けて平均したものです。
far = torch.tensor([0.0, -200.0])
log_of_softmax = torch.softmax(far, dim=0).log()
log_softmax = F.log_softmax(far, dim=0)
print(f"softmax のあとで log: {log_of_softmax.tolist()}")
print(f"log_softmax: {log_softmax.tolist()}")

targets = torch.tensor([0, 2])
ce = nn.CrossEntropyLoss()(batch, targets)
from_log_softmax = -F.log_softmax(batch, dim=1)[torch.arange(2), targets].mean()
print(f"CrossEntropyLoss: {ce:.6f}, -log_softmax の平均: {from_log_softmax:.6f}")

# %%
# 2 クラスではシグモイドと同じ
# ----------------------------
# 2 つのロジット :math:`(t, 0)` のソフトマックスの 1 つ目は、:func:`torch.sigmoid` の :math:`\sigma(t)` と一致します。
# 2 クラス分類でモデルの出力を 1 つにし、:class:`torch.nn.BCEWithLogitsLoss` で学習するのは、この関係を使っています。
t = torch.linspace(-6, 6, 13)
two_class = torch.softmax(torch.stack([t, torch.zeros_like(t)], dim=1), dim=1)[:, 0]
sigmoid_diff = (two_class - torch.sigmoid(t)).abs().max().item()
print(f"softmax([t, 0])[0] と sigmoid(t) の差の最大: {sigmoid_diff:.2e}")

# %%
# 関連用語
# --------
# :term:`交差エントロピー損失 <Cross-Entropy Loss>`、:term:`活性化関数 <Activation Function>`、
# :term:`正解率 <Accuracy>`、:term:`アテンション <Attention>`、:term:`データ型 <dtype>`
#
# このページで使った API
# ----------------------
# :func:`torch.softmax`, :func:`torch.nn.functional.softmax`, :func:`torch.nn.functional.log_softmax`,
# :class:`torch.nn.CrossEntropyLoss`, :func:`torch.sigmoid`, :class:`torch.nn.BCEWithLogitsLoss`
#
# .. used-in-tutorials:: torch.softmax torch.nn.functional.softmax torch.nn.CrossEntropyLoss
