r"""
自動微分（Autograd）
====================

.. term-card::
   :ja: 自動微分
   :reading: じどうびぶん
   :en: Autograd
   :api: torch.autograd
   :summary: テンソルの計算を実行しながら記録し、その記録を出力から入力へ逆にたどって、
      微分（:term:`勾配 <Gradient>`）を自動で計算する仕組みです。PyTorch では ``torch.autograd`` が担い、
      :meth:`~torch.Tensor.backward` を呼ぶだけで、損失に対するすべてのパラメータの勾配が求まります。

定義
----
自動微分は、プログラムが実行した基本演算（足し算、掛け算、:math:`\sin` など）の一つひとつの微分を、
連鎖律でつなぎ合わせて、プログラム全体の微分を正確に求める方法です。
:math:`y = f(u)`, :math:`u = g(x)` のとき、連鎖律は

.. math::

   \frac{dy}{dx} = \frac{dy}{du} \cdot \frac{du}{dx}

です。多変数では、:math:`h_k = f_k \circ \cdots \circ f_1(x)`、:math:`L = \ell(h_k)` とし、各段 :math:`f_i` のヤコビ行列を :math:`J_i` とすると
:math:`(\nabla_x L)^\top = \frac{\partial L}{\partial h_k} J_k J_{k-1} \cdots J_1` になります。
:meth:`~torch.Tensor.backward` が使うのは、この積を出力側（左）から順に計算する **逆伝播（リバースモード）** です。
各段ではベクトルとヤコビ行列の積 :math:`v^\top J` だけを計算するので、ヤコビ行列そのものを作りません。
損失のような 1 つの数を、たくさんのパラメータで微分するのに向いています。
入力側（右）から計算する **前進モード（フォワードモード）** もあり、:func:`torch.func.jvp` などで使えます。

数値微分（差分で近似する）とも、数式を変形する記号微分とも違います。値は丸め誤差の範囲で正確で、
出力が 1 つの数なら、すべての入力についての微分を、元の計算の数倍程度の手間で求められます。

かみくだいた説明
----------------
PyTorch は、``requires_grad=True`` のテンソルを使った計算を、レシートのように演算ごとに記録します。
:meth:`~torch.Tensor.backward` を呼ぶと、そのレシートを下から上へ読み戻しながら
「この値を少し動かすと、最後の結果はどれだけ動くか」を計算し、元の（葉の）テンソルの ``.grad`` に足し込みます。

使われる場面
------------
- ニューラルネットワークの学習で、損失に対する重みの勾配を求めるとき（誤差逆伝播法）
- 物理シミュレーションや最適化問題で、目的関数の微分が必要なとき
"""

# %%
# いちばん小さな例
# ----------------
# :math:`y = x^2` を :math:`x = 2` で微分します。:math:`dy/dx = 2x` なので、答えは 4 です。
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x**2
y.backward()
print(f"y = {y.item():.1f}, dy/dx = {x.grad.item():.1f}")

# %%
# 連鎖律を確かめる
# ----------------
# :math:`u = \sin x`, :math:`y = u^2` とします。連鎖律で
# :math:`dy/dx = 2u \cdot \cos x = 2 \sin x \cos x = \sin 2x` です。
# 自動微分の値を、この式と、中心差分による数値微分と比べます。
x2 = torch.tensor(2.0, requires_grad=True)
u = torch.sin(x2)
y2 = u**2
y2.backward()
autograd_value = x2.grad.item()
exact_value = math.sin(2 * 2.0)

h = 1e-4
numeric_value = (math.sin(2.0 + h) ** 2 - math.sin(2.0 - h) ** 2) / (2 * h)
print(f"自動微分: {autograd_value:.7f}")
print(f"式 sin 2x: {exact_value:.7f}")
print(f"数値微分: {numeric_value:.7f}")

# %%
# ``.grad`` に書き込まずに勾配だけを受け取りたいときは :func:`torch.autograd.grad` を使います。
x3 = torch.tensor(2.0, requires_grad=True)
(grad_x3,) = torch.autograd.grad(torch.sin(x3) ** 2, x3)
print(f"torch.autograd.grad の結果: {grad_x3.item():.7f}, x3.grad: {x3.grad}")

# %%
# 関数全体の導関数を描く
# ----------------------
# 多数の点 :math:`x_1, \dots, x_n` で :math:`y_i = \sin^2 x_i` を計算し、その合計を逆伝播します。
# :math:`y_j` は :math:`x_j` だけに依存するので :math:`\partial (\sum_j y_j) / \partial x_i = f'(x_i)` となり、
# 1 回の :meth:`~torch.Tensor.backward` ですべての点の導関数が求まります。
xs = torch.linspace(-math.pi, math.pi, 200, requires_grad=True)
ys = torch.sin(xs) ** 2
ys.sum().backward()
dydx = xs.grad
max_error = (dydx - torch.sin(2 * xs.detach())).abs().max().item()
print(f"自動微分と sin 2x の最大の差: {max_error:.2e}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
xs_np = xs.detach().numpy()
ax.plot(xs_np, ys.detach().numpy(), lw=2, label="f(x) = sin²x")
ax.plot(xs_np, dydx.numpy(), lw=4, alpha=0.5, label="自動微分で求めた f'(x)")
ax.plot(xs_np[::8], torch.sin(2 * xs.detach()).numpy()[::8], "k.", label="式 sin 2x")
ax.set(xlabel="x", ylabel="値", title="自動微分で求めた導関数と、手で求めた式")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 関連用語
# --------
# :term:`計算グラフ <Computational Graph>`、:term:`backward メソッド <Backward Method>`、:term:`勾配 <Gradient>`、
# :term:`requires_grad`、:term:`勾配計算の無効化 <no_grad / inference_mode>`、:term:`勾配降下法 <Gradient Descent>`
#
# このページで使った API
# ----------------------
# :mod:`torch.autograd`, :func:`torch.autograd.grad`, :meth:`torch.Tensor.backward`,
# :attr:`torch.Tensor.grad`, :meth:`torch.Tensor.detach`, :func:`torch.sin`, :func:`torch.linspace`
#
# .. used-in-tutorials:: torch.Tensor.backward torch.Tensor.requires_grad_ torch.autograd.grad
