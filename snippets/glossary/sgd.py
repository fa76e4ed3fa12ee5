r"""
確率的勾配降下法（SGD）
=======================

.. term-card::
   :ja: 確率的勾配降下法
   :reading: かくりつてきこうばいこうかほう
   :en: SGD
   :api: torch.optim.SGD
   :summary: 全データではなく、ランダムに選んだ一部のデータ（ミニバッチ）で求めた勾配を使って
      :term:`勾配降下法 <Gradient Descent>` の更新を繰り返す方法です。
      PyTorch の :class:`torch.optim.SGD` は、渡された勾配でこの更新を行い、モーメンタムも使えます。

定義
----
損失が全データ :math:`N` 件の平均 :math:`L(\theta) = \frac{1}{N}\sum_{i=1}^{N} \ell_i(\theta)` のとき、
ステップ :math:`t` で :math:`b` 件のミニバッチ :math:`B_t` をランダムに選び、その勾配で更新します。

.. math::

   g_t = \frac{1}{b} \sum_{i \in B_t} \nabla \ell_i(\theta_{t-1}), \qquad
   \theta_t = \theta_{t-1} - \eta\, g_t

:math:`B_t` を一様に選べば :math:`\mathbb{E}[g_t] = \nabla L(\theta_{t-1})` で、:math:`g_t` は全データの勾配の
ばらつきを含んだ推定値です。:math:`\eta` は :term:`学習率 <Learning Rate>` です。

:class:`torch.optim.SGD` に ``momentum=``:math:`\mu` を渡すと、PyTorch は次の更新をします（:math:`v_0 = 0`）。

.. math::

   v_t = \mu\, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, v_t

教科書によっては :math:`v \leftarrow \mu v - \eta g,\ \theta \leftarrow \theta + v` と書きます。
学習率が一定なら同じ点を通りますが、学習率を途中で変えると結果が変わります。
ほかに ``weight_decay``:math:`=\lambda`（勾配に :math:`\lambda \theta` を足す）、
``dampening``:math:`=\tau`（2 ステップ目から :math:`g_t` を :math:`(1-\tau)` 倍する）、``nesterov=True`` があります。

かみくだいた説明
----------------
全データの勾配を毎回きちんと計算するのは、データが多いと重すぎます。
そこで、一部のデータだけを見て「だいたいこっちが下り坂」と見当をつけ、すぐに一歩進みます。
一歩ずつの向きはぶれますが、平均すると正しい向きなので、少ない計算で学習が進みます。

モーメンタムは「勢い」です。前の歩みの向きを少し覚えておき、今の勾配に足します。
同じ向きが続く方向では加速し、向きが毎回反転する方向では打ち消し合います。

使われる場面
------------
- ニューラルネットワークの学習全般。画像分類などでは、モーメンタム付きの SGD が今もよく使われます。
- ``torch.optim.SGD`` 自体はデータを選びません。ミニバッチは :term:`データローダ <DataLoader>` が
  ``shuffle=True`` で作り、オプティマイザはそこから計算された勾配で更新するだけです。
"""

# %%
# ミニバッチの勾配は「ぶれた推定値」
# ----------------------------------
# 256 件のデータで、全データの勾配と、32 件ずつ 8 つのミニバッチの勾配を比べます。
# パラメータは同じ点（すべて 0）で測ります。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

torch.manual_seed(0)
X = torch.randn(256, 3)
y = X @ torch.tensor([1.5, -2.0, 0.5]) + 0.1 * torch.randn(256)
w = torch.zeros(3, requires_grad=True)


def gradient_on(index):
    loss = ((X[index] @ w - y[index]) ** 2).mean()
    (grad,) = torch.autograd.grad(loss, w)
    return grad


full_grad = gradient_on(torch.arange(256))
minibatch_grads = torch.stack([gradient_on(b) for b in torch.randperm(256).split(32)])
print(f"全データの勾配:             {full_grad.numpy().round(3)}")
print(f"ミニバッチ 1 つ目の勾配:    {minibatch_grads[0].numpy().round(3)}")
print(f"8 つのミニバッチ勾配の平均: {minibatch_grads.mean(0).numpy().round(3)}")
print(f"ミニバッチ勾配の標準偏差:   {minibatch_grads.std(0).numpy().round(3)}")

# %%
# 1 つ 1 つのミニバッチの勾配はずれていますが、1 エポック分（全データを 1 回ずつ）を平均すると
# 全データの勾配に一致します。
#
# モーメンタムの式を確かめる
# --------------------------
# 上の式を手で書いた更新と、``torch.optim.SGD(momentum=0.9)`` を 5 ステップずつ比べます。
# 損失は :math:`L(w) = \lVert w - (1, 2) \rVert^2` です。
target = torch.tensor([1.0, 2.0])
lr, mu = 0.1, 0.9

w_torch = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([w_torch], lr=lr, momentum=mu)
w_hand, v = torch.zeros(2), torch.zeros(2)
for _ in range(5):
    optimizer.zero_grad()
    ((w_torch - target) ** 2).sum().backward()
    optimizer.step()
    g = 2 * (w_hand - target)  # 手で微分した勾配
    v = mu * v + g
    w_hand = w_hand - lr * v

momentum_gap = (w_torch.detach() - w_hand).abs().max().item()
print(f"5 ステップ後 torch.optim.SGD: {w_torch.detach().numpy().round(4)}")
print(f"5 ステップ後 手で書いた更新:  {w_hand.numpy().round(4)}  (最大の差 {momentum_gap:.1e})")

# %%
# 細長い谷での動き
# ----------------
# 損失 :math:`L(x, y) = x^2/20 + y^2` は、:math:`y` 方向には急で :math:`x` 方向にはゆるい、細長い谷です。
# 同じ出発点 :math:`(-4, 1.5)` から 40 ステップ、3 つの設定で進みます（勾配はミニバッチではなく厳密な値です）。
# :term:`Adam` のページでも、同じ谷と同じ出発点を使います。


def valley(p):
    return p[0] ** 2 / 20 + p[1] ** 2


def run(make_optimizer, steps=40):
    p = torch.tensor([-4.0, 1.5], requires_grad=True)
    opt = make_optimizer([p])
    points = [p.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        valley(p).backward()
        opt.step()
        points.append(p.detach().clone())
    return torch.stack(points).numpy()


settings = {
    "SGD 学習率 0.3": lambda ps: torch.optim.SGD(ps, lr=0.3),
    "SGD 学習率 0.9": lambda ps: torch.optim.SGD(ps, lr=0.9),
    "SGD 学習率 0.3 + モーメンタム 0.7": lambda ps: torch.optim.SGD(ps, lr=0.3, momentum=0.7),
}
paths = {name: run(make) for name, make in settings.items()}
valley_losses = {name: float(valley(path[-1])) for name, path in paths.items()}
for name, value in valley_losses.items():
    print(f"{name}: 40 ステップ後の損失 {value:.2e}")
ranking = sorted(valley_losses, key=valley_losses.get)
print(f"40 ステップ後の損失が小さい順: {' < '.join(ranking)}")
too_much = run(lambda ps: torch.optim.SGD(ps, lr=0.3, momentum=0.9))
print(
    f"（図には描かない）SGD 学習率 0.3 + モーメンタム 0.9: 40 ステップ後の損失 {valley(too_much[-1]):.2e}"
)

# %%
# 学習率 0.3 では、ゆるい :math:`x` 方向がなかなか進みません。学習率を 0.9 に上げると速くなりますが、
# 急な :math:`y` 方向で上下にジグザグします。学習率 0.3 のままモーメンタム 0.7 を付けると、
# :math:`x` 方向に勢いがつき、:math:`y` 方向の往復も次第に小さくなって、上に表示した順位のとおり、3 つの中でいちばん谷底に近づきます。
# ただし勢いは強ければよいわけではなく、モーメンタムを 0.9 にすると谷底を何度も行き過ぎて、かえって遅くなります。
grid_x, grid_y = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-2, 2, 200))
fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained")
ax.contour(grid_x, grid_y, valley((grid_x, grid_y)), levels=15, cmap="Greys")
for (name, path), marker in zip(paths.items(), "os^", strict=True):
    ax.plot(path[:, 0], path[:, 1], marker=marker, ms=3, lw=1.2, label=name)
ax.plot(0, 0, "k*", ms=12, label="最小値 (0, 0)")
ax.plot(-4, 1.5, "kx", ms=8)
ax.set(xlabel="x", ylabel="y", title="$L(x, y) = x^2/20 + y^2$ を 40 ステップ", aspect="equal")
ax.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# 関連用語
# --------
# :term:`勾配降下法 <Gradient Descent>`、:term:`学習率 <Learning Rate>`、:term:`Adam`、
# :term:`オプティマイザ <Optimizer>`、:term:`バッチサイズ <Batch Size>`、:term:`データローダ <DataLoader>`、
# :term:`エポック <Epoch>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.SGD`, :func:`torch.autograd.grad`, :func:`torch.randperm`, :meth:`torch.Tensor.split`,
# :meth:`torch.Tensor.backward`, :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`
#
# .. used-in-tutorials:: torch.optim.SGD
