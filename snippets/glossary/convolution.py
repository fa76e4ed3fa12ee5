r"""
畳み込み（Convolution）
=======================

.. term-card::
   :ja: 畳み込み
   :reading: たたみこみ
   :en: Convolution
   :api: torch.nn.Conv2d
   :summary: 小さな重みの窓（カーネル）を画像の上で少しずつずらしながら、窓の中の値との積の和を
      計算する演算です。どの位置でも同じ重みを使うので、全結合層よりずっと少ないパラメータで、
      縁や模様のような局所的な特徴を画像のどこからでも拾えます。
      :class:`torch.nn.Conv2d` が 2 次元の畳み込み層です。

定義
----
入力を :math:`x`（チャネル :math:`C_\text{in}`、高さ :math:`H`、幅 :math:`W`）、カーネルの大きさを
:math:`k \times k` とします。:class:`torch.nn.Conv2d` の出力チャネル :math:`o` の位置 :math:`(i, j)` の値は、
次の積和です（:math:`s` はストライド、:math:`x` の外側には幅 :math:`p` のパディングで 0 を足します）。

.. math::

   y_{o, i, j} = b_o + \sum_{c=1}^{C_\text{in}} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1}
   w_{o, c, u, v} \, x_{c,\, s i + u - p,\, s j + v - p}

重み :math:`w` の形は (出力チャネル数, 入力チャネル数, :math:`k`, :math:`k`)、バイアス :math:`b` の形は (出力チャネル数,) です。
出力の高さは次の式で決まります（幅も同じです）。

.. math::

   H_\text{out} = \left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1

数学の畳み込みではカーネルを上下左右に反転してから重ねますが、深層学習の「畳み込み」は反転しません
（正確には相互相関です）。重みは学習で決まるので、どちらでも表せるものは同じです。

かみくだいた説明
----------------
小さな虫眼鏡（カーネル）で画像を左上から順にのぞき、のぞいた 3×3 の窓ごとに「この模様にどれだけ似ているか」を
1 つの数にします。縦の縁に反応するカーネルなら、縦の縁があるところだけ大きな値が出ます。
同じ虫眼鏡を画像全体で使い回すので、覚える数（パラメータ）は窓の大きさぶんだけで済みます。

使われる場面
------------
- 画像分類や物体検出の畳み込みニューラルネットワーク（CNN）
- 音声や時系列（:class:`torch.nn.Conv1d`）、動画や 3 次元データ（:class:`torch.nn.Conv3d`）
"""

# %%
# 手で計算した値と比べる
# ----------------------
# 5×5 の入力と 3×3 のカーネルで、窓をずらしながら積和を計算します。
# 同じ重みを入れた :class:`~torch.nn.Conv2d` の出力と一致するかを確かめます。
# ``Conv2d`` の入力は (ミニバッチ, チャネル, 高さ, 幅) の 4 次元の :term:`テンソル <Tensor>` です。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from sklearn.datasets import load_sample_image
from torch import nn

torch.manual_seed(0)
image = torch.randint(0, 10, (5, 5)).float()
kernel = torch.tensor([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])

by_hand = torch.empty(3, 3)
for i in range(3):
    for j in range(3):
        by_hand[i, j] = (image[i : i + 3, j : j + 3] * kernel).sum()

conv = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, bias=False)
with torch.no_grad():
    conv.weight.copy_(kernel.view(1, 1, 3, 3))
    by_layer = conv(image.view(1, 1, 5, 5))[0, 0]
print(f"入力:\n{image}")
print(f"手計算:\n{by_hand}")
print(f"nn.Conv2d:\n{by_layer}")

# %%
# パディングとストライドと出力の大きさ
# ------------------------------------
# 28×28 の入力に、カーネルの大きさ :math:`k`、パディング :math:`p`、ストライド :math:`s` を変えて
# ``Conv2d`` をかけ、出力の高さを上の式と比べます。
# :math:`k = 3, p = 1, s = 1` なら大きさが変わりません（``padding="same"`` でも同じ指定になります）。
x28 = torch.randn(1, 1, 28, 28)
size_rows = []
for k, p, s in [(3, 0, 1), (3, 1, 1), (3, 1, 2), (5, 2, 2), (3, 0, 2)]:
    out = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s)(x28)
    formula = (28 + 2 * p - k) // s + 1
    size_rows.append((k, p, s, out.shape[-1], formula))
    print(f"k={k}, p={p}, s={s}: 出力 {tuple(out.shape[-2:])}, 式の値 {formula}")

# %%
# チャネルと重みの形
# ------------------
# カラー画像は赤・緑・青の 3 チャネルです。出力チャネルを 8 にすると、重みは (8, 3, 3, 3) になります。
# 出力の各チャネルは、入力の 3 チャネルそれぞれに別の 3×3 カーネルをかけて足したものです。
# 同じ大きさの入出力を :term:`全結合層 <Linear Layer>` でつなぐ場合とパラメータの数を比べます。
conv_rgb = nn.Conv2d(3, 8, kernel_size=3, padding=1)
x_rgb = torch.randn(4, 3, 32, 32)
y_rgb = conv_rgb(x_rgb)
w, b = conv_rgb.weight, conv_rgb.bias
channel0 = sum(F.conv2d(x_rgb[:, c : c + 1], w[0:1, c : c + 1], padding=1) for c in range(3)) + b[0]
channel0_diff = (channel0[:, 0] - y_rgb[:, 0]).abs().max().item()
conv_params = sum(t.numel() for t in conv_rgb.parameters())
linear_params = (3 * 32 * 32) * (8 * 32 * 32) + 8 * 32 * 32
print(f"入力の形 {tuple(x_rgb.shape)} -> 出力の形 {tuple(y_rgb.shape)}")
print(f"重みの形 {tuple(w.shape)}, バイアスの形 {tuple(b.shape)}")
print(f"出力チャネル 0 を入力チャネルごとの和で計算したときの差の最大: {channel0_diff:.2e}")
print(f"パラメータ数: Conv2d {conv_params:,}, 全結合層なら {linear_params:,}")

# %%
# 写真の縁を取り出す
# ------------------
# 写真を灰色にして切り出し、縦の縁に反応するカーネル（上で使ったもの）と、それを転置した横の縁用のカーネルを、
# 出力チャネル 2 の ``Conv2d`` 1 つにまとめてかけます。明るさが左右で急に変わる場所では縦の縁のチャネルが、
# 上下で変わる場所では横の縁のチャネルが大きな値を出します。パディングなしなので、縦横が 2 ずつ小さくなります。
# 図では応答の絶対値を、1 以上を白として描きます。
photo = torch.tensor(load_sample_image("china.jpg")).float().mean(dim=2) / 255
crop = photo[80:240, 200:400]
edges = nn.Conv2d(1, 2, kernel_size=3, bias=False)
with torch.no_grad():
    edges.weight.copy_(torch.stack([kernel, kernel.T]).unsqueeze(1))
    response = edges(crop.view(1, 1, *crop.shape))[0].abs()
print(f"写真の形 {tuple(crop.shape)} -> 応答の形 {tuple(response.shape)}")

fig, axes = plt.subplots(1, 3, figsize=(6.4, 2.4), layout="constrained")
panels = [(crop, "元の写真（灰色）"), (response[0], "縦の縁の応答"), (response[1], "横の縁の応答")]
for ax, (img, name) in zip(axes, panels, strict=True):
    ax.imshow(img.numpy(), cmap="gray", vmin=0, vmax=1)
    ax.set(title=name, xticks=[], yticks=[])
fig.suptitle("3×3 カーネルの畳み込みで縁を取り出す")
plt.show()

# %%
# 学習では、このようなカーネルの数字を人が決めるのではなく、:term:`損失 <Loss Function>` が下がるように
# :term:`勾配降下法 <Gradient Descent>` で決めます。学習した CNN の最初の層には、縁や色の変わり目に反応するカーネルがよく現れます。
#
# 関連用語
# --------
# :term:`プーリング <Pooling>`、:term:`全結合層 <Linear Layer>`、:term:`パラメータ <Parameter>`、
# :term:`テンソル <Tensor>`、:term:`モジュール <Module>`、:term:`バッチ正規化 <Batch Normalization>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Conv2d`, :func:`torch.nn.functional.conv2d`, :class:`torch.nn.Conv1d`,
# :class:`torch.nn.Conv3d`, :func:`torch.randint`, :func:`torch.tensor`, :class:`torch.no_grad`
#
# .. used-in-tutorials:: torch.nn.Conv2d
