r"""
データを読み込む
================

フォルダに並んだ画像ファイル（scikit-learn に同梱の手書き数字をこのページ自身が書き出したもの）を、学習ループが受け取れる :term:`ミニバッチ <Batch Size>` に変えるまでを一通り書きます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/csv_data`、:term:`データセット <Dataset>`、:term:`データローダ <DataLoader>`

   - ファイルを 1 件ずつ読む :term:`カスタムデータセット <Custom Dataset>` を書き、``ImageFolder`` と比べる
   - 訓練用と評価用で違う :term:`トランスフォーム <Transforms>` をかけ、同じファイルを分けて使う
   - ``DataLoader`` の ``shuffle``・``drop_last``・``num_workers``・``collate_fn`` を使い分ける

前のページでは、CSV の表を全件メモリに読み込んでからデータセットにしました。このページでは、画像ファイルを必要になったときに 1 件ずつ読み、前処理をかけてミニバッチに束ねます。
"""

# %%
# データセットの約束
# ------------------
# PyTorch のデータセットの多くは、件数を返す ``__len__`` と、番号 ``i`` の 1 件を返す ``__getitem__`` を持つオブジェクトです（map 形式）。番号では取り出せず、先頭から順に流れてくるデータ（ストリーム）には :class:`~torch.utils.data.IterableDataset` を使います。
# データがすでにテンソルとしてメモリにあるなら、:class:`~torch.utils.data.TensorDataset` に渡すだけで済みます。
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from PIL import Image
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset, default_collate
from torchvision.datasets import ImageFolder
from torchvision.transforms import v2

# sphinx_gallery_parallel = False
digits = load_digits()
all_images = torch.tensor(digits.images / 16, dtype=torch.float32).unsqueeze(1)  # (1797, 1, 8, 8)
tensor_ds = TensorDataset(all_images, torch.tensor(digits.target))
x0, y0 = tensor_ds[0]
print(f"TensorDataset: {len(tensor_ds)} 件, 1 件目は画像 {tuple(x0.shape)} とラベル {y0.item()}")

# %%
# 画像ファイルを書き出す
# ----------------------
# 実際のデータは、たいていファイルで届きます。先頭の 300 枚を、一時ディレクトリの中のラベルごとのフォルダに PNG で書き出します。画素値 0〜16 は、0〜255 の 8 ビットに直して保存します。
tmpdir = tempfile.TemporaryDirectory()
root = Path(tmpdir.name)
n_files = 300
for i in range(n_files):
    (root / str(digits.target[i])).mkdir(exist_ok=True)
    pixels = (digits.images[i] * 255 / 16).round().astype("uint8")
    Image.fromarray(pixels).save(root / str(digits.target[i]) / f"{i:04d}.png")

files_per_class = {d.name: len(list(d.glob("*.png"))) for d in sorted(root.iterdir())}
print(f"フォルダごとのファイル数: {files_per_class}")

# %%
# ファイルを読むカスタムデータセット
# ----------------------------------
# :class:`~torch.utils.data.Dataset` を継承して書きます。``__init__`` ではファイルの一覧だけを作り、画像は ``__getitem__`` が呼ばれたときに 1 枚ずつ開きます。
# こうすれば、メモリに載らないほど大量の画像でも扱えます。ラベルはフォルダの名前から取ります。``with`` で開くと、読み終えたファイルがすぐに閉じられます。


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
print(f"件数: {len(raw_ds)}, 1 件目: モード {image0.mode}, 大きさ {image0.size}, ラベル {label0}")

# %%
# 「クラスごとのフォルダに画像」という並びは定番なので、torchvision には ``torchvision.datasets.ImageFolder`` があります。
# 上の ``DigitFolder`` との違いは 2 つです。既定では画像を RGB（3 チャンネル）で読むので、1 チャンネルが欲しければ変換に ``v2.Grayscale()`` を加えます（``loader=`` で読み込み方を変えることもできます）。
# ラベルはフォルダ名そのものではなく、フォルダ名を並べ替えた順の番号（``class_to_idx``）です。フォルダ名が ``0``〜``9`` のここでは、たまたま一致します。ラベルが CSV に書いてあるなど、独自の並びのデータでは、上のようなクラスを自分で書きます。
folder, gray_folder = ImageFolder(root), ImageFolder(root, transform=v2.Grayscale())
rgb_mode, gray_mode = folder[0][0].mode, gray_folder[0][0].mode
print(f"モード: ImageFolder の既定 {rgb_mode}, v2.Grayscale() を加えると {gray_mode}")
same_as_imagefolder = [t for _, t in folder.samples] == [int(p.parent.name) for p in raw_ds.files]
print(f"class_to_idx: {folder.class_to_idx}, DigitFolder と同じラベル: {same_as_imagefolder}")

# %%
# 訓練用と評価用のトランスフォーム
# --------------------------------
# ``v2.Compose`` で変換を順につなぎます。``v2.ToImage`` は PIL 画像を ``uint8`` のテンソルにし、``v2.ToDtype(..., scale=True)`` は 0〜1 の小数に、
# ``v2.Normalize`` は :math:`(x - 0.5) / 0.5` で −1〜1 に直します。8×8 では変化が見えにくいので、はじめに 32×32 に拡大します。
#
# 訓練用には、少し回転・移動・拡大縮小する ``v2.RandomAffine`` を加えます（:term:`データ拡張 <Data Augmentation>`）。呼ぶたびに少し違う画像ができます。
# 左右反転は入れません。2 や 7 は反転すると別の形になり、ラベルと合わなくなるからです。評価用には乱数を使う変換を入れず、同じ画像にはいつも同じ入力を返します。
head = [v2.ToImage(), v2.Resize((32, 32))]
tail = [v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean=[0.5], std=[0.5])]
affine = v2.RandomAffine(degrees=15, translate=(0.1, 0.1), scale=(0.9, 1.1))
train_transform = v2.Compose([*head, affine, *tail])
eval_transform = v2.Compose([*head, *tail])

torch.manual_seed(0)  # v2 の変換は torch の乱数を使う
x_eval = eval_transform(image0)
eval_same = torch.equal(x_eval, eval_transform(image0))
train_same = torch.equal(train_transform(image0), train_transform(image0))
print(f"評価用: 形 {tuple(x_eval.shape)}, 値 {x_eval.min():.2f}〜{x_eval.max():.2f}")
print(f"2 回変換して同じになるか: 評価用 {eval_same}, 訓練用 {train_same}")

aug_row = [x_eval] + [train_transform(image0) for _ in range(7)]
fig, axes = plt.subplots(1, 8, figsize=(6.4, 1.6), layout="constrained")
for k, (ax, img) in enumerate(zip(axes, aug_row, strict=True)):
    ax.imshow(img[0].numpy(), cmap="gray", vmin=-1, vmax=1)
    ax.set_title("評価用" if k == 0 else f"訓練用 {k}", fontsize=9)
    ax.set_axis_off()
fig.suptitle(f"ラベル {label0} の画像に評価用（左端）と訓練用の変換をかけた結果")
plt.show()

# %%
# 同じファイルを、違う変換で訓練と検証に分ける
# --------------------------------------------
# 1 つのデータセットを :func:`~torch.utils.data.random_split` で分けると、どちらも同じ変換を使います。そこで変換だけが違うデータセットを 2 つ作り、シードを固定して混ぜた番号を :class:`~torch.utils.data.Subset` で振り分けます。
perm = torch.randperm(len(raw_ds), generator=torch.Generator().manual_seed(0)).tolist()
train_ds = Subset(DigitFolder(root, transform=train_transform), perm[:240])
val_ds = Subset(DigitFolder(root, transform=eval_transform), perm[240:])
print(f"訓練 {len(train_ds)} 件（訓練用の変換）, 検証 {len(val_ds)} 件（評価用の変換）")

# %%
# DataLoader で束ねる
# -------------------
# :class:`~torch.utils.data.DataLoader` は、データセットから ``batch_size`` 件ずつ取り出して 1 つのミニバッチにします。
#
# - ``shuffle=True`` はエポックごとに順番を並べ替えます。シードを固定した ``generator`` を渡すと、毎回同じ並び順になります。
# - ``drop_last=True`` は、``batch_size`` に満たない最後の端数のミニバッチを捨てます（既定は ``False``）。
# - 検証用は並べ替えず、順に読みます。
gen = torch.Generator().manual_seed(0)
loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=gen)
loader_drop = DataLoader(train_ds, batch_size=32, drop_last=True)
val_loader = DataLoader(val_ds, batch_size=32)
xb, yb = next(iter(loader))
print(f"バッチ: 画像 {tuple(xb.shape)} {xb.dtype}, ラベル {tuple(yb.shape)} {yb.dtype}")
print(f"1 エポックのバッチ数: drop_last=False で {len(loader)}, True で {len(loader_drop)}")

# %%
# 子プロセスで読み込む（``num_workers``）
# ---------------------------------------
# ``num_workers=0``（既定）では、学習と同じプロセスがファイルを開いて変換します。1 以上にすると、その数の子プロセスが並行してミニバッチを作り、重い読み込みや変換を学習の計算と重ねられます。子プロセスの数は CPU のコア数以下にします（超えると PyTorch が警告します）。
# 並び順も子プロセスの乱数のシードも ``generator`` から決まるので、同じミニバッチが同じ順番で届き、データ拡張の結果も毎回同じです（``num_workers=0`` では変換が親プロセスの乱数を使うので、``torch.manual_seed`` で固定します）。
#
# 子プロセスの作り方（起動方式）は環境で違います。fork（Python 3.13 までの Linux の既定）は親プロセスをメモリごと複製するので、スクリプトは読み直されません。
# spawn と forkserver（Windows、macOS、Python 3.14 以降の Linux）では子プロセスがスクリプトを読み直すので、データローダを回すコードを ``if __name__ == "__main__":`` の中に書きます。この 2 つの方式では、Jupyter のノートブックの中で定義したデータセットのクラスを子プロセスが見つけられずにエラーになるので、クラスを別の ``.py`` ファイルに書いて import します。
workers = min(2, os.cpu_count() or 1)


def one_epoch(dataset, num_workers, seed):
    gen = torch.Generator().manual_seed(seed)
    dl = DataLoader(dataset, batch_size=64, shuffle=True, num_workers=num_workers, generator=gen)
    images, labels = zip(*dl, strict=True)
    return torch.cat(images), torch.cat(labels)


single, multi = one_epoch(val_ds, 0, seed=1), one_epoch(val_ds, workers, seed=1)
same_batches = torch.equal(single[0], multi[0]) and torch.equal(single[1], multi[1])
print(f"num_workers=0 と {workers} で、画像とラベルが同じ順番で届くか: {same_batches}")
first, second = one_epoch(train_ds, workers, seed=2), one_epoch(train_ds, workers, seed=2)
same_augmentation = torch.equal(first[0], second[0])
print(f"num_workers={workers} で、同じシードなら拡張した画像も一致するか: {same_augmentation}")
tmpdir.cleanup()  # ファイルはもう読まないので、一時ディレクトリを消す
print(f"一時ディレクトリは残っているか: {root.exists()}")

# %%
# 大きさの違う画像を束ねる（``collate_fn``）
# ------------------------------------------
# ``DataLoader`` は、取り出した ``batch_size`` 件のリストを ``collate_fn`` に渡し、その戻り値をミニバッチにします。既定の :func:`~torch.utils.data.default_collate` は同じ形のテンソルを積み重ねるだけなので、撮影した写真のように大きさがばらばらの画像や、長さの違う文章は束ねられません。
# 4 枚の数字を違う大きさにして確かめ、ミニバッチの中でいちばん大きい画像に合わせて右と下をパディングする ``collate_fn`` を書きます。
varied = []  # 大きさの違う 4 枚
for i, size in enumerate([8, 12, 10, 16]):
    image, label = tensor_ds[i]
    varied.append((v2.functional.resize(image, [size, size]), label.item()))
try:
    default_collate(varied)
except RuntimeError as err:
    collate_error = str(err)
print(f"default_collate のエラー: {collate_error}")


def pad_collate(samples):
    """(画像, ラベル) のリストを、いちばん大きい画像の縦横にそろえて積み重ねる。"""
    h = max(img.shape[-2] for img, _ in samples)
    w = max(img.shape[-1] for img, _ in samples)
    padded = [v2.functional.pad(x, [0, 0, w - x.shape[-1], h - x.shape[-2]]) for x, _ in samples]
    return torch.stack(padded), torch.tensor([label for _, label in samples])


padded_images, padded_labels = next(iter(DataLoader(varied, batch_size=4, collate_fn=pad_collate)))
print(f"pad_collate: 画像 {tuple(padded_images.shape)}, ラベル {padded_labels.tolist()}")

# %%
# まとめ
# ------
# - map 形式のデータセットは ``__len__`` と ``__getitem__`` を持ちます。ファイルは ``__getitem__`` で 1 件ずつ開きます。
# - ``ImageFolder`` は RGB で読み、ラベルは ``class_to_idx`` の番号です。
# - 訓練用と評価用で変換を変えるときは、変換の違うデータセットを 2 つ作り、``Subset`` で同じ番号の分け方を当てます。
# - ``generator`` を渡せば、``shuffle`` も子プロセスのデータ拡張も毎回同じになります。形のそろわないデータは ``collate_fn`` で束ねます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``train_ds`` と ``val_ds`` が同じファイルを 1 枚も共有せず、合わせると 300 枚すべてになることを、``Subset`` の ``indices`` で確かめてください。
#
# .. hint:: ``indices`` を ``set`` にして、共通部分（``&``）と和（``|``）の件数を数えます。
#
# .. answer::

ex1_overlap = set(train_ds.indices) & set(val_ds.indices)
ex1_union = set(train_ds.indices) | set(val_ds.indices)
print(f"共有するファイル: {len(ex1_overlap)} 枚, 合わせて: {len(ex1_union)} 枚")

# %%
# **問題 2.** ``pad_collate`` で束ねた 4 枚のミニバッチ ``padded_images`` のうち、パディングで足した画素は全体の何割ですか。
#
# .. hint:: 元の 4 枚の画素数の合計を、ミニバッチ全体の要素数（``numel()``）と比べます。
#
# .. answer::
#
#    大きさの差が大きいほど、計算の多くが中身のない画素に使われます。大きさの近いものを同じミニバッチに集めると、無駄が減ります。

ex2_real = sum(img.numel() for img, _ in varied)
ex2_pad_ratio = 1 - ex2_real / padded_images.numel()
print(f"パディングした画素の割合: {ex2_pad_ratio:.3f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.TensorDataset`, :class:`torch.utils.data.Subset`, :class:`torch.utils.data.DataLoader`, :func:`torch.utils.data.default_collate`
# - ``torchvision.datasets.ImageFolder``, ``torchvision.transforms.v2``: ``Compose``, ``ToImage``, ``Resize``, ``RandomAffine``, ``ToDtype``, ``Normalize``, ``Grayscale``, ``functional.pad``
# - :class:`torch.Generator`, :func:`torch.randperm`, :func:`torch.stack`, :func:`torch.cat`, :func:`torch.equal`
