r"""
勾配降下法（Gradient Descent）
==============================

.. term-card::
   :ja: 勾配降下法
   :reading: こうばいこうかほう
   :en: Gradient Descent
   :summary: 関数の :term:`勾配 <Gradient>` の逆向きに、パラメータを少しずつ動かして最小値を探す方法です。
      1 回の更新は :math:`\theta \leftarrow \theta - \eta \nabla L(\theta)` で、:math:`\eta` は :term:`学習率 <Learning Rate>` です。
      ニューラルネットワークの学習は、ほとんどがこの方法とその変種で行われます。

定義
----
最小化したい関数（損失）を :math:`L(\theta)` とします。初期値 :math:`\theta_0` から始めて、次の更新を繰り返します。

.. math::

   \theta_{k+1} = \theta_k - \eta \, \nabla L(\theta_k), \qquad k = 0, 1, 2, \dots

:math:`\nabla L(\theta_k)` は点 :math:`\theta_k` での勾配で、:math:`L` がもっとも急に増える向きを指します。
その逆向きに :math:`\eta > 0` 倍だけ進むので、:math:`\eta` が十分小さければ :math:`L` は 1 回ごとに減ります。
勾配が 0 になる点（停留点）では更新が止まります。

かみくだいた説明
----------------
霧の中で山を下りる様子にたとえられます。足元の傾きだけを頼りに、いちばん下っている方向へ一歩ずつ進みます。
傾きが急なところでは一歩が大きく、平らに近づくと一歩は小さくなります。
一歩の大きさを決める係数が :term:`学習率 <Learning Rate>` です。

PyTorch では、傾き（勾配）を自分で微分して書く必要はありません。
損失を計算して :meth:`~torch.Tensor.backward` を呼べば、:term:`自動微分 <Autograd>` が勾配を ``.grad`` に入れてくれます。

使われる場面
------------
- モデルの :term:`パラメータ <Parameter>` を、:term:`損失関数 <Loss Function>` が小さくなるように調整するとき
- :term:`確率的勾配降下法 <SGD>` や :term:`Adam` など、:term:`torch.optim` のアルゴリズムの多くはこの更新の変種です
"""

# %%
# 自動微分で勾配降下法を書く
# --------------------------
# :math:`f(x) = x^2` の最小値（:math:`x = 0`）を、:math:`x_0 = 10`、学習率 0.1 で探します。
# 1 回の更新は「損失を計算する → ``backward()`` で勾配を求める → 勾配の逆向きに進む」です。
# 更新は :class:`torch.no_grad` の中で、``x`` をその場で書き換えます。
# 書き換えたあとは、次の ``backward()`` に備えて勾配を 0 に戻します（:term:`zero_grad`）。
import itertools

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch


def f(x):
    return x**2


learning_rate = 0.1
x = torch.tensor(10.0, requires_grad=True)
path = [x.item()]  # 通った点
grads = []  # 各点で autograd が求めた勾配

for _ in range(100):
    loss = f(x)
    loss.backward()  # df/dx を x.grad に入れる
    grads.append(x.grad.item())
    with torch.no_grad():
        x -= learning_rate * x.grad
    x.grad.zero_()
    path.append(x.item())

for k in range(4):
    print(f"ステップ {k}: x = {path[k]:.4f}, 勾配 = {grads[k]:.4f}, 2x = {2 * path[k]:.4f}")
print(f"100 ステップ後の x: {x.item():.3e}")

# %%
# 勾配は、どのステップでも手で微分した :math:`2x` と一致しています。
# この関数では更新が :math:`x_{k+1} = x_k - 0.1 \cdot 2 x_k = 0.8\, x_k` となるので、
# :math:`x_k = 10 \times 0.8^k` です。計算した点の列と比べます。
expected = 10 * 0.8 ** np.arange(101)
max_gap = np.max(np.abs(np.array(path) - expected))
print(f"10 × 0.8^k との最大の差: {max_gap:.2e}")

# %%
# よく見かける例では ``gradient(x)`` のように導関数 :math:`2x` を手で書き、``backward()`` を呼んでいません。
# それでも数値は同じになりますが、勾配を計算しているのは PyTorch ではなく、書いた導関数です。
# また ``x = x - learning_rate * grad`` と新しいテンソルを代入すると、``x`` は葉テンソルではなくなり、
# ``backward()`` を呼んでも ``x.grad`` には勾配が入りません。自動微分を使うなら、上のように
# ``backward()`` を呼び、``torch.no_grad()`` の中でその場で更新します。
#
# 下り坂を描く
# ------------
# 最初の 8 ステップを、損失の曲線の上に描きます。坂が急な最初のうちは一歩が大きく、
# 底に近づくほど勾配が小さくなるので、一歩も小さくなります。
curve = np.linspace(-11, 11, 200)
steps = np.array(path[:9])

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(curve, curve**2, color="gray", label="損失 $f(x) = x^2$")
ax.plot(steps, steps**2, "o", color="tab:red", label="勾配降下法で通った点")
for a, b in itertools.pairwise(steps):
    ax.annotate(
        "", xy=(b, b**2), xytext=(a, a**2), arrowprops={"arrowstyle": "->", "color": "tab:red"}
    )
ax.annotate("出発点 $x_0 = 10$", xy=(steps[0], steps[0] ** 2), xytext=(3.5, 105), va="center")
ax.set(xlabel="x", ylabel="f(x)", title=f"学習率 {learning_rate} での最初の 8 ステップ")
ax.grid(alpha=0.3)
ax.legend(loc="upper center")
plt.show()

# %%
# torch.optim に任せる
# --------------------
# 更新とゼロクリアは :class:`torch.optim.SGD` が代わりにやってくれます（:term:`オプティマイザ <Optimizer>`）。
# ``step()`` が :math:`x \leftarrow x - \eta\, \nabla f(x)` を、``zero_grad()`` が勾配の片付けを行います。
# 通る点は手で書いた場合と同じです。
x_opt = torch.tensor(10.0, requires_grad=True)
optimizer = torch.optim.SGD([x_opt], lr=learning_rate)
path_opt = [x_opt.item()]
for _ in range(100):
    optimizer.zero_grad()
    f(x_opt).backward()
    optimizer.step()
    path_opt.append(x_opt.item())

print(
    f"手書きの更新と torch.optim.SGD の最大の差: {np.max(np.abs(np.subtract(path, path_opt))):.2e}"
)

# %%
# 関連用語
# --------
# :term:`勾配 <Gradient>`、:term:`自動微分 <Autograd>`、:term:`学習率 <Learning Rate>`、
# :term:`確率的勾配降下法 <SGD>`、:term:`オプティマイザ <Optimizer>`、:term:`勾配のゼロクリア <zero_grad>`、
# :term:`損失関数 <Loss Function>`
#
# このページで使った API
# ----------------------
# :func:`torch.tensor`, :meth:`torch.Tensor.backward`, :attr:`torch.Tensor.grad`,
# :class:`torch.no_grad`, :meth:`torch.Tensor.zero_`, :class:`torch.optim.SGD`,
# :meth:`torch.optim.Optimizer.step`, :meth:`torch.optim.Optimizer.zero_grad`
#
# .. used-in-tutorials:: torch.Tensor.backward torch.no_grad torch.optim.SGD torch.Tensor.zero_
