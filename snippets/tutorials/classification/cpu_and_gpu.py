r"""
CPU と GPU
==========

PyTorch の計算は、テンソルが置かれている :term:`デバイス <Device>` の上で行われます。
GPU があってもなくても動くコードの書き方、モデルとデータの移し方、計算時間の正しい測り方を確かめます。
最後に、GPU へのデータ転送を速くするピン留めメモリ（``pin_memory``）と ``non_blocking=True`` を説明します。
"""

# %%
# デバイスを選ぶ
# --------------
# GPU（CUDA）が使えるかどうかは :func:`torch.cuda.is_available` で調べます。
# 使えるなら ``"cuda"``、使えなければ ``"cpu"`` を :class:`torch.device` にして 1 か所で決め、
# あとはすべてのコードでこの ``device`` を使います。こうすると、同じコードがどちらの環境でも動きます。
# ``"cuda"`` は、いま選ばれている GPU（ふつうは 0 番の ``"cuda:0"``）を指します。
# Apple シリコンの GPU は ``"mps"`` です。
import statistics
# sphinx_gallery_parallel = False
import time

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

has_gpu = torch.cuda.is_available()
device = torch.device("cuda" if has_gpu else "cpu")
print(f"PyTorch {torch.__version__}, CUDA が使えるか: {has_gpu}, 使うデバイス: {device}")
if has_gpu:
    print(f"GPU: {torch.cuda.get_device_name(device)}")
else:
    print("このページをビルドした環境には GPU がありません。以下はすべて CPU で実行した結果です。")
print(f"CPU の計算に使うスレッド数: {torch.get_num_threads()}")

# %%
# モデルとデータを移す
# --------------------
# :term:`モジュール <Module>` の ``.to(device)`` は、パラメータをその場で移し、モジュール自身を返します。
# テンソルの ``.to(device)`` は、移したコピーを新しいテンソルとして返し、元のテンソルはそのまま残ります
# （すでにそのデバイスにあれば、コピーせずに元のテンソルを返します）。
# そのため、テンソルは必ず ``x = x.to(device)`` のように戻り値を受け取ります。
# 新しく作るテンソルは、``device=`` を渡して最初からそのデバイスに作るほうが、CPU で作って移すより無駄がありません。
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model_moved = model.to(device)
x_cpu = torch.randn(5, 4)
x = x_cpu.to(device)
noise = torch.zeros(5, 2, device=device)
out = model(x) + noise
param_devices = sorted({str(p.device) for p in model.parameters()})
print(f"model.to(device) は同じモジュールを返すか: {model_moved is model}")
print(f"x_cpu.to(device) は元のテンソルそのものか: {x is x_cpu}")
print(f"パラメータ: {param_devices}, 入力: {x.device}, 出力: {out.device}")

# %%
# 計算は入力のあるデバイスで行われ、結果も同じデバイスに置かれます。
# 1 つの計算に CPU と GPU のテンソルが混ざると、PyTorch は自動では移さずにエラーを出します
# （CPU にある 0 次元のテンソルとの要素ごとの計算など、わずかな例外はあります。:doc:`/tutorials/classification/common_errors` で実際のメッセージを見ます）。
# NumPy に渡したり表示したりするときは、``.cpu()`` で CPU に戻します。CPU のテンソルに ``.cpu()`` を呼んでも何も起きません。
# モデルの出力のように勾配を記録しているテンソルは、先に ``.detach()`` で記録から切り離します（切り離さないと ``.numpy()`` はエラーになります）。
out_numpy = out.detach().cpu().numpy()
print(f"出力を NumPy 配列にしたもの: 形 {out_numpy.shape}, 型 {out_numpy.dtype}")

# %%
# 行列積の時間を測る
# ------------------
# GPU の計算は非同期です。``a @ b`` は計算を GPU に頼んだ時点で戻り、Python は次の行へ進みます。
# そのまま時計を止めると、頼むのにかかった時間しか測れません。
# そこで、測り終える前に :func:`torch.cuda.synchronize` で、頼んだ計算がすべて終わるのを待ちます。
# また、最初の 1 回はライブラリの準備やメモリの確保の時間を含むので、測る前に 1 回「ウォームアップ」で実行します。
# CPU の計算は同期的なので、待つ必要はありません。


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


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
devices = [torch.device("cpu")] + ([device] if has_gpu else [])
timings = {}
for dev in devices:
    timings[dev.type] = []
    for n in sizes:
        a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
        seconds = measure(lambda a=a, b=b: a @ b, dev)
        timings[dev.type].append(seconds)
        gflops = 2 * n**3 / seconds / 1e9
        print(f"{dev.type:>4}  n = {n:4d}: {seconds * 1e3:8.3f} ミリ秒, {gflops:6.1f} GFLOP/s")

# %%
# 行列積の計算量は :math:`2n^3` なので、:math:`n` が 2 倍になると計算は 8 倍に増えます。
# 図の破線は、いちばん大きな行列の CPU の時間から :math:`n^3` に比例させて引いた目安です。
# 測った時間は、このページをビルドした環境（上に表示したデバイスとスレッド数）での値で、
# 環境が変われば大きく変わります。GPU では一般に、小さな行列では頼むための手間が目立ち、大きな行列ほど速さが生きます。
fig, ax = plt.subplots()
for name, seconds in timings.items():
    ax.loglog(sizes, [s * 1e3 for s in seconds], "o-", label=name.upper())
guide = [timings["cpu"][-1] * 1e3 * (n / sizes[-1]) ** 3 for n in sizes]
ax.loglog(sizes, guide, "--", color="gray", label="n³ に比例（目安）")
ax.set_xticks(sizes, [str(n) for n in sizes], minor=False)
ax.minorticks_off()
ax.set(xlabel="行列の大きさ n（n×n）", ylabel="時間（ミリ秒、対数目盛）")
ax.set_title("行列積 1 回の時間（このビルドでの測定）")
ax.legend()
plt.show()

# %%
# ピン留めメモリと ``non_blocking``
# ---------------------------------
# CPU のふつうのメモリは、OS が置き場所を動かせる「ページ可能」なメモリです。
# GPU はそこから直接は読めないので、CUDA はいったんページが固定された（ピン留めされた）領域にコピーしてから転送します。
# :meth:`~torch.Tensor.pin_memory` で最初からピン留めメモリに置いておくと、この中継が要らず、転送が速くなります。
# ``DataLoader(..., pin_memory=True)`` は、返すバッチをピン留めメモリに置きます。
#
# ``x.to("cuda", non_blocking=True)`` は、``x`` がピン留めメモリにあるときだけ、転送を GPU に頼んだ時点ですぐ戻ります。
# その間に CPU は次のバッチの準備を進められます。同じ CUDA ストリームに頼んだ処理は順に実行されるので、
# 転送が終わる前に GPU がそのデータを使うことはありません。ページ可能なメモリからの転送はほぼ同期的になり、効果はほとんどありません。
# 逆向き（GPU から CPU）に ``non_blocking=True`` を使うと、転送が終わる前に CPU が値を読むおそれがあるので、
# 読む前に同期が必要です。ピン留めメモリも ``non_blocking`` も CPU と GPU の間の転送のための仕組みで、
# CPU だけの環境では意味を持ちません。
# そのため、``pin_memory`` は GPU があるときだけ ``True`` にします（GPU がないのに ``True`` にすると、PyTorch は警告を出して無視します）。
dataset = TensorDataset(torch.randn(256, 4), torch.randint(0, 2, (256,)))
loader = DataLoader(dataset, batch_size=64, pin_memory=has_gpu)
xb, _ = next(iter(loader))
xb_device = xb.to(device, non_blocking=True)
print(f"pin_memory={loader.pin_memory}: バッチはピン留めメモリにあるか: {xb.is_pinned()}")
print(f"転送後のバッチ: {xb_device.device}, 元のテンソルそのものか: {xb_device is xb}")

pin_error = None
if has_gpu:
    big = torch.randn(4096, 4096)  # 64 MiB
    pinned = big.pin_memory()
    for label, src in (("ページ可能なメモリ", big), ("ピン留めメモリ", pinned)):
        seconds = measure(lambda src=src: src.to(device, non_blocking=True), device)
        print(f"{label}から GPU へ 64 MiB: {seconds * 1e3:.2f} ミリ秒")
else:
    try:
        torch.ones(3).pin_memory()
    except RuntimeError as error:
        pin_error = f"{type(error).__name__}: {error}"
    print(f"GPU がない環境で pin_memory() を呼ぶと: {pin_error}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.cuda.is_available`, :func:`torch.cuda.get_device_name`, :func:`torch.cuda.synchronize`,
#   :class:`torch.device`, :func:`torch.get_num_threads`
# - :meth:`torch.nn.Module.to`, :meth:`torch.Tensor.to`, :meth:`torch.Tensor.cpu`, :meth:`torch.Tensor.numpy`
# - :meth:`torch.Tensor.pin_memory`, :meth:`torch.Tensor.is_pinned`, :class:`torch.utils.data.DataLoader`
# - :func:`torch.randn`, :func:`torch.zeros`, :func:`torch.manual_seed`
