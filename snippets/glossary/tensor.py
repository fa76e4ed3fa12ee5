r"""
テンソル（Tensor）
==================

.. term-card::
   :ja: テンソル
   :reading: てんそる
   :en: Tensor
   :api: torch.Tensor
   :summary: 数値を 0 次元以上の格子状に並べた、PyTorch の基本のデータ構造です。
      NumPy の配列に似ていますが、GPU の上に置くことができ、:term:`自動微分 <Autograd>` のために計算の履歴を記録できます。

定義
----
テンソルは、同じ :term:`データ型 <dtype>` の数値を :math:`d` 次元の格子状に並べたものです。
次元の数 :math:`d` を階数（rank, ``ndim``）、各次元の長さの組 :math:`(n_1, \dots, n_d)` を形（``shape``）と呼びます。
要素の数は :math:`n_1 n_2 \cdots n_d` です。0 階はスカラー、1 階はベクトル、2 階は行列にあたります。

PyTorch の :class:`torch.Tensor` は、この数値の並びに加えて、置かれている :term:`デバイス <Device>`（CPU か GPU か）、
データ型、そして勾配を記録するかどうか（:term:`requires_grad`）を持っています。

かみくだいた説明
----------------
テンソルは「形の決まった数字の箱」です。1 つの数なら 0 次元、数の列なら 1 次元、表なら 2 次元、
カラー画像（色 × 縦 × 横）なら 3 次元、画像を何枚か束ねれば 4 次元です。
ニューラルネットワークに入るデータも、ネットワークの重みも、出てくる予測も、すべてテンソルです。

使われる場面
------------
- 入力データ（画像、数値の表、文章を数にしたもの）を表すとき
- モデルの重みやバイアスを持つとき（:term:`パラメータ <Parameter>` はテンソルの一種です）
- 予測や損失など、計算の途中と結果のすべて
"""

# %%
# テンソルを作る
# --------------
# Python のリストから :func:`torch.tensor` で作るほか、形を指定して 0 や 1、乱数で埋めて作れます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

torch.manual_seed(0)

scalar = torch.tensor(3.0)
vector = torch.tensor([1.0, 2.0, 3.0])
matrix = torch.zeros(2, 3)
images = torch.rand(4, 3, 8, 8)  # 4 枚 × 3 色 × 縦 8 × 横 8

for name, t in [("スカラー", scalar), ("ベクトル", vector), ("行列", matrix), ("画像の束", images)]:
    print(f"{name}: ndim={t.ndim}, shape={tuple(t.shape)}, 要素数={t.numel()}")

# %%
# 属性
# ----
# どのテンソルも、データ型、置かれているデバイス、勾配を記録するかどうかを持っています。
# 小数から作ると既定で 32 ビット浮動小数点（``torch.float32``）、整数から作ると 64 ビット整数（``torch.int64``）になります。
counts = torch.tensor([1, 2, 3])
print(f"vector: dtype={vector.dtype}, device={vector.device}, requires_grad={vector.requires_grad}")
print(f"counts: dtype={counts.dtype}")

# %%
# NumPy との行き来
# ----------------
# :func:`torch.from_numpy` と :meth:`torch.Tensor.numpy` は、CPU 上ではメモリを共有します。
# 片方を書き換えると、もう片方も変わります。
array = np.array([1.0, 2.0, 3.0], dtype=np.float32)
shared = torch.from_numpy(array)
array[0] = 100.0
print(f"NumPy 側を書き換えたあとのテンソル: {shared.tolist()}")

copied = torch.tensor(array)  # torch.tensor はデータをコピーする
array[1] = 200.0
print(f"コピーしたテンソルは変わらない: {copied.tolist()}")

# %%
# 形を絵で見る
# ------------
# 2 階のテンソル（行列）は表として描けます。各マスの数字が要素で、行と列の位置が添字です。
grid = torch.arange(12).reshape(3, 4)
fig, ax = plt.subplots(figsize=(5, 3.2), layout="constrained")
ax.imshow(grid.numpy(), cmap="Blues")
for (i, j), value in np.ndenumerate(grid.numpy()):
    ax.text(j, i, f"{value}", ha="center", va="center", fontsize=14)
ax.set(
    title=f"torch.arange(12).reshape(3, 4) の形: {tuple(grid.shape)}",
    xlabel="列（次元 1）",
    ylabel="行（次元 0）",
    xticks=range(4),
    yticks=range(3),
)
plt.show()

# %%
# 関連用語
# --------
# :term:`テンソル演算 <Tensor Operations>`、:term:`データ型 <dtype>`、:term:`デバイス <Device>`、
# :term:`view と reshape <view / reshape>`、:term:`ブロードキャスト <Broadcasting>`、:term:`requires_grad`
#
# このページで使った API
# ----------------------
# :class:`torch.Tensor`, :func:`torch.tensor`, :func:`torch.zeros`, :func:`torch.rand`,
# :func:`torch.arange`, :func:`torch.from_numpy`, :meth:`torch.Tensor.numpy`,
# :meth:`torch.Tensor.reshape`
#
# .. used-in-tutorials:: torch.from_numpy torch.Tensor.reshape torch.tensor
