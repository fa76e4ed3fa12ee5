r"""
CUDA テンソル（CUDA Tensors）
=============================

.. term-card::
   :ja: CUDA テンソル
   :reading: くーだてんそる
   :en: CUDA Tensors
   :api: torch.Tensor.cuda
   :summary: データが NVIDIA GPU のメモリに置かれた :term:`テンソル <Tensor>` です。
      使い方は CPU のテンソルと同じで、演算は GPU 上で並列に実行されます。
      ``x.cuda()`` または ``x.to("cuda")`` で CPU のテンソルから作ります。

定義
----
CUDA テンソルは、``x.device.type == "cuda"``（``x.is_cuda`` が ``True``）の :class:`torch.Tensor` です。
データは GPU のメモリにあり、CUDA テンソルどうしの演算は、その GPU 上の CUDA カーネルとして実行されます。
置き場所は ``x.device`` が返す :class:`torch.device`（例: ``cuda:0``）で分かります。
GPU が複数あるときは、``torch.device("cuda:1")`` や ``x.cuda(1)`` のように番号で選びます。

- :meth:`torch.Tensor.cuda` と ``x.to("cuda")`` は、GPU のメモリにコピーした新しいテンソルを返します。
  元の CPU のテンソルはそのまま残ります。すでに同じ GPU にあるテンソルなら、コピーせずにそのまま返します。
- :meth:`torch.Tensor.cpu` は、逆に CPU のメモリへコピーします。
  :meth:`~torch.Tensor.numpy` は CPU のテンソルにしか使えないので、NumPy にする前に ``.cpu()`` を呼びます。
- GPU の演算は CPU から見て非同期です。Python の行は、GPU に計算を投入した（カーネルを起動した）時点で先へ進みます。
  ``.item()``、``.cpu()``、``print`` のように値が必要になる操作で、計算の終わりを待ちます。

かみくだいた説明
----------------
GPU は、単純な計算を一度に大量にこなすのが得意な計算装置です。大きな行列の掛け算のような計算は、GPU の方が CPU よりずっと速く終わります。
CUDA テンソルは「GPU の上に置いたテンソル」で、書き方は CPU のテンソルと変わりません。
ただし CPU と GPU のあいだでデータを運ぶのには時間がかかるので、運ぶ回数はできるだけ少なくします。

使われる場面
------------
- 深層学習モデルの学習と推論を、GPU で速くするとき。モデルのパラメータもデータも CUDA テンソルにします。
- GPU のないマシンでも動くように、ふつうは ``.cuda()`` ではなく ``.to(device)`` で書きます（:term:`デバイス <Device>`）。
"""

# %%
# CPU のテンソルを GPU に移して計算する
# -------------------------------------
# CPU に作ったテンソルを、使えるデバイスへ移して 2 倍します。デバイスは :term:`デバイス <Device>` のページと同じ
# ``torch.accelerator`` の書き方で選ぶので、NVIDIA の GPU があれば ``"cuda"``、なければ CPU（または別の種類の GPU）で計算します。
import time

import torch

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")

x_cpu = torch.tensor([1.0, 2.0, 3.0])
x = x_cpu.to(device)  # device が "cuda" なら x_cpu.cuda() と同じ
y = x * 2
y_back = y.cpu()  # 結果を CPU に戻す
print(f"x: device={x.device}, is_cuda={x.is_cuda}")
print(f"y = x * 2 の結果（CPU に戻したもの）: {y_back.tolist()}")

# %%
# .cuda() を呼ぶとどうなるか
# --------------------------
# CUDA が使える環境では、``.cuda()`` は GPU のメモリにコピーを作ります。
# CUDA が使えない環境（NVIDIA の GPU がない、または CUDA 版ではない PyTorch）で呼ぶとエラーになります。これが、``.cuda()`` を直接書かずに ``.to(device)`` で書く理由です。
if torch.cuda.is_available():
    x_gpu = x_cpu.cuda()
    cuda_error = None
    print(f".cuda() の結果: {x_gpu.device}（元の x_cpu は {x_cpu.device} のまま）")
    print(f"GPU にあるテンソルの .cuda() は自分自身を返すか: {x_gpu.cuda() is x_gpu}")
else:
    try:
        x_cpu.cuda()
    except (AssertionError, RuntimeError) as error:  # CPU 版の PyTorch では AssertionError
        cuda_error = f"{type(error).__name__}: {error}"
    print(f"CUDA が使えないので .cuda() は失敗しました → {cuda_error}")

# %%
# CPU のテンソルと混ぜない
# ------------------------
# 1 つの演算の入力は、同じデバイスに置きます。PyTorch はデータを勝手に運ばないので、
# CUDA テンソルと CPU のテンソルを混ぜるとエラーになります（0 次元の CPU テンソルだけは例外です）。
if torch.cuda.is_available():
    try:
        x_gpu + x_cpu
    except RuntimeError as error:
        mismatch_error = str(error).splitlines()[0]
        print(f"CUDA テンソル + CPU テンソル → RuntimeError: {mismatch_error}")
    print(f"そろえてから足した結果: {(x_gpu + x_cpu.to(x_gpu.device)).tolist()}")
else:
    mismatch_error = None
    print("CUDA が使えないので、CUDA テンソルと CPU テンソルを混ぜる例は、この実行では試せません。")

# %%
# CUDA が使える環境では、上の足し算は ``Expected all tensors to be on the same device`` で始まる ``RuntimeError`` になります。
# 同じように、CUDA テンソルの ``.numpy()`` は ``TypeError`` になります。NumPy や matplotlib に渡す前に ``.cpu()`` を呼びます。
#
# 非同期の計算と時間の測り方
# --------------------------
# GPU に投入した計算は、終わる前に Python へ制御が戻ります。時間を測るときは :func:`torch.cuda.synchronize` で
# 計算の終わりを待ってから時計を止めます。1 回目の呼び出しには準備の時間が含まれるので、先に 1 回実行しておきます。
torch.manual_seed(0)


def seconds_per_matmul(on, n=1024, repeat=5):
    a = torch.randn(n, n, device=on)
    b = torch.randn(n, n, device=on)
    a @ b  # 準備のための 1 回目
    if on == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeat):
        a @ b
    if on == "cuda":
        torch.cuda.synchronize()  # 投入した計算がすべて終わるまで待つ
    return (time.perf_counter() - start) / repeat


timings = {"cpu": seconds_per_matmul("cpu")}
if torch.cuda.is_available():
    timings["cuda"] = seconds_per_matmul("cuda")
for name, seconds in timings.items():
    print(f"1024 × 1024 の行列積 1 回（{name}）: {seconds * 1000:.2f} ミリ秒")
if "cuda" not in timings:
    print("CUDA が使えないので、GPU の時間は測っていません。")

# %%
# 小さなテンソルでは、GPU に計算を投入する手間の方が大きく、CPU より遅くなることもあります。
# GPU が力を発揮するのは、大きな行列の計算をまとめて行うときです。
#
# 関連用語
# --------
# :term:`デバイス <Device>`、:term:`テンソル <Tensor>`、:term:`テンソル演算 <Tensor Operations>`、:term:`PyTorch`
#
# このページで使った API
# ----------------------
# :meth:`torch.Tensor.cuda`, :meth:`torch.Tensor.to`, :meth:`torch.Tensor.cpu`, :attr:`torch.Tensor.is_cuda`,
# :func:`torch.cuda.is_available`, :func:`torch.cuda.synchronize`, :func:`torch.randn`
#
# .. used-in-tutorials:: torch.Tensor.cuda torch.Tensor.to torch.Tensor.cpu torch.cuda.is_available
