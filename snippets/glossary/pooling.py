r"""
プーリング（Pooling）
=====================

.. term-card::
   :ja: プーリング
   :reading: ぷーりんぐ
   :en: Pooling
   :api: torch.nn.MaxPool2d
   :summary: 特徴マップを小さな窓に区切り、窓ごとに最大値（最大値プーリング）や平均（平均値プーリング）を
      1 つ取り出して、縦横を縮める操作です。学習するパラメータはありません。
      計算量を減らし、窓の中での小さな位置のずれに強くなります。
      :class:`torch.nn.MaxPool2d` や :class:`torch.nn.AvgPool2d` で使います。

定義
----
窓の大きさを :math:`k \times k`、ストライドを :math:`s` とすると、チャネル :math:`c` の位置 :math:`(i, j)` の出力は次のとおりです。

.. math::

   y^{\max}_{c,i,j} = \max_{0 \le u, v < k} x_{c,\, s i + u,\, s j + v}, \qquad
   y^{\text{avg}}_{c,i,j} = \frac{1}{k^2} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} x_{c,\, s i + u,\, s j + v}

PyTorch では :math:`s` を省くと :math:`s = k` になり、窓は重なりません。
出力の高さは :term:`畳み込み <Convolution>` と同じ式 :math:`\lfloor (H + 2p - k) / s \rfloor + 1` です。
チャネルごとに別々に計算するので、チャネル数は変わりません。
:class:`torch.nn.AdaptiveAvgPool2d` は逆に出力の大きさを指定し、窓の大きさを入力に合わせて決めます。

かみくだいた説明
----------------
畳み込み層が出した「ここに縁がある」という地図を、粗い地図に描き直す作業です。
2×2 の区画ごとに一番強い反応だけを残せば、縦横は半分になり、反応が区画の中で 1 画素ずれても結果は同じです。

使われる場面
------------
- CNN で、畳み込み層のあとに置いて特徴マップを縮めるとき
- 分類の直前に、大きさの違う特徴マップをチャネルごとの平均（大域平均プーリング）にまとめるとき
"""

# %%
# 最大値プーリングと平均値プーリング
# ----------------------------------
# 4×4 の入力を 2×2 の窓に区切ります。:class:`~torch.nn.MaxPool2d` は窓ごとの最大値、
# :class:`~torch.nn.AvgPool2d` は平均を取ります。入力は (ミニバッチ, チャネル, 高さ, 幅) の形です。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn

x = torch.tensor(
    [
        [1.0, 3.0, 2.0, 0.0],
        [5.0, 2.0, 1.0, 1.0],
        [0.0, 1.0, 4.0, 8.0],
        [2.0, 1.0, 6.0, 2.0],
    ]
).view(1, 1, 4, 4)
max_out = nn.MaxPool2d(kernel_size=2)(x)
avg_out = nn.AvgPool2d(kernel_size=2)(x)
windows = x.view(2, 2, 2, 2).permute(0, 2, 1, 3).reshape(2, 2, 4)  # [窓の行, 窓の列, 窓の 4 つの値]
print(f"最大値プーリング:\n{max_out[0, 0]}")
print(f"平均値プーリング:\n{avg_out[0, 0]}")
print(f"窓ごとの最大値（手計算）:\n{windows.amax(dim=2)}")
print(f"プーリング層のパラメータ数: {sum(p.numel() for p in nn.MaxPool2d(2).parameters())}")

# %%
# 出力の大きさ
# ------------
# チャネル数はそのままで、縦横だけが縮みます。窓が重なる ``MaxPool2d(3, stride=2)`` も式どおりです。
torch.manual_seed(0)
feature = torch.randn(1, 16, 28, 28)
pool_shapes = {
    "MaxPool2d(2)": tuple(nn.MaxPool2d(2)(feature).shape),
    "MaxPool2d(3, stride=2)": tuple(nn.MaxPool2d(3, stride=2)(feature).shape),
    "MaxPool2d(2, padding=1)": tuple(nn.MaxPool2d(2, padding=1)(feature).shape),
}
for name, shape in pool_shapes.items():
    print(f"{name}: {tuple(feature.shape)} -> {shape}")

# %%
# 小さなずれに強い
# ----------------
# 8×8 の地図に強い反応が 1 つだけある場合を考えます。反応が (2, 2) から (3, 3) に動いても、
# 同じ 2×2 の窓の中なので、最大値プーリングの結果は変わりません。
# (4, 4) まで動くと隣の窓に入り、結果も変わります。ずれに強いのは、窓の中での小さなずれだけです。
pool = nn.MaxPool2d(2)


def spike(row, col):
    m = torch.zeros(1, 1, 8, 8)
    m[0, 0, row, col] = 1.0
    return m


a, b, c = spike(2, 2), spike(3, 3), spike(4, 4)
same_window = torch.equal(pool(a), pool(b))
next_window = torch.equal(pool(a), pool(c))
print(f"入力が同じか (2,2) と (3,3): {torch.equal(a, b)}")
print(f"プーリング後が同じか (2,2) と (3,3): {same_window}")
print(f"プーリング後が同じか (2,2) と (4,4): {next_window}")

# %%
# 出力の大きさを決める AdaptiveAvgPool2d
# --------------------------------------
# :class:`~torch.nn.AdaptiveAvgPool2d` は、入力の縦横が違っても指定した大きさの出力を返します。
# 大きさ (1, 1) を指定すると、チャネルごとに全体の平均を取る大域平均プーリングになり、
# そのあとの :term:`全結合層 <Linear Layer>` の入力の数が画像の大きさによらず一定になります。
adaptive = nn.AdaptiveAvgPool2d((2, 2))
gap = nn.AdaptiveAvgPool2d(1)
adaptive_shapes = []
for h, w in [(7, 7), (10, 13), (32, 32)]:
    fmap = torch.randn(1, 16, h, w)
    adaptive_shapes.append(tuple(adaptive(fmap).shape))
    print(f"入力 {h}×{w} -> AdaptiveAvgPool2d((2, 2)) の出力 {adaptive_shapes[-1]}")
gap_diff = (gap(fmap).flatten() - fmap.mean(dim=(2, 3)).flatten()).abs().max().item()
print(f"大域平均プーリングとチャネルごとの平均の差の最大: {gap_diff:.2e}")

# %%
# 手書き数字で見る
# ----------------
# 8×8 の手書き数字に 2×2 のプーリングをかけ、4×4 にします。最大値プーリングは窓の中でいちばん濃い画素を残すので
# 線が太く見え、平均値プーリングはぼかしたように見えます。縦横が半分になるぶん、細かい形は失われます。
# CNN では、その前に畳み込み層でチャネルを増やして、失われる位置の情報を特徴の種類で補います。
digits = load_digits()
digit = torch.tensor(digits.images[0], dtype=torch.float32).view(1, 1, 8, 8)
pooled = {
    f"元の画像 {digits.target[0]}（8×8）": digit,
    "最大値プーリング（4×4）": nn.MaxPool2d(2)(digit),
    "平均値プーリング（4×4）": nn.AvgPool2d(2)(digit),
}
fig, axes = plt.subplots(1, 3, figsize=(6.4, 2.6), layout="constrained")
for ax, (name, img) in zip(axes, pooled.items(), strict=True):
    ax.imshow(img[0, 0].numpy(), cmap="gray_r", vmin=0, vmax=16)
    ax.set(title=name, xticks=[], yticks=[])
fig.suptitle("2×2 のプーリングで縦横を半分にする")
plt.show()

# %%
# 関連用語
# --------
# :term:`畳み込み <Convolution>`、:term:`全結合層 <Linear Layer>`、:term:`パラメータ <Parameter>`、
# :term:`テンソル <Tensor>`、:term:`モジュール <Module>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.MaxPool2d`, :class:`torch.nn.AvgPool2d`, :class:`torch.nn.AdaptiveAvgPool2d`,
# :meth:`torch.Tensor.amax`, :func:`torch.equal`, :meth:`torch.Tensor.permute`
#
# .. used-in-tutorials:: torch.nn.MaxPool2d
