r"""
勾配と学習率
============

重みが 1 つだけの :term:`損失 <Loss Function>` を使って、:term:`勾配 <Gradient>` が何を表すかを図で確かめます。
式で求めた勾配と :term:`自動微分 <Autograd>` の勾配が一致することも確かめます。
最後に :term:`学習率 <Learning Rate>` を 0.001、0.01、0.1、0.5 と変えて、
遅すぎる・ちょうどよい・振動する・発散する、の 4 つの振る舞いを並べます。

損失の式と、勾配降下法の出発点・学習率・ステップ数は、記事「PyTorch：線形回帰から学ぶ機械学習」の理論解説と同じです。
"""

# sphinx_gallery_thumbnail_number = 3

# %%
# 損失と、その導関数
# ------------------
# 入力 :math:`x = 2`、バイアス :math:`b = 1`、目標 :math:`t = 5` を固定し、重み :math:`w` だけを動かします。
# データが 1 点なので、2 乗誤差がそのまま損失です。
#
# .. math::
#
#    L(w) = (wx + b - t)^2, \qquad \frac{dL}{dw} = 2x\,(wx + b - t)
#
# 損失が最小になるのは :math:`w^* = (t - b) / x = 2` です。
# 導関数の値は、その点での損失の曲線の傾き（接線の傾き）です。
# 傾きが正なら :math:`w` を減らし、負なら増やせば、損失は下がります。
from itertools import pairwise

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

x_data, bias, target = 2.0, 1.0, 5.0
optimal_w = (target - bias) / x_data


def loss_fn(w):
    """L(w)。w は float でも NumPy 配列でもテンソルでもよい。"""
    return (w * x_data + bias - target) ** 2


def dloss_dw(w):
    """L(w) を w で微分した式。"""
    return 2 * x_data * (w * x_data + bias - target)


w_values = np.linspace(-1, 6, 200)
fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(9, 3.8))
ax_loss.plot(w_values, loss_fn(w_values), "b-", lw=2)
for w0 in (0.5, 2.0, 3.5):
    tangent = loss_fn(w0) + dloss_dw(w0) * (w_values - w0)
    ax_loss.plot(w_values, tangent, "--", lw=1, label=f"w = {w0} での接線（傾き {dloss_dw(w0):g}）")
    ax_grad.plot(w0, dloss_dw(w0), "o")
ax_loss.set(xlabel="重み w", ylabel="損失 L(w)", title="損失と接線", ylim=(-5, 60))
ax_loss.legend(fontsize=8)
ax_grad.plot(w_values, dloss_dw(w_values), "r-", lw=2)
ax_grad.axhline(0, color="k", lw=0.8)
ax_grad.axvline(optimal_w, color="gray", ls="--", lw=1)
ax_grad.set(xlabel="重み w", ylabel="dL/dw", title="導関数（接線の傾き）")
plt.show()

# %%
# 自動微分で同じ勾配を求める
# --------------------------
# :math:`w` を :term:`requires_grad` が ``True`` のテンソルにして損失を計算し、
# :meth:`~torch.Tensor.backward` を呼ぶと（:term:`backward メソッド <Backward Method>`）、:math:`dL/dw` が ``w.grad`` に入ります。
# 上の式で計算した値と比べます。
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
# 勾配降下法の歩み
# ----------------
# :term:`勾配降下法 <Gradient Descent>` で、記事と同じく :math:`w = 0.5` から学習率 :math:`\eta = 0.1` で 15 回更新します。
# 勾配は自動微分で求め、更新は ``torch.no_grad()`` の中で :math:`w \leftarrow w - \eta\, dL/dw` と書きます。
# 記事は NumPy の 64 ビット浮動小数点数で計算しているので、ここでも ``torch.float64`` を使います。
learning_rate = 0.1
w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
path = [w.item()]
for _ in range(15):
    loss_fn(w).backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
    w.grad.zero_()
    path.append(w.item())
final_error = abs(optimal_w - path[-1])
print(f"最適な重み: {optimal_w:.4f}, 15 回後の重み: {path[-1]:.4f}, 誤差: {final_error:.2e}")

# %%
# 記事は最終結果 2.0000 と、誤差 0.000012 を載せています。
# 最終結果は一致しますが、誤差は記事のコードからはその値になりません。
# 1 回の更新で、:math:`w^*` からのずれは :math:`1 - \eta \cdot 2x^2` 倍になります。
# ここでは :math:`1 - 0.1 \times 8 = 0.2` 倍なので、15 回後のずれは最初の 1.5 の :math:`0.2^{15}` 倍です。
print(f"1.5 × 0.2^15 = {1.5 * 0.2**15:.2e}, 記事と同じ書式（小数 6 桁）だと {final_error:.6f}")

fig, ax = plt.subplots()
ax.plot(w_values, loss_fn(w_values), "b-", alpha=0.6, label="損失 L(w)")
ax.plot(path, [loss_fn(p) for p in path], "ro-", ms=5, label="勾配降下法の歩み")
for step, offset in [(0, (10, -4)), (1, (-75, 25)), (2, (15, 40))]:
    label = "出発点" if step == 0 else f"{step} 回目の更新後"
    ax.annotate(
        f"{label} w = {path[step]:.2f}",
        (path[step], loss_fn(path[step])),
        textcoords="offset points",
        xytext=offset,
        arrowprops={"arrowstyle": "-", "lw": 0.8},
    )
ax.axvline(optimal_w, color="g", ls="--", label=f"最適値 w = {optimal_w:g}")
ax.set(
    xlabel="重み w",
    ylabel="損失 L(w)",
    title="学習率 0.1 で 15 回更新",
    xlim=(0, 3.5),
    ylim=(-0.5, 10),
)
ax.legend()
plt.show()

# %%
# 学習率を変える
# --------------
# 記事は :math:`L(w) = (w - 2)^2` を :math:`w = 0.1` から 20 回（ずれが :math:`10^{-6}` 未満になれば止める）
# 更新して、4 つの学習率を比べています。まず、それをそのまま計算します。


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


learning_rates = [0.001, 0.01, 0.1, 0.5]
seed_runs = {lr: descend(lambda w: (w - 2.0) ** 2, lr, stop=1e-6) for lr in learning_rates}
for lr, hist in seed_runs.items():
    print(f"学習率 {lr:5}: 更新 {len(hist) - 1:2d} 回, 最後の w = {hist[-1]:.4f}")

# %%
# 学習率 0.5 は 1 回で最適値に着き、振動も発散もしません。
# 記事は「大きすぎると振動や発散が起こる」と書いていますが、記事の図にはそれが現れません。
# 1 回の更新でずれに掛かる倍率は :math:`r = 1 - \eta L''` です（:math:`L''` は 2 階微分、曲線の曲がり具合）。
# :math:`L = (w - 2)^2` では :math:`L'' = 2` なので、:math:`\eta = 0.5` で :math:`r = 0` になります。
#
# - :math:`0 < r < 1` （:math:`\eta < 1/L''`）: 一方の側から近づく。:math:`r` が 1 に近いほど遅い
# - :math:`-1 < r < 0` （:math:`1/L'' < \eta < 2/L''`）: 最適値をまたいで振動しながら近づく
# - :math:`r < -1` （:math:`\eta > 2/L''`）: 振動しながら離れていく（発散）
#
# 4 つの振る舞いを同じ 4 つの学習率で見るには、:math:`10 < L'' < 20` の損失が要ります。
# そこで入力を :math:`x = 3`、目標を :math:`t = 7` にします。:math:`w^* = 2` のまま、:math:`L'' = 2x^2 = 18` です。
curvature = 2 * 3.0**2
print(
    f"L'' = {curvature:g}: 単調に近づく上限 1/L'' = {1 / curvature:.4f}, 発散しない上限 2/L'' = {2 / curvature:.4f}"
)


def classify(history, w_star=2.0):
    """w の列から振る舞いを判定する。"""
    errors = [h - w_star for h in history]
    if abs(errors[-1]) > abs(errors[0]):
        return "発散する"
    if all(a * b < 0 for a, b in pairwise(errors)):
        return "振動しながら近づく"
    if abs(errors[-1]) > 0.1 * abs(errors[0]):
        return "遅すぎる"
    return "ちょうどよい"


runs = {lr: descend(lambda w: (w * 3.0 + bias - 7.0) ** 2, lr) for lr in learning_rates}
behaviours = {lr: classify(hist) for lr, hist in runs.items()}
for lr, hist in runs.items():
    factor = 1 - lr * curvature
    print(
        f"学習率 {lr:5}: 倍率 r = {factor:6.3f}, 20 回後の w = {hist[-1]:10.4g} → {behaviours[lr]}"
    )

# %%
# 4 つの学習率を並べます。発散する右下の図だけは、縦軸を対称対数目盛にしています。
fig, axes = plt.subplots(2, 2, figsize=(9, 6.5), sharex=True)
for ax, (lr, hist) in zip(axes.flat, runs.items(), strict=True):
    ax.plot(range(len(hist)), hist, "o-", ms=3)
    ax.axhline(2.0, color="r", ls="--", lw=1, label="最適値 w* = 2")
    ax.set(title=f"学習率 {lr}: {behaviours[lr]}", ylabel="重み w")
    if behaviours[lr] == "発散する":
        ax.set_yscale("symlog")
        ax.set(yticks=[-1e18, -1e9, 0, 1e9, 1e18], ylim=(-1e19, 1e19))
    ax.legend(fontsize=8)
for ax in axes[1]:
    ax.set(xlabel="更新の回数", xticks=range(0, 21, 5))
plt.show()

# %%
# ちょうどよい学習率は、損失の曲がり具合で決まります。
# :math:`L'' = 2` なら 0.5 が最適で、:math:`L'' = 18` なら 0.5 は発散します。
# 記事は「通常 0.001〜0.1 程度から始める」と書いていますが、これは目安にすぎません。
# 実際のモデルでは :math:`L''` はわからないので、いくつかの値を試して損失の推移を見ます。
# なお、この損失は谷が 1 つしかないので、記事が挙げる「局所最適解」の問題はここでは確かめられません。
#
# このページで使った API
# ----------------------
# - :func:`torch.tensor`, :meth:`torch.Tensor.backward`, :attr:`torch.Tensor.grad`
# - :class:`torch.no_grad`, :meth:`torch.Tensor.zero_`, :meth:`torch.Tensor.item`
