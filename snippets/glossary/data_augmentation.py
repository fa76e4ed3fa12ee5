r"""
データ拡張（Data Augmentation）
===============================

.. term-card::
   :ja: データ拡張
   :reading: でーたかくちょう
   :en: Data Augmentation
   :summary: 訓練データのサンプルに、正解を変えない範囲のランダムな変換（反転、回転、切り抜き、色の変化など）を
      読み込むたびに施し、見かけ上のデータを増やす手法です。
      モデルが訓練データを丸暗記しにくくなり、:term:`過学習 <Overfitting>` を抑えて汎化性能を上げる助けになります。

定義
----
データ拡張は、訓練サンプル :math:`(x, y)` に、正解 :math:`y` を変えないランダムな変換 :math:`T_\theta` を施した
:math:`(T_\theta(x), y)` を学習に使う手法です。パラメータ :math:`\theta` は読み込むたびに乱数で選び直します。
画像でよく使う変換には次のものがあります。

- 回転: :math:`R_\theta = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}` を座標に掛ける
- 平行移動: 座標に :math:`(d_x, d_y)` を足す
- 拡大縮小と切り抜き、左右反転、明るさ・コントラスト・彩度の変化

変換は :term:`トランスフォーム <Transforms>` として書き、訓練データにだけ使います。検証・テストデータには決まった前処理だけを施します。

かみくだいた説明
----------------
同じ猫の写真でも、少し回したり、左右を反転したり、明るさを変えたりすれば、モデルにとっては別の写真です。
データ拡張は、手持ちの写真から「ありそうな別の写真」をその場で作り、毎回少しずつ違う問題を出す工夫です。
ただし、変えてよいのは正解が変わらない範囲だけです。手書きの「6」を 180 度回すと「9」になり、
文字を左右反転すると別の形になります。

使われる場面
------------
- 画像分類や物体検出で、訓練データが少ないとき
- 訓練データの正解率だけが高く、検証データの正解率が伸びない（過学習している）とき
- 撮影の向きや明るさが一定しない実際のデータに、モデルを強くしたいとき
"""

# %%
# 変換をつなぐ
# ------------
# よく見る例では、``torchvision.datasets.CIFAR10(root="data", train=True, download=True, transform=...)`` で
# CIFAR-10 をダウンロードし、ランダムな変換をその ``transform`` に渡します。
# このページではダウンロードせずに、scikit-learn に同梱の写真
# （``sklearn.datasets.load_sample_image("china.jpg")``）を使います。
# 手元の CIFAR-10（32×32 画素）で試すときは、下の ``RandomResizedCrop`` の ``size`` を 32 にする
# （または ``v2.RandomCrop(32, padding=4)`` に替える）ように、切り抜く大きさを画像に合わせます。
# そのままでは 32×32 の画像を 160×240 に引き伸ばし、縦横比もゆがめてしまいます。
#
# ランダムな切り抜き、左右反転、15 度までの回転、色の変化を ``torchvision.transforms.v2`` でつなぎます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2

photo = Image.fromarray(load_sample_image("china.jpg"))
augment = v2.Compose(
    [
        v2.RandomResizedCrop(size=(160, 240), scale=(0.4, 1.0)),
        v2.RandomHorizontalFlip(p=0.5),
        v2.RandomRotation(degrees=15),
        v2.ColorJitter(brightness=0.3, contrast=0.3, saturation=0.3),
    ]
)

torch.manual_seed(0)
variants = [augment(photo) for _ in range(11)]
width, height = variants[0].size
print(f"元の画像: {photo.size[0]}×{photo.size[1]}, 拡張した画像: {width}×{height}")

# %%
# 1 枚から作った 11 枚
# --------------------
# 左上が元の写真、残りの 11 枚は同じ変換を 11 回呼んだ結果です。
# 回転した画像の隅の黒い部分は、元の写真の外側にあたるところです。
fig, axes = plt.subplots(3, 4, figsize=(8, 4.4), layout="constrained")
for k, (ax, image) in enumerate(zip(axes.flat, [photo, *variants], strict=True)):
    ax.imshow(np.asarray(image))
    ax.set_title("元の写真" if k == 0 else f"{k}", fontsize=10)
    ax.set_axis_off()
fig.suptitle("同じ写真に、ランダムな変換を 11 回施した結果")
plt.show()

# %%
# シードを固定すれば再現できる
# ----------------------------
# 乱数は PyTorch の乱数生成器から引くので、:func:`torch.manual_seed` を同じ値にすれば、同じ変換が再現されます。
torch.manual_seed(0)
again = augment(photo)
first, second = np.asarray(variants[0]), np.asarray(variants[1])
print(f"シードを戻した 1 枚目は同じ: {np.array_equal(np.asarray(again), first)}")
print(f"1 枚目と 2 枚目は同じ: {np.array_equal(first, second)}")

# %%
# 読み込むたびに変わる
# --------------------
# データ拡張は、データセットの ``__getitem__`` の中で変換を呼ぶことで効きます。
# 写真 2 枚だけの小さな :term:`カスタムデータセット <Custom Dataset>` を作り、
# :class:`~torch.utils.data.DataLoader` で 2 エポック回して、同じ写真が毎回違うテンソルになることを確かめます。
# 最後に 0〜1 の小数に直し、CIFAR-10 の例と同じく各色を平均 0.5・標準偏差 0.5 で正規化します。
train_transform = v2.Compose(
    [
        v2.ToImage(),
        augment,
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5]),
    ]
)


class PhotoDataset(Dataset):
    """PIL の画像とラベルの組を持ち、取り出すたびに transform を施すデータセット。"""

    def __init__(self, photos, labels, transform):
        self.photos, self.labels, self.transform = photos, labels, transform

    def __len__(self):
        return len(self.photos)

    def __getitem__(self, idx):
        return self.transform(self.photos[idx]), self.labels[idx]


photos = [photo, Image.fromarray(load_sample_image("flower.jpg"))]
train_set = PhotoDataset(photos, [0, 1], train_transform)
loader = DataLoader(train_set, batch_size=2, shuffle=False)

epoch_batches = [next(iter(loader))[0] for _ in range(2)]
print(f"バッチの形: {tuple(epoch_batches[0].shape)}")
gap = (epoch_batches[0] - epoch_batches[1]).abs().mean().item()
print(f"同じ写真の、エポック 0 とエポック 1 のテンソルの差（絶対値の平均）: {gap:.3f}")

# %%
# 画像と一緒に正解も動かす必要がある課題（物体検出の枠、セグメンテーションのマスク）では、
# ``torchvision.tv_tensors`` の ``BoundingBoxes`` や ``Mask`` を画像と一緒に v2 の変換に渡すと、同じ切り抜きや回転がかかります。
#
# 関連用語
# --------
# :term:`トランスフォーム <Transforms>`、:term:`過学習 <Overfitting>`、:term:`データセット <Dataset>`、
# :term:`カスタムデータセット <Custom Dataset>`、:term:`データローダ <DataLoader>`
#
# このページで使った API
# ----------------------
# ``torchvision.transforms.v2.Compose``, ``torchvision.transforms.v2.RandomResizedCrop``,
# ``torchvision.transforms.v2.RandomHorizontalFlip``, ``torchvision.transforms.v2.RandomRotation``,
# ``torchvision.transforms.v2.ColorJitter``, ``torchvision.transforms.v2.ToImage``,
# ``torchvision.transforms.v2.ToDtype``, ``torchvision.transforms.v2.Normalize``,
# :func:`torch.manual_seed`, :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.DataLoader`
#
# .. used-in-tutorials:: torchvision.transforms.v2.Compose torch.utils.data.Dataset torch.utils.data.DataLoader
