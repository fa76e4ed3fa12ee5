r"""
よくあるエラー
==============

PyTorch を使い始めたころによく出会うエラーを、わざと起こして、PyTorch が実際に出すメッセージを表示します。
そのあとで、直したコードを動かして結果を確かめます。
メッセージは長いので、下の表には見分けるための一部だけを載せています。各行から、そのエラーの節へ進めます。

.. list-table::
   :header-rows: 1
   :widths: 34 33 33

   * - エラー（メッセージの一部）
     - よくある原因
     - 直し方
   * - :ref:`common-errors-shape`: ``mat1 and mat2 shapes cannot be multiplied``
     - 入力の特徴量の数が、全結合層の ``in_features`` と違う
     - 形を表示して、層の大きさを入力に合わせる
   * - :ref:`common-errors-scalar`: ``grad can be implicitly created only for scalar outputs``
     - 1 件ごとの損失（ベクトル）のまま ``backward()`` を呼んだ
     - ``.mean()`` や ``.sum()`` でスカラーにする
   * - :ref:`common-errors-leaf`: ``a leaf Variable that requires grad is being used in an in-place operation``
     - パラメータを手で更新するコードを、勾配の記録の中で書いた
     - ``torch.no_grad()`` の中で更新する
   * - :ref:`common-errors-zero-grad`: エラーは出ない
     - ``zero_grad()`` を呼ばず、勾配が足し込まれ続ける
     - ステップごとに ``optimizer.zero_grad()`` を呼ぶ
   * - :ref:`common-errors-target-dtype`: ``expected target dtype to be Long``
     - 交差エントロピー損失に小数のラベルを渡した
     - ラベルを ``.long()`` で ``int64`` にする
   * - :ref:`common-errors-input-dtype`: ``mat1 and mat2 must have the same dtype``
     - NumPy の ``float64`` の配列を、そのまま入力にした
     - 入力を ``.float()`` で ``float32`` にする
   * - :ref:`common-errors-device`: ``Expected all tensors to be on the same device``
     - モデルは GPU にあるのに、入力が CPU にある
     - 入力も ``.to(device)`` で同じデバイスに移す
   * - :ref:`common-errors-numpy`: ``Can't call numpy() on Tensor that requires grad``
     - 勾配を記録しているテンソルを NumPy に変換した
     - ``.detach().cpu().numpy()`` と書く
"""

# %%
# エラーを捕まえて、型とメッセージを表示する関数を用意します。
import numpy as np
import torch
from torch import nn

print(f"このページのメッセージは PyTorch {torch.__version__} が出したものです。")


def show(error):
    print(f"{type(error).__name__}: {error}")
    return str(error)


# %%
# .. _common-errors-shape:
#
# 行列積の形が合わない
# --------------------
# 8×8 の画像 32 枚を 1 列に並べて (32, 64) にし、28×28 画素の画像（MNIST など）用に作った :term:`全結合層 <Linear Layer>` に渡してしまった例です。
# メッセージの ``mat1`` は入力 (32×64)、``mat2`` は重みを転置したもの（``in_features`` × ``out_features``）です。
# 行列積では、``mat1`` の列の数と ``mat2`` の行の数（ここでは 64 と 784）がそろっていなければなりません。
torch.manual_seed(0)
flat = torch.rand(32, 8, 8).flatten(start_dim=1)
try:
    nn.Linear(28 * 28, 10)(flat)
except RuntimeError as error:
    shape_error = show(error)

# %%
# 入力の形を表示して、``in_features`` をそれに合わせます。
print(f"入力の形: {tuple(flat.shape)}")
fixed_out = nn.Linear(flat.shape[1], 10)(flat)
print(f"直したあとの出力の形: {tuple(fixed_out.shape)}")

# %%
# .. _common-errors-scalar:
#
# スカラーでないテンソルで backward を呼ぶ
# ----------------------------------------
# ``backward()`` を引数なしで呼べるのは、要素が 1 つ（スカラー）のテンソルだけです。
# ベクトルに対して呼ぶには、要素ごとの重み（``gradient`` 引数）を渡さなければなりません。
# 1 件ごとの二乗誤差を並べたベクトルのまま呼ぶと、このエラーになります（:term:`勾配 <Gradient>`）。
weights = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
x_in, y_true = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 2.0, 2.0])
per_sample = (weights * x_in - y_true) ** 2  # 形 (3,)
try:
    per_sample.backward()
except RuntimeError as error:
    scalar_error = show(error)

# %%
# 平均をとってスカラーの損失にしてから ``backward()`` を呼びます。
# 勾配は :math:`\frac{2}{3}(w_i x_i - y_i)\,x_i` で、手で計算した値と一致します。
per_sample.mean().backward()
expected_grad = 2 / 3 * (weights.detach() * x_in - y_true) * x_in
print(f"weights.grad:   {weights.grad}")
print(f"手で計算した値: {expected_grad}")

# %%
# .. _common-errors-leaf:
#
# 葉テンソルをその場で書き換える
# ------------------------------
# 自分で作って :term:`requires_grad` を ``True`` にしたテンソルは、
# :term:`計算グラフ <Computational Graph>` の出発点で、「葉テンソル」と呼ばれます。
# 葉テンソルを、勾配を記録したまま ``-=`` のようにその場で書き換えることはできません。
# パラメータを手で更新するときに起きます（:doc:`/tutorials/regression/linear_regression_manual`）。
param = torch.tensor([1.0, 2.0], requires_grad=True)
(param**2).sum().backward()  # 勾配は 2 * param = [2, 4]
try:
    param -= 0.1 * param.grad
except RuntimeError as error:
    leaf_error = show(error)

# %%
# 更新は :class:`torch.no_grad` の中で行います（:term:`勾配計算の無効化 <no_grad / inference_mode>`）。
# :term:`オプティマイザ <Optimizer>` の ``step()`` も、内部で同じことをしています。
with torch.no_grad():
    param -= 0.1 * param.grad
print(f"更新後の param: {param}")

# %%
# .. _common-errors-zero-grad:
#
# 勾配をゼロに戻し忘れる
# ----------------------
# これはエラーになりません。``backward()`` は勾配を上書きせず、``.grad`` に足し込みます。
# そのため :meth:`~torch.optim.Optimizer.zero_grad` を呼ばないと、前のステップの勾配が残り、更新が大きくなりすぎます
# （:term:`勾配のゼロクリア <zero_grad>`）。:math:`p^2` を :math:`p = 3` から学習率 0.1 で 3 ステップ下る例で比べます。
# 正しい勾配は :math:`2p` です。


def three_steps(call_zero_grad):
    p = torch.tensor(3.0, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.1)
    grads = []
    for _ in range(3):
        if call_zero_grad:
            optimizer.zero_grad()
        (p**2).backward()
        grads.append(round(p.grad.item(), 4))
        optimizer.step()
    return grads, round(p.item(), 4)


grads_forgot, p_forgot = three_steps(call_zero_grad=False)
grads_ok, p_ok = three_steps(call_zero_grad=True)
print(f"zero_grad を忘れた: 勾配 {grads_forgot}, 3 ステップ後の p = {p_forgot}")
print(f"zero_grad を呼んだ: 勾配 {grads_ok}, 3 ステップ後の p = {p_ok}")

# %%
# .. _common-errors-target-dtype:
#
# ラベルの型が小数になっている
# ----------------------------
# :class:`~torch.nn.CrossEntropyLoss`（:term:`交差エントロピー損失 <Cross-Entropy Loss>`）は、正解をクラスの番号（``int64``）で受け取ります。
# NumPy の小数の配列から作ったラベルなど、小数の型のまま渡すとエラーになります（:term:`データ型 <dtype>`）。
# なお、ロジット（モデルが出す、ソフトマックスを通す前の各クラスのスコア）と同じ形 (バッチ, クラス数) の小数のテンソルは、番号ではなく「各クラスの確率」として受け付けます。
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3]])
labels = torch.tensor([0.0, 1.0])
try:
    nn.CrossEntropyLoss()(logits, labels)
except RuntimeError as error:
    target_error = show(error)

# %%
# ``.long()`` で ``int64`` にすれば計算できます。対数ソフトマックスから手で計算した値と比べます。
ce_loss = nn.CrossEntropyLoss()(logits, labels.long())
manual_ce = -logits.log_softmax(dim=1)[torch.arange(2), labels.long()].mean()
print(f"交差エントロピー損失: {ce_loss.item():.4f}, 手で計算した値: {manual_ce.item():.4f}")

# %%
# .. _common-errors-input-dtype:
#
# 入力が float64 になっている
# ---------------------------
# NumPy の小数の配列は、既定で ``float64`` です。:func:`torch.from_numpy` は型をそのまま引き継ぐので、
# ``float32`` のパラメータを持つ層に渡すと、行列積の型がそろわずにエラーになります。
features = np.random.default_rng(0).random((4, 3))
x64 = torch.from_numpy(features)
linear = nn.Linear(3, 1)
print(f"NumPy の配列: {features.dtype}, テンソル: {x64.dtype}, 層の重み: {linear.weight.dtype}")
try:
    linear(x64)
except RuntimeError as error:
    input_dtype_error = show(error)

# %%
# ``.float()`` で ``float32`` にしてから渡します。
out32 = linear(x64.float())
print(f"直したあとの出力: 形 {tuple(out32.shape)}, {out32.dtype}")

# %%
# .. _common-errors-device:
#
# テンソルのデバイスが違う
# ------------------------
# 1 つの計算に使うテンソルは、すべて同じ :term:`デバイス <Device>` になければなりません。
# モデルを ``.to("cuda")`` で GPU に移し、入力を CPU に置いたままにすると起きます。
# このエラーは GPU がないと起こせないので、GPU があるときだけ実行します（:doc:`/tutorials/classification/cpu_and_gpu`）。
# GPU がある環境では、``Expected all tensors to be on the same device`` で始まる ``RuntimeError`` になります。
device_error = None
if torch.cuda.is_available():
    model_gpu = nn.Linear(3, 1).to("cuda")
    x_cpu = torch.randn(4, 3)
    try:
        model_gpu(x_cpu)
    except RuntimeError as error:
        device_error = show(error)
    out_gpu = model_gpu(x_cpu.to("cuda"))
    print(f"入力も GPU に移すと計算できる: 出力は {out_gpu.device}")
else:
    print("このページをビルドした環境には GPU がないので、このエラーは再現していません。")

# %%
# .. _common-errors-numpy:
#
# 勾配を記録しているテンソルを NumPy にする
# -----------------------------------------
# ``requires_grad=True`` のテンソルや、そこから計算したテンソルは、そのままでは ``.numpy()`` にできません。
# matplotlib にテンソルを渡したときも、内部で同じ変換が起きます。
trained = torch.tensor([0.5, -1.5], requires_grad=True)
try:
    trained.numpy()
except RuntimeError as error:
    numpy_error = show(error)

# %%
# :meth:`~torch.Tensor.detach` で勾配の記録から切り離してから変換します。
# GPU のテンソルなら、さらに ``.cpu()`` で CPU に戻す必要があるので、``.detach().cpu().numpy()`` と書くのが確実です。
as_numpy = trained.detach().cpu().numpy()
print(f"NumPy 配列: {as_numpy}, 型 {as_numpy.dtype}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Linear`, :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.SGD`,
#   :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`
# - :meth:`torch.Tensor.backward`, :class:`torch.no_grad`, :meth:`torch.Tensor.detach`, :meth:`torch.Tensor.numpy`
# - :meth:`torch.Tensor.long`, :meth:`torch.Tensor.float`, :func:`torch.from_numpy`, :meth:`torch.Tensor.to`,
#   :func:`torch.cuda.is_available`
# - :meth:`torch.Tensor.flatten`, ``torch.Tensor.log_softmax``, :func:`torch.tensor`, :func:`torch.rand`
