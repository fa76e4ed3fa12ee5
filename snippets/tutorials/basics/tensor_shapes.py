r"""
テンソルの形を操作する
======================

PyTorch のエラーや、エラーにならない間違いの多くは、テンソルの形の食い違いから起きます。
このページでは、形を変える操作、形の違うテンソルどうしの計算（ブロードキャスト）、次元を指定した集計、行列の積を、
形を表示しながら確かめます。

.. lesson::
   :prerequisites: :doc:`/tutorials/basics/tensor_basics`

   - ``reshape``、``unsqueeze``、``squeeze``、``flatten`` で形を変える
   - 形 (N,) と (N, 1) の違いと、ブロードキャストが黙って間違える場面を知る
   - ``dim`` を指定して ``sum``、``mean``、``argmax`` で集計する
   - 行列の積 ``@`` の結果の形を読む

:doc:`/tutorials/basics/tensor_basics` では形を確かめるだけでした。このページでは形を変え、形の違うテンソルを組み合わせます。
"""

# %%
# reshape で形を変える
# --------------------
# :meth:`~torch.Tensor.reshape` は、要素の順番（行ごとに左から右）を保ったまま形だけを変えます。
# 要素の数は変えられません。1 か所に ``-1`` を書くと、その長さは要素の数から決まります。
# :meth:`~torch.Tensor.view` も同じように形を変えます（違いは :term:`view と reshape <view / reshape>`）。
import warnings

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
flat = torch.arange(12)
grid = flat.reshape(3, 4)
print(f"{tuple(flat.shape)} → reshape(3, 4) → {tuple(grid.shape)}\n{grid}")
print(f"reshape(2, -1) の形: {tuple(flat.reshape(2, -1).shape)}")

# %%
# 長さ 1 の次元を足す・取る
# -------------------------
# :meth:`~torch.Tensor.unsqueeze` は指定した位置に長さ 1 の次元を足し、:meth:`~torch.Tensor.squeeze` は取り除きます。
# モデルは (枚数, 特徴量) の形を受け取るので、1 件だけ渡すときも ``unsqueeze(0)`` で枚数の次元を足します。
# 引数なしの ``squeeze()`` は長さ 1 の次元をすべて取るので、1 件だけの (1, 1) がスカラーになってしまいます。次元は指定して取ります。
sample = torch.randn(64)
batch = sample.unsqueeze(0)
print(f"1 件 {tuple(sample.shape)} → unsqueeze(0) → {tuple(batch.shape)}")
one_output = torch.zeros(1, 1)
print(f"(1, 1).squeeze() → {tuple(one_output.squeeze().shape)}")
print(f"(1, 1).squeeze(1) → {tuple(one_output.squeeze(1).shape)}")

# %%
# :meth:`~torch.Tensor.flatten` は、指定した次元から後ろを 1 つにまとめます。画像の束 (枚数, チャンネル, 縦, 横) を
# :term:`全結合層 <Linear Layer>` に入れるときは ``flatten(1)`` で枚数の次元を残します。引数なしでは全部が 1 列になります。
images = torch.zeros(5, 1, 8, 8)
print(f"flatten(1): {tuple(images.flatten(1).shape)}, flatten(): {tuple(images.flatten().shape)}")

# %%
# ブロードキャスト
# ----------------
# 形の違うテンソルどうしの足し算や引き算では、:term:`ブロードキャスト <Broadcasting>` の規則で形をそろえます。
#
# 1. 形を右端でそろえ、次元の少ない方の左に長さ 1 の次元を足します。
# 2. 各次元の長さは、等しいか、どちらかが 1 でなければエラーです。
# 3. 長さ 1 の次元は、相手の長さまで同じ値をくり返したものとして計算します。
#
# (3, 4) + (4,) は (3, 4) + (1, 4) と見なされ、各行に同じ (4,) が足されます（全結合層がバイアスを足すのと同じ形です）。
# (3, 4) + (3,) は右端が 4 と 3 でエラーです。行ごとに足したいなら ``unsqueeze(1)`` で (3, 1) にします。
row_bias = torch.tensor([0, 100, 200, 300])
col_bias = torch.tensor([0, 10, 20])
print(f"(3, 4) + (4,) → {tuple((grid + row_bias).shape)}")
try:
    grid + col_bias
except RuntimeError as error:
    broadcast_error = str(error)
    print(f"RuntimeError: {broadcast_error}")
print(f"(3, 4) + (3, 1):\n{grid + col_bias.unsqueeze(1)}")

# %%
# (N,) と (N, 1) の落とし穴
# -------------------------
# 規則に合ってしまい、エラーにならずに間違えるのが本当の落とし穴です。モデルの出力は (N, 1)、正解は (N,) になりがちです。
# その差をとると、(N, 1) と (1, N) と見なされて (N, N) の表になり、損失の値がまったく別物になります。
# :class:`~torch.nn.MSELoss` はこのときに ``UserWarning`` を出します（このページでは警告を捕まえて表示します）。
pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])  # (4, 1)
target = torch.tensor([1.5, 2.5, 2.5, 4.5])  # (4,)
wrong_mse = ((pred - target) ** 2).mean()
right_mse = ((pred.squeeze(1) - target) ** 2).mean()
print(f"pred - target の形: {tuple((pred - target).shape)}")
print(f"形を間違えた平均二乗誤差: {wrong_mse.item():.4f}, 正しい値: {right_mse.item():.4f}")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.MSELoss()(pred, target)
mse_warning = str(caught[0].message)
print(f"{caught[0].category.__name__}: {mse_warning}")

# %%
# dim に沿って集計する
# --------------------
# ``sum``、``mean``、``argmax`` などは、``dim`` に指定した次元に沿って集計し、**その次元を消します**。
# (2, 3) の ``sum(dim=0)`` は 0 番目の次元（行）を消すので、縦に足した列ごとの和 (3,) になります。
# ``sum(dim=1)`` は 1 番目の次元（列）を消して、横に足した行ごとの和 (2,) です。
# ``keepdim=True`` にすると、消える次元が長さ 1 で残ります。
m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
col_sums, row_sums = m.sum(dim=0), m.sum(dim=1)
print(f"sum(): {m.sum().item()}, sum(dim=0): {col_sums.tolist()}, sum(dim=1): {row_sums.tolist()}")
kept = m.sum(dim=1, keepdim=True)
print(f"mean(dim=1): {m.mean(dim=1).tolist()}, sum(dim=1, keepdim=True): 形 {tuple(kept.shape)}")

# %%
# 分類では、(件数, クラス数) のスコアから ``argmax(dim=1)`` で、各件のいちばん大きいクラスを選びます。
logits = torch.tensor([[2.0, 0.1, -1.0], [0.3, 0.2, 1.5], [-0.5, 2.2, 0.0], [1.0, 3.0, 0.5]])
print(f"argmax(dim=1): {logits.argmax(dim=1).tolist()}（各件の予測クラス）")

# %%
# ``keepdim`` を忘れたときも、形によっては黙って間違えます。(3, 3) の各行を行の和で割って、行の和を 1 にするつもりの例です。
# ``sum(dim=1)`` は (3,) なので (1, 3) と見なされ、各 **列** を割ってしまいます。
sq = torch.tensor([[1.0, 1.0, 2.0], [3.0, 3.0, 2.0], [4.0, 4.0, 4.0]])
no_keepdim = sq / sq.sum(dim=1)
with_keepdim = sq / sq.sum(dim=1, keepdim=True)
print(f"keepdim なし: 行の和 {[round(v, 4) for v in no_keepdim.sum(dim=1).tolist()]}")
print(f"keepdim あり: 行の和 {[round(v, 4) for v in with_keepdim.sum(dim=1).tolist()]}")

# %%
# 図にすると、``dim=0`` は縦方向、``dim=1`` は横方向に集計することがわかります。
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.imshow(np.pad(m.numpy(), ((0, 1), (0, 1))), cmap="Blues", vmin=0, vmax=20)
for (i, j), value in np.ndenumerate(m.numpy()):
    ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=13)
for j, value in enumerate(col_sums.tolist()):
    ax.text(j, 2, f"{value:g}", ha="center", va="center", fontsize=13, color="tab:red")
for i, value in enumerate(row_sums.tolist()):
    ax.text(3, i, f"{value:g}", ha="center", va="center", fontsize=13, color="tab:green")
ax.axhline(1.5, color="0.4", ls="--")
ax.axvline(2.5, color="0.4", ls="--")
ax.set_xticks(range(4), ["列 0", "列 1", "列 2", "sum(dim=1)"])
ax.set_yticks(range(3), ["行 0", "行 1", "sum(dim=0)"])
ax.set(title="(2, 3) の m と、dim=0（縦）・dim=1（横）に沿った和")
ax.grid(False)
plt.show()

# %%
# 行列の積
# --------
# ``A @ B``（:func:`torch.matmul`）は、A の最後の長さと B の最初の長さが等しいときに計算でき、その次元が消えます。
# (B, 64) @ (64, 10) は (B, 10) です。右が 1 次元の (n,) なら、(B, n) @ (n,) は (B,) になります。
# ``xb @ weight`` で (B, 1) @ (1,) が (B,) になるのはこの規則です。(1, 1) の重みなら結果は (B, 1) で、正解 (B,) と混ぜると上の落とし穴になります。
xb = torch.randn(5, 1)
print(f"(5, 64) @ (64, 10) → {tuple((torch.randn(5, 64) @ torch.randn(64, 10)).shape)}")
vec_out, mat_out = xb @ torch.tensor([2.0]), xb @ torch.tensor([[2.0]])
print(f"(5, 1) @ (1,) → {tuple(vec_out.shape)}, (5, 1) @ (1, 1) → {tuple(mat_out.shape)}")
try:
    torch.randn(4, 3) @ torch.randn(4, 2)
except RuntimeError as error:
    matmul_error = str(error)
    print(f"RuntimeError: {matmul_error}")

# %%
# :class:`~torch.nn.Linear` も中で行列の積を計算します。重みの形は (出力, 入力) なので、``x @ weight.T + bias`` です。
torch.manual_seed(0)
linear = nn.Linear(3, 2)
x = torch.randn(4, 3)
same_as_linear = torch.allclose(linear(x), x @ linear.weight.T + linear.bias)
print(f"weight の形 {tuple(linear.weight.shape)}, 出力の形 {tuple(linear(x).shape)}")
print(f"x @ weight.T + bias と一致するか: {same_as_linear}")

# %%
# まとめ
# ------
# - ``reshape`` は要素の順番を保って形を変え、``unsqueeze`` と ``squeeze`` は長さ 1 の次元を足し引きします。``squeeze`` には次元を指定します。
# - ブロードキャストは右端からそろえます。(N, 1) と (N,) の組み合わせは、エラーにならずに (N, N) になります。
# - ``dim`` に指定した次元が集計で消えます。割り算などに使うなら ``keepdim=True`` で残します。
# - ``A @ B`` は A の最後と B の最初の長さが等しいときに計算でき、その次元が消えます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 白黒画像 10 枚の束 ``torch.zeros(10, 8, 8)`` に、チャンネルの次元を足して (10, 1, 8, 8) にし、
# さらに全結合層に入れられる (10, 64) にしてください。
#
# .. hint:: チャンネルは 1 番目の位置に足します。64 は 1 × 8 × 8 です。
#
# .. answer::

ex1_images = torch.zeros(10, 8, 8).unsqueeze(1)
ex1_flat = ex1_images.flatten(1)
print(f"チャンネルを足す: {tuple(ex1_images.shape)}, 1 列に: {tuple(ex1_flat.shape)}")

# %%
# **問題 2.** 5 件 × 3 特徴量のデータ ``X`` を、特徴量（列）ごとに平均 0、標準偏差 1 にしてください（標準化）。
#
# .. hint:: 列ごとの平均と標準偏差は ``dim=0`` で求めます。形 (3,) は (5, 3) にブロードキャストされます。
#
# .. answer::

torch.manual_seed(0)
ex2_X = torch.randn(5, 3) * torch.tensor([1.0, 10.0, 100.0]) + 50
ex2_std = (ex2_X - ex2_X.mean(dim=0)) / ex2_X.std(dim=0)
print(f"列ごとの平均の絶対値の最大: {ex2_std.mean(dim=0).abs().max().item():.1e}")
print(f"列ごとの標準偏差: {[round(v, 4) for v in ex2_std.std(dim=0).tolist()]}")

# %%
# **問題 3.** 上の ``logits`` の各行を、``exp`` してから行の和で割って確率にし、:func:`torch.softmax` と比べてください。
#
# .. hint:: 行の和は ``sum(dim=1, keepdim=True)`` で (4, 1) のまま残します。
#
# .. answer::

ex3_exp = logits.exp()
ex3_probs = ex3_exp / ex3_exp.sum(dim=1, keepdim=True)
ex3_same = torch.allclose(ex3_probs, torch.softmax(logits, dim=1))
print(f"行の和: {[round(v, 4) for v in ex3_probs.sum(dim=1).tolist()]}, softmax と一致: {ex3_same}")

# %%
# このページで使った API
# ----------------------
# - :meth:`torch.Tensor.reshape`, :meth:`torch.Tensor.view`, :meth:`torch.Tensor.unsqueeze`, :meth:`torch.Tensor.squeeze`,
#   :meth:`torch.Tensor.flatten`
# - :meth:`torch.Tensor.sum`, :meth:`torch.Tensor.mean`, :meth:`torch.Tensor.std`, :meth:`torch.Tensor.argmax`,
#   :meth:`torch.Tensor.exp`, :func:`torch.softmax`
# - :func:`torch.matmul`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`, :func:`torch.allclose`
