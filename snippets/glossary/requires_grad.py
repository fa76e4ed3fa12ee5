r"""
``requires_grad``
=================

.. term-card::
   :ja: requires_grad
   :reading: りくわいあーずぐらっど
   :en: requires_grad
   :api: torch.Tensor.requires_grad
   :summary: テンソルが「このテンソルについての勾配が必要か」を表す真偽値の属性です。
      ``True`` のテンソルを使った計算は :term:`計算グラフ <Computational Graph>` に記録され、
      :meth:`~torch.Tensor.backward` のあとでその ``.grad`` に :term:`勾配 <Gradient>` が入ります。

定義
----
``requires_grad`` は :class:`torch.Tensor` の真偽値の属性です。:term:`勾配計算 <no_grad / inference_mode>` が有効なとき、
微分できる演算の結果 :math:`r = f(a_1, \dots, a_k)` については

.. math::

   \mathrm{requires\_grad}(r) = \bigvee_{i=1}^{k} \mathrm{requires\_grad}(a_i)

が成り立ちます。入力のどれか 1 つでも勾配が必要なら、結果も勾配が必要になり、結果の ``grad_fn`` に演算が記録されます。
``argmax`` や比較（``w > 0``）のように微分できない演算、結果が整数や真偽値になる演算では、入力が勾配を必要としても結果は ``False`` です。

利用者が直接作ったテンソルは **葉テンソル**（leaf tensor）で、既定では ``False`` です。
``True`` にできるのは浮動小数点数と複素数の :term:`データ型 <dtype>` だけです。
:class:`torch.nn.Parameter <torch.nn.parameter.Parameter>` は既定で ``True`` なので、モデルの重みは何もしなくても勾配の対象になります。

かみくだいた説明
----------------
``requires_grad=True`` は、テンソルに付ける「このテンソルの影響を追跡して」という札です。
札の付いたテンソルを混ぜた計算の結果には、札が受け継がれます。学習させたいパラメータには札を付け、
入力データや正解ラベルには付けません。

使われる場面
------------
- パラメータを自分で用意して学習させるとき（``torch.zeros(1, requires_grad=True)``）
- 学習済みモデルの一部を固定（凍結）して、残りだけを学習させるとき（ファインチューニング）
"""

# %%
# 既定値と設定のしかた
# --------------------
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
data = torch.randn(3)
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
b = torch.zeros(1).requires_grad_()
layer = nn.Linear(3, 1)
print(f"torch.randn で作ったテンソル: {data.requires_grad}")
print(f"requires_grad=True で作った w: {w.requires_grad}, 葉か: {w.is_leaf}")
print(f"requires_grad_() を呼んだ b: {b.requires_grad}")
print(f"nn.Linear の重み: {layer.weight.requires_grad}")

# %%
# 結果に受け継がれる
# ------------------
# 2 つのテンソルの和について、入力の ``requires_grad`` の 4 通りの組み合わせを実際に計算します。
# どちらか一方でも ``True`` なら、結果も ``True`` になり、``grad_fn`` が記録されます。
table = np.zeros((2, 2), dtype=bool)
grad_fns = {}
for i, req_a in enumerate([False, True]):
    for j, req_b in enumerate([False, True]):
        p = torch.ones(2, requires_grad=req_a)
        q = torch.ones(2, requires_grad=req_b)
        r = p + q
        table[i, j] = r.requires_grad
        grad_fns[(req_a, req_b)] = r.grad_fn.name() if r.grad_fn else "None"

argmax_requires_grad = w.argmax().requires_grad
compare_requires_grad = (w > 0).requires_grad
print(
    f"微分できない演算では受け継がれない: w.argmax() → {argmax_requires_grad}, (w > 0) → {compare_requires_grad}"
)

fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
ax.imshow(table, cmap="Blues", vmin=-1.0, vmax=2.5)
for (i, j), value in np.ndenumerate(table):
    label = f"{value}\ngrad_fn:\n{grad_fns[(bool(i), bool(j))]}"
    ax.text(j, i, label, ha="center", va="center", fontsize=11)
ax.set(
    xticks=[0, 1],
    xticklabels=["False", "True"],
    yticks=[0, 1],
    yticklabels=["False", "True"],
    xlabel="q.requires_grad",
    ylabel="p.requires_grad",
    title="(p + q).requires_grad",
)
plt.show()

# %%
# 整数のテンソルには付けられない
# ------------------------------
# 勾配は連続な量の微分なので、整数のテンソルは勾配の対象になりません。
try:
    torch.tensor([1, 2, 3], requires_grad=True)
except RuntimeError as error:
    int_error = str(error)
    print(f"RuntimeError: {int_error}")

# %%
# 層を凍結する
# ------------
# :meth:`torch.nn.Module.requires_grad_` で層のパラメータをまとめて ``False`` にすると、
# その層には勾配が計算されず（``.grad`` は ``None`` のまま）、残りの層だけが学習の対象になります。
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
model[0].requires_grad_(False)
loss = model(torch.randn(4, 2)).pow(2).mean()
loss.backward()
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"1 層目の weight.grad: {model[0].weight.grad}")
print(f"3 層目の weight.grad の形: {tuple(model[2].weight.grad.shape)}")
print(f"学習するパラメータ: {trainable} 個 / 全部で {total} 個")

# %%
# detach で記録から切り離す
# -------------------------
# :meth:`~torch.Tensor.detach` は、同じデータを共有したまま ``requires_grad=False`` のテンソルを返します。
# 計算グラフに記録せずに値だけを使いたいとき（図の描画やログなど）に使います。
detached = w.detach()
print(
    f"detach の結果: requires_grad={detached.requires_grad}, データを共有: {detached.data_ptr() == w.data_ptr()}"
)

# %%
# データを共有しているので、切り離したテンソルをその場で書き換える（``add_`` など）と、元のテンソルの値も変わります。
# 逆伝播のためにその値を保存した計算があると、``backward()`` はエラーになります。書き換えるなら ``detach().clone()`` でコピーします。
v = torch.tensor([1.0, 2.0], requires_grad=True)
out = (v**2).sum()  # 逆伝播のために v の値を保存する
v.detach().add_(10)  # 切り離したテンソルをその場で書き換える
print(f"v の値も変わった: {v.tolist()}")
try:
    out.backward()
except RuntimeError as error:
    inplace_error = str(error).split(":")[0]
    print(f"RuntimeError: {inplace_error}")

# %%
# 関連用語
# --------
# :term:`自動微分 <Autograd>`、:term:`計算グラフ <Computational Graph>`、:term:`勾配 <Gradient>`、
# :term:`パラメータ <Parameter>`、:term:`勾配計算の無効化 <no_grad / inference_mode>`、:term:`データ型 <dtype>`
#
# このページで使った API
# ----------------------
# :attr:`torch.Tensor.requires_grad`, :meth:`torch.Tensor.requires_grad_`, :attr:`torch.Tensor.is_leaf`,
# :meth:`torch.Tensor.detach`, :meth:`torch.Tensor.data_ptr`, :meth:`torch.nn.Module.requires_grad_`,
# :class:`torch.nn.Linear`, :class:`torch.nn.Sequential`, :class:`torch.nn.Parameter <torch.nn.parameter.Parameter>`
#
# .. used-in-tutorials:: torch.Tensor.requires_grad_ torch.nn.Parameter
