r"""
勾配（Gradient）
================

.. term-card::
   :ja: 勾配
   :reading: こうばい
   :en: Gradient
   :api: torch.Tensor.grad
   :summary: 関数の値を各変数について偏微分した値を並べたベクトルです。関数が最も急に増える向きを指し、
      その逆向きに進むと関数の値が最も速く減ります。PyTorch では :meth:`~torch.Tensor.backward` のあと、
      各パラメータの ``.grad`` に、そのパラメータと同じ形で入ります。

定義
----
関数 :math:`f: \mathbb{R}^n \to \mathbb{R}` の点 :math:`x` での勾配は、偏微分を並べたベクトルです。

.. math::

   \nabla f(x) = \left( \frac{\partial f}{\partial x_1}(x), \dots, \frac{\partial f}{\partial x_n}(x) \right)^\top

小さなずれ :math:`h` に対して :math:`f(x + h) \approx f(x) + \nabla f(x)^\top h` が成り立つので、
長さを決めたとき :math:`f` を最も増やす向きは :math:`\nabla f(x)` の向き、最も減らす向きはその逆 :math:`-\nabla f(x)` です。
:term:`勾配降下法 <Gradient Descent>` は、この :math:`-\nabla f` の向きにパラメータを少しずつ動かします。

PyTorch では、スカラーの損失 :math:`L` について ``L.backward()`` を呼ぶと、``requires_grad=True`` の葉テンソル
:math:`\theta` の ``.grad`` に :math:`\partial L / \partial \theta` が入ります。
:math:`\theta` が行列なら ``.grad`` も同じ形の行列で、各要素がその要素についての偏微分です。

かみくだいた説明
----------------
勾配は「坂の傾きと向き」です。山の斜面に立ったとき、勾配は最も急な上り坂の方向を指し、
その長さが坂の急さを表します。学習では損失という山を下りたいので、勾配と反対の方向に一歩ずつ進みます。

使われる場面
------------
- 学習で、:term:`オプティマイザ <Optimizer>` がパラメータを更新する量を決めるとき
- 勾配が大きすぎたり 0 に近すぎたりしないか（勾配爆発・勾配消失）を調べるとき
"""

# %%
# 2 変数の関数の勾配
# ------------------
# :math:`f(x, y) = x^2 + 3y^2` の勾配は :math:`(2x, 6y)` です。点 :math:`(1, 1)` で確かめます。
# ``.grad`` は、微分したテンソル ``point`` と同じ形です。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn


def f(p):
    """最後の次元が (x, y) のテンソルを受け取り、x^2 + 3y^2 を返します。"""
    return p[..., 0] ** 2 + 3 * p[..., 1] ** 2


point = torch.tensor([1.0, 1.0], requires_grad=True)
f(point).backward()
print(f"点 (1, 1) の勾配: {point.grad.tolist()}（形 {tuple(point.grad.shape)}）")

# %%
# 勾配の向きを描く
# ----------------
# 格子点をまとめて 1 つのテンソルにし、:math:`f` の合計を逆伝播すると、各点の勾配が一度に求まります
# （各点の値はその点の座標だけで決まるからです）。矢印は勾配で、等高線と直角に、値が増える外向きを指します。
# 赤い線は、点 :math:`(-1.8, 1.2)` から勾配と逆向きに進んだ 15 歩（:term:`学習率 <Learning Rate>` 0.1）です。
grid = torch.stack(
    torch.meshgrid(torch.linspace(-2, 2, 11), torch.linspace(-1.5, 1.5, 9), indexing="xy"), dim=-1
)
grid.requires_grad_()
f(grid).sum().backward()
field = grid.grad

step = torch.tensor([-1.8, 1.2], requires_grad=True)
path = [step.detach().clone()]
for _ in range(15):
    step.grad = None
    f(step).backward()
    with torch.no_grad():
        step -= 0.1 * step.grad
    path.append(step.detach().clone())
path = torch.stack(path)
print(f"15 歩後の位置: ({path[-1, 0]:.4f}, {path[-1, 1]:.4f}), f = {f(path[-1]).item():.5f}")

xs, ys = torch.meshgrid(torch.linspace(-2, 2, 200), torch.linspace(-1.5, 1.5, 150), indexing="xy")
values = f(torch.stack([xs, ys], dim=-1))
fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
contours = ax.contour(xs.numpy(), ys.numpy(), values.numpy(), levels=10, cmap="viridis")
ax.clabel(contours, fontsize=8)
g = grid.detach()
ax.quiver(
    g[..., 0].numpy(), g[..., 1].numpy(), field[..., 0].numpy(), field[..., 1].numpy(), color="0.3"
)
ax.plot(
    path[:, 0].numpy(),
    path[:, 1].numpy(),
    "o-",
    color="tab:red",
    ms=4,
    label="勾配と逆向きに進んだ道",
)
ax.set(xlabel="x", ylabel="y", title="f(x, y) = x² + 3y² の等高線と勾配（矢印）", aspect="equal")
ax.legend(loc="lower right")
plt.show()

# %%
# パラメータと同じ形で入る
# ------------------------
# :class:`~torch.nn.Linear` の重みは (出力, 入力) の行列なので、その勾配も同じ形の行列です。
# ``backward()`` を呼ぶ前の ``.grad`` は ``None`` です。
torch.manual_seed(0)
layer = nn.Linear(3, 2)
grad_before = layer.weight.grad
layer(torch.randn(5, 3)).pow(2).mean().backward()
print(f"backward 前の weight.grad: {grad_before}")
print(f"weight の形 {tuple(layer.weight.shape)}, weight.grad の形 {tuple(layer.weight.grad.shape)}")

# %%
# 途中のテンソルの勾配
# --------------------
# ``.grad`` に勾配が残るのは葉テンソルだけです。途中の値の勾配を見たいときは、
# ``backward()`` の前に :meth:`~torch.Tensor.retain_grad` を呼んでおきます。
# 呼ばずに途中のテンソルの ``.grad`` を読むと ``None`` が返り、警告が出ます。
u = torch.tensor(2.0, requires_grad=True)
hidden = u * 3
hidden.retain_grad()
(hidden**2).backward()
print(
    f"d(hidden²)/d hidden = {hidden.grad.item():.1f}（2 × hidden）, d(hidden²)/du = {u.grad.item():.1f}"
)

# %%
# 関連用語
# --------
# :term:`自動微分 <Autograd>`、:term:`backward メソッド <Backward Method>`、:term:`勾配降下法 <Gradient Descent>`、
# :term:`学習率 <Learning Rate>`、:term:`zero_grad`、:term:`オプティマイザ <Optimizer>`
#
# このページで使った API
# ----------------------
# :attr:`torch.Tensor.grad`, :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.retain_grad`,
# :meth:`torch.Tensor.requires_grad_`, :func:`torch.meshgrid`, :func:`torch.stack`, :class:`torch.no_grad`,
# :class:`torch.nn.Linear`
#
# .. used-in-tutorials:: torch.Tensor.backward torch.Tensor.zero_ torch.nn.Linear
