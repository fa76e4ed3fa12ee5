r"""
バッチサイズ（Batch Size）
==========================

.. term-card::
   :ja: バッチサイズ
   :reading: ばっちさいず
   :en: Batch Size
   :summary: 1 回のパラメータ更新に使うサンプルの数です。
      大きくすると 1 エポックあたりの更新回数が減り、勾配のばらつき（ノイズ）は小さくなります。
      小さくすると更新回数が増え、勾配のノイズは大きくなります。

定義
----
:math:`N` 件のデータを、:math:`B` 件ずつのミニバッチに分けて学習するとき、:math:`B` をバッチサイズと呼びます。
1 :term:`エポック <Epoch>` の更新回数（イテレーション数）は :math:`\lceil N / B \rceil` です。

ミニバッチの勾配 :math:`g_B` は、全データの勾配 :math:`g` をランダムな :math:`B` 件から見積もった値です。
見積もりの誤差の大きさ（二乗平均の平方根）は、1 件ずつの勾配のばらつき :math:`\sigma` を使って

.. math::

   \sqrt{\mathbb{E} \lVert g_B - g \rVert^2} = \frac{\sigma}{\sqrt{B}} \sqrt{\frac{N - B}{N - 1}}

と書けます（同じバッチの中で同じサンプルを重ねて選ばない場合）。
:math:`B` を 4 倍にすると、ノイズはおよそ半分になります。:math:`B = N` なら誤差は 0 です。

かみくだいた説明
----------------
テストの平均点を、何人かの答案だけから見積もる場面を考えます。1 人だけ見ると大きく外れることがありますが、
100 人見ればかなり正確です。ただし、見る人数を増やすほど 1 回の見積もりに時間がかかり、
同じ時間でできる見積もりの回数（更新の回数）は減ります。バッチサイズは、この正確さと回数の釣り合いを決めます。

使われる場面
------------
- :class:`~torch.utils.data.DataLoader` の ``batch_size`` 引数を決めるとき
- GPU のメモリに収まるかどうかを考えるとき（バッチが大きいほど、途中の計算結果を置くメモリが増えます）
- :term:`学習率 <Learning Rate>` と組にして調整するとき（バッチを大きくしたら学習率も上げる、という目安がよく使われますが、いつも成り立つわけではありません）
"""

# %%
# 1 エポックの更新回数
# --------------------
# scikit-learn の手書き数字 1797 件で、バッチサイズごとに :class:`~torch.utils.data.DataLoader` の長さを数えます。
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

digits = load_digits()
X = torch.tensor(digits.data / 16.0, dtype=torch.float32)  # (1797, 64)
y = torch.tensor(digits.target)
dataset = TensorDataset(X, y)
N = len(dataset)

batch_sizes = [1, 4, 16, 64, 256, 1024]
iterations = {B: len(DataLoader(dataset, batch_size=B)) for B in batch_sizes}
for B in batch_sizes:
    print(f"B = {B:4d}: 更新回数 {iterations[B]:4d}（ceil({N} / {B}) = {math.ceil(N / B)}）")

# %%
# 1 件ずつの勾配
# --------------
# 初期化したばかりの :class:`~torch.nn.Linear`（64 入力、10 クラス）と :class:`~torch.nn.CrossEntropyLoss` で、
# 全 1797 件の勾配 :math:`g` と、1 件ずつの勾配 :math:`g_i` を :meth:`~torch.Tensor.backward` で求めます。
# 損失はバッチの平均なので、:math:`g_i` の平均は :math:`g` に一致します（:term:`バッチ処理 <Batch Processing>`）。
# 上の式の :math:`\sigma` は、:math:`g_i` のばらつき :math:`\sigma^2 = \frac{1}{N} \sum_i \lVert g_i - g \rVert^2` です。
torch.manual_seed(0)
model = nn.Linear(64, 10)
loss_fn = nn.CrossEntropyLoss()


def gradient(xb, yb):
    """損失の勾配を、重みとバイアスを 1 列に並べたベクトル（長さ 650）で返す。"""
    model.zero_grad()
    loss_fn(model(xb), yb).backward()
    return torch.cat([p.grad.flatten() for p in model.parameters()])


full_grad = gradient(X, y)
per_sample = torch.stack([gradient(X[i : i + 1], y[i : i + 1]) for i in range(N)])  # (N, 650)
sigma = (per_sample - full_grad).pow(2).sum(dim=1).mean().sqrt()
mean_gap = (per_sample.mean(dim=0) - full_grad).abs().max()
print(f"1 件ずつの勾配の平均と、全データの勾配の最大の差: {mean_gap:.2e}")
print(f"1 件ずつの勾配のばらつき σ / ‖g‖: {sigma / full_grad.norm():.3f}")

# %%
# ミニバッチの勾配のノイズ
# ------------------------
# バッチサイズごとに、同じサンプルを重ねて選ばない :math:`B` 件のミニバッチを 200 個作ります。
# ミニバッチの勾配 :math:`g_B` は選んだ :math:`B` 件の :math:`g_i` の平均なので、
# 「選んだ列に :math:`1/B` を置いた行列」と ``per_sample`` の積で、200 個まとめて求められます。
# 念のため、最初のミニバッチだけは ``backward`` で直接求めた勾配とも比べます。
# ノイズは、相対誤差 :math:`\lVert g_B - g \rVert / \lVert g \rVert` の二乗平均の平方根で表します。
num_draws = 200
noise, predicted, direct_gap = {}, {}, {}
for B in batch_sizes:
    picks = torch.stack([torch.randperm(N)[:B] for _ in range(num_draws)])  # (200, B)
    weights = torch.zeros(num_draws, N).scatter_(1, picks, 1.0 / B)
    batch_grads = weights @ per_sample  # (200, 650)
    direct_gap[B] = (gradient(X[picks[0]], y[picks[0]]) - batch_grads[0]).abs().max().item()
    noise[B] = ((batch_grads - full_grad).pow(2).sum(dim=1).mean().sqrt() / full_grad.norm()).item()
    predicted[B] = (sigma / math.sqrt(B) * math.sqrt((N - B) / (N - 1)) / full_grad.norm()).item()

print(f"backward で直接求めた勾配との最大の差: {max(direct_gap.values()):.2e}")
for B in batch_sizes:
    print(f"B = {B:4d}: 勾配の相対誤差 測定 {noise[B]:.3f} / 式 {predicted[B]:.3f}")

# %%
# 測った値と式の値を並べます。傾きは :math:`-1/2`（:math:`B` が 100 倍でノイズが 10 分の 1）で、
# :math:`B` が :math:`N` に近づくと、それより速く 0 に近づきます。
grid = np.unique(np.geomspace(1, N - 1, 200).astype(int))
curve = (sigma / full_grad.norm()).item() * np.sqrt((N - grid) / (grid * (N - 1)))
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(batch_sizes, list(noise.values()), "o", ms=8, label=f"測定（ミニバッチ {num_draws} 個）")
ax.plot(grid, curve, "-", label="式の値")
ax.set(
    xscale="log",
    yscale="log",
    xlabel="バッチサイズ B（対数目盛）",
    ylabel="勾配の相対誤差（対数目盛）",
    title="バッチが大きいほど勾配のノイズは小さい",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# ノイズが小さいほど 1 回の更新は正確になりますが、1 エポックの更新回数は減ります。
# 小さなバッチのノイズが、かえって汎化を助けることがあるとも言われます。
# よく使われる 32〜256 程度の値から始め、学習の様子を見て調整するのが実際的です。
#
# 関連用語
# --------
# :term:`バッチ処理 <Batch Processing>`、:term:`データローダ <DataLoader>`、:term:`エポック <Epoch>`、
# :term:`確率的勾配降下法 <SGD>`、:term:`学習率 <Learning Rate>`、:term:`勾配 <Gradient>`
#
# このページで使った API
# ----------------------
# :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`, :class:`torch.nn.Linear`,
# :class:`torch.nn.CrossEntropyLoss`, :meth:`torch.Tensor.backward`, :func:`torch.randperm`
#
# .. used-in-tutorials:: torch.utils.data.DataLoader torch.nn.Linear torch.nn.CrossEntropyLoss
