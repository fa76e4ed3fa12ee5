r"""
エポック（Epoch）
=================

.. term-card::
   :ja: エポック
   :reading: えぽっく
   :en: Epoch
   :summary: 訓練データのすべてを 1 回ずつ使い切るまでの、学習の一区切りです。
      データを :term:`バッチサイズ <Batch Size>` ずつに分けて学習するなら、1 エポックは
      「データ数 ÷ バッチサイズ」（端数は切り上げ）回のパラメータ更新からなります。

定義
----
訓練データが :math:`N` 件、バッチサイズが :math:`B` のとき、1 エポックはデータを重複なく
:math:`\lceil N / B \rceil` 個のミニバッチに分け、それぞれで 1 回ずつパラメータを更新することです。
最後のミニバッチは :math:`N - B(\lceil N/B \rceil - 1)` 件と小さくなることがあります
（:class:`~torch.utils.data.DataLoader` に ``drop_last=True`` を渡すと捨てられ、1 エポックは :math:`\lfloor N / B \rfloor` 回になります）。
:math:`E` エポック学習すると、更新の回数は全部で :math:`E \lceil N / B \rceil` 回です。

かみくだいた説明
----------------
問題集を 1 周解き終えるのが 1 エポックです。1 周では覚えきれないので、何周も繰り返します。
「100 エポック学習した」は「訓練データを 100 周した」という意味です。
1 周の中で何回パラメータを直すかは、一度に何問ずつ解くか（バッチサイズ）で決まります。

使われる場面
------------
- 学習ループの外側の ``for epoch in range(num_epochs):`` です。内側でミニバッチを回します。
- 損失や正解率は、ふつうエポックごとに記録して、学習の進み具合を見ます。
- 何エポック学習するかは、検証データの損失を見て決めます。増やしすぎると :term:`過学習 <Overfitting>` が起きることがあります。
"""

# %%
# 1 エポックの中身
# ----------------
# scikit-learn の ``make_regression`` で 100 件の回帰データを作り、16 件ずつのミニバッチにします。
# 各データに通し番号を付けておき、1 エポックで何がどの順に使われたかを調べます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from sklearn.datasets import make_regression
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

X_np, y_np = make_regression(n_samples=100, n_features=1, noise=10, random_state=42)
X = torch.tensor(X_np, dtype=torch.float32)
y = torch.tensor(y_np, dtype=torch.float32).unsqueeze(1)
dataset = TensorDataset(X, y, torch.arange(len(X)))  # (入力, 正解, 通し番号)

torch.manual_seed(0)  # shuffle=True の並び順もこの乱数で決まる
loader = DataLoader(dataset, batch_size=16, shuffle=True)
print(f"データ数: {len(dataset)}, バッチサイズ: {loader.batch_size}")
print(f"1 エポックのミニバッチ数（更新の回数）: {len(loader)}")

# %%
# 学習ループ
# ----------
# 外側のループが 1 エポック、内側のループが 1 回の更新です。モデルは :class:`torch.nn.Linear`、
# 損失は平均二乗誤差、オプティマイザは学習率 0.01 の :class:`torch.optim.SGD` です。
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
num_epochs = 30

step_losses = []  # 更新 1 回ごとの損失
epoch_losses = []  # エポックごとの平均損失（データ 1 件あたり）
seen = []  # エポックごとに、各ミニバッチの通し番号のリストを並べたもの
for epoch in range(num_epochs):
    total, order = 0.0, []
    for xb, yb, index in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        step_losses.append(loss.item())
        total += loss.item() * len(xb)
        order.append(index.tolist())
    epoch_losses.append(total / len(dataset))
    seen.append(order)
    if epoch in (0, 4, 9, num_epochs - 1):
        print(f"エポック {epoch + 1:2d}: 平均損失 {epoch_losses[-1]:.1f}")

print(f"1 エポック目のミニバッチの大きさ: {[len(batch) for batch in seen[0]]}")
print(f"1 エポック目の最初のミニバッチ: {seen[0][0]}")
print(f"2 エポック目の最初のミニバッチ: {seen[1][0]}")
once_each = all(sorted(i for batch in order for i in batch) == list(range(100)) for order in seen)
print(f"どのエポックでも 100 件を 1 回ずつ使ったか: {once_each}")
print(f"更新の回数: {len(step_losses)} = {num_epochs} エポック × {len(loader)}")

# %%
# ``shuffle=True`` なので、エポックごとに並び順が変わります。それでも 1 エポックでは、どのデータもちょうど 1 回ずつ使われます。
# 最後のミニバッチだけは、端数の :math:`N - B(\lceil N/B \rceil - 1)` 件になります（上の出力）。
#
# 損失をエポックで見る
# --------------------
# 更新ごとの損失は、どのミニバッチに当たったかで上下します。エポックごとに平均すると、下がっていく様子がはっきりします。
# ここでの「エポックごとの平均損失」は、そのエポックの各ミニバッチの損失を件数で重み付けして平均したものです。
# エポックの途中でもモデルは更新されているので、エポックの終わりのモデルで測り直した損失とは少し違います。
steps_in_epochs = np.arange(1, len(step_losses) + 1) / len(loader)
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(
    steps_in_epochs, step_losses, lw=0.8, alpha=0.5, label="更新ごとの損失（16 件以下のミニバッチ）"
)
ax.plot(range(1, num_epochs + 1), epoch_losses, "o-", label="エポックごとの平均損失")
ax.set_yscale("log")
ax.set(
    xlabel="エポック",
    ylabel="平均二乗誤差（対数目盛）",
    title=f"{num_epochs} エポックの学習（1 エポック = {len(loader)} 回の更新）",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 関連用語
# --------
# :term:`バッチサイズ <Batch Size>`、:term:`バッチ処理 <Batch Processing>`、:term:`データローダ <DataLoader>`、
# :term:`データセット <Dataset>`、:term:`過学習 <Overfitting>`、:term:`学習率 <Learning Rate>`
#
# このページで使った API
# ----------------------
# :class:`torch.utils.data.TensorDataset`, :class:`torch.utils.data.DataLoader`, :class:`torch.nn.Linear`,
# :class:`torch.nn.MSELoss`, :class:`torch.optim.SGD`, :func:`torch.arange`
#
# .. used-in-tutorials:: torch.utils.data.DataLoader torch.utils.data.TensorDataset
