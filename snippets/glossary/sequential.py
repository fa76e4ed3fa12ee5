r"""
シーケンシャル（Sequential）
============================

.. term-card::
   :ja: シーケンシャル
   :reading: しーけんしゃる
   :en: Sequential
   :api: torch.nn.Sequential
   :summary: 複数の :term:`モジュール <Module>` を順番に並べた入れ物です。
      前の出力を次の入力に渡していきます。:class:`torch.nn.Sequential` を使うと、
      一本道のモデルなら :term:`forward メソッド <Forward Method>` を書かずに定義できます。

定義
----
モジュール :math:`f_1, f_2, \dots, f_n` を並べた ``nn.Sequential(f_1, ..., f_n)`` は、
それらの合成関数です。

.. math::

   \mathrm{Sequential}(x) = f_n\bigl(f_{n-1}(\cdots f_2(f_1(x)) \cdots)\bigr)

:class:`torch.nn.Sequential` 自身もモジュールなので、別のモデルの部品にしたり、
Sequential の中に Sequential を入れたりできます。
中の各モジュールは 1 つの入力を受け取り、1 つの出力を返す必要があります。

かみくだいた説明
----------------
Sequential は、層をベルトコンベアのように一列に並べたものです。
データは先頭の層から順に通り、最後の層から出てきます。
途中で枝分かれしたり、前の層の出力を後ろで足し戻したり（残差接続）するモデルは一列に並ばないので、
:class:`~torch.nn.Module` を継承して ``forward`` を自分で書きます。

使われる場面
------------
- 全結合層と活性化関数を交互に重ねた、小さなモデルを手早く作るとき
- 畳み込み層とプーリング層の繰り返しのように、決まった並びのブロックを作るとき
- 大きなモデルの一部分（特徴抽出部、分類部など）をまとめるとき
"""

# %%
# 畳み込みネットワークを並べて作る
# --------------------------------
# 28×28 画素・1 チャンネルの画像を 10 クラスに分類する、小さな畳み込みニューラルネットワークです。
# 畳み込み 2 回とプーリング 2 回で特徴を取り出し、:class:`~torch.nn.Flatten` で 1 列にしてから、
# 全結合層 2 つで分類します。
from collections import OrderedDict

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, stride=1, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(in_channels=32, out_channels=64, kernel_size=3, stride=1, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(64 * 7 * 7, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
print(model)

# %%
# データが層を通るたびに形が変わる
# --------------------------------
# Sequential は ``for`` で回すと中のモジュールを順に返します。1 層ずつ手で通して、
# 形の変化を確かめます。
# 形を見るだけなので、入力は乱数の画像 4 枚です。
images = torch.randn(4, 1, 28, 28)
x = images
trace = [("入力", tuple(x.shape))]
for index, layer in enumerate(model):
    x = layer(x)
    trace.append((f"{index}: {type(layer).__name__}", tuple(x.shape)))
for name, shape in trace:
    print(f"{shape!s:16s} ← {name}")

# %%
# 1 層ずつ通した結果は、``model(images)`` と同じです。
output = model(images)
print(f"1 層ずつ通した結果と model(x) は同じ: {torch.equal(x, output)}")

# %%
# 1 枚あたりの要素数を棒グラフにすると、畳み込みで増えた値がプーリングで 4 分の 1 ずつ減り、
# 全結合層で 10 個のスコアにまとまっていく様子が分かります。
sizes = [torch.Size(shape[1:]).numel() for _, shape in trace]
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.barh([name for name, _ in trace][::-1], sizes[::-1])
ax.set_xscale("log")
ax.set(xlabel="1 枚あたりの要素数（対数目盛）", title="Sequential の各層の出力の大きさ")
plt.show()

# %%
# 番号と名前で取り出す
# --------------------
# 中の層は番号で取り出せ、スライスすると前半だけの Sequential になります。
# ``collections.OrderedDict`` を渡せば、層に名前を付けられます。
features = model[:7]  # 畳み込みから Flatten まで
print(f"model[:7] の型: {type(features).__name__}, 出力の形: {tuple(features(images).shape)}")

named = nn.Sequential(
    OrderedDict([("hidden", nn.Linear(4, 8)), ("act", nn.ReLU()), ("out", nn.Linear(8, 3))])
)
print(f"名前で取り出した層: {named.hidden}")
print(f"パラメータの名前: {[name for name, _ in named.named_parameters()]}")

# %%
# 関連用語
# --------
# :term:`モジュール <Module>`、:term:`forward メソッド <Forward Method>`、:term:`torch.nn`、
# :term:`全結合層 <Linear Layer>`、:term:`活性化関数 <Activation Function>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Sequential`, :class:`torch.nn.Conv2d`, :class:`torch.nn.MaxPool2d`,
# :class:`torch.nn.Flatten`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`,
# :meth:`torch.nn.Module.named_parameters`
#
# .. used-in-tutorials:: torch.nn.Sequential
