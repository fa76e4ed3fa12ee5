r"""
CPU と GPU
==========

PyTorch の計算は、テンソルが置かれている :term:`デバイス <Device>` の上で行われます。
GPU があってもなくても動くデバイスの選び方、モデルとデータの移し方、GPU の計算時間の正しい測り方を、このページを実行したマシンで確かめます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_cnn`、:doc:`/tutorials/classification/image_training`、:term:`デバイス <Device>`

   - ``torch.accelerator`` で使えるデバイスを見つけ、コードの 1 か所で決める
   - ``.to(device)`` がモジュールとテンソルで何を返すかを知る
   - GPU の計算は非同期に進むので、時間は計算の終わりを待ってから測る
   - ピン留めメモリと ``non_blocking=True`` がいつ転送を速くするかを知る

これまでのページは ``device = ...`` の 1 行でデバイスを選び、モデルとミニバッチを ``.to(device)`` で移してきました（:doc:`/tutorials/classification/first_cnn`）。
このページでは、その 1 行が何を調べ、移すと何が起きるのかを詳しく見て、行列積の速さを測ります。
"""

# %%
# デバイスを選ぶ
# --------------
# ``torch.accelerator`` は、CUDA（NVIDIA の GPU）、Apple シリコンの MPS、Intel の XPU などの「アクセラレータ」（計算を速くする装置）を同じ書き方で扱います。
# ``current_accelerator()`` は、インストールした PyTorch に組み込まれたアクセラレータの種類を返し、その装置が実際にあるかどうかは見ません。
# CUDA 版の PyTorch を GPU のないマシンに入れると ``cuda`` を返します（CPU 版なら ``None``）。
# そこで、先に ``is_available()`` で使えるかを確かめ、使えなければ ``"cpu"`` にします。
# この 1 行で決めた ``device`` を、あとのコードすべてで使います。こうすると、同じコードがどのマシンでも動きます。
# GPU のあるマシン（Google Colab で「ランタイムのタイプを変更」から GPU を選んだときなど）で実行すると、下に ``cuda`` と GPU の名前が表示され、このページの計算は GPU で行われます。
import statistics
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

# sphinx_gallery_parallel = False
compiled_in = torch.accelerator.current_accelerator()
print(f"組み込まれたアクセラレータ: {compiled_in}, 使えるか: {torch.accelerator.is_available()}")
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
if device == "cuda":
    print(f"GPU の名前: {torch.cuda.get_device_name()}")
elif device == "cpu":
    print("アクセラレータが使えないので、このページの計算はすべて CPU で行います。")
print(f"CPU の計算に使うスレッドの数: {torch.get_num_threads()}")

# %%
# モデルとデータを移す
# --------------------
# :term:`モジュール <Module>` の ``.to(device)`` は、パラメータをその場で移し、モジュール自身を返します。
# テンソルの ``.to(device)`` は、テンソルがすでにそのデバイスにあり、:term:`型 <dtype>` も同じなら、何もせずテンソル自身を返します。
# そうでなければ、移した（変換した）コピーを新しいテンソルとして返し、元のテンソルはそのまま残ります。
# どちらになるかはマシンしだいなので、テンソルは必ず ``x = x.to(device)`` と戻り値を受け取ります。
# 下の出力は、CPU で実行したなら「そのもの」（``True``）、GPU で実行したなら「コピー」（``False``）になります。
# 型を変える ``.to(torch.float64)`` は、どのマシンでもコピーです。
# 新しく作るテンソルは、``device=`` を渡して最初からそのデバイスに作るほうが、CPU で作って移すより無駄がありません。
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model_moved = model.to(device)
x_cpu = torch.randn(5, 4)
x = x_cpu.to(device)
x64 = x_cpu.to(torch.float64)
noise = torch.zeros(5, 2, device=device)
out = model(x) + noise
param_devices = sorted({p.device.type for p in model.parameters()})
print(f"model.to(device) は同じモジュールを返すか: {model_moved is model}")
print(f"x_cpu.to(device) は元のテンソルそのものか: {x is x_cpu}")
print(f"x_cpu.to(torch.float64) は元のテンソルそのものか: {x64 is x_cpu}")
print(f"パラメータ: {param_devices}, 入力: {x.device}, 出力: {out.device}")

# %%
# 計算は入力のあるデバイスで行われ、結果も同じデバイスに置かれます。
# 1 つの計算に CPU と GPU のテンソルが混ざると、PyTorch は自動では移さずにエラーを出します（:doc:`/tutorials/classification/common_errors_data` で実際のメッセージを見ます）。
# NumPy に渡すときは、``.cpu()`` で CPU に戻します。CPU のテンソルに ``.cpu()`` を呼んでも何も起きません。
# モデルの出力のように勾配を記録しているテンソルは、先に ``.detach()`` で記録から切り離します（しないと ``.numpy()`` はエラーになります）。
out_numpy = out.detach().cpu().numpy()
print(f"出力を NumPy 配列にしたもの: 形 {out_numpy.shape}, 型 {out_numpy.dtype}")

# %%
# 行列積の時間を測る
# ------------------
# GPU の計算は非同期です。``a @ b`` は、計算を GPU のキューに積んだ（カーネルを起動した）時点で戻り、Python は次の行へ進みます。
# カーネルは、GPU の上で動く 1 つの計算のプログラムです。
# そのまま時計を止めると、キューに積むまでの時間しか測れません。そこで時計を止める前に ``torch.accelerator.synchronize()`` で、積んだ計算がすべて終わるのを待ちます
# （CUDA では :func:`torch.cuda.synchronize` と同じです）。CPU の計算は、戻った時点で終わっています。
# 最初の 1 回はライブラリの準備やメモリの確保の時間を含むので、1 回ウォームアップしてから 5 回測り、中央値をとります。


def sync(dev):
    if dev != "cpu":
        torch.accelerator.synchronize()


def measure(fn, dev, repeats=5):
    """fn を 1 回ウォームアップしてから repeats 回測り、中央値を秒で返す。"""
    fn()
    sync(dev)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync(dev)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


sizes = [64, 128, 256, 512, 1024]
timings = {}  # デバイス → 大きさごとの秒数
for dev in ["cpu"] + ([device] if device != "cpu" else []):
    timings[dev] = []
    for n in sizes:
        a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
        seconds = measure(lambda a=a, b=b: a @ b, dev)
        timings[dev].append(seconds)
        gflops = 2 * n**3 / seconds / 1e9
        print(f"{dev:>4}  n = {n:4d}: {seconds * 1e3:8.3f} ミリ秒, {gflops:7.1f} GFLOP/s")
    growth = timings[dev][-1] / timings[dev][-2]
    print(f"{dev}: n が {sizes[-2]} → {sizes[-1]} で時間は {growth:.1f} 倍（計算量は 8 倍）")

# %%
# 行列積の計算量は :math:`2n^3` なので、:math:`n` が 2 倍になると計算は 8 倍に増えます。
# 上に表示した比が 8 に近ければ、時間はほぼ計算の量で決まっています。8 から大きく外れていれば、計算以外のこと（関数を呼ぶ手間、キャッシュに収まらない行列の読み書き、同時に動いているほかのプログラムなど）が時間を左右しています。
# 時間は測るたびに少しずつ変わり、マシンが変われば大きく変わります。図の破線は、いちばん大きな行列の CPU の時間から :math:`n^3` に比例させて引いた目安です。
# GPU のあるマシンでは、表と図に GPU の行と線が加わります。ふつうは、小さな行列ではカーネルを起動する手間が計算より大きいので CPU との差が小さく、大きな行列ほど GPU が引き離します。
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
for name, seconds in timings.items():
    ax.loglog(sizes, [s * 1e3 for s in seconds], "o-", label=name.upper())
guide = [timings["cpu"][-1] * 1e3 * (n / sizes[-1]) ** 3 for n in sizes]
ax.loglog(sizes, guide, "--", color="gray", label="n³ に比例（目安）")
ax.set_xticks(sizes, [str(n) for n in sizes], minor=False)
ax.minorticks_off()
ax.grid(alpha=0.3)
ax.set(xlabel="行列の大きさ n（n×n）", ylabel="時間（ミリ秒、対数目盛）")
ax.set(title="行列積 1 回の時間（このページを実行したマシンで測定）")
ax.legend()
plt.show()

# %%
# ピン留めメモリと ``non_blocking``
# ---------------------------------
# この節は CUDA の GPU の話です。CPU のふつうのメモリは「ページング可能な」メモリで、OS は必要になるとその中身をディスクに退避したり、置き場所を移したりできます。
# GPU は、転送の途中で動かないように固定した（ピン留めした）メモリからしか直接読めないので、CUDA はページング可能なメモリから送るとき、いったん内部のピン留めした領域にコピーしてから送ります。
#
# :meth:`~torch.Tensor.pin_memory` は、テンソルをピン留めメモリにコピーして返します。これ自体が 1 回のコピーなので、一度送るだけのテンソルをピン留めしても、ふつうは速くなりません。
# 効くのは ``DataLoader(..., pin_memory=True)`` です。データローダは、次のミニバッチをピン留めメモリに用意する作業を、GPU が前のミニバッチを計算している間に済ませます。
#
# ``x.to("cuda", non_blocking=True)`` は、``x`` がピン留めメモリにあれば、転送をキューに積んだ時点で戻り、CPU は次の仕事へ進めます。
# キュー（CUDA ストリーム）に積んだ処理は積んだ順に実行されるので、転送が終わる前に GPU がそのデータを使うことはありません。
# 逆向き（GPU から CPU）に ``non_blocking=True`` を使うと、転送が終わる前に CPU が値を読むおそれがあるので、読む前に同期が要ります。
# GPU がないのに ``pin_memory=True`` にすると PyTorch は警告を出して無視するので、``device == "cuda"`` のときだけ ``True`` にします。
# CUDA の GPU のあるマシンでは、最後に 3 とおりの転送の時間が表示されます。ピン留め済みのメモリから送るのが速くても、ピン留めのコピーを含めると、その差は小さくなるか逆転するのがふつうです。
use_pinned = device == "cuda"
dataset = TensorDataset(torch.randn(256, 4), torch.randint(0, 2, (256,)))
loader = DataLoader(dataset, batch_size=64, pin_memory=use_pinned)
xb, _ = next(iter(loader))
xb_device = xb.to(device, non_blocking=use_pinned)
print(f"pin_memory={loader.pin_memory}: ミニバッチはピン留めメモリにあるか: {xb.is_pinned()}")
print(f"移したミニバッチ: {xb_device.device}, 元のテンソルそのものか: {xb_device is xb}")

transfer_times = {}
if device == "cuda":
    big = torch.randn(4096, 4096)  # 64 MiB
    pinned = big.pin_memory()
    cases = {
        "ページング可能なメモリから": lambda: big.to(device),
        "ピン留めしてから": lambda: big.pin_memory().to(device, non_blocking=True),
        "ピン留め済みのメモリから": lambda: pinned.to(device, non_blocking=True),
    }
    for label, fn in cases.items():
        transfer_times[label] = measure(fn, device)
        print(f"{label} GPU へ 64 MiB を送る: {transfer_times[label] * 1e3:.2f} ミリ秒")
else:
    print("CUDA の GPU がないので、転送の時間は測りません。")

# %%
# まとめ
# ------
# - ``torch.accelerator.current_accelerator()`` は組み込まれた種類を返すだけなので、先に ``is_available()`` を確かめ、1 行で ``device`` を決めます。
# - モジュールの ``.to()`` はその場で移します。テンソルの ``.to()`` は、何も変わらなければ自身を、そうでなければコピーを返すので、必ず戻り値を受け取ります。
# - NumPy に渡すときは ``.detach().cpu().numpy()`` と書きます。
# - GPU の計算は非同期なので、時間はウォームアップのあと、計算の終わりを待ってから測ります。
# - ピン留めメモリが効くのは ``DataLoader(pin_memory=True)`` と ``non_blocking=True`` を組み合わせたときです。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** CPU のテンソル ``t`` について、``t.to("cpu")``、``t.to("cpu", copy=True)``、``t.to(torch.float16)`` のそれぞれが ``t`` そのものを返すかを予想してから確かめてください。
#
# .. hint:: デバイスも型も変わらず、コピーも頼んでいないときだけ、``.to()`` は自身を返します。
#
# .. answer::

t = torch.arange(3.0)
ex1_same = {
    't.to("cpu")': t.to("cpu") is t,
    't.to("cpu", copy=True)': t.to("cpu", copy=True) is t,
    "t.to(torch.float16)": t.to(torch.float16) is t,
}
for expr, same in ex1_same.items():
    print(f"{expr} は t そのものか: {same}")

# %%
# **問題 2.** ``device`` の上で学習したモデル ``model`` の :term:`状態辞書 <state_dict>` を保存し、GPU のないマシンでも読み込めるように、CPU の上の新しいモデルに読み込んでください。
#
# .. hint:: :func:`torch.load` に ``map_location="cpu"`` を渡すと、保存したときのデバイスにかかわらず CPU に読み込みます。
#
# .. answer::

with tempfile.TemporaryDirectory() as tmpdir:
    path = Path(tmpdir) / "model.pt"
    torch.save(model.state_dict(), path)
    ex2_model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    ex2_model.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
ex2_devices = sorted({p.device.type for p in ex2_model.parameters()})
ex2_same_output = torch.allclose(ex2_model(x_cpu), out.detach().cpu(), atol=1e-5)
print(f"読み込んだパラメータのデバイス: {ex2_devices}, 出力が元と一致するか: {ex2_same_output}")

# %%
# このページで使った API
# ----------------------
# - ``torch.accelerator.current_accelerator``, ``torch.accelerator.is_available``, ``torch.accelerator.synchronize``,
#   :func:`torch.cuda.synchronize`, :func:`torch.cuda.get_device_name`, :func:`torch.get_num_threads`
# - :meth:`torch.nn.Module.to`, :meth:`torch.Tensor.to`, :meth:`torch.Tensor.cpu`, :meth:`torch.Tensor.detach`, :meth:`torch.Tensor.numpy`
# - :meth:`torch.Tensor.pin_memory`, :meth:`torch.Tensor.is_pinned`, :class:`torch.utils.data.DataLoader`
# - :func:`torch.save`, :func:`torch.load`, :func:`torch.randn`, :func:`torch.zeros`, :func:`torch.manual_seed`
