r"""
バッチ処理（Batch Processing）
==============================

.. term-card::
   :ja: バッチ処理
   :reading: ばっちしょり
   :en: Batch Processing
   :summary: 複数のサンプルを 1 つのテンソルに積み重ね、まとめて 1 回の計算で処理することです。
      先頭の次元（バッチ次元）がサンプルの番号になり、結果は（訓練モードの BatchNorm などを除き、丸め誤差の範囲で）1 件ずつ処理したときと同じですが、ずっと速く計算できます。

定義
----
:math:`B` 件のサンプル :math:`x_1, \dots, x_B`（それぞれ形 :math:`(d,)`）を積み重ねると、形 :math:`(B, d)` の
テンソル :math:`X` になります。この先頭の次元をバッチ次元と呼びます。
PyTorch の層の多くは、先頭にバッチ次元を持つ入力を想定して作られています。
たとえば :term:`全結合層 <Linear Layer>` は :math:`Y = X W^\top + b` を計算し、
:math:`Y` の :math:`i` 行目は :math:`x_i` だけから決まります。
ただし、訓練モードの BatchNorm のようにバッチ全体の統計を使う層では、出力がバッチのほかのサンプルにも左右されます。

学習では、バッチの損失を各サンプルの損失の平均 :math:`L = \frac{1}{B} \sum_{i} \ell_i` とするのがふつうです。
すると、バッチの :term:`勾配 <Gradient>` は 1 件ずつの勾配の平均になります。

かみくだいた説明
----------------
洗濯物を 1 枚ずつ洗う代わりに、洗濯機にまとめて入れて 1 回で洗うようなものです。
コンピュータ（特に GPU）は、同じ計算をたくさんのデータに一度に行うのが得意なので、
まとめて渡すほど 1 件あたりの時間が短くなります。

使われる場面
------------
- 学習ループで、:term:`データローダ <DataLoader>` が作ったミニバッチをモデルに渡すとき
- 学習済みのモデルで、たくさんのデータをまとめて予測するとき
- 画像なら ``(バッチ, チャンネル, 高さ, 幅)`` のように、多くの層は先頭にバッチ次元を持つ形でデータを扱います
  （RNN 系の層は既定が ``batch_first=False`` で、(系列長, バッチ, 特徴量) の順なので注意が必要です）
"""

# %%
# 1 件ずつでもまとめてでも結果は同じ
# ------------------------------------
# scikit-learn の手書き数字 1797 枚を 64 個の数の並びにし、10 クラスの出力を持つ :class:`~torch.nn.Linear` に通します。
# 1 件ずつ ``for`` 文で通した結果と、全部を 1 回で通した結果を比べます。
# 計算の順序が違うので、最後の桁がわずかに違うことはあります。
import time

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn

torch.manual_seed(0)
digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)  # (1797, 64)
y = torch.tensor(digits.target)
model = nn.Linear(64, 10)

with torch.inference_mode():
    one_by_one = torch.stack([model(x) for x in X])  # 1797 回呼ぶ
    batched = model(X)  # 1 回だけ呼ぶ
print(f"入力の形: {tuple(X.shape)} → 出力の形: {tuple(batched.shape)}")
print(
    f"1 件ずつ通した結果とまとめて通した結果の差（最大）: {(one_by_one - batched).abs().max():.2e}"
)

# %%
# バッチの勾配は、1 件ずつの勾配の平均
# ------------------------------------
# 先頭の 16 件をバッチにし、平均の損失から :meth:`~torch.Tensor.backward` で重みの勾配を求めます。
# 同じ 16 件について 1 件ずつ勾配を求めて平均すると、同じ値になります。
loss_fn = nn.CrossEntropyLoss()  # 既定でバッチの平均を返す
xb, yb = X[:16], y[:16]

model.zero_grad()
loss_fn(model(xb), yb).backward()
batch_grad = model.weight.grad.clone()

per_sample = []
for xi, yi in zip(xb, yb, strict=True):
    model.zero_grad()
    loss_fn(model(xi.unsqueeze(0)), yi.unsqueeze(0)).backward()
    per_sample.append(model.weight.grad.clone())
mean_grad = torch.stack(per_sample).mean(dim=0)
print(f"重みの勾配の形: {tuple(batch_grad.shape)}")
print(f"バッチの勾配と、1 件ずつの勾配の平均の最大の差: {(batch_grad - mean_grad).abs().max():.2e}")

# %%
# まとめるほど速い
# ----------------
# 1797 件すべてを、大きさ :math:`B` のかたまりに分けてモデルに通し、かかった時間を測ります（3 回測った最小値）。
# 時間は実行する環境によって変わりますが、:math:`B` が大きいほど短くなる傾向は変わりません。
chunk_sizes = [1, 4, 16, 64, 256, 1797]
seconds = {}
with torch.inference_mode():
    for size in chunk_sizes:
        trials = []
        for _ in range(3):
            start = time.perf_counter()
            for chunk in torch.split(X, size):
                model(chunk)
            trials.append(time.perf_counter() - start)
        seconds[size] = min(trials)
for size in chunk_sizes:
    print(
        f"B = {size:4d}: {1e3 * seconds[size]:7.2f} ミリ秒（呼び出し {len(torch.split(X, size))} 回）"
    )
speedup = seconds[1] / seconds[1797]
print(f"1 件ずつに比べて、全部まとめると {speedup:.0f} 倍速い")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(chunk_sizes, [1e3 * seconds[s] for s in chunk_sizes], "o-")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set(
    xlabel="1 回に通すサンプル数 B（対数目盛）",
    ylabel="1797 件を通す時間（ミリ秒、対数目盛）",
    title="まとめて通すほど、全体の時間は短い",
)
ax.grid(alpha=0.3)
plt.show()

# %%
# 関連用語
# --------
# :term:`バッチサイズ <Batch Size>`、:term:`データローダ <DataLoader>`、:term:`テンソル <Tensor>`、
# :term:`全結合層 <Linear Layer>`、:term:`確率的勾配降下法 <SGD>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Linear`, :class:`torch.nn.CrossEntropyLoss`, :meth:`torch.Tensor.backward`,
# :meth:`torch.nn.Module.zero_grad`, :class:`torch.inference_mode`, :func:`torch.stack`, :func:`torch.split`
#
# .. used-in-tutorials:: torch.nn.Linear torch.nn.CrossEntropyLoss torch.Tensor.backward torch.inference_mode
