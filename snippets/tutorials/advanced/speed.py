r"""
学習を速く・軽くする
====================

計算の一部を 16 ビットの数で行う :term:`混合精度 <Mixed Precision>` で、学習がどれだけ速く、どれだけ軽くなるかを、このページを実行したマシンで測ります。
あわせて、データの読み込みを並列にする :term:`データローダ <DataLoader>` の設定と、``torch.compile`` の使いどころを紹介します。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/cpu_and_gpu`、:doc:`/tutorials/classification/image_training`、:term:`dtype <dtype>`、:term:`デバイス <Device>`

   - :class:`torch.autocast` で、行列の積などを 16 ビットの数で計算させる
   - 速さと、活性化（各層の出力）のメモリの違いを自分のマシンで測る
   - float16 で学習するときに ``GradScaler`` が要る理由を知る
   - ``num_workers``、``pin_memory``、``torch.compile`` がどんなときに効くかを知る
"""

# %%
# 16 ビットで計算する
# -------------------
# これまでのページでは、すべての計算を 32 ビットの ``float32`` で行いました。
# このページでは、同じモデルのまま、計算の一部だけを 16 ビットの数で行います。
#
# :class:`torch.autocast` の ``with`` ブロックの中では、行列の積のように 16 ビットでも結果がほとんど変わらない演算が、
# 自動で 16 ビットに切り替わります。損失の計算のように精度が要る演算は ``float32`` のままです。
# パラメータ自体は ``float32`` のまま残るので、これを混合精度と呼びます。
# 16 ビットの型は、CPU では ``bfloat16``、CUDA の GPU では ``float16`` を使うのが定石です。
import statistics
import time

import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
amp_dtype = torch.float16 if device == "cuda" else torch.bfloat16
print(f"autocast で使う 16 ビットの型: {amp_dtype}")

torch.manual_seed(0)
bench = nn.Sequential(
    nn.Linear(512, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10)
).to(device)
xb = torch.randn(256, 512, device=device)
target = torch.randint(0, 10, (256,), device=device)

out_fp32 = bench(xb)
with torch.autocast(device_type=device, dtype=amp_dtype):
    out_amp = bench(xb)
    loss_amp = nn.functional.cross_entropy(out_amp, target)
print(f"パラメータの型: {bench[0].weight.dtype}")
print(f"autocast の中の出力の型: {out_amp.dtype}, 損失の型: {loss_amp.dtype}")
rel_err = ((out_amp.float() - out_fp32).abs().max() / out_fp32.abs().max()).item()
print(f"float32 の出力との差（最大値に対する割合）: {rel_err:.4f}")

# %%
# 活性化のメモリ
# --------------
# 逆伝播のために、学習中は各層の出力（活性化）をメモリに残しておきます。
# 1 つの数が占めるバイト数は :meth:`~torch.Tensor.element_size` でわかり、
# テンソル全体のバイト数は要素の数（:meth:`~torch.Tensor.numel`）との積です。
# 各層の出力を順に取り出して、合計を比べます。


def activation_bytes(use_amp):
    h, total = xb, 0
    with torch.autocast(device_type=device, dtype=amp_dtype, enabled=use_amp):
        for layer in bench:
            h = layer(h)
            total += h.numel() * h.element_size()
    return total


bytes_fp32, bytes_amp = activation_bytes(False), activation_bytes(True)
print(f"活性化のメモリ: float32 {bytes_fp32 / 1024:.0f} KiB, autocast {bytes_amp / 1024:.0f} KiB")
print(f"autocast の活性化は float32 の {bytes_amp / bytes_fp32:.2f} 倍")

# %%
# 速さを測る
# ----------
# 順伝播と逆伝播を何度か繰り返し、1 回あたりの時間を ``time.perf_counter`` で測ります。
# 最初の 2 回は準備（メモリの確保など）が入るので測りません。GPU では計算が終わるのを待ってから時計を止めます。
# 時間は実行するたびに少し変わります。


def time_step(use_amp, reps=10):
    times = []
    for i in range(reps + 2):
        start = time.perf_counter()
        with torch.autocast(device_type=device, dtype=amp_dtype, enabled=use_amp):
            loss = nn.functional.cross_entropy(bench(xb), target)
        loss.backward()
        if device != "cpu":
            torch.accelerator.synchronize()
        if i >= 2:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


t_fp32, t_amp = time_step(False), time_step(True)
speedup = t_fp32 / t_amp
print(f"1 回あたり: float32 {t_fp32 * 1000:.1f} ms, autocast {t_amp * 1000:.1f} ms")
print(f"この環境では autocast で {speedup:.2f} 倍の速さ（1 より小さければ遅くなった）")

# %%
# 速くなるかどうかは、ハードウェアしだいです。
# CPU では、16 ビットの行列積を専用の命令（Intel の AMX や AVX-512 BF16、Arm の BF16 拡張など）で計算できるなら速くなりますが、
# そうした命令のない CPU では変換の手間が加わり、``float32`` より遅くなることもあります。
# GPU では Tensor コアが 16 ビットの行列積を速く計算するので、大きなモデル・大きなミニバッチほど差がはっきり出ます。
# メモリが半分になる効果はどこでも同じで、そのぶん大きなミニバッチを載せられます。
#
# データローダの設定
# ------------------
# データローダの ``num_workers`` を 1 以上にすると、その数のプロセスが次のミニバッチを並行して用意します。
# ファイルの読み込みや JPEG の展開、データ拡張が学習より遅いときに効きます。
# このページのデータはすでにメモリ上のテンソルなので、プロセスを起こす手間のほうが大きく、0 のままにします
# （1 以上にするときは、スクリプトの本体を ``if __name__ == "__main__":`` の中に書きます）。
# ``pin_memory=True`` はミニバッチをページングされないメモリに置き、GPU への転送を
# ``.to(device, non_blocking=True)`` で計算と重ねられるようにします。GPU に送るときだけ使います。
digits = load_digits()
X = torch.tensor(digits.data / 16, dtype=torch.float32)
y = torch.tensor(digits.target)
gen = torch.Generator().manual_seed(0)
train_ds, test_ds = random_split(TensorDataset(X, y), [0.8, 0.2], generator=gen)
pin = device == "cuda"
train_loader = DataLoader(
    train_ds, batch_size=64, shuffle=True, generator=gen, num_workers=0, pin_memory=pin
)

# %%
# 学習ループに入れる
# ------------------
# 学習では、順伝播と損失の計算だけを ``autocast`` の中に入れ、``backward()`` と ``step()`` は外に出します。
# ``float16`` は表せる数の範囲が狭く、小さな勾配が 0 に丸められてしまいます。
# そこで CUDA では ``torch.amp.GradScaler`` が、損失に大きな数を掛けてから逆伝播し、
# ``step()`` の前に勾配を同じ数で割り戻します（勾配が inf になった回は更新を飛ばし、掛ける数を小さくします）。
# ``bfloat16`` は ``float32`` と同じ範囲を表せるので、スケールは要りません。
# ``enabled=False`` の ``GradScaler`` は何もしないので、同じループが CPU でも動きます。
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cuda", enabled=(device == "cuda"))
for _ in range(10):
    for xb_, yb_ in train_loader:
        xb_, yb_ = xb_.to(device, non_blocking=True), yb_.to(device, non_blocking=True)
        with torch.autocast(device_type=device, dtype=amp_dtype):
            loss = nn.functional.cross_entropy(model(xb_), yb_)
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
print(f"GradScaler が有効か: {scaler.is_enabled()}")

X_test, y_test = (t.to(device) for t in test_ds[:])
with torch.inference_mode(), torch.autocast(device_type=device, dtype=amp_dtype):
    test_acc = (model(X_test).argmax(dim=1) == y_test).float().mean().item()
print(f"autocast で学習したモデルのテスト正解率: {test_acc:.4f}")

# %%
# torch.compile
# -------------
# :func:`torch.compile` は、モデルの Python のコードを読み取り、演算をまとめた速いコードに変換（コンパイル）します。
# 使い方は 1 行です。
#
# .. code-block:: python
#
#    compiled = torch.compile(model)
#    loss = loss_fn(compiled(xb), yb)  # 以降はもとのモデルと同じように使う
#
# 最初の呼び出しはコンパイルのぶん長く待たされ、CPU では C++ コンパイラも要ります。
# 2 回目からは速くなることが多いものの、どれだけ速くなるかはモデルとハードウェアしだいです。
# 入力の形が変わると、コンパイルし直すことがあります。
# このページのように数秒で終わる小さな学習では、コンパイルの待ち時間のほうが長くなりがちなので、ここでは実行しません。
# 何分も続く学習で、まず手元で時間を測ってから使うかどうかを決めます。

# %%
# まとめ
# ------
# - ``torch.autocast`` の中では行列の積などが 16 ビットで計算され、活性化のメモリは半分になります。
# - 速くなるかどうかはハードウェアしだいです。必ず自分の環境で測ります。
# - ``float16`` で学習するときは ``GradScaler`` で損失をスケールします。``bfloat16`` では要りません。
# - ``num_workers`` は読み込みや前処理が遅いとき、``pin_memory`` は GPU に送るときに効きます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``1e-8`` を ``float16`` と ``bfloat16`` に変換し、どちらが 0 になるか確かめてください。
#
# .. hint:: ``torch.tensor(1e-8).to(torch.float16)`` のように変換します。
#
# .. answer::
#
#    ``float16`` では 0 になり、``bfloat16`` では残ります。これが ``float16`` にだけ ``GradScaler`` が要る理由です。
ex1_fp16 = torch.tensor(1e-8).to(torch.float16).item()
ex1_bf16 = torch.tensor(1e-8).to(torch.bfloat16).item()
print(f"float16: {ex1_fp16}, bfloat16: {ex1_bf16:.3e}")

# %%
# **問題 2.** 224×224 のカラー画像 64 枚のミニバッチ (64, 3, 224, 224) は、
# ``float32`` と ``bfloat16`` でそれぞれ何 MiB になりますか。メモリを確保せずに計算してください。
#
# .. hint:: ``device="meta"`` で作ったテンソルは、形と型だけを持ちます。
#
# .. answer::
ex2_mib = {}
for dt in (torch.float32, torch.bfloat16):
    t = torch.empty(64, 3, 224, 224, dtype=dt, device="meta")
    ex2_mib[dt] = t.numel() * t.element_size() / 2**20
    print(f"{dt}: {ex2_mib[dt]:.1f} MiB")

# %%
# **問題 3.** ``autocast`` の中で、``float32`` のテンソルどうしの足し算 ``a + a`` の結果は何の型になりますか。
#
# .. hint:: ``autocast`` が 16 ビットに切り替えるのは、行列の積や畳み込みなどの決まった演算だけです。
#
# .. answer::
a = torch.randn(4, 4, device=device)
with torch.autocast(device_type=device, dtype=amp_dtype):
    ex3_add, ex3_mm = (a + a).dtype, (a @ a).dtype
print(f"足し算: {ex3_add}, 行列の積: {ex3_mm}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.autocast`, ``torch.amp.GradScaler``, :func:`torch.compile`
# - :meth:`torch.Tensor.element_size`, :meth:`torch.Tensor.numel`, ``torch.accelerator.synchronize``
# - :class:`torch.utils.data.DataLoader` （``num_workers``, ``pin_memory``）, :meth:`torch.Tensor.to` （``non_blocking``）
# - :func:`torch.nn.functional.cross_entropy`, :class:`torch.optim.Adam`, ``time.perf_counter``
