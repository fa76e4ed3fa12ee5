r"""
勾配と学習率
============

重みが 1 つだけの損失を使って、:term:`勾配 <Gradient>` が何を表すかを図で確かめます。
次に、1 回の更新で最適値までのずれが何倍になるかを式で求めます。
最後に :term:`学習率 <Learning Rate>` を 4 通りに変えて、近づき方・振動・発散を並べます。

.. lesson::
   :prerequisites: :doc:`/tutorials/regression/linear_regression_manual`、:term:`勾配降下法 <Gradient Descent>`

   - 導関数の値が、損失の曲線の傾きであることを確かめる
   - 1 回の更新でずれに掛かる倍率 :math:`r = 1 - \eta L''` を導く
   - 学習率で、近づく速さ・振動・発散が分かれることを確かめる
"""

# %%
# :doc:`/tutorials/regression/linear_regression_manual` では、学習率 0.001 を決め打ちにしました。
# このページでは重みを 1 つに絞り、勾配と学習率が更新に何をするかを見ます。
#
# 損失と、その導関数
# ------------------
# 入力 :math:`x = 2`、バイアス :math:`b = 1`、正解 :math:`t = 5` を固定し、重み :math:`w` だけを動かします。
#
# .. math::
#
#    L(w) = (wx + b - t)^2, \qquad \frac{dL}{dw} = 2x\,(wx + b - t)
#
# 損失が最小になるのは :math:`w^* = (t - b) / x = 2` です。導関数の値は、その点での曲線の傾き（接線の傾き）です。
# 傾きが正なら :math:`w` を減らし、負なら増やせば、損失は下がります。
from itertools import pairwise

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

# sphinx_gallery_thumbnail_number = 2
x_data, bias, target = 2.0, 1.0, 5.0
optimal_w = (target - bias) / x_data


def loss_fn(w):
    """L(w)。w は float でも NumPy 配列でもテンソルでもよい。"""
    return (w * x_data + bias - target) ** 2


def dloss_dw(w):  # L(w) の導関数
    return 2 * x_data * (w * x_data + bias - target)


w_values = np.linspace(-1, 6, 200)
fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(6.4, 3.4), layout="constrained")
ax_loss.plot(w_values, loss_fn(w_values), "b-", lw=2)
for w0 in (0.5, 2.0, 3.5):
    tangent = loss_fn(w0) + dloss_dw(w0) * (w_values - w0)
    ax_loss.plot(w_values, tangent, "--", lw=1, label=f"w = {w0}（傾き {dloss_dw(w0):g}）")
    ax_grad.plot(w0, dloss_dw(w0), "o")
ax_loss.set(xlabel="重み w", ylabel="損失 L(w)", title="損失と接線", ylim=(-5, 60))
ax_loss.legend(fontsize=8)
ax_grad.plot(w_values, dloss_dw(w_values), "r-", lw=2)
ax_grad.axhline(0, color="k", lw=0.8)
ax_grad.set(xlabel="重み w", ylabel="dL/dw", title="導関数（接線の傾き）")
ax_loss.grid(alpha=0.3)
ax_grad.grid(alpha=0.3)
plt.show()

# %%
# 自動微分で同じ勾配を求める
# --------------------------
# :math:`w` を :term:`requires_grad` が ``True`` のテンソルにして損失を計算し、
# :meth:`~torch.Tensor.backward` を呼ぶと、:math:`dL/dw` が ``w.grad`` に入ります。式の値と比べます。
check_ws = [-1.0, 0.5, 2.0, 3.5, 6.0]
autograd_grads = []
for w0 in check_ws:
    w = torch.tensor(w0, requires_grad=True)
    loss_fn(w).backward()
    autograd_grads.append(w.grad.item())
    print(f"w = {w0:5.2f}: 自動微分 {w.grad.item():8.3f}, 式 {dloss_dw(w0):8.3f}")
max_grad_gap = max(abs(g - dloss_dw(w0)) for g, w0 in zip(autograd_grads, check_ws, strict=True))
print(f"差の最大値: {max_grad_gap}")

# %%
# 1 回の更新でずれは何倍になるか
# ------------------------------
# :math:`L''` を損失の 2 階微分（曲線の曲がり具合）とします。この損失は 2 次式なので、
# :math:`L'(w) = L'' \cdot (w - w^*)` と書けます。更新後の重み :math:`\tilde{w} = w - \eta L'(w)` から :math:`w^*` を引くと
#
# .. math::
#
#    \tilde{w} - w^* = (1 - \eta L'')\,(w - w^*) = r\,(w - w^*)
#
# となり、最適値までのずれは毎回 :math:`r = 1 - \eta L''` 倍になります。
# ここでは :math:`L'' = 2x^2 = 8` です。:math:`w = 0.5` から学習率 :math:`\eta = 0.1` で 15 回更新して確かめます。64 ビットの浮動小数点数（``torch.float64``）を使うので、小さなずれまで正確に追えます。


def descend(loss, lr, w0=0.1, steps=20, w_star=2.0, stop=None):
    """自動微分で勾配降下を steps 回行い、w の列を返す。stop を渡すとずれが stop 未満で止める。"""
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    history = [w0]
    for _ in range(steps):
        loss(w).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        history.append(w.item())
        if stop is not None and abs(w.item() - w_star) < stop:
            break
    return history


learning_rate = 0.1
path = descend(loss_fn, learning_rate, w0=0.5, steps=15)
ratios = [(b - optimal_w) / (a - optimal_w) for a, b in pairwise(path[:6])]
final_error = abs(optimal_w - path[-1])
print(f"r = 1 - ηL'' = {1 - learning_rate * 2 * x_data**2:.2f}")
print(f"最初の 5 回で、ずれが何倍になったか: {[round(q, 6) for q in ratios]}")
print(f"15 回後のずれ: {final_error:.2e}（1.5 × 0.2^15 = {1.5 * 0.2**15:.2e}）")

# %%
# 学習率を変える
# --------------
# 倍率 :math:`r` で、振る舞いが決まります。
#
# - :math:`0 < r < 1` （:math:`\eta < 1/L''`）: 一方の側から近づく
# - :math:`-1 < r < 0` （:math:`1/L'' < \eta < 2/L''`）: 最適値をまたいで振動しながら近づく
# - :math:`r < -1` （:math:`\eta > 2/L''`）: 振動しながら離れていく（発散）
#
# 近づく速さは :math:`|r|` で決まり、:math:`n` 回後に残るずれは :math:`|r|^n` です。
# いちばん速いのは :math:`r = 0`、つまり :math:`\eta = 1/L''` のときで、1 回で最適値に着きます。
# 4 つの場合を学習率 0.001、0.01、0.1、0.5 で見るため、入力を :math:`x = 3`、正解を :math:`t = 7` にします。:math:`w^* = 2` のまま、:math:`L'' = 2x^2 = 18` です。:math:`w = 0.1` から 20 回更新します。


def classify(history, w_star=2.0):
    errors = [h - w_star for h in history]
    if abs(errors[-1]) > abs(errors[0]):
        return "発散する"
    if all(a * b < 0 for a, b in pairwise(errors)):
        return "振動しながら近づく"
    return "一方の側から近づく"


def steep_loss(w):
    return (w * 3.0 + bias - 7.0) ** 2


curvature = 2 * 3.0**2
print(f"L'' = {curvature:g}, 最速の 1/L'' = {1 / curvature:.4f}, 上限 2/L'' = {2 / curvature:.4f}")
learning_rates = [0.001, 0.01, 0.1, 0.5]
runs = {lr: descend(steep_loss, lr) for lr in learning_rates}
behaviours = {lr: classify(hist) for lr, hist in runs.items()}
remaining = {lr: abs(hist[-1] - 2.0) / abs(hist[0] - 2.0) for lr, hist in runs.items()}
for lr in learning_rates:
    r = 1 - lr * curvature
    print(f"学習率 {lr:5}: r = {r:6.3f}, 残ったずれの比 {remaining[lr]:8.3g} → {behaviours[lr]}")

# %%
# 学習率 0.1 は振動しますが、:math:`|r|` は 0.01 のときより小さいので、20 回後には 0.01 より最適値の近くにいます。
# 振動すること自体は悪くありません。発散する右下の図だけ、縦軸を対称対数目盛（symlog）にしています。0 の近くは普通の目盛、離れたところは対数目盛で、正と負の両方の大きな値を 1 枚に描けます。
fig, axes = plt.subplots(2, 2, figsize=(6.4, 5), sharex=True, layout="constrained")
for ax, (lr, hist) in zip(axes.flat, runs.items(), strict=True):
    ax.plot(range(len(hist)), hist, "o-", ms=3)
    ax.axhline(2.0, color="r", ls="--", lw=1, label="最適値 w* = 2")
    ax.set(title=f"学習率 {lr}（r = {1 - lr * curvature:.3g}）", ylabel="重み w")
    if behaviours[lr] == "発散する":
        ax.set_yscale("symlog")
        ax.set(yticks=[-1e18, -1e9, 0, 1e9, 1e18], ylim=(-1e19, 1e19))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
for ax in axes[1]:
    ax.set(xlabel="更新の回数", xticks=range(0, 21, 5))
fig.suptitle("学習率による重みの動きの違い")
plt.show()

# %%
# ちょうどよい学習率は、損失の曲がり具合 :math:`L''` で決まります。
# 実際のモデルでは :math:`L''` はわからないので、いくつかの学習率を試して損失の推移を見ます。
#
# .. details:: 元の記事「PyTorch：線形回帰から学ぶ機械学習」との比較
#
#    最初の損失の式、出発点 0.5、学習率 0.1、15 回の更新は、この記事の理論解説と同じです。
#    記事は 15 回後の誤差を 0.000012 と載せていますが、記事のコードからは上の :math:`1.5 \times 0.2^{15}` になり、
#    記事と同じ小数 6 桁の書式では 0.000000 と表示されます。
#
#    記事は学習率を比べるのに :math:`L = (w - 2)^2` を :math:`w = 0.1` から更新しています（ずれが :math:`10^{-6}` 未満で止める）。
#    :math:`L'' = 2` なので学習率 0.5 は :math:`r = 0` で、1 回で着きます。4 つとも振動も発散もしません。
#    記事の「大きすぎる: 振動や発散が起こる」は正しいのですが、記事の図には現れません。「通常0.001〜0.1程度から開始」は目安です。
#    「小さすぎる: …局所最適解に陥りやすい」は決まった規則ではありません。学習率が小さいと出発点に近い谷に入りやすいことはありますが、
#    それが悪い谷かどうかは損失の形しだいです。この損失は谷が 1 つしかないので、確かめることもできません。
print(f"15 回後の誤差（記事と同じ書式）: {final_error:.6f}")
seed_runs = {lr: descend(lambda w: (w - 2.0) ** 2, lr, stop=1e-6) for lr in learning_rates}
for lr, hist in seed_runs.items():
    print(f"L = (w - 2)^2, 学習率 {lr:5}: 更新 {len(hist) - 1:2d} 回, 最後の w = {hist[-1]:.4f}")

# %%
# まとめ
# ------
# - 勾配（導関数の値）は損失の曲線の傾き。勾配と逆の向きに動かすと損失が下がる
# - 1 回の更新で、最適値までのずれは :math:`r = 1 - \eta L''` 倍になる
# - :math:`|r|` が小さいほど速く、:math:`\eta = 1/L''` で最速、:math:`\eta > 2/L''` で発散する
# - 実際には :math:`L''` はわからないので、学習率を何通りか試して損失の推移を見る
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 損失 ``steep_loss`` を、学習率 :math:`1/L'' = 1/18`、0.11、0.115 でそれぞれ 20 回更新してください。それぞれ、どう動くでしょうか。
#
# .. hint:: 先に :math:`r = 1 - \eta L''` を計算してから、``descend(steep_loss, 学習率)`` で確かめます。
#
# .. answer::
#
#    :math:`1/18` は :math:`r = 0` で、1 回目の更新で最適値 2 に着き、そのあとは動きません。
#    0.11 は :math:`r = -0.98` で、振動しながらゆっくり近づきます。0.115 は :math:`r = -1.07` で、発散します。
ex1_runs = {lr: descend(steep_loss, lr) for lr in (1 / curvature, 0.11, 0.115)}
for lr, hist in ex1_runs.items():
    print(f"学習率 {lr:.4f}: 1 回後の w = {hist[1]:.4f}, 20 回後のずれ {abs(hist[-1] - 2.0):.4f}")

# %%
# **問題 2.** 最初の損失で、:math:`w = 0.5` と :math:`b = 1` の両方を ``requires_grad=True`` にして、:math:`\partial L / \partial b` を自動微分で求めてください。式 :math:`2(wx + b - t)` と比べます。
#
# .. hint:: 損失を ``(w * x_data + b - target) ** 2`` と書き、``backward()`` のあと ``b.grad`` を見ます。
#
# .. answer::
w, b = torch.tensor(0.5, requires_grad=True), torch.tensor(1.0, requires_grad=True)
((w * x_data + b - target) ** 2).backward()
ex2_bias_grad = b.grad.item()
print(f"dL/db: 自動微分 {ex2_bias_grad:.3f}, 式 {2 * (0.5 * x_data + 1.0 - target):.3f}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.tensor`, :meth:`torch.Tensor.backward`, :attr:`torch.Tensor.grad`
# - :class:`torch.no_grad`, :meth:`torch.Tensor.zero_`, :meth:`torch.Tensor.item`
