r"""
画像フォルダを読み込む
======================

クラスごとのフォルダに入ったカラー写真を ``ImageFolder`` で読み込み、訓練用と評価用で別々の前処理をかけて、
ミニバッチにするまでを書きます。後半では、自分の写真で出会いやすいエラーを再現し、直し方を確かめます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/loading_data`、:term:`トランスフォーム <Transforms>`、:term:`データローダ <DataLoader>`

   - ``torchvision.datasets.ImageFolder`` で、フォルダ名をクラスにして画像を読む
   - 訓練用と評価用の変換を、2 つのデータセットと ``Subset`` で使い分ける
   - 白黒や透明度つきの画像、大きさの違う画像、画像でないファイルによるエラーを読んで直す
"""

# %%
# 写真のフォルダを作る
# --------------------
# :doc:`/tutorials/classification/loading_data` では 8×8 の白黒の数字を使いましたが、このページでは大きさのばらばらなカラー写真を扱います。
# どこでも動くように、写真のファイルはこのページが自分で作ります。scikit-learn に同梱の 2 枚の写真（中国の寺院と花、どちらも 427×640 画素）から
# 大きさの違う部分をランダムに切り抜き、``root/china/`` と ``root/flower/`` に JPEG と PNG で保存します（速く動くように小さく切り抜きます）。
#
# 手元の写真を使うときは、同じ並び（``root/<クラス名>/<ファイル>``）のフォルダを ``root`` に指定するだけで、ここから先のコードがそのまま動きます。
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torch.utils.data import DataLoader, Subset, random_split
from torchvision.datasets import ImageFolder
from torchvision.transforms import v2


def make_photo_folder(root, n_per_class, seed=0):
    gen = torch.Generator().manual_seed(seed)
    for name in ("china", "flower"):
        photo = Image.fromarray(load_sample_image(f"{name}.jpg"))
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n_per_class):
            w, h = torch.randint(12, 49, (2,), generator=gen).tolist()
            left = torch.randint(0, photo.width - w + 1, (1,), generator=gen).item()
            top = torch.randint(0, photo.height - h + 1, (1,), generator=gen).item()
            crop = photo.crop((left, top, left + w, top + h))
            crop.save(root / name / f"{name}_{i:03d}.{'png' if i % 2 else 'jpg'}")


tmpdir = tempfile.TemporaryDirectory()
root = Path(tmpdir.name)
make_photo_folder(root, n_per_class=60)

# %%
# ImageFolder で読む
# ------------------
# ``ImageFolder`` はフォルダ名をアルファベット順に並べ、0 から番号を振ってラベルにします。
# 番号とクラス名の対応は ``classes`` と ``class_to_idx`` にあり、予測した番号をクラス名に戻すときに使います。``transform`` を渡さなければ、1 件は PIL 画像とラベルの組です。
plain = ImageFolder(root)
image0, label0 = plain[0]
print(f"classes: {plain.classes}, class_to_idx: {plain.class_to_idx}, 件数: {len(plain)}")
print(f"1 件目: {Path(plain.samples[0][0]).name}, モード {image0.mode}, 大きさ {image0.size}")

# %%
# 訓練用と評価用の変換
# --------------------
# 訓練用の変換は、毎回違う範囲を切り抜いて 32×32 にし（``v2.RandomResizedCrop``）、半分の確率で左右を反転します
# （:term:`データ拡張 <Data Augmentation>`）。評価用の変換は乱数を使わず、短い辺を 32 にして（``v2.Resize``）
# 中央の 32×32 を切り抜きます（``v2.CenterCrop``）。どちらも最後に 0〜1 の小数にし、チャンネルごとに平均を引いて標準偏差で割ります（ImageNet の写真から求めた、よく使われる値です）。
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
to_float = [v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)]
train_tf = v2.Compose(
    [v2.ToImage(), v2.RandomResizedCrop(32, scale=(0.5, 1.0)), v2.RandomHorizontalFlip(), *to_float]
)
eval_tf = v2.Compose([v2.ToImage(), v2.Resize(32), v2.CenterCrop(32), *to_float])

torch.manual_seed(0)  # v2 の変換は torch の乱数を使う
train_a, train_b, eval_a, eval_b = [tf(image0) for tf in (train_tf, train_tf, eval_tf, eval_tf)]
train_same, eval_same = torch.equal(train_a, train_b), torch.equal(eval_a, eval_b)
print(f"元の大きさ {image0.size} → 訓練用 {tuple(train_a.shape)}, 評価用 {tuple(eval_a.shape)}")
print(f"2 回かけて同じになるか: 訓練用 {train_same}, 評価用 {eval_same}")

# %%
# いくつかのファイル（上の段）と、それに訓練用の変換をかけた画像（下の段）を並べます。表示のため、正規化を戻して 0〜1 にします。
mean_t, std_t = torch.tensor(mean).view(3, 1, 1), torch.tensor(std).view(3, 1, 1)
kw = {"xticks": [], "yticks": []}
fig, axes = plt.subplots(2, 6, figsize=(6.4, 2.8), layout="constrained", subplot_kw=kw)
for col, idx in enumerate([2, 8, 21, 63, 65, 74]):  # 0〜59 番は china、60〜119 番は flower
    image, label = plain[idx]
    axes[0, col].imshow(image)
    axes[0, col].set_title(f"{plain.classes[label]} {image.width}×{image.height}", fontsize=8)
    shown = (train_tf(image) * std_t + mean_t).clamp(0, 1)
    axes[1, col].imshow(shown.permute(1, 2, 0).numpy())  # (高さ, 幅, チャンネル) の順にする
fig.suptitle("フォルダの画像（上、幅×高さ）と、訓練用の変換をかけた画像（下）")
plt.show()

# %%
# 訓練・検証・テストに分ける
# --------------------------
# :func:`~torch.utils.data.random_split` で分けた部分は、どれも元の同じデータセットを指します。
# ``transform`` はその元のデータセットが持つので、訓練用の部分だけ変換を変えることはできません。
# そこで、同じフォルダから変換の違う ``ImageFolder`` を 2 つ作り、1 つの並べ替えの番号を :class:`~torch.utils.data.Subset` で分けます。
# 2 つはファイルを同じ順に並べるので、番号 ``i`` はどちらでも同じファイルです（:term:`検証データ <Validation Data>` とテストデータは評価用の変換で読みます）。
# :class:`~torch.utils.data.DataLoader` で束ねると、大きさのばらばらだったファイルが 1 つのテンソルになります。
parts = random_split(plain, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0))
print(f"random_split の部分が同じデータセットを指すか: {parts[0].dataset is parts[1].dataset}")

train_folder = ImageFolder(root, transform=train_tf)
eval_folder = ImageFolder(root, transform=eval_tf)
perm = torch.randperm(len(train_folder), generator=torch.Generator().manual_seed(0)).tolist()
n_val = n_test = len(perm) // 5
val_ds = Subset(eval_folder, perm[:n_val])
test_ds = Subset(eval_folder, perm[n_val : n_val + n_test])
train_ds = Subset(train_folder, perm[n_val + n_test :])
print(f"2 つの ImageFolder のファイルの並びが同じか: {train_folder.samples == eval_folder.samples}")
print(f"訓練 {len(train_ds)} 枚, 検証 {len(val_ds)} 枚, テスト {len(test_ds)} 枚")

loader_gen = torch.Generator().manual_seed(0)
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=loader_gen)
xb, yb = next(iter(train_loader))
print(f"訓練のミニバッチ: 画像 {tuple(xb.shape)} {xb.dtype}, ラベル {tuple(yb.shape)} {yb.dtype}")

# %%
# 自分の写真で出会うエラー
# ------------------------
# 集めた写真には、形式の違うファイルが混ざります。ここからは問題のあるファイルをフォルダに足して、エラーを再現します。
# エラーを受け止めて、種類とメッセージを表示する関数 ``catch`` を用意します（一時フォルダの場所は ``<root>`` と書きます）。
#
# **白黒の画像と透明度つきの画像。** グレースケール（モード ``L``、1 チャンネル）の JPEG と、透明度を持つ PNG（モード ``RGBA``、4 チャンネル）を足します。
# ``ImageFolder`` の既定の読み込み関数は、どの画像も ``convert("RGB")`` で 3 チャンネルにするので、そのまま読めます（透明度は捨てられます）。


def catch(fn):
    try:
        fn()
    except (RuntimeError, OSError) as error:
        print(f"{type(error).__name__}: {str(error).replace(str(root), '<root>')}")
        return error


image0.convert("L").save(root / "china" / "gray.jpg")
plain[60][0].convert("RGBA").save(root / "flower" / "rgba.png")
messy = ImageFolder(root, transform=eval_tf)
names = [Path(path).name for path, _ in messy.samples]
shapes = {name: tuple(messy[names.index(name)][0].shape) for name in ("gray.jpg", "rgba.png")}
print(f"既定の読み込み関数で読んだ画像の形: {shapes}")

# %%
# 読み込み関数を自分で書いて ``convert`` を忘れると、RGBA の 4 チャンネルが 3 チャンネル用の ``Normalize`` とぶつかります。
# 逆に、1 チャンネルの入力を待つモデル（``nn.Conv2d(1, ...)`` で始まる）に RGB の画像を渡すと、畳み込み層がチャンネル数の違いを報告します。
# 白黒で学習したいなら、変換に ``v2.Grayscale()`` を加えます。


def open_as_is(path):
    with Image.open(path) as file:
        return file.copy()  # convert("RGB") を忘れた読み込み関数


as_is = ImageFolder(root, transform=eval_tf, loader=open_as_is)
err_rgba = catch(lambda: as_is[names.index("rgba.png")])
err_channels = catch(lambda: torch.nn.Conv2d(1, 8, kernel_size=3)(xb))

# %%
# **大きさの違う画像。** ``DataLoader`` は画像を積み重ねて 1 つのテンソルにするので、大きさがそろわないと止まります。
# 評価用の ``Resize`` と ``CenterCrop``、訓練用の ``RandomResizedCrop`` のような、大きさをそろえる変換が要ります。
no_resize = ImageFolder(root, transform=v2.Compose([v2.ToImage(), *to_float]))
err_size = catch(lambda: next(iter(DataLoader(no_resize, batch_size=4))))

# %%
# **画像でないファイル。** ``ImageFolder`` は拡張子で画像を選ぶので、``notes.txt`` は黙って飛ばします。
# ところが、中身が画像でないのに拡張子が ``.jpg`` のファイルは一覧に入り、学習の途中で読んだときに止まります。
(root / "china" / "notes.txt").write_text("撮影メモ")
(root / "china" / "broken.jpg").write_text("これは画像ではありません")
with_broken = ImageFolder(root)
n_on_disk = len(list(root.glob("*/*")))
print(f"フォルダのファイル {n_on_disk} 個, ImageFolder の一覧 {len(with_broken)} 個")
broken_idx = [Path(p).name for p, _ in with_broken.samples].index("broken.jpg")
err_broken = catch(lambda: with_broken[broken_idx])

# %%
# ``is_valid_file`` に、開けるかどうかを実際に確かめる関数を渡すと、読めないファイルを最初に除けます。
# これは拡張子による選別の代わりになるので、テキストファイルもこの関数が除きます。
# なお、スマートフォンの写真は向きを EXIF に記録するだけのことがあり、読み込み関数で ``ImageOps.exif_transpose(image)`` を呼ぶと見たとおりの向きに直ります。


def can_open(path):
    try:
        with Image.open(path) as file:
            file.verify()
    except (OSError, SyntaxError):
        return False
    return True


cleaned = ImageFolder(root, transform=eval_tf, is_valid_file=can_open)
skipped = sorted({p.name for p in root.glob("*/*")} - {Path(p).name for p, _ in cleaned.samples})
print(f"読めるファイル {len(cleaned)} 個, 除いたファイル {skipped}")

# %%
# まとめ
# ------
# - ``ImageFolder`` はフォルダ名をクラスにします。番号とクラス名の対応は ``classes`` と ``class_to_idx`` にあります。
# - 訓練用と評価用の変換は、同じフォルダの ``ImageFolder`` を 2 つ作り、``Subset`` で番号を分けて使い分けます。
# - 既定の読み込み関数は RGB に変換します。大きさは ``Resize`` と ``CenterCrop`` などでそろえます。
# - 読めないファイルは ``is_valid_file`` で最初に除きます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 評価用の変換から ``v2.CenterCrop(32)`` を外して ``v2.Resize(32)`` だけにすると、ミニバッチを作れるでしょうか。
#
# .. hint:: ``Resize`` に整数を 1 つ渡すと、短い辺だけがその長さになります。
#
# .. answer::
#
#    作れません。縦横比が画像ごとに違うので、長い辺の長さがそろいません。
#    ``v2.Resize((32, 32))`` と組で渡せば、縦横比は崩れますが、どの画像も 32×32 になります。

ex1_folder = ImageFolder(root, is_valid_file=can_open)
ex1_folder.transform = v2.Compose([v2.ToImage(), v2.Resize(32), *to_float])
ex1_error = catch(lambda: next(iter(DataLoader(ex1_folder, batch_size=4))))
ex1_folder.transform = v2.Compose([v2.ToImage(), v2.Resize((32, 32)), *to_float])
ex1_shape = tuple(next(iter(DataLoader(ex1_folder, batch_size=4)))[0].shape)
print(f"Resize((32, 32)) にしたミニバッチの画像: {ex1_shape}")

# %%
# **問題 2.** 訓練データ ``train_ds`` に、各クラスの画像が何枚ずつあるか数えてください。
#
# .. hint:: ``train_folder.targets`` に全ファイルのラベルが並び、``train_ds.indices`` が訓練データの番号です。
#
# .. answer::

ex2_labels = torch.tensor(train_folder.targets)[train_ds.indices]
ex2_counts = dict(zip(train_folder.classes, torch.bincount(ex2_labels).tolist(), strict=True))
print(f"訓練データのクラスごとの枚数: {ex2_counts}")

# %%
# 最後に、一時フォルダを消します。
tmpdir.cleanup()

# %%
# このページで使った API
# ----------------------
# - ``torchvision.datasets.ImageFolder``, ``torchvision.transforms.v2`` の ``RandomResizedCrop``, ``RandomHorizontalFlip``,
#   ``Resize``, ``CenterCrop``, ``ToImage``, ``ToDtype``, ``Normalize``
# - :class:`torch.utils.data.Subset`, :func:`torch.utils.data.random_split`, :class:`torch.utils.data.DataLoader`,
#   :func:`torch.randperm`, :class:`torch.Generator`, ``PIL.Image.Image.verify``, ``PIL.ImageOps.exif_transpose``
