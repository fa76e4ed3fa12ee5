r"""
よくあるエラー（データ・画像・GPU）
===================================

前のページに続いて、よくあるエラーをわざと起こし、PyTorch が実際に出すメッセージを表示してから、直したコードで結果を確かめます。
このページは、モデルに渡す入力の形と型、ラベル、画像、デバイスのエラーです。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/common_errors`、:doc:`/tutorials/classification/image_training`、:doc:`/tutorials/classification/cpu_and_gpu`

   - 入力の形や型とモデルの層との食い違いを、メッセージの数字から読み取る
   - ラベルの型と範囲、画像のチャンネルと大きさの間違いを直す
   - デバイスの食い違いと GPU のメモリ不足を見分け、直し方を知る

前のページ（:doc:`/tutorials/classification/common_errors`）は、損失と自動微分のエラーでした。このページのエラーは、データを読み込んでモデルに渡すところで起き、自分の表や写真を使い始めるとよく出会います。

.. csv-table::
   :header: エラー（メッセージの一部）, よくある原因, 直し方
   :widths: 34, 33, 33

   :ref:`common-errors-shape`: ``mat1 and mat2 shapes cannot be multiplied``, 入力の特徴量の数が、全結合層の ``in_features`` と違う, 形を表示して、層の大きさを入力に合わせる
   :ref:`common-errors-input-dtype`: ``mat1 and mat2 must have the same dtype``, NumPy の ``float64`` の配列を、そのまま入力にした, 入力を ``.float()`` で ``float32`` にする
   :ref:`common-errors-target-dtype`: ``expected target dtype to be Long``, 交差エントロピー損失に小数のラベルを渡した, ラベルを ``.long()`` で ``int64`` にする
   :ref:`common-errors-target-range`: ``Target 3 is out of bounds``, ラベルの番号が、モデルの出力の数以上, 出力の数をクラスの数に合わせ、ラベルを 0 から振る
   ":ref:`common-errors-channels`: ``to have 1 channels, but got 3 channels``", 白黒用のモデルにカラー画像を渡した, ``v2.Grayscale()`` にするか、最初の層を 3 チャンネルにする
   :ref:`common-errors-image-size`: ``stack expects each tensor to be equal size``, 大きさの違う画像を 1 つのミニバッチにした, ``v2.Resize`` と ``v2.CenterCrop`` で大きさをそろえる
   :ref:`common-errors-device`: ``is not on the expected device`` / ``Expected all tensors to be on the same device``, モデルと入力が別のデバイスにある, 入力も ``.to(device)`` でモデルと同じデバイスに移す
   :ref:`common-errors-oom`: ``CUDA out of memory``, GPU のメモリに収まらない, ``batch_size`` を小さくする、混合精度、要らない参照を消す
"""

# %%
# 前のページと同じく、エラーを捕まえて型とメッセージを表示する関数を用意します。
import numpy as np
import torch
from PIL import Image
from sklearn.datasets import load_sample_images
from torch import nn
from torch.utils.data import DataLoader
from torchvision.transforms import v2

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}, PyTorch {torch.__version__}")


def show(error):
    print(f"{type(error).__name__}: {error}")
    return str(error)


# %%
# .. _common-errors-shape:
#
# 全結合層の入力の大きさが合わない
# --------------------------------
# 8×8 の画像 32 枚を 1 列に並べて形 (32, 64) にし、28×28 画素の画像用に作った :term:`全結合層 <Linear Layer>` に渡してしまった例です。
# ``mat1`` は入力 (32×64)、``mat2`` は重みを転置したもの（``in_features`` × ``out_features``）で、``mat1`` の列の数と ``mat2`` の行の数がそろっていなければなりません。入力の形を表示して、``in_features`` をそれに合わせます。
torch.manual_seed(0)
flat = torch.rand(32, 8, 8).flatten(start_dim=1)
try:
    nn.Linear(28 * 28, 10)(flat)
except RuntimeError as error:
    shape_error = show(error)
fixed_out = nn.Linear(flat.shape[1], 10)(flat)
print(f"入力の形: {tuple(flat.shape)}, 直したあとの出力の形: {tuple(fixed_out.shape)}")

# %%
# .. _common-errors-input-dtype:
#
# 入力が float64 になっている
# ---------------------------
# NumPy の小数の配列は、既定で ``float64`` です。:func:`torch.from_numpy` は型をそのまま引き継ぐので、``float32`` のパラメータを持つ層に渡すと、行列積の :term:`型 <dtype>` がそろわずにエラーになります。``.float()`` で ``float32`` にしてから渡します。
features = np.random.default_rng(0).random((4, 3))
x64 = torch.from_numpy(features)
linear = nn.Linear(3, 1)
print(f"NumPy の配列: {features.dtype}, テンソル: {x64.dtype}, 層の重み: {linear.weight.dtype}")
try:
    linear(x64)
except RuntimeError as error:
    input_dtype_error = show(error)
out32 = linear(x64.float())
print(f"直したあとの出力: 形 {tuple(out32.shape)}, {out32.dtype}")

# %%
# .. _common-errors-target-dtype:
#
# ラベルの型が小数になっている
# ----------------------------
# :class:`~torch.nn.CrossEntropyLoss`（:term:`交差エントロピー損失 <Cross-Entropy Loss>`）は、正解をクラスの番号（``int64``）で受け取ります。
# 小数のラベルを渡すとエラーになります（ロジットと同じ形の小数のテンソルだけは、番号ではなく「各クラスの確率」として受け付けます）。``.long()`` で ``int64`` にすれば計算でき、対数ソフトマックスから手で計算した値と一致します。
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3]])
labels = torch.tensor([0.0, 1.0])
try:
    nn.CrossEntropyLoss()(logits, labels)
except RuntimeError as error:
    target_error = show(error)
ce_loss = nn.CrossEntropyLoss()(logits, labels.long())
manual_ce = -logits.log_softmax(dim=1)[torch.arange(2), labels.long()].mean()
print(f"交差エントロピー損失: {ce_loss.item():.4f}, 手で計算した値: {manual_ce.item():.4f}")

# %%
# .. _common-errors-target-range:
#
# ラベルの番号がクラスの数を超える
# --------------------------------
# ラベルは 0 から「クラスの数 − 1」までの番号で、モデルの出力の数はクラスの数でなければなりません。
# 出力が 3 つのモデルに番号 3 のラベルを渡すと ``IndexError`` になります。フォルダを 1 つ足したのに出力の数を変え忘れたときや、ラベルを 1 から振ったときに起きます。出力の数は、データのクラスの数（``ImageFolder`` なら ``len(dataset.classes)``）から決めます。
# CUDA の GPU の上では、同じ間違いが ``CUDA error: device-side assert triggered`` という手がかりの少ないエラーになります。そのときは同じ計算を CPU で行うと、このメッセージが読めます。
targets = torch.tensor([0, 1, 2, 3])  # 4 クラスのラベル
features16 = torch.randn(4, 16)
try:
    nn.CrossEntropyLoss()(nn.Linear(16, 3)(features16), targets)
except IndexError as error:
    range_error = show(error)
n_classes = int(targets.max()) + 1
range_loss = nn.CrossEntropyLoss()(nn.Linear(16, n_classes)(features16), targets)
print(f"出力を {n_classes} つにしたときの損失: {range_loss.item():.4f}")

# %%
# .. _common-errors-channels:
#
# 画像のチャンネルの数が合わない
# ------------------------------
# :class:`~torch.nn.Conv2d` の最初の引数は、入力のチャンネルの数です。白黒の数字（1 チャンネル）用の CNN にカラー写真（3 チャンネル）を渡すとエラーになります。
# メッセージの ``input[...]`` は入力の形 (枚数, チャンネル, 高さ, 幅)、``weight of size`` はフィルタの形 (出力, 入力のチャンネル, 高さ, 幅) です。画像を ``v2.Grayscale()`` で 1 チャンネルにするか、モデルの最初の層を ``in_channels=3`` にします。scikit-learn に同梱の写真 2 枚を使います。
photos = [Image.fromarray(array) for array in load_sample_images().images]
to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
photo = v2.Resize((64, 96))(to_tensor(photos[0]))
conv_gray = nn.Conv2d(1, 16, kernel_size=3, padding=1)
try:
    conv_gray(photo.unsqueeze(0))
except RuntimeError as error:
    channel_error = show(error)
gray_out = conv_gray(v2.Grayscale()(photo).unsqueeze(0))
color_out = nn.Conv2d(3, 16, kernel_size=3, padding=1)(photo.unsqueeze(0))
print(f"白黒にした: {tuple(gray_out.shape)}, 3 チャンネルの層にした: {tuple(color_out.shape)}")

# %%
# .. _common-errors-image-size:
#
# 画像の大きさがそろっていない
# ----------------------------
# :term:`データローダ <DataLoader>` はミニバッチを作るとき、:func:`torch.stack` で画像を 1 つのテンソルに積み重ねるので、大きさの違う画像が混ざるとエラーになります。手元の写真の大きさは、ふつうばらばらです。``v2.Resize`` で短い辺を、``v2.CenterCrop`` で縦横をそろえます（:doc:`/tutorials/classification/image_folder`）。
cropped = photos[1].crop((0, 0, 400, 300))  # 2 枚めは 400×300 に切り抜く
images = [to_tensor(photos[0]), to_tensor(cropped)]
try:
    next(iter(DataLoader(images, batch_size=2)))
except RuntimeError as error:
    size_error = show(error)
same_size = v2.Compose([v2.Resize(64), v2.CenterCrop(64)])
batch = next(iter(DataLoader([same_size(image) for image in images], batch_size=2)))
print(f"大きさをそろえたミニバッチの形: {tuple(batch.shape)}")

# %%
# .. _common-errors-device:
#
# テンソルのデバイスが違う
# ------------------------
# 1 つの計算に使うテンソルは、すべて同じ :term:`デバイス <Device>` になければなりません。モデルを GPU に移し、入力を CPU に置いたままにすると起きます。
# GPU のないマシンでも、``meta`` デバイスで同じ種類のエラーを起こせます。``meta`` のテンソルは形と型だけを持ち、値を持たない仮のテンソルです。
# 下の最初のメッセージは、入力のあるデバイス（cpu）に、層の重み（meta）がないことを示しています。
#
# CUDA の GPU のあるマシンで、GPU に移したモデルに CPU の入力を渡すと、``RuntimeError: Expected all tensors to be on the same device, but ...`` で始まり、
# どのテンソルが ``cuda:0`` と ``cpu`` のどちらにあるかを示すメッセージになります。下のコードは、アクセラレータのあるマシンでだけ、このエラーを実際に起こします。
# 直し方は、モデルも入力も、最初に決めた ``device`` に移すことです（:doc:`/tutorials/classification/cpu_and_gpu`）。
meta_model = nn.Linear(3, 1, device="meta")
x_cpu = torch.randn(4, 3)
try:
    meta_model(x_cpu)
except RuntimeError as error:
    meta_error = show(error)
gpu_error = None
if device != "cpu":
    try:
        nn.Linear(3, 1).to(device)(x_cpu)
    except RuntimeError as error:
        gpu_error = show(error)
model = nn.Linear(3, 1).to(device)
device_out = model(x_cpu.to(device))
print(f"モデルと入力を {device} にそろえた: 出力 {tuple(device_out.shape)}, {device_out.device}")

# %%
# .. _common-errors-oom:
#
# GPU のメモリが足りない
# ----------------------
# GPU のメモリに収まらない量を確保しようとすると、``torch.OutOfMemoryError: CUDA out of memory. Tried to allocate ...`` で始まり、
# 確保しようとした量、GPU のメモリの総量と空きを続けて示すエラーになります。CPU だけのマシンでは起きないので、下のコードは CUDA の GPU があるときだけ、わざと 4 TiB を確保して実際に起こします。よくある直し方は次のとおりです。
#
# - ``batch_size`` を小さくする（各層の出力を覚えておくメモリは、ミニバッチの大きさに比例します）。
# - :term:`混合精度 <Mixed Precision>` で、計算の一部を 16 ビットにする（:doc:`/tutorials/advanced/speed`）。
# - 要らないテンソルへの参照を残さない。損失を足し合わせるときは ``total += loss.item()`` と数にします（``total += loss`` では計算グラフごと残ります）。評価は ``torch.no_grad()`` の中で行います。
oom_error = None
if device == "cuda":
    try:
        torch.empty(2**40, device=device)  # float32 で 4 TiB
    except torch.OutOfMemoryError as error:
        oom_error = show(error)
is_runtime_error = issubclass(torch.OutOfMemoryError, RuntimeError)
print(f"torch.OutOfMemoryError は RuntimeError の一種か: {is_runtime_error}")

# %%
# まとめ
# ------
# - 形のエラーは、メッセージの数字（``32x64 and 784x10``、``input[1, 3, 64, 96]``）と、自分で表示した形を見比べます。
# - 入力は ``float32``、交差エントロピー損失のラベルは 0 から「クラスの数 − 1」までの ``int64`` にします。
# - 画像は、チャンネルの数をモデルの最初の層に合わせ、大きさを ``v2.Resize`` と ``v2.CenterCrop`` でそろえます。
# - モデルと入力は同じ ``device`` に置きます。GPU のメモリが足りなければ、まず ``batch_size`` を小さくします。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ラベルが 1, 2, 3 で振られた 3 クラスのデータを、出力 3 つのモデルで学習させようとすると ``Target 3 is out of bounds`` になります。出力を 4 つにせず、ラベルの側を直して損失を計算してください。
#
# .. hint:: ラベルから 1 を引くと 0, 1, 2 になります。予測したクラスを表示するときは 1 を足して戻します。
#
# .. answer::

ex1_labels = torch.tensor([1, 3, 2, 1])
ex1_logits = torch.randn(4, 3)
ex1_targets = ex1_labels - 1
ex1_loss = nn.CrossEntropyLoss()(ex1_logits, ex1_targets)
print(f"直したラベル: {ex1_targets.tolist()}, 損失: {ex1_loss.item():.4f}")

# %%
# **問題 2.** 写真の NumPy 配列（形 (高さ, 幅, 3)）を ``torch.tensor`` でそのままテンソルにし、``nn.Conv2d(3, 8, 3)`` に渡すと何が起きるかを表示して、直してください。
#
# .. hint:: PyTorch の画像の形は (チャンネル, 高さ, 幅) です。:meth:`~torch.Tensor.permute` で軸を並べ替えます（``v2.ToImage()`` も同じことをします）。
#
# .. answer::
#
#    チャンネルの軸が最後にあるので、高さ（ここでは 64）がチャンネルの数と読まれます。

ex2_hwc = torch.tensor(np.asarray(photos[0])[:64, :64]) / 255  # 形 (64, 64, 3)
ex2_conv = nn.Conv2d(3, 8, 3)
try:
    ex2_conv(ex2_hwc.unsqueeze(0))
except RuntimeError as error:
    ex2_error = show(error)
ex2_out = ex2_conv(ex2_hwc.permute(2, 0, 1).unsqueeze(0))
print(f"並べ替えたあとの出力の形: {tuple(ex2_out.shape)}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Linear`, :class:`torch.nn.Conv2d`, :class:`torch.nn.CrossEntropyLoss`, :class:`torch.utils.data.DataLoader`, :func:`torch.stack`
# - :func:`torch.from_numpy`, :meth:`torch.Tensor.float`, :meth:`torch.Tensor.long`, :meth:`torch.Tensor.to`, :meth:`torch.Tensor.permute`, :func:`torch.empty`, ``torch.OutOfMemoryError``, ``torch.accelerator.is_available``
# - ``torchvision.transforms.v2.ToImage``, ``v2.ToDtype``, ``v2.Resize``, ``v2.CenterCrop``, ``v2.Grayscale``
