r"""
テンソル演算（Tensor Operations）
=================================

.. term-card::
   :ja: テンソル演算
   :reading: てんそるえんざん
   :en: Tensor Operations
   :api: torch.matmul
   :summary: :term:`テンソル <Tensor>` に対する計算の総称です。要素ごとの足し算や掛け算、行列積、
      合計や平均のような集約、形の変更などがあります。ニューラルネットワークの計算は、すべてテンソル演算の組み合わせです。

定義
----
テンソル演算は、テンソルを受け取って新しいテンソルを返す操作です。代表的なものを式で書きます。
行列 :math:`A, B` に対して（要素ごとの演算では同じ形とします）、

- 要素ごとの演算: :math:`(A + B)_{ij} = A_{ij} + B_{ij}`、アダマール積 :math:`(A \odot B)_{ij} = A_{ij} B_{ij}`
- 行列積（:math:`A \in \mathbb{R}^{m \times n}`, :math:`B \in \mathbb{R}^{n \times p}`）:
  :math:`(AB)_{ij} = \sum_{k=1}^{n} A_{ik} B_{kj}`
- 集約（ある次元に沿ってまとめる）: :math:`s_j = \sum_i A_{ij}`
- 形の操作: 転置 :math:`(A^\top)_{ij} = A_{ji}`、要素の並びを保ったままの形の変更（:term:`view / reshape`）

形の違うテンソル同士の要素ごとの演算は、:term:`ブロードキャスト <Broadcasting>` の規則で形をそろえてから行います。

かみくだいた説明
----------------
テンソルは数字の入った箱で、テンソル演算はその箱の中身を計算する方法です。
``+`` や ``*`` は、同じ位置にある数どうしを計算します。``@`` は行列の掛け算で、
左の「行」と右の「列」を掛け合わせて足します。

使われる場面
------------
- :term:`全結合層 <Linear Layer>` の計算 :math:`XW^\top + b`（行列積と足し算）
- 損失の計算（差をとって 2 乗し、平均する）
- 画像の正規化など、データの前処理
"""

# %%
# 要素ごとの演算と行列積
# ----------------------
# ``*`` は同じ位置の要素どうしの積（アダマール積）で、行列積ではありません。
# 行列積は :func:`torch.matmul` か、同じ意味の演算子 ``@`` で計算します。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

tensor_a = torch.tensor([[1, 2], [3, 4]])
tensor_b = torch.tensor([[5, 6], [7, 8]])

tensor_sum = tensor_a + tensor_b
tensor_mul = tensor_a * tensor_b
tensor_matmul = torch.matmul(tensor_a, tensor_b)
print(f"足し算 a + b:\n{tensor_sum}")
print(f"要素ごとの積 a * b:\n{tensor_mul}")
print(f"行列積 a @ b:\n{tensor_matmul}")
print(f"@ と torch.matmul は同じ結果か: {torch.equal(tensor_a @ tensor_b, tensor_matmul)}")

# %%
# 行列積を絵で見る
# ----------------
# 結果の 0 行 1 列目は、:math:`A` の 0 行目と :math:`B` の 1 列目の要素を順に掛けて足したものです。
i, j = 0, 1
terms = [(tensor_a[i, k].item(), tensor_b[k, j].item()) for k in range(tensor_a.shape[1])]
formula = " + ".join(f"{x}×{y}" for x, y in terms)

fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), layout="constrained")
panels = [
    ("A（0 行目を使う）", tensor_a, np.s_[i, :]),
    ("B（1 列目を使う）", tensor_b, np.s_[:, j]),
    ("A @ B", tensor_matmul, np.s_[i, j]),
]
for ax, (title, matrix, used) in zip(axes, panels, strict=True):
    highlight = np.zeros(matrix.shape)
    highlight[used] = 1.0
    ax.imshow(highlight, cmap="Oranges", vmin=0, vmax=1.6)
    for (r, c), value in np.ndenumerate(matrix.numpy()):
        ax.text(c, r, f"{value}", ha="center", va="center", fontsize=16)
    ax.set(title=title, xticks=[], yticks=[])
fig.suptitle(f"(A @ B)[{i}, {j}] = {formula} = {tensor_matmul[i, j].item()}")
plt.show()

# %%
# 集約: どの次元に沿ってまとめるか
# --------------------------------
# ``sum(dim=0)`` は次元 0（縦方向、行をまたいで）に沿って足すので、列ごとの合計になります。
# ``sum(dim=1)`` は次元 1（横方向、列をまたいで）に沿って足すので、行ごとの合計です。
# ``keepdim=True`` を付けると、まとめた次元が長さ 1 として残ります。
# 整数のテンソルには ``mean`` が使えない（エラーになる）ので、:meth:`~torch.Tensor.float` で小数にしてから平均します。
col_sums = tensor_a.sum(dim=0)
row_sums = tensor_a.sum(dim=1)
row_sums_kept = tensor_a.sum(dim=1, keepdim=True)
print(f"列ごとの合計 sum(dim=0): {col_sums.tolist()}, 形 {tuple(col_sums.shape)}")
print(f"行ごとの合計 sum(dim=1): {row_sums.tolist()}, 形 {tuple(row_sums.shape)}")
print(f"keepdim=True のとき: 形 {tuple(row_sums_kept.shape)}")
print(f"平均（小数にしてから）: {tensor_a.float().mean().item():.2f}")

# %%
# 形の操作とバッチの行列積
# ------------------------
# 転置 ``.T`` と形の変更 ``view`` は、要素の値を変えずに並べ方だけを変えます。
# :func:`torch.matmul` は先頭の次元をバッチとして扱い、たとえば 10 組の (2, 3) 行列に
# 同じ (3, 4) 行列をまとめて掛けられます。
print(f"転置 a.T:\n{tensor_a.T}")
print(f"1 次元に a.view(4): {tensor_a.view(4).tolist()}")

torch.manual_seed(0)
batch = torch.randn(10, 2, 3)
weight = torch.randn(3, 4)
batched = batch @ weight
print(f"(10, 2, 3) @ (3, 4) の形: {tuple(batched.shape)}")

# %%
# 関連用語
# --------
# :term:`テンソル <Tensor>`、:term:`ブロードキャスト <Broadcasting>`、:term:`view / reshape`、
# :term:`データ型 <dtype>`、:term:`全結合層 <Linear Layer>`
#
# このページで使った API
# ----------------------
# :func:`torch.tensor`, :func:`torch.matmul`, :func:`torch.equal`, :meth:`torch.Tensor.sum`,
# :meth:`torch.Tensor.mean`, :meth:`torch.Tensor.float`, :attr:`torch.Tensor.T`,
# :meth:`torch.Tensor.view`, :func:`torch.randn`
#
# .. used-in-tutorials:: torch.matmul torch.Tensor.sum torch.Tensor.mean torch.randn
