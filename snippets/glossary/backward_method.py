r"""
backward メソッド（Backward Method）
====================================

.. term-card::
   :ja: backward メソッド
   :reading: ばっくわーどめそっど
   :en: Backward Method
   :api: torch.Tensor.backward
   :summary: 損失などのテンソルから :term:`計算グラフ <Computational Graph>` を逆にたどり、
      勾配を必要とするすべての葉テンソルの ``.grad`` に :term:`勾配 <Gradient>` を足し込むメソッドです。
      誤差逆伝播法（backpropagation）を 1 行で実行します。

定義
----
スカラーの損失 :math:`L` に対して ``L.backward()`` を呼ぶと、PyTorch は記録した計算グラフを
出力から入力へたどり、連鎖律で :math:`\partial L / \partial \theta` を求めます。
:math:`\theta` は :term:`requires_grad` が ``True`` の葉テンソル（パラメータなど）です。結果は上書きではなく足し込まれます。

.. math::

   \theta.\mathrm{grad} \leftarrow \theta.\mathrm{grad} + \frac{\partial L}{\partial \theta}

出力 :math:`y \in \mathbb{R}^m` がスカラーでないときは、同じ形のテンソル :math:`v` を ``gradient`` 引数に渡します。
計算されるのはベクトルとヤコビ行列の積で、:math:`v^\top y` を微分したものと同じです。

.. math::

   \theta.\mathrm{grad} \leftarrow \theta.\mathrm{grad} + v^\top \frac{\partial y}{\partial \theta}
   = \theta.\mathrm{grad} + \frac{\partial (v^\top y)}{\partial \theta}

逆伝播が終わると、グラフが保存していた途中の値は解放されます。同じグラフをもう一度たどるには
``retain_graph=True`` が必要です。

かみくだいた説明
----------------
``loss.backward()`` は「損失が大きくなった責任を、さかのぼって各パラメータに配る」命令です。
配られた量が各パラメータの ``.grad`` に入り、:term:`オプティマイザ <Optimizer>` はそれを見てパラメータを動かします。

使われる場面
------------
- 学習ループの中で、損失を計算した直後（``optimizer.zero_grad()`` → ``loss.backward()`` → ``optimizer.step()``）
- 勾配を調べて、学習がうまく進んでいるかを確かめるとき
"""

# %%
# 線形回帰で勾配を求める
# ----------------------
# 1 入力 1 出力の :class:`~torch.nn.Linear` と平均二乗誤差で、3 点のデータに対する勾配を求めます。
# 平均二乗誤差 :math:`L = \frac{1}{n}\sum_i (\hat{y}_i - y_i)^2` の勾配は
# :math:`\partial L/\partial w = \frac{2}{n}\sum_i (\hat{y}_i - y_i) x_i`,
# :math:`\partial L/\partial b = \frac{2}{n}\sum_i (\hat{y}_i - y_i)` です。手計算の値と比べます。
# 入力のテンソルに ``requires_grad`` は要りません。パラメータには最初から付いています。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
inputs = torch.tensor([[1.0], [2.0], [3.0]])
targets = torch.tensor([[2.0], [4.0], [6.0]])

loss = criterion(model(inputs), targets)
loss.backward()

with torch.inference_mode():  # 手計算での確かめなので、記録しない
    residual = model(inputs) - targets
    manual_w = (2 * residual * inputs).mean().item()
    manual_b = (2 * residual).mean().item()
print(f"損失: {loss.item():.4f}")
print(f"backward の weight.grad: {model.weight.grad.item():.4f} / 手計算: {manual_w:.4f}")
print(f"backward の bias.grad:   {model.bias.grad.item():.4f} / 手計算: {manual_b:.4f}")

# %%
# 勾配は足し込まれる
# ------------------
# 同じ計算で ``backward()`` を繰り返すと、``.grad`` にはそのたびに同じ勾配が足し込まれていきます。
# 学習ループで毎回 :term:`勾配をゼロに戻す <zero_grad>` のはこのためです。
accumulated, cleared = [], []
model.zero_grad()
for _ in range(5):
    criterion(model(inputs), targets).backward()
    accumulated.append(model.weight.grad.item())
for _ in range(5):
    model.zero_grad()
    criterion(model(inputs), targets).backward()
    cleared.append(model.weight.grad.item())
print(f"ゼロに戻さないとき: {[f'{g:.2f}' for g in accumulated]}")
print(f"毎回ゼロに戻すとき: {[f'{g:.2f}' for g in cleared]}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
calls = range(1, 6)
ax.plot(calls, accumulated, "o-", label="ゼロに戻さない")
ax.plot(calls, cleared, "s--", label="毎回 zero_grad() する")
ax.set(
    xlabel="backward() を呼んだ回数",
    ylabel="weight.grad",
    xticks=list(calls),
    title="backward() は勾配を足し込む",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# スカラーでない出力には ``gradient`` 引数
# ----------------------------------------
# 出力がベクトルのとき、引数なしの ``backward()`` はエラーになります。
# 「どの重みで出力を足し合わせた量を微分するか」を :math:`v` として渡します。
# :math:`v` をすべて 1 にすると ``y.sum().backward()`` と同じで、:math:`y_i = x_i^2` なら :math:`2x_i` が求まります。
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
try:
    y.backward()
except RuntimeError as error:
    nonscalar_error = str(error)
    print(f"RuntimeError: {nonscalar_error}")
y.backward(gradient=torch.ones_like(y))
print(f"gradient=1 のときの x.grad: {x.grad.tolist()}")

# %%
# 同じグラフを 2 回たどるには ``retain_graph``
# --------------------------------------------
# 1 回目の ``backward()`` でグラフの途中の値は解放されるので、2 回目はエラーになります。
# ``retain_graph=True`` を付けると途中の値が残り、2 回目もたどれます（2 回目の勾配も ``.grad`` に足し込まれます）。
a = torch.tensor(3.0, requires_grad=True)
out = torch.exp(a) * a
out.backward()
try:
    out.backward()
except RuntimeError as error:
    retain_error = str(error)
    print(f"RuntimeError: {retain_error}")

a.grad = None
out = torch.exp(a) * a
out.backward(retain_graph=True)
first = a.grad.item()
out.backward()
print(f"1 回目の a.grad: {first:.4f}, 2 回目のあと: {a.grad.item():.4f}")

# %%
# 関連用語
# --------
# :term:`自動微分 <Autograd>`、:term:`計算グラフ <Computational Graph>`、:term:`勾配 <Gradient>`、
# :term:`zero_grad`、:term:`forward メソッド <Forward Method>`、:term:`損失関数 <Loss Function>`
#
# このページで使った API
# ----------------------
# :meth:`torch.Tensor.backward`, :attr:`torch.Tensor.grad`, :class:`torch.nn.Linear`,
# :class:`torch.nn.MSELoss`, :meth:`torch.nn.Module.zero_grad`, :func:`torch.ones_like`,
# :func:`torch.exp`, :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.Tensor.backward torch.nn.MSELoss torch.nn.Linear
