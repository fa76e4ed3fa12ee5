r"""
カスタムデータセット（Custom Dataset）
======================================

.. term-card::
   :ja: カスタムデータセット
   :reading: かすたむでーたせっと
   :en: Custom Dataset
   :summary: :class:`torch.utils.data.Dataset` を継承して自分で書くデータセットのクラスです。
      ``__len__`` で件数を、``__getitem__`` で番号に対応する 1 件（入力と正解の組）を返すように書けば、
      :term:`データローダ <DataLoader>` からそのまま使えます。

定義
----
カスタムデータセットは、:class:`torch.utils.data.Dataset` のサブクラスで、次の 2 つのメソッドを実装したものです。

- ``__len__(self)``: サンプルの件数を返します。
- ``__getitem__(self, idx)``: 番号 ``idx``（0 以上 ``len(self)`` 未満）のサンプルを返します。
  ふつうは ``(入力, 正解)`` のタプルです。

データの読み込みや前処理（:term:`トランスフォーム <Transforms>`）を ``__getitem__`` の中に書いておくと、
必要になった 1 件だけがその場で用意されます。

かみくだいた説明
----------------
手元のデータが PyTorch の決まった形をしていないとき、その「取り出し口」を自分で作るのがカスタムデータセットです。
「全部で何件あるか」と「n 番目はどれか」の 2 つの質問に答えられれば、あとは :term:`データローダ <DataLoader>` が
シャッフルやバッチ作りを引き受けてくれます。
なお、クラスごとのフォルダに画像が分かれているだけなら、自分で書かなくても ``torchvision.datasets.ImageFolder`` が使えます。

使われる場面
------------
- フォルダに並んだ画像ファイルと、別の CSV に書かれたラベルを組にして読むとき
- 1 件ずつ読み込みや前処理をして、メモリに全部を載せたくないとき
- 入力と正解のほかに、ファイル名などの付帯情報も一緒に返したいとき
"""

# %%
# Dataset を継承して書く
# ----------------------
# scikit-learn に同梱の手書き数字（8×8 画素、1797 枚）を 1 件ずつ返すクラスを書きます。
# ``__init__`` では NumPy の配列を受け取って持っておくだけにし、テンソルへの変換と 0〜1 への
# スケーリングは ``__getitem__`` で 1 件ずつ行います。画像ファイルを読む実際のデータセットでは、
# ``__init__`` でファイルのパスの一覧を作り、``__getitem__`` で ``PIL.Image.open(path).convert("RGB")`` のように
# その 1 枚を開きます。このページでは、ファイルを開く代わりに scikit-learn に同梱の配列から 1 件を取り出します。
#
# ``calls`` は説明のために ``__getitem__`` が呼ばれた回数を数えるもので、ふつうは要りません。
import torch
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, Dataset


class DigitsDataset(Dataset):
    """scikit-learn の手書き数字を (画像, ラベル) の組で 1 件ずつ返すデータセット。"""

    def __init__(self, images, targets, transform=None):
        self.images = images  # NumPy 配列 (N, 8, 8)、値は 0〜16
        self.targets = targets  # NumPy 配列 (N,)
        self.transform = transform
        self.calls = 0

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, idx):
        self.calls += 1
        image = torch.tensor(self.images[idx] / 16.0, dtype=torch.float32).unsqueeze(0)  # (1, 8, 8)
        label = int(self.targets[idx])
        if self.transform is not None:
            image = self.transform(image)
        return image, label


digits = load_digits()
dataset = DigitsDataset(digits.images, digits.target)

image, label = dataset[10]
print(f"len(dataset): {len(dataset)}")
print(
    f"dataset[10]: 画像の形 {tuple(image.shape)}, dtype {image.dtype}, ラベル {label}（{type(label).__name__}）"
)

# %%
# 範囲外の番号
# ------------
# ``__getitem__`` は、範囲外の番号に対して ``IndexError`` を出すように書きます。
# ここでは NumPy の配列が代わりに出してくれます。
try:
    dataset[len(dataset)]
except IndexError as error:
    index_error = str(error)
    print(f"IndexError: {index_error}")

# %%
# DataLoader から使う
# -------------------
# :class:`~torch.utils.data.DataLoader` は ``__getitem__`` を 1 件ずつ呼び、返ってきた組を束ねてバッチにします。
# 画像のテンソルは新しい先頭の次元で積み重ねられ、Python の整数だったラベルは ``int64`` のテンソルになります。
# 読み込みを同じプロセスで行う ``num_workers=0``（既定）のとき、1 バッチ取り出すと、``__getitem__`` はちょうどバッチサイズの回数だけ呼ばれています
# （``num_workers`` が 1 以上だと、ワーカが次のバッチを先読みするので、呼ばれる回数は増えます）。
dataset.calls = 0
loader = DataLoader(dataset, batch_size=16, shuffle=False)
images_batch, labels_batch = next(iter(loader))
calls_for_one_batch = dataset.calls
print(f"バッチの画像: 形 {tuple(images_batch.shape)}, dtype {images_batch.dtype}")
print(f"バッチのラベル: {labels_batch.tolist()}（dtype {labels_batch.dtype}）")
print(f"1 バッチで __getitem__ が呼ばれた回数: {calls_for_one_batch}")

# %%
# 前処理を差し込む
# ----------------
# ``transform`` に関数を渡すと、``__getitem__`` が 1 件ごとに適用します。
# 全結合層に入れるために 8×8 の画像を 64 個の数の並びにするなら、:func:`torch.flatten` を渡します。
# 画像なら ``torchvision.transforms.v2`` の変換をそのまま渡せます（:term:`トランスフォーム <Transforms>`）。
#
# ``DataLoader(..., num_workers=2)`` のように複数のプロセスで読み込むとき、プロセスの起動方式が fork
# （親プロセスのメモリを丸ごと複製して子プロセスを作る方式）でなければ
# （Windows と macOS の既定。Python 3.14 からは Linux の既定も fork ではありません）、
# データセットは pickle で各プロセスへ送られます。``lambda`` は pickle できないので、``transform`` には
# :func:`torch.flatten` のようなモジュールの関数か、モジュールの最上位で定義した関数を渡します。
flat_dataset = DigitsDataset(digits.images, digits.target, transform=torch.flatten)
flat_image, flat_label = flat_dataset[10]
print(f"transform=torch.flatten のとき: 形 {tuple(flat_image.shape)}, ラベル {flat_label}")

# %%
# 関連用語
# --------
# :term:`データセット <Dataset>`、:term:`データローダ <DataLoader>`、:term:`トランスフォーム <Transforms>`、
# :term:`バッチ処理 <Batch Processing>`
#
# このページで使った API
# ----------------------
# :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.DataLoader`, :func:`torch.tensor`,
# :meth:`torch.Tensor.unsqueeze`, :func:`torch.flatten`
#
# .. used-in-tutorials:: torch.utils.data.Dataset torch.utils.data.DataLoader
