r"""
トランスフォーム（Transforms）
==============================

.. term-card::
   :ja: トランスフォーム
   :reading: とらんすふぉーむ
   :en: Transforms
   :api: torchvision.transforms.v2
   :summary: サンプルを受け取って、変換したサンプルを返す処理です。
      画像なら大きさをそろえる、テンソルに直す、値を正規化するといった前処理を、
      ``torchvision.transforms.v2`` の部品を ``Compose`` でつないで 1 つの関数のように書きます。

定義
----
トランスフォームは、サンプル :math:`x` を新しいサンプル :math:`x' = T(x)` に写す関数 :math:`T` です。
いくつかの変換 :math:`T_1, \dots, T_k` を順に施すときは、合成 :math:`T = T_k \circ \cdots \circ T_1` を 1 つの変換として扱います。

``torchvision.transforms.v2`` の変換はどれも :class:`torch.nn.Module` で、PIL の画像、テンソル、
``torchvision.tv_tensors`` の ``Image``・``BoundingBoxes``・``Mask`` などを受け取ります。
毎回同じ結果になる変換（``Resize``、``Normalize`` など）と、乱数で結果が変わる変換（``RandomHorizontalFlip`` など）があり、
後者は :term:`データ拡張 <Data Augmentation>` に使います。

かみくだいた説明
----------------
写真の大きさも明るさもばらばらのままでは、モデルに渡せません。トランスフォームは、写真を決まった大きさに切りそろえ、
数の並び（テンソル）に直し、数値の範囲をそろえる「下ごしらえ」の手順書です。手順書を 1 つにまとめておけば、
どの写真にも同じ下ごしらえを施せます。

使われる場面
------------
- :term:`データセット <Dataset>` の ``transform`` 引数に渡し、``__getitem__`` で 1 件ずつ前処理するとき
- 学習済みモデルに、学習時と同じ前処理で画像を渡すとき（``torchvision.models.ResNet50_Weights.DEFAULT.transforms()``
  のように、重みに付いている前処理を使うと確実です）
- 訓練のときだけランダムな変換を加え、評価のときは決まった変換だけにするとき
"""

# %%
# 画像を用意する
# --------------
# よく見る例では ``PIL.Image.open("path/to/image.jpg")`` で手元の画像ファイルを開きます。
# このページでは、scikit-learn に同梱の写真
# （``sklearn.datasets.load_sample_image("flower.jpg")``）を NumPy 配列で読み、PIL の画像にします。
# 手元では ``Image.open(path).convert("RGB")`` に置き換えれば、以下はそのまま動きます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torchvision.transforms import v2

photo = Image.fromarray(load_sample_image("flower.jpg"))
print(f"元の画像: {photo.size[0]}×{photo.size[1]} 画素（幅×高さ）, モード {photo.mode}")

# %%
# 前処理をつなぐ
# --------------
# ImageNet で学習したモデルによく使う前処理を組み立てます。短い辺を 256 画素に縮め（縦横比は保つ）、
# 中央の 224×224 を切り出し、0〜255 の整数を 0〜1 の小数に直し、色ごとに平均を引いて標準偏差で割ります。
#
# 以前の ``transforms.ToTensor()`` は v2 では非推奨です。代わりに ``v2.ToImage()`` と
# ``v2.ToDtype(torch.float32, scale=True)`` を続けて使います。
# また ``Resize((256, 256))`` のように縦横を両方指定すると、縦横比が崩れて写真が引き伸ばされます。
imagenet_mean = [0.485, 0.456, 0.406]
imagenet_std = [0.229, 0.224, 0.225]
preprocess = v2.Compose(
    [
        v2.ToImage(),  # PIL → 形 (色, 高さ, 幅) の uint8 テンソル
        v2.Resize(256),
        v2.CenterCrop(224),
        v2.ToDtype(torch.float32, scale=True),  # 0〜255 → 0〜1
        v2.Normalize(mean=imagenet_mean, std=imagenet_std),
    ]
)

stages = [photo]
for step in preprocess.transforms:
    stages.append(step(stages[-1]))
    out = stages[-1]
    low, high = (f"{v:.3f}" if out.is_floating_point() else f"{v}" for v in (out.min(), out.max()))
    print(f"{type(step).__name__:>10}: 形 {tuple(out.shape)}, {out.dtype}, 値 {low}〜{high}")

x = preprocess(photo)
print(f"まとめて適用した結果と、1 段ずつの結果が一致: {torch.equal(x, stages[-1])}")

# %%
# 前と後を並べる
# --------------
# 短い辺が 256 画素になるように縮めてから中央の正方形を切り出したので、写真の左右が切り落とされています。
# 正規化したテンソルは負の値を含むので、そのままでは画像として表示できません。
# 右の図は、表示のためだけに標準偏差を掛けて平均を足し、0〜1 に戻したものです。
mean = torch.tensor(imagenet_mean).view(3, 1, 1)
std = torch.tensor(imagenet_std).view(3, 1, 1)
restored = (x * std + mean).clamp(0, 1)

fig, axes = plt.subplots(
    1, 2, figsize=(7.5, 3.4), width_ratios=[photo.size[0], photo.size[1]], layout="constrained"
)
axes[0].imshow(photo)
axes[0].set_title(f"変換前（{photo.size[0]}×{photo.size[1]}）")
axes[1].imshow(restored.permute(1, 2, 0).numpy())
axes[1].set_title(f"変換後（{x.shape[2]}×{x.shape[1]}）")
for ax in axes:
    ax.set_axis_off()
plt.show()

# %%
# 正規化で値はどう変わるか
# ------------------------
# ``Normalize`` は色ごとに :math:`x' = (x - \mu) / \sigma` を計算します。
# 0〜1 にした段階（``ToDtype`` の直後）と正規化の後で、色ごとの値のヒストグラムを比べます。
# 色ごとの 1 次変換なので、ヒストグラムの形は変わらず、位置と幅だけが変わり、値は 0 のまわりに移ります。
# 引くのも割るのも ImageNet 全体の平均と標準偏差なので、この 1 枚の平均がちょうど 0、
# 標準偏差がちょうど 1 になるわけではありません。
scaled = stages[4]
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.2), sharey=True, layout="constrained")
for c, color in enumerate(["red", "green", "blue"]):
    axes[0].hist(scaled[c].flatten().numpy(), bins=50, histtype="step", color=color)
    axes[1].hist(x[c].flatten().numpy(), bins=50, histtype="step", color=color, label="RGB"[c])
    means = f"平均 {scaled[c].mean():.3f} → {x[c].mean():.3f}"
    print(f"{'RGB'[c]}: {means}, 標準偏差 {scaled[c].std():.3f} → {x[c].std():.3f}")
axes[0].set(title="ToDtype の後（0〜1）", xlabel="値", ylabel="画素の数")
axes[1].set(title="Normalize の後", xlabel="値")
axes[1].legend()
plt.show()

# %%
# 訓練用と評価用
# --------------
# 上の前処理は毎回同じ結果を返します。訓練用には、ランダムな変換を加えた別の手順を用意するのがふつうです
# （:term:`データ拡張 <Data Augmentation>`）。後半の ``ToDtype`` と ``Normalize`` は評価用と同じものを使います。
# 乱数は PyTorch の乱数生成器から引くので、:func:`torch.manual_seed` で固定すると結果を再現できます。
train_transform = v2.Compose(
    [v2.ToImage(), v2.RandomResizedCrop(224), v2.RandomHorizontalFlip(), *preprocess.transforms[3:]]
)
torch.manual_seed(0)
train_a, train_b = train_transform(photo), train_transform(photo)
print(f"評価用を 2 回: 同じ結果 {torch.equal(preprocess(photo), x)}")
print(f"訓練用を 2 回: 同じ結果 {torch.equal(train_a, train_b)}, 形 {tuple(train_a.shape)}")

# %%
# 関連用語
# --------
# :term:`データ拡張 <Data Augmentation>`、:term:`データセット <Dataset>`、:term:`カスタムデータセット <Custom Dataset>`、
# :term:`テンソル <Tensor>`、:term:`データ型 <dtype>`
#
# このページで使った API
# ----------------------
# ``torchvision.transforms.v2.Compose``, ``torchvision.transforms.v2.ToImage``, ``torchvision.transforms.v2.Resize``,
# ``torchvision.transforms.v2.CenterCrop``, ``torchvision.transforms.v2.ToDtype``, ``torchvision.transforms.v2.Normalize``,
# ``torchvision.transforms.v2.RandomResizedCrop``, ``torchvision.transforms.v2.RandomHorizontalFlip``,
# :func:`torch.manual_seed`, :meth:`torch.Tensor.permute`
#
# .. used-in-tutorials:: torchvision.transforms.v2.Compose torchvision.transforms.v2.ToImage
#    torchvision.transforms.v2.Resize torchvision.transforms.v2.ToDtype torchvision.transforms.v2.Normalize
