r"""
データセット（Dataset）
=======================

.. term-card::
   :ja: データセット
   :reading: でーたせっと
   :en: Dataset
   :api: torch.utils.data.Dataset
   :summary: 学習や評価に使うサンプル（入力と正解の組）の集まりです。
      PyTorch では :class:`torch.utils.data.Dataset` がその形を決めていて、``len(dataset)`` で件数を、
      ``dataset[i]`` で i 番目のサンプルを返すものをデータセットとして扱います。

定義
----
教師あり学習のデータセットは、入力 :math:`x_i` と正解 :math:`y_i` の組を :math:`N` 個集めたもの
:math:`\{(x_i, y_i)\}_{i=0}^{N-1}` です。
ふつうは、モデルを学習させる訓練データ、設定を選ぶための検証データ、最後に性能を測るテストデータに分けて使います。

PyTorch の :class:`torch.utils.data.Dataset` は、この集まりを扱うための抽象クラスです。
番号からサンプルを返す ``__getitem__`` と、件数を返す ``__len__`` を持つものを「マップ形式」のデータセットと呼びます。
先頭から順に読むことしかできないデータ（ネットワークから流れてくるデータなど）には
:class:`torch.utils.data.IterableDataset` を使います。

かみくだいた説明
----------------
データセットは、番号の付いた問題集です。「3 番の問題と答えを見せて」と頼むと ``dataset[3]`` が返り、
「全部で何問？」と聞くと ``len(dataset)`` が答えます。
何問ずつ束ねて、どの順番で解くかは、データセットではなく :term:`データローダ <DataLoader>` の仕事です。

使われる場面
------------
- 手元の数値の表や画像を、PyTorch の学習ループに渡せる形にするとき
- 訓練・検証・テストに分けるとき（:func:`torch.utils.data.random_split`）
- torchvision などが用意した公開データセット（MNIST、CIFAR-10 など）を使うとき
"""

# %%
# 手書き数字をデータセットにする
# ------------------------------
# よく見る例では ``torchvision.datasets.MNIST(root="data", train=True, download=True)`` で
# MNIST の訓練データ（28×28 画素の手書き数字 6 万枚。テストデータ 1 万枚は ``train=False`` で別に読みます）を
# 読み込みます。初回はインターネットから ``root`` にダウンロードします。手元で試すときはそのまま使えます。
#
# このページではダウンロードせずに、scikit-learn に同梱されている 8×8 画素の手書き数字（``sklearn.datasets.load_digits``）を使います。
# 画素値は 0〜16 の整数なので、16 で割って 0〜1 にします。画像とラベルのテンソルを
# :class:`~torch.utils.data.TensorDataset` で組にすると、それだけでデータセットになります。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch.utils.data import Dataset, TensorDataset, random_split

digits = load_digits()
images = torch.tensor(digits.images / 16.0, dtype=torch.float32).unsqueeze(1)  # (N, 1, 8, 8)
labels = torch.tensor(digits.target)  # (N,)、0〜9 の整数
dataset = TensorDataset(images, labels)

print(f"Dataset の一種か: {isinstance(dataset, Dataset)}")
print(f"サンプル数 len(dataset): {len(dataset)}")
x0, y0 = dataset[0]
print(f"dataset[0]: 画像の形 {tuple(x0.shape)}, dtype {x0.dtype}, ラベル {y0.item()}")
print(f"画素値の範囲: {images.min():.1f}〜{images.max():.1f}")

# %%
# 訓練・検証・テストに分ける
# --------------------------
# :func:`~torch.utils.data.random_split` は番号をシャッフルして分けます。割合を渡すと、
# 端数は先頭の部分から 1 件ずつ配られます。乱数生成器にシードを与えておけば、何度実行しても同じ分け方になります。
# 分けた結果の :class:`~torch.utils.data.Subset` は元のデータセットと番号の一覧を持つだけで、データはコピーしません。
generator = torch.Generator().manual_seed(42)
train_set, val_set, test_set = random_split(dataset, [0.7, 0.15, 0.15], generator=generator)
splits = {"訓練": train_set, "検証": val_set, "テスト": test_set}

for name, part in splits.items():
    print(f"{name}: {len(part)} 件（{len(part) / len(dataset):.1%}）")
print(f"train_set[0] の中身は元の dataset[{train_set.indices[0]}] です")
print(f"元のデータセットを共有している: {train_set.dataset is dataset}")

# %%
# 分けたあとのクラスの割合
# ------------------------
# 10 種類の数字が、それぞれの部分にどんな割合で入ったかを数えます。
# 全体ではどの数字もほぼ 10% ずつですが、ランダムに分けると偶然によるずれが出ます。この例では、下に表示したとおり、
# 検証データのある数字で 10% からのずれがいちばん大きくなりました。件数の少ない部分ほど、こうしたずれは起こりやすくなります。
# 割合をそろえて分けたいときは、scikit-learn の ``train_test_split(..., stratify=labels)`` などで層化して番号を作り、
# :class:`~torch.utils.data.Subset` に渡します。
class_share = {
    name: torch.bincount(labels[part.indices], minlength=10).float() / len(part)
    for name, part in splits.items()
}
for name, share in class_share.items():
    print(f"{name}: クラスの割合は {share.min():.1%}〜{share.max():.1%}")
share_table = torch.stack(list(class_share.values()))  # (部分, クラス)
row, worst_class = divmod((share_table - 0.1).abs().argmax().item(), 10)
worst_split = list(splits)[row]
worst_share = class_share[worst_split][worst_class]
print(f"10% からいちばん離れたのは {worst_split}データの数字 {worst_class}: {worst_share:.1%}")

fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
width = 0.27
for k, (name, share) in enumerate(class_share.items()):
    ax.bar(np.arange(10) + (k - 1) * width, 100 * share.numpy(), width, label=name)
ax.axhline(10, color="gray", lw=1, ls="--")
ax.set(
    xlabel="数字（クラス）",
    ylabel="その部分に占める割合（%）",
    title="random_split で分けたあとのクラスの割合",
    xticks=range(10),
    ylim=(0, 130 * share_table.max().item()),
)
ax.legend(ncols=3, loc="upper center")
plt.show()

# %%
# 関連用語
# --------
# :term:`カスタムデータセット <Custom Dataset>`、:term:`データローダ <DataLoader>`、
# :term:`バッチサイズ <Batch Size>`、:term:`トランスフォーム <Transforms>`、:term:`過学習 <Overfitting>`
#
# このページで使った API
# ----------------------
# :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.TensorDataset`,
# :func:`torch.utils.data.random_split`, :class:`torch.utils.data.Subset`, :class:`torch.Generator`,
# :func:`torch.bincount`
#
# .. used-in-tutorials:: torch.utils.data.Dataset torch.utils.data.TensorDataset torch.utils.data.random_split
