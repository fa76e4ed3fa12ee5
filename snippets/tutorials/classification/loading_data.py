r"""
データを読み込む
================

フォルダに並んだ画像ファイルを、学習ループが受け取れる :term:`ミニバッチ <Batch Size>` に変えるまでを一通り書きます。
:term:`データセット <Dataset>` で 1 件ずつ取り出し、:term:`トランスフォーム <Transforms>` で前処理し、
:term:`データローダー <DataLoader>` で束ねます。

画像ファイルは、scikit-learn に同梱の手書き数字（8×8 画素）から、このページ自身が一時ディレクトリに PNG で書き出します。
"""

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_parallel = False

# %%
# データセットの約束
# ------------------
# PyTorch のデータセットは、件数を返す ``__len__`` と、番号 ``i`` の 1 件を返す ``__getitem__`` を持つオブジェクトです。
# データがすでにテンソルとしてメモリにあるなら、:class:`~torch.utils.data.TensorDataset` に渡すだけで済みます。
# ``dataset[i]`` は、渡したテンソルそれぞれの ``i`` 番目を組にして返します。
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from PIL import Image
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, Dataset, TensorDataset, default_collate
from torchvision.datasets import ImageFolder
from torchvision.transforms import v2

digits = load_digits()
all_images = torch.tensor(digits.images / 16, dtype=torch.float32).unsqueeze(1)  # (1797, 1, 8, 8)
tensor_ds = TensorDataset(all_images, torch.tensor(digits.target))
x0, y0 = tensor_ds[0]
print(f"TensorDataset: {len(tensor_ds)} 件, 1 件目は画像 {tuple(x0.shape)} とラベル {y0.item()}")

# %%
# 画像ファイルを書き出す
# ----------------------
# 実際のデータは、たいていファイルで届きます。ここでは先頭の 300 枚を、ラベルごとのフォルダに PNG で書き出します。
# 画素値 0〜16 は、0〜255 の 8 ビットに直して保存します。
tmpdir = tempfile.TemporaryDirectory()
root = Path(tmpdir.name)
n_files = 300
for i in range(n_files):
    folder_i = root / str(digits.target[i])
    folder_i.mkdir(exist_ok=True)
    pixels = (digits.images[i] * 255 / 16).round().astype("uint8")
    Image.fromarray(pixels).save(folder_i / f"{i:04d}.png")

files_per_class = {d.name: len(list(d.glob("*.png"))) for d in sorted(root.iterdir())}
print(f"フォルダごとのファイル数: {files_per_class}")

# %%
# ファイルを読むカスタムデータセット
# ----------------------------------
# :class:`~torch.utils.data.Dataset` を継承して、:term:`カスタムデータセット <Custom Dataset>` を書きます。
# ``__init__`` ではファイルの一覧だけを作り、画像は ``__getitem__`` が呼ばれたときに 1 枚ずつ開きます。
# こうすれば、メモリに載らないほど大量の画像でも扱えます。ラベルはフォルダの名前から取ります。
# ``with`` で開くと、読み終えたファイルがすぐに閉じられます。


class DigitFolder(Dataset):
    """root/<ラベル>/<番号>.png を (画像, ラベル) の組で 1 件ずつ返すデータセット。"""

    def __init__(self, root, transform=None):
        self.files = sorted(Path(root).glob("*/*.png"))
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, idx):
        path = self.files[idx]
        with Image.open(path) as file:
            image = file.convert("L")  # グレースケール（1 チャンネル）の PIL 画像
        if self.transform is not None:
            image = self.transform(image)
        return image, int(path.parent.name)


raw_ds = DigitFolder(root)
image0, label0 = raw_ds[0]
print(
    f"件数: {len(raw_ds)}, 1 件目: PIL 画像（モード {image0.mode}, {image0.size}）, ラベル {label0}"
)

# %%
# 「クラスごとのフォルダに画像」という並びは定番なので、torchvision には同じことをする
# ``torchvision.datasets.ImageFolder`` があります。ラベルの並びが上のクラスと一致することを確かめます。
# ラベルが CSV に書いてあるなど、独自の並びのデータでは、上のようなクラスを自分で書きます。
folder = ImageFolder(root)
same_as_imagefolder = [t for _, t in folder.samples] == [int(p.parent.name) for p in raw_ds.files]
print(f"ImageFolder: {len(folder)} 件, クラス {folder.classes}, 並びが一致: {same_as_imagefolder}")

# %%
# 訓練用と評価用のトランスフォーム
# --------------------------------
# ``torchvision.transforms.v2`` の変換を ``v2.Compose`` で順につなぎます。
# ``v2.ToImage`` は PIL 画像を ``uint8`` のテンソルにし、``v2.ToDtype(..., scale=True)`` は 0〜1 の小数に直します。
# ``v2.Normalize`` は :math:`(x - 0.5) / 0.5` で −1〜1 にそろえます。
# 8×8 では変化が見えにくいので、はじめに 32×32 に拡大します。
#
# 訓練用には、少し回転・移動・拡大縮小する ``v2.RandomAffine`` を加えます（:term:`データ拡張 <Data Augmentation>`）。
# 呼ぶたびに少し違う画像ができるので、同じ 300 枚でも、エポックごとに少しずつ違う画像で学習できます。
# 左右反転は入れません。2 や 7 は反転すると別の形になり、ラベルと合わなくなるからです。
# 評価用には乱数を使う変換を入れず、同じ画像にはいつも同じ入力を返します。
# 乱数を使わない部分は、訓練用と評価用で同じものを使います。
head = [v2.ToImage(), v2.Resize((32, 32))]
tail = [v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean=[0.5], std=[0.5])]
affine = v2.RandomAffine(
    degrees=15, translate=(0.1, 0.1), scale=(0.9, 1.1), interpolation=v2.InterpolationMode.BILINEAR
)
train_transform = v2.Compose([*head, affine, *tail])
eval_transform = v2.Compose([*head, *tail])

torch.manual_seed(0)  # v2 の変換は torch の乱数を使う
x_eval = eval_transform(image0)
eval_same = torch.equal(x_eval, eval_transform(image0))
train_same = torch.equal(train_transform(image0), train_transform(image0))
print(
    f"評価用: 形 {tuple(x_eval.shape)}, {x_eval.dtype}, 値 {x_eval.min():.2f}〜{x_eval.max():.2f}"
)
print(f"2 回変換して同じになるか: 評価用 {eval_same}, 訓練用 {train_same}")

# %%
# 訓練用の変換を同じ画像に 7 回かけて、評価用の変換の結果（左端）と並べます。
aug_row = [x_eval] + [train_transform(image0) for _ in range(7)]
fig, axes = plt.subplots(1, 8, figsize=(8, 1.6))
for k, (ax, img) in enumerate(zip(axes, aug_row, strict=True)):
    ax.imshow(img[0].numpy(), cmap="gray", vmin=-1, vmax=1)
    ax.set_title("評価用" if k == 0 else f"訓練用 {k}", fontsize=9)
    ax.set_axis_off()
fig.suptitle(f"ラベル {label0} の画像に、変換をかけた結果")
plt.show()

# %%
# DataLoader で束ねる
# -------------------
# :class:`~torch.utils.data.DataLoader` は、データセットから ``batch_size`` 件ずつ取り出して 1 つのミニバッチにします。
#
# - ``shuffle=True`` はエポックごとに順番を並べ替えます。``generator`` にシードを固定した
#   :class:`torch.Generator` を渡すと、何度実行しても同じ並び順になります。
# - ``drop_last=True`` は、``batch_size`` に満たない最後の端数のミニバッチを捨てます（既定は ``False`` で、捨てません）。
train_ds = DigitFolder(root, transform=train_transform)
loader = DataLoader(
    train_ds, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0)
)
loader_drop = DataLoader(train_ds, batch_size=32, drop_last=True)
xb, yb = next(iter(loader))
print(f"バッチ: 画像 {tuple(xb.shape)} {xb.dtype}, ラベル {tuple(yb.shape)} {yb.dtype}")
print(f"1 エポックのバッチ数: drop_last=False で {len(loader)}, True で {len(loader_drop)}")

fig, axes = plt.subplots(4, 8, figsize=(7, 4))
for ax, img, label in zip(axes.flat, xb, yb, strict=True):
    ax.imshow(img[0].numpy(), cmap="gray", vmin=-1, vmax=1)
    ax.set_title(str(label.item()), fontsize=10)
    ax.set_axis_off()
fig.suptitle("DataLoader が返した 1 バッチ（訓練用の変換をかけた 32 枚）とラベル")
plt.show()

# %%
# 子プロセスで読み込む（``num_workers``）
# ---------------------------------------
# ``num_workers=0``（既定）では、学習と同じプロセスが 1 件ずつファイルを開いて変換します。
# ``num_workers`` を 1 以上にすると、その数の子プロセスが並行してミニバッチを作ります。
# ファイルの読み込みや変換が重いとき、学習の計算と重ねて時間を節約できます。
# 子プロセスの数は CPU のコア数以下にします（超えると PyTorch が警告します）。
#
# 並び順は親プロセスが ``generator`` から決めるので、子プロセスを使っても同じミニバッチが同じ順番で届きます。評価用の変換で、``num_workers=0`` と比べて確かめます。
# 子プロセスの乱数のシードも ``generator`` から決まるので、データ拡張の結果も実行ごとに同じです。訓練用の変換で 1 エポック分を 2 回読み込んで確かめます。
# ``num_workers=0`` では、変換は親プロセスの乱数を使うので、``generator`` ではなく ``torch.manual_seed`` で固定します。
#
# プロセスの起動方式が fork でない環境（Windows、macOS、Python 3.14 以降の Linux）では、
# 子プロセスがスクリプトを読み直します。そこではデータローダーを回すコードを ``if __name__ == "__main__":`` の中に書きます。
# Jupyter では、ノートブックで定義したデータセットのクラスを子プロセスが見つけられずに止まることがあるので、クラスを別の ``.py`` ファイルに書いて import します。
workers = min(2, os.cpu_count() or 1)


def one_epoch(dataset, num_workers, seed):
    gen = torch.Generator().manual_seed(seed)
    dl = DataLoader(dataset, batch_size=64, shuffle=True, num_workers=num_workers, generator=gen)
    images, labels = zip(*dl, strict=True)
    return torch.cat(images), torch.cat(labels)


eval_ds = DigitFolder(root, transform=eval_transform)
single, multi = one_epoch(eval_ds, 0, seed=1), one_epoch(eval_ds, workers, seed=1)
same_batches = torch.equal(single[0], multi[0]) and torch.equal(single[1], multi[1])
print(f"num_workers=0 と {workers} で、画像とラベルが同じ順番で届くか: {same_batches}")
first, second = one_epoch(train_ds, workers, seed=2), one_epoch(train_ds, workers, seed=2)
same_augmentation = torch.equal(first[0], second[0])
print(f"num_workers={workers} で、同じシードなら拡張した画像も一致するか: {same_augmentation}")

# %%
# バッチの作り方を変える（``collate_fn``）
# ----------------------------------------
# ``DataLoader`` は、取り出した ``batch_size`` 件のリストを ``collate_fn`` に渡し、その戻り値をバッチにします。
# 既定の :func:`~torch.utils.data.default_collate` は、画像のテンソルを新しい先頭の次元で積み重ね、
# 整数のラベルを 1 本のテンソルにします。自分で書けば、バッチの形を自由に決められます。
# 長さの違う文章を、詰め物（パディング）をして同じ長さにそろえるときなどに使います。
# ここでは、画像とラベルを名前付きの辞書にして返します。


def collate_as_dict(samples):
    """samples は (画像, ラベル) の組のリスト。"""
    images = torch.stack([image for image, _ in samples])
    labels = torch.tensor([label for _, label in samples])
    return {"image": images, "label": labels}


batch_dict = next(iter(DataLoader(eval_ds, batch_size=4, collate_fn=collate_as_dict)))
default_images, default_labels = default_collate([eval_ds[i] for i in range(4)])
same_as_default = torch.equal(batch_dict["image"], default_images) and torch.equal(
    batch_dict["label"], default_labels
)
print(f"collate_as_dict: キー {list(batch_dict)}, 画像 {tuple(batch_dict['image'].shape)}")
print(f"default_collate と中身が一致するか: {same_as_default}")

# %%
# 最後に、一時ディレクトリを消します。
tmpdir.cleanup()
print(f"一時ディレクトリは残っているか: {root.exists()}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.TensorDataset`,
#   :class:`torch.utils.data.DataLoader`, :func:`torch.utils.data.default_collate`, :class:`torch.Generator`
# - ``torchvision.datasets.ImageFolder``, ``torchvision.transforms.v2.Compose``,
#   ``torchvision.transforms.v2.ToImage``, ``torchvision.transforms.v2.Resize``,
#   ``torchvision.transforms.v2.RandomAffine``, ``torchvision.transforms.v2.ToDtype``,
#   ``torchvision.transforms.v2.Normalize``
# - :func:`torch.tensor`, :func:`torch.stack`, :func:`torch.cat`, :func:`torch.equal`, :func:`torch.manual_seed`
