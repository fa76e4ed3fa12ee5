r"""
テンソル入門
============

PyTorch で扱うデータも、モデルの重みも、予測も、すべてテンソルです。このページでは、テンソルを作り、
データ型と形を確かめ、一部を取り出し、NumPy の配列や GPU との間で移します。

.. lesson::
   :prerequisites: :doc:`/intro/install`

   - テンソルを作り、形（``shape``）とデータ型（``dtype``）を確かめる
   - 入力は ``float32``、クラスのラベルは ``int64`` にする理由を知る
   - 添字、スライス、真偽値のマスクで要素を取り出す
   - NumPy の配列やデバイスとの間でテンソルを移す

:doc:`/tutorials/basics/quickstart` では、画像を ``torch.tensor(..., dtype=torch.float32)`` でテンソルにしました。
このページでは、そうした一行一行の意味を確かめます。
"""

# %%
# リストから作る
# --------------
# :func:`torch.tensor` に Python のリストを渡すと、:term:`テンソル <Tensor>` ができます。
# 入れ子の深さが次元の数（``ndim``）になり、各次元の長さを並べたものが形（``shape``）です。
# 形は ``torch.Size`` というタプルの一種で、``t.shape[0]`` のように添字で読めます。
import numpy as np
import torch
from torch import nn

scalar = torch.tensor(3.5)
vector = torch.tensor([1.0, 2.0, 3.0])
matrix = torch.tensor([[1, 2, 3], [4, 5, 6]])
for name, t in [("scalar", scalar), ("vector", vector), ("matrix", matrix)]:
    print(f"{name}: 形 {tuple(t.shape)}, 次元の数 {t.ndim}, 要素数 {t.numel()}")

# %%
# 形を指定して作る
# ----------------
# 0 や 1 で埋めたテンソルは :func:`torch.zeros` と :func:`torch.ones`、等間隔の数の列は :func:`torch.arange` で作ります。
# ``arange`` は Python の ``range`` と同じく、終わりの値を含みません。:func:`torch.randn` は標準正規分布の乱数で埋めます。
# 乱数は :func:`torch.manual_seed` でシードを固定すると、何度実行しても同じ値になります。
zeros = torch.zeros(2, 3)
ones = torch.ones(3)
steps = torch.arange(0, 10, 2)
torch.manual_seed(0)
noise = torch.randn(2, 3)
print(f"zeros: 形 {tuple(zeros.shape)}\n{zeros}")
print(f"ones: {ones}")
print(f"arange(0, 10, 2): {steps}")
print(f"randn(2, 3):\n{noise}")

# %%
# データ型
# --------
# テンソルの要素はすべて同じ :term:`データ型 <dtype>` です。小数から作ると ``float32``、整数から作ると ``int64`` になります。
print(f"vector: {vector.dtype}, matrix: {matrix.dtype}, zeros: {zeros.dtype}, steps: {steps.dtype}")

# %%
# 入力とパラメータは ``float32`` にそろえます。:class:`~torch.nn.Linear` などの層の重みは ``float32`` で作られ、
# 層はデータ型の違う入力を受け付けません。NumPy の小数の既定は ``float64`` なので、うっかり混ざりやすい型です。
# ``float64`` は 1 要素 8 バイトで ``float32`` の倍のメモリを使い、多くの GPU では計算もずっと遅くなります。
torch.manual_seed(0)
layer = nn.Linear(3, 2)
x64 = torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)
try:
    layer(x64)
except RuntimeError as error:
    dtype_error = str(error)
    print(f"RuntimeError: {dtype_error}")
print(f"重みのデータ型: {layer.weight.dtype}")
print(f"1 要素のバイト数: float32 は {zeros.element_size()}, float64 は {x64.element_size()}")
print(f".float() で変換すると通る: 出力の形 {tuple(layer(x64.float()).shape)}")

# %%
# 分類のラベル（クラスの番号）は ``int64`` にします。:term:`交差エントロピー損失 <Cross-Entropy Loss>`
# （:class:`~torch.nn.CrossEntropyLoss`）は、ラベルを「何番目のクラスか」という整数として受け取るからです。
# 小数のラベルを渡すとエラーになります。
# 変換には ``.long()``（``int64``）、``.float()``（``float32``）、``.to(torch.float32)`` を使います。
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])  # 2 件 × 3 クラスのスコア
labels_float = torch.tensor([0.0, 2.0])
try:
    nn.CrossEntropyLoss()(logits, labels_float)
except RuntimeError as error:
    label_error = str(error)
    print(f"RuntimeError: {label_error}")
ce_loss = nn.CrossEntropyLoss()(logits, labels_float.long())
print(f".long() にしたラベル {labels_float.long().dtype} での損失: {ce_loss.item():.4f}")

# %%
# 添字とスライス
# --------------
# 3 人 × 4 科目の点数表を使います。添字とスライスの書き方は NumPy と同じです。
# 整数の添字はその次元を消し、スライスは次元を残します。``scores[:, 1]`` は形 (3,)、``scores[:, 1:2]`` は (3, 1) です。
# この違いは :doc:`/tutorials/basics/tensor_shapes` で何度も出てきます。
scores = torch.tensor([[80, 65, 90, 72], [55, 95, 60, 88], [70, 75, 85, 40]])
print(f"scores[0]（1 人目）: {scores[0].tolist()}, 形 {tuple(scores[0].shape)}")
print(f"scores[:, 1]（2 科目目）: {scores[:, 1].tolist()}, 形 {tuple(scores[:, 1].shape)}")
print(f"scores[:, 1:2] の形: {tuple(scores[:, 1:2].shape)}")
print(f"scores[-1, ::2]（最後の人の 1, 3 科目目）: {scores[-1, ::2].tolist()}")
print(f"scores[1, 2]: {scores[1, 2]!r}, .item() で Python の数に: {scores[1, 2].item()}")

# %%
# スライスで取り出したテンソルは、元のテンソルとメモリを共有しています。書き換えると元も変わるので、
# 独立したテンソルが欲しいときは ``.clone()`` します。
first_row = scores[0]
first_row[0] = 0
print(f"first_row を書き換えたあとの scores[0, 0]: {scores[0, 0].item()}")
scores[0, 0] = 80

# %%
# 真偽値のマスク
# --------------
# 比較演算の結果は、同じ形の ``bool`` のテンソル（マスク）です。マスクを添字に使うと、``True`` の要素だけが 1 列に並んで取り出せます。
# 条件を組み合わせるときは ``&``（かつ）と ``|``（または）を使い、それぞれの条件を括弧で囲みます。
# マスクで取り出したものは、スライスと違ってコピーです。元の要素を書き換えるには ``t[mask] = 値`` と代入します。
mask = scores >= 80
print(f"scores >= 80:\n{mask}")
print(f"80 点以上の点数: {scores[mask].tolist()}, 個数: {mask.sum().item()}")
in_range = scores[(scores >= 60) & (scores < 80)]
print(f"60 点以上 80 点未満: {in_range.tolist()}")

# %%
# マスクは行を選ぶのにも使えます。ラベルが 2 のデータだけを取り出す例です。
features = torch.arange(12.0).reshape(4, 3)  # 4 件 × 3 特徴量（reshape は次のページで説明します）
labels = torch.tensor([0, 2, 1, 2])
class2 = features[labels == 2]
print(f"ラベル 2 の行: 形 {tuple(class2.shape)}\n{class2}")

# %%
# NumPy との行き来
# ----------------
# :func:`torch.from_numpy` は NumPy 配列とメモリを共有するテンソルを作り、データ型もそのまま引き継ぎます。
# NumPy の小数は ``float64`` なので、モデルに入れる前に ``.float()`` で ``float32`` にします（これはコピーです）。
# 逆向きの :meth:`~torch.Tensor.numpy` も、CPU の上ではメモリを共有します。
array = np.array([1.5, 2.5, 3.5])
from_np = torch.from_numpy(array)
array[0] = 100.0
print(f"from_numpy: {from_np.dtype}, NumPy 側を書き換えたあと: {from_np.tolist()}")
as_float32 = from_np.float()
back = as_float32.numpy()
print(f".float() のあと: {as_float32.dtype}, .numpy() で戻すと: {type(back).__name__} {back.dtype}")

# %%
# デバイス
# --------
# テンソルは CPU か GPU などのアクセラレータの、どちらかの :term:`デバイス <Device>` の上にあります。
# 次の書き方なら、アクセラレータ（NVIDIA の ``cuda``、Apple の ``mps`` など）があればそれを、なければ CPU を選びます。
# :meth:`~torch.Tensor.to` でデバイスを移したテンソルを作ります。計算に使うテンソルは、すべて同じデバイスに置きます。
# NumPy に戻すときや表示するときは、``.cpu()`` で CPU に戻します。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
on_device = noise.to(device)
doubled = (on_device * 2).cpu().numpy()
print(f"on_device.device: {on_device.device}, 2 倍して CPU に戻した結果の形: {doubled.shape}")

# %%
# まとめ
# ------
# - テンソルは :func:`torch.tensor` や ``zeros``、``ones``、``arange``、``randn`` で作り、``shape`` と ``dtype`` で中身を確かめます。
# - 入力とパラメータは ``float32``、クラスのラベルは ``int64`` です。NumPy から来た ``float64`` は ``.float()`` で変換します。
# - 整数の添字は次元を消し、スライスは残します。スライスは元とメモリを共有します。
# - 比較演算で作ったマスクで、条件に合う要素や行を取り出せます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``scores`` から、3 人目の点数、4 科目目の全員の点数、70 点未満の点数の個数を取り出してください。
#
# .. hint:: 行は ``scores[i]``、列は ``scores[:, j]``。個数はマスクの ``sum()`` です。添字は 0 から数えます。
#
# .. answer::

ex1_third = scores[2]
ex1_fourth_subject = scores[:, 3]
ex1_below_70 = (scores < 70).sum().item()
print(f"3 人目: {ex1_third.tolist()}, 4 科目目: {ex1_fourth_subject.tolist()}")
print(f"70 点未満: {ex1_below_70} 個")

# %%
# **問題 2.** NumPy の配列 ``np.array([1.0, 0.0, 2.0])`` を、``CrossEntropyLoss`` にラベルとして渡せるテンソルにしてください。
# そのラベルと、3 件 × 3 クラスのスコア ``torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0]])`` との損失を求めてください。
#
# .. hint:: ``torch.from_numpy`` でできるテンソルのデータ型を確かめてから、``.long()`` で変換します。
#
# .. answer::

ex2_labels = torch.from_numpy(np.array([1.0, 0.0, 2.0])).long()
ex2_logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0]])
ex2_loss = nn.CrossEntropyLoss()(ex2_logits, ex2_labels).item()
print(f"ラベル {ex2_labels.tolist()}（{ex2_labels.dtype}）, 損失: {ex2_loss:.4f}")

# %%
# **問題 3.** ``torch.randn(2, 5)`` の負の要素だけを 0 に置き換えたテンソルを、マスクを使って作ってください。
# 結果は :func:`torch.nn.functional.relu` と一致するはずです。
#
# .. hint:: 元を残したいので ``.clone()`` してから、``t[t < 0] = 0`` のようにマスクで代入します。
#
# .. answer::

torch.manual_seed(1)
ex3_x = torch.randn(2, 5)
ex3_y = ex3_x.clone()
ex3_y[ex3_y < 0] = 0
ex3_same = torch.equal(ex3_y, nn.functional.relu(ex3_x))
print(f"置き換えた結果:\n{ex3_y}\nrelu と一致するか: {ex3_same}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.tensor`, :func:`torch.zeros`, :func:`torch.ones`, :func:`torch.arange`, :func:`torch.randn`, :func:`torch.manual_seed`
# - :attr:`torch.Tensor.shape`, :attr:`torch.Tensor.ndim`, :meth:`torch.Tensor.numel`, :meth:`torch.Tensor.element_size`,
#   :meth:`torch.Tensor.item`, :meth:`torch.Tensor.tolist`, :meth:`torch.Tensor.clone`
# - :meth:`torch.Tensor.float`, :meth:`torch.Tensor.long`, :meth:`torch.Tensor.to`, :meth:`torch.Tensor.cpu`
# - :func:`torch.from_numpy`, :meth:`torch.Tensor.numpy`, :func:`torch.nn.functional.relu`
# - :class:`torch.nn.Linear`, :class:`torch.nn.CrossEntropyLoss`
