r"""
データローダ（DataLoader）
==========================

.. term-card::
   :ja: データローダ
   :reading: でーたろーだ
   :en: DataLoader
   :api: torch.utils.data.DataLoader
   :summary: :term:`データセット <Dataset>` からサンプルを取り出し、決まった件数ずつ束ねた
      ミニバッチを順に渡してくれる反復可能オブジェクト（:class:`torch.utils.data.DataLoader`）です。
      エポックごとのシャッフルや、複数プロセスでの並列読み込みも引き受けます。

定義
----
:class:`torch.utils.data.DataLoader` は、データセットを受け取り、``for`` 文で回すたびに 1 つのミニバッチを返します。
主な引数は次のとおりです。

- ``batch_size``: 1 つのバッチに入れるサンプルの数（:term:`バッチサイズ <Batch Size>`）
- ``shuffle``: ``True`` なら、エポックのはじめに毎回サンプルの順番を並べ替えます
- ``drop_last``: ``True`` なら、件数が ``batch_size`` に満たない最後のバッチを捨てます
- ``num_workers``: 読み込みに使う子プロセスの数（0 なら、メインのプロセスで読み込みます）

1 エポックのバッチの数は、:math:`N` 件のデータとバッチサイズ :math:`B` に対して
:math:`\lceil N / B \rceil`（``drop_last=True`` なら :math:`\lfloor N / B \rfloor`）です。

かみくだいた説明
----------------
データセットが番号付きの問題集なら、データローダは「毎回よく混ぜてから、32 問ずつ束にして手渡してくれる係」です。
学習ループは ``for images, labels in loader:`` と書くだけで、束を 1 つずつ受け取れます。

使われる場面
------------
- 学習ループで、ミニバッチを 1 つずつモデルに渡すとき（:term:`バッチ処理 <Batch Processing>`）
- エポックごとにデータの順番を変えたいとき
- 画像の読み込みや前処理が重く、複数のプロセスで並列に進めたいとき
"""

# %%
# 手書き数字をバッチで取り出す
# ----------------------------
# よく見る例では、``torchvision.datasets.MNIST(root="data", train=True, download=True, transform=...)`` で
# MNIST をダウンロードし、``DataLoader(train_dataset, batch_size=64, shuffle=True, num_workers=2)`` で回します。
# 手元ではそのまま試せます。このページではダウンロードせずに、scikit-learn に同梱の 8×8 の手書き数字 1797 枚を使い、
# 32 枚ずつ取り出します。
#
# ``shuffle=True`` の並び順は乱数で決まります。``generator`` にシードを固定した乱数生成器を渡すと、
# 何度実行しても同じ順番になります。
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()
images = torch.tensor(digits.images / 16.0, dtype=torch.float32).unsqueeze(1)  # (N, 1, 8, 8)
labels = torch.tensor(digits.target)
dataset = TensorDataset(images, labels)

batch_size = 32
loader = DataLoader(
    dataset, batch_size=batch_size, shuffle=True, generator=torch.Generator().manual_seed(0)
)
print(f"サンプル数: {len(dataset)}, バッチサイズ: {batch_size}")
print(
    f"1 エポックのバッチ数 len(loader): {len(loader)}（ceil(N / B) = {math.ceil(len(dataset) / batch_size)}）"
)

xb, yb = next(iter(loader))
print(f"1 つ目のバッチ: 画像 {tuple(xb.shape)}, ラベル {tuple(yb.shape)} {yb.dtype}")

# %%
# 1 エポック回す
# --------------
# 1 エポック回すと、どのサンプルもちょうど 1 回ずつ出てきます。最後のバッチだけは余りの件数になります。
# ラベルの出現回数を数えて、データセット全体と同じになることを確かめます。
batch_sizes = []
seen_labels = []
for _, yb_i in loader:
    batch_sizes.append(len(yb_i))
    seen_labels.append(yb_i)
seen_labels = torch.cat(seen_labels)
print(
    f"バッチの大きさ: 先頭 {batch_sizes[:3]} … 最後 {batch_sizes[-1]}（合計 {sum(batch_sizes)} 件）"
)
print(
    f"ラベルの出現回数がデータセットと一致: {torch.equal(torch.bincount(seen_labels), torch.bincount(labels))}"
)

loader_drop = DataLoader(dataset, batch_size=batch_size, drop_last=True)
print(
    f"drop_last=True のバッチ数: {len(loader_drop)}（端数の {len(dataset) % batch_size} 件を捨てる）"
)

# %%
# エポックごとに順番が変わる
# --------------------------
# ``shuffle=True`` は、``for`` 文を始めるたびに新しい順番を作ります。
# あと 2 回回し始めて、それぞれ最初のバッチのラベルを比べます。
first_labels = [next(iter(loader))[1][:10].tolist() for _ in range(2)]
for k, head in enumerate(first_labels, start=1):
    print(f"{k} 回目の最初のバッチ（先頭 10 件）: {head}")

# %%
# バッチを画像で見る
# ------------------
# 最初に取り出したバッチの 32 枚を、ラベルと一緒に並べます。番号順（0, 1, 2, …）ではなく、ばらばらに混ざっています。
fig, axes = plt.subplots(4, 8, figsize=(7, 4), layout="constrained")
for ax, image, label in zip(axes.flat, xb, yb, strict=True):
    ax.imshow(image[0].numpy(), cmap="gray_r")
    ax.set_title(f"{label.item()}", fontsize=10)
    ax.set_axis_off()
fig.suptitle(f"DataLoader の 1 バッチ（{batch_size} 枚）と、そのラベル")
plt.show()

# %%
# 手元で大きなデータを読むとき
# ----------------------------
# このページのデータは小さく、すでにメモリ上のテンソルなので ``num_workers=0``（既定値）で十分です。
# 画像ファイルを 1 枚ずつ開いて変換するような重い読み込みでは、``num_workers`` を 2〜8 程度にすると、
# モデルの計算と並行して次のバッチを用意できます。GPU で学習するなら ``pin_memory=True`` で、
# GPU への転送が速くなることがあります。Windows と macOS（Python 3.14 からは Linux も）で ``num_workers`` を 1 以上にするときは、
# 学習のコードを ``if __name__ == "__main__":`` の中に書きます（子プロセスがスクリプトを読み直すためです）。
#
# 関連用語
# --------
# :term:`データセット <Dataset>`、:term:`カスタムデータセット <Custom Dataset>`、:term:`バッチサイズ <Batch Size>`、
# :term:`バッチ処理 <Batch Processing>`、:term:`エポック <Epoch>`
#
# このページで使った API
# ----------------------
# :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`, :class:`torch.Generator`,
# :func:`torch.bincount`, :func:`torch.cat`
#
# .. used-in-tutorials:: torch.utils.data.DataLoader torch.utils.data.TensorDataset
