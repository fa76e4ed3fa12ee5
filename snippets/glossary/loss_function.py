r"""
損失関数（Loss Function）
=========================

.. term-card::
   :ja: 損失関数
   :reading: そんしつかんすう
   :en: Loss Function
   :api: torch.nn.MSELoss
   :summary: モデルの予測が正解からどれだけずれているかを、1 つの数（損失）で表す関数です。
      学習は、この値が小さくなるように :term:`パラメータ <Parameter>` を動かすことです。
      回帰では平均二乗誤差（:class:`torch.nn.MSELoss`）、分類では
      :term:`交差エントロピー損失 <Cross-Entropy Loss>` がよく使われます。

定義
----
予測 :math:`\hat{y}_i` と正解 :math:`y_i`（:math:`i = 1, \dots, n`）から、
ずれの大きさを表す実数を返す関数です。
学習では、パラメータ :math:`\theta` で決まる予測について、
この値を最小にする :math:`\theta` を探します。
回帰でよく使う 3 つを、誤差 :math:`e_i = \hat{y}_i - y_i` で書きます。

.. math::

   \mathrm{MSE} = \frac{1}{n} \sum_{i=1}^{n} e_i^2, \qquad
   \mathrm{MAE} = \frac{1}{n} \sum_{i=1}^{n} |e_i|, \qquad
   \mathrm{Huber}_\delta = \frac{1}{n} \sum_{i=1}^{n}
   \begin{cases}
   \tfrac{1}{2} e_i^2 & (|e_i| \le \delta) \\
   \delta \left(|e_i| - \tfrac{1}{2}\delta\right) & (|e_i| > \delta)
   \end{cases}

PyTorch では、それぞれ :class:`torch.nn.MSELoss`、:class:`torch.nn.L1Loss`、
:class:`torch.nn.HuberLoss` です。
どれも ``loss_fn(予測, 正解)`` の順に渡し、既定（``reduction="mean"``）では平均を返します。

かみくだいた説明
----------------
損失関数は、予測の「外れ具合」の採点表です。
家の価格を予測するなら、予想と実際の価格の差が大きいほど損失は大きくなります。
モデルを学習させるとは、この採点が良くなる（損失が小さくなる）ように、
重みを少しずつ直していくことです。
どの採点表を選ぶかで、大きく外れた点をどれだけ重く見るかが変わります。

使われる場面
------------
- 学習ループで、予測から損失を計算し、``loss.backward()`` で勾配を求めるとき
- 検証データで、モデルの良さを数値で比べるとき
"""

# %%
# 平均二乗誤差を計算する
# ----------------------
# 4 つの予測と正解から、:class:`~torch.nn.MSELoss` で損失を計算し、
# 定義の式どおりの手計算と比べます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

predictions = torch.tensor([2.5, 0.0, 2.1, 7.8])
targets = torch.tensor([3.0, -0.5, 2.0, 7.0])

mse_loss = nn.MSELoss()
loss = mse_loss(predictions, targets)
by_hand = ((predictions - targets) ** 2).mean()
print(f"MSELoss: {loss.item():.4f}, 手計算: {by_hand.item():.4f}")

# %%
# ``reduction`` を変えると、平均の代わりに合計や、1 件ずつの値が返ります。
per_item = nn.MSELoss(reduction="none")(predictions, targets)
total = nn.MSELoss(reduction="sum")(predictions, targets)
print(f"1 件ずつ: {[round(v, 4) for v in per_item.tolist()]}, 合計: {total.item():.4f}")

l1 = nn.L1Loss()(predictions, targets)
huber = nn.HuberLoss(delta=1.0)(predictions, targets)
print(f"同じデータで L1Loss: {l1.item():.4f}, HuberLoss: {huber.item():.4f}")

# %%
# 誤差の大きさと損失
# ------------------
# 誤差 :math:`e` を -3 から 3 まで動かし、1 件あたりの損失を描きます。
# MSE は誤差の 2 乗で増えるので、大きな誤差をとても重く見ます。L1 は誤差に比例します。
# Huber は :math:`|e| \le 1` では MSE の半分、外側では直線です。
errors = torch.linspace(-3, 3, 301, requires_grad=True)
zeros = torch.zeros_like(errors)
loss_fns = {
    "MSE（二乗誤差）": nn.MSELoss(reduction="none"),
    "L1（絶対誤差）": nn.L1Loss(reduction="none"),
    "Huber（δ = 1）": nn.HuberLoss(reduction="none", delta=1.0),
}
curves, slopes = {}, {}
for name, fn in loss_fns.items():
    values = fn(errors, zeros)
    (grad,) = torch.autograd.grad(values.sum(), errors)  # 各点での傾き dL/de
    curves[name], slopes[name] = values.detach(), grad

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, values in curves.items():
    ax.plot(errors.detach().numpy(), values.numpy(), label=name)
ax.set(xlabel="誤差 e = 予測 − 正解", ylabel="1 件あたりの損失", title="損失関数の形", ylim=(0, 5))
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 勾配で比べる
# ------------
# 学習でパラメータを動かす力は、損失の値ではなく傾き :math:`\partial L / \partial e` です。
# :term:`自動微分 <Autograd>` で求めた傾きを描くと、MSE は誤差に比例して大きくなり、
# L1 と Huber は大きさが 1 で頭打ちになります。外れ値に引っ張られにくいのは後の 2 つです。
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, grad in slopes.items():
    ax.plot(errors.detach().numpy(), grad.numpy(), label=name)
ax.set(
    xlabel="誤差 e = 予測 − 正解", ylabel="傾き dL/de", title="損失関数の勾配（autograd で計算）"
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 外れ値があるときの違い
# ----------------------
# 5 つの値 ``[1, 2, 3, 4, 100]`` を 1 つの定数 :math:`c` で予測するとき、
# 損失を最小にする :math:`c` を探します。
# MSE の最小点は平均、L1 の最小点は中央値になるので、外れ値 100 の影響の受け方が大きく違います。
data = torch.tensor([1.0, 2.0, 3.0, 4.0, 100.0])
candidates = torch.linspace(0, 40, 4001)
best = {}
for name, fn in [("MSE", nn.MSELoss()), ("L1", nn.L1Loss())]:
    losses = torch.stack([fn(torch.full_like(data, c), data) for c in candidates])
    best[name] = candidates[losses.argmin()].item()
print(f"MSE を最小にする c: {best['MSE']:.2f}（平均 {data.mean().item():.2f}）")
print(f"L1 を最小にする c: {best['L1']:.2f}（中央値 {data.median().item():.2f}）")

# %%
# 関連用語
# --------
# :term:`交差エントロピー損失 <Cross-Entropy Loss>`、:term:`勾配 <Gradient>`、
# :term:`勾配降下法 <Gradient Descent>`、:term:`backward メソッド <Backward Method>`、
# :term:`torch.nn`、:term:`過学習 <Overfitting>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.MSELoss`, :class:`torch.nn.L1Loss`, :class:`torch.nn.HuberLoss`,
# :func:`torch.autograd.grad`, :func:`torch.linspace`, :func:`torch.full_like`
#
# .. used-in-tutorials:: torch.nn.MSELoss torch.nn.L1Loss torch.nn.CrossEntropyLoss
