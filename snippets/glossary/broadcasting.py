r"""
ブロードキャスト（Broadcasting）
================================

.. term-card::
   :ja: ブロードキャスト
   :reading: ぶろーどきゃすと
   :en: Broadcasting
   :summary: 形の違うテンソルどうしの要素ごとの演算で、長さ 1 の次元（と足りない次元）を
      相手の長さに合わせて仮想的に引き伸ばし、形をそろえてから計算する規則です。データはコピーされません。

定義
----
形 :math:`a = (a_1, \dots, a_m)` と :math:`b = (b_1, \dots, b_n)` のテンソルを要素ごとに演算するとき、
PyTorch は次の手順で結果の形を決めます（NumPy と同じ規則です）。

1. 末尾（右端）の次元からそろえ、次元の少ない方の左側に長さ 1 の次元を足して、長さを :math:`d = \max(m, n)` にそろえます。
2. 各次元 :math:`k` で :math:`a_k = b_k`、または :math:`a_k = 1`、または :math:`b_k = 1` でなければエラーです。
3. 結果の形は :math:`c_k = \max(a_k, b_k)` です。

長さ 1 の次元は、添字を 0 に固定して読みます。たとえば :math:`A` が (3, 1)、:math:`B` が (1, 4) なら

.. math::

   (A + B)_{ij} = A_{i0} + B_{0j}, \qquad 0 \le i < 3,\ 0 \le j < 4

です。

かみくだいた説明
----------------
「列ベクトル + 行ベクトル」のように形が合わないとき、PyTorch は足りない方向に同じ値を並べたと見なして計算します。
実際に並べたコピーは作らないので、メモリも時間も節約できます。

使われる場面
------------
- 特徴量ごとの平均を引いて標準化するとき（(データ数, 特徴量数) から (特徴量数,) を引く）
- :term:`全結合層 <Linear Layer>` でバイアスを足すとき（(バッチ, 出力) に (出力,) を足す）
- 画像の色チャンネルごとに正規化するとき（(3, 高さ, 幅) を (3, 1, 1) で割る）
"""

# %%
# (3, 1) + (1, 4) → (3, 4)
# ------------------------
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from matplotlib.patches import Rectangle

col = torch.tensor([[0], [10], [20]])  # 形 (3, 1)
row = torch.tensor([[0, 1, 2, 3]])  # 形 (1, 4)
result = col + row
print(f"結果の形: {tuple(result.shape)}")
print(result)
print(f"torch.broadcast_shapes で形だけ求める: {torch.broadcast_shapes((3, 1), (1, 4))}")

# %%
# 絵で見ます。濃いマスが元のテンソルの要素、薄いマスが仮想的に引き伸ばされた部分です。
col_big, row_big = torch.broadcast_tensors(col, row)
panels = [
    ("col: (3, 1) → (3, 4)", col_big, np.s_[:, :1]),
    ("row: (1, 4) → (3, 4)", row_big, np.s_[:1, :]),
    ("col + row: (3, 4)", result, np.s_[:, :]),
]
fig, axes = plt.subplots(1, 3, figsize=(9, 3), layout="constrained")
for ax, (title, values, original) in zip(axes, panels, strict=True):
    alpha = np.full(values.shape, 0.25)
    alpha[original] = 1.0
    ax.imshow(values.numpy(), cmap="YlGnBu", vmin=-5, vmax=40, alpha=alpha)
    for (i, j), v in np.ndenumerate(values.numpy()):
        ax.text(
            j,
            i,
            f"{v}",
            ha="center",
            va="center",
            fontsize=13,
            color="k" if alpha[i, j] == 1 else "0.45",
        )
    (rows, cols) = np.indices(values.shape)[:, original[0], original[1]].reshape(2, -1)
    box = (
        (cols.min() - 0.5, rows.min() - 0.5),
        cols.max() - cols.min() + 1,
        rows.max() - rows.min() + 1,
    )
    ax.add_patch(Rectangle(*box, fill=False, lw=2.5, ec="tab:red"))
    ax.set(title=title, xticks=[], yticks=[])
for ax, sign in zip(axes[1:], "+=", strict=True):
    ax.text(-0.1, 0.5, sign, transform=ax.transAxes, fontsize=22, ha="center", va="center")
plt.show()

# %%
# コピーは作られない
# ------------------
# 引き伸ばした ``col_big`` は元の ``col`` と同じメモリを指し、引き伸ばした方向のストライド（次の要素までの距離）が 0 です。
# 同じ要素を何度も読むだけなので、値の並んだ (3, 4) の配列は作られません。
print(f"col_big の stride: {col_big.stride()}, 同じメモリ: {col_big.data_ptr() == col.data_ptr()}")

# %%
# よく使う形: 特徴量ごとの標準化
# ------------------------------
# (5, 3) のデータから、特徴量ごとの平均 (3,) を引き、標準偏差 (3,) で割ります。
# (3,) は (1, 3) と見なされ、5 行すべてに同じ値が使われます。
torch.manual_seed(0)
X = torch.randn(5, 3) * torch.tensor([1.0, 10.0, 100.0]) + torch.tensor([0.0, 5.0, -50.0])
X_std = (X - X.mean(dim=0)) / X.std(dim=0)
print(f"標準化後の列ごとの平均（絶対値の最大）: {X_std.mean(dim=0).abs().max().item():.1e}")
print(f"標準化後の列ごとの標準偏差: {[round(v, 4) for v in X_std.std(dim=0).tolist()]}")

# %%
# 合わない形はエラー、合ってしまう形は要注意
# ------------------------------------------
# (3, 2) と (4,) は末尾の次元が 2 と 4 で、どちらも 1 ではないのでエラーです。
try:
    torch.zeros(3, 2) + torch.zeros(4)
except RuntimeError as error:
    shape_error = str(error)
    print(f"RuntimeError: {shape_error}")

# %%
# 逆に、規則どおりに「合ってしまう」のが落とし穴です。予測 (5, 1) と正解 (5,) の差をとると、
# エラーにならずに (5, 5) になり、損失の値が変わってしまいます。形を ``squeeze`` などでそろえてから計算します。
pred = torch.arange(5.0).unsqueeze(1)  # (5, 1)
target = torch.arange(5.0) + 0.5  # (5,)
wrong = ((pred - target) ** 2).mean()
right = ((pred.squeeze(1) - target) ** 2).mean()
print(f"pred - target の形: {tuple((pred - target).shape)}")
print(f"形を間違えた平均二乗誤差: {wrong.item():.2f}, 正しい値: {right.item():.2f}")

# %%
# 関連用語
# --------
# :term:`テンソル演算 <Tensor Operations>`、:term:`テンソル <Tensor>`、:term:`view / reshape`、
# :term:`損失関数 <Loss Function>`、:term:`全結合層 <Linear Layer>`
#
# このページで使った API
# ----------------------
# :func:`torch.broadcast_shapes`, :func:`torch.broadcast_tensors`,
# :meth:`torch.Tensor.stride`, :meth:`torch.Tensor.unsqueeze`, :meth:`torch.Tensor.squeeze`,
# :meth:`torch.Tensor.mean`, :meth:`torch.Tensor.std`
#
# .. used-in-tutorials:: torch.Tensor.unsqueeze torch.Tensor.squeeze torch.Tensor.mean torch.arange
