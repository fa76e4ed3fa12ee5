r"""
手で書く線形回帰
================

10 個の点に直線を当てはめます。重みとバイアスを自分で :term:`テンソル <Tensor>` として用意し、
:term:`自動微分 <Autograd>` で求めた :term:`勾配 <Gradient>` を使って、更新も自分の手で書きます。
``torch.nn`` も ``torch.optim`` も使わないので、学習ループの中で何が起きているかがすべて見えます。

データ、乱数のシード、学習率、エポック数は、Qiita の記事「PyTorchを使った線形回帰モデル:初心者向け解説」と同じです。
記事が載せている数値（エポック 0 の損失 45.0782、最終的なパラメータ 2.7067 と 4.9700）と、
このページの実行結果を最後に比べます。
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# データを用意する
# ----------------
# 入力 ``x`` は 0 から 9 までの 10 個の整数、目的変数 ``y`` は記事の 10 個の値です。
# ``x`` は平均 0、標準偏差 1 になるように標準化します。入力の大きさがそろうと、
# 同じ学習率でも学習が安定しやすくなります。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

X_train = np.arange(10, dtype="float32").reshape((10, 1))
y_train = np.array([1.0, 1.3, 3.1, 2.0, 5.0, 6.3, 6.6, 7.4, 8.0, 9.0], dtype="float32")

X_train_norm = (X_train - np.mean(X_train)) / np.std(X_train)
X_train_norm = torch.from_numpy(X_train_norm)
y_train = torch.from_numpy(y_train)

print(f"x の形: {tuple(X_train_norm.shape)}, y の形: {tuple(y_train.shape)}")
print(
    f"標準化した x の平均: {X_train_norm.mean():.4f}, 標準偏差: {X_train_norm.std(unbiased=False):.4f}"
)

# %%
# :class:`~torch.utils.data.TensorDataset` は入力と目的変数の組を 1 件ずつ取り出せるようにまとめます。
# :term:`データローダー <DataLoader>`（:class:`~torch.utils.data.DataLoader`）は、そこから :term:`ミニバッチ <Batch Size>` を作ります。
# ここでは 1 件ずつ（``batch_size=1``）、:term:`エポック <Epoch>` ごとに順番を入れ替えて（``shuffle=True``）取り出します。
train_ds = TensorDataset(X_train_norm, y_train)
train_dl = DataLoader(train_ds, batch_size=1, shuffle=True)

x_first, y_first = train_ds[0]
print(f"1 件目: x = {x_first.item():.4f}, y = {y_first.item():.1f}")

# %%
# パラメータを作る
# ----------------
# モデルは :math:`\hat{y} = x \cdot w + b` です。学習で調整する :term:`パラメータ <Parameter>` は、
# 重み :math:`w` とバイアス :math:`b` の 2 つです。重みは標準正規分布から 1 つ引き、バイアスは 0 から始めます。
# どちらも :term:`requires_grad` を ``True`` にして、PyTorch に勾配を記録してもらいます。
#
# ``torch.manual_seed(1)`` を ``torch.randn`` の直前に置くのは記事と同じです。
# ``shuffle=True`` の ``DataLoader`` も同じ乱数生成器から並び順を決めるので、
# この位置を変えると、重みの初期値だけでなくデータの順番も変わります。
torch.manual_seed(1)
weight = torch.randn(1)
weight.requires_grad_()
bias = torch.zeros(1, requires_grad=True)
initial_weight = weight.item()
print(f"重みの初期値: {initial_weight:.4f}, バイアスの初期値: {bias.item():.4f}")


def model(xb):
    """x @ w + b。xb の形は (バッチ, 1)、結果の形は (バッチ,)。"""
    return xb @ weight + bias


def loss_fn(pred, target):
    """平均二乗誤差。"""
    return (pred - target).pow(2).mean()


# %%
# 損失関数は :term:`平均二乗誤差 <Loss Function>` です。
#
# .. math::
#
#    L(w, b) = \frac{1}{n} \sum_{i=1}^{n} \left( x_i w + b - y_i \right)^2
#
# 学習の 1 ステップでは、パラメータを勾配と逆の向きに少し動かします（:term:`勾配降下法 <Gradient Descent>`）。
# :math:`\eta` は :term:`学習率 <Learning Rate>` です。
#
# .. math::
#
#    w \leftarrow w - \eta \frac{\partial L}{\partial w}, \qquad
#    b \leftarrow b - \eta \frac{\partial L}{\partial b}
#
# 学習する
# --------
# ``loss.backward()`` が :math:`\partial L / \partial w` と :math:`\partial L / \partial b` を計算し、
# ``weight.grad`` と ``bias.grad`` に書き込みます。更新は ``torch.no_grad()`` の中で行います。
# 記録の対象外にしないと、勾配を必要とする葉テンソル（``weight`` や ``bias`` のように、
# 計算の結果ではなく自分で直接作ったテンソル）をその場で書き換えることになり、PyTorch はエラーを出します（下で実際に確かめます）。
# 更新のあとに ``grad.zero_()`` で勾配を 0 に戻すのは、``backward()`` が勾配を
# 上書きではなく足し込むからです（:term:`zero_grad`）。
#
# 10 エポックごとに、そのエポックの最後のミニバッチ（1 件）の損失を記録します。
# 記事が表示している値はこれです。あわせて、10 件すべてに対する損失も記録します。
learning_rate = 0.001
num_epochs = 2000
log_epochs = 10

log = []  # (エポック, 最後のミニバッチの損失, 全データの損失)
for epoch in range(num_epochs):
    for x_batch, y_batch in train_dl:
        pred = model(x_batch)
        loss = loss_fn(pred, y_batch)
        loss.backward()

        with torch.no_grad():
            weight -= weight.grad * learning_rate
            bias -= bias.grad * learning_rate
            weight.grad.zero_()
            bias.grad.zero_()

    if epoch % log_epochs == 0:
        with torch.no_grad():
            full_loss = loss_fn(model(X_train_norm), y_train).item()
        log.append((epoch, loss.item(), full_loss))

for epoch, batch_loss, _ in log[:5] + log[-5:]:
    print(f"Epoch {epoch}  Loss {batch_loss:.4f}")
print(f"（記録は {len(log)} 回。最初と最後の 5 回だけを表示しています）")
print("Final Parameters:", weight.item(), bias.item())

# %%
# 記事との比較
# ------------
# 記事はエポック 0 の損失を 45.0782、最終的なパラメータを 2.7067（重み）と 4.9700（バイアス）と載せています。
# このページの実行結果との差を計算します。
published = {"エポック 0 の損失": 45.0782, "重み": 2.7067, "バイアス": 4.9700}
ours = {"エポック 0 の損失": log[0][1], "重み": weight.item(), "バイアス": bias.item()}
for name, value in published.items():
    print(
        f"{name}: 記事 {value:.4f} / このページ {ours[name]:.4f} / 差 {abs(ours[name] - value):.4f}"
    )

# %%
# 最後の数行を見ると、損失が 0.25 前後から 0.05 へ急に下がっています。これは学習が急に進んだのではありません。
# 記録しているのがそのエポックで最後に使った 1 件の損失なので、どの点が最後になったかで値が大きく揺れるのです。
# 10 件すべてに対する損失を並べると、落ち着いて下がっていく様子が見えます。
epochs = [row[0] for row in log]
fig, ax = plt.subplots()
ax.plot(
    epochs, [row[1] for row in log], ".", ms=3, alpha=0.6, label="最後のミニバッチ（1 件）の損失"
)
ax.plot(epochs, [row[2] for row in log], "-", lw=2, label="全データ（10 件）の損失")
ax.set_yscale("log")
ax.set(xlabel="エポック", ylabel="平均二乗誤差（対数目盛）", title="損失の推移")
ax.legend()
plt.show()

# %%
# 当てはめた直線
# --------------
# 学習したパラメータで、区間全体の予測を描きます。予測するだけなので勾配は要りません。
# matplotlib にはテンソルではなく ``.numpy()`` で NumPy 配列に直してから渡します。
# 新しい入力も、学習データの平均と標準偏差で標準化してからモデルに渡します。
X_test = np.linspace(0, 9, num=100, dtype="float32").reshape(-1, 1)
X_test_norm = torch.from_numpy((X_test - np.mean(X_train)) / np.std(X_train))
with torch.no_grad():
    y_pred = model(X_test_norm)

fig, ax = plt.subplots()
ax.plot(X_train_norm.squeeze(1).numpy(), y_train.numpy(), "o", ms=8, label="学習データ")
ax.plot(X_test_norm.squeeze(1).numpy(), y_pred.numpy(), "--", lw=3, label="学習した直線")
ax.set(
    xlabel="x（標準化後）",
    ylabel="y",
    title=f"学習した直線: y = {weight.item():.3f} x + {bias.item():.3f}",
)
ax.legend()
plt.show()

# %%
# ``no_grad`` を外すとどうなるか
# --------------------------------
# 更新を ``torch.no_grad()`` の外で書くと、PyTorch は次のエラーで止まります。
# 勾配を記録している葉テンソルをその場で書き換えると、その書き換え自体が :term:`計算グラフ <Computational Graph>` に記録され、
# ``weight`` が計算の出発点（葉）でなくなってしまいます。そのため PyTorch はこの操作を禁止しています。
try:
    weight -= weight.grad * learning_rate
except RuntimeError as error:
    no_grad_error = str(error)
    print(f"RuntimeError: {no_grad_error}")

# %%
# 記事は ``torch.no_grad()`` の理由を「不要な計算を記録しないため」と説明していますが、
# それだけではありません。上のとおり、このやり方で更新するなら ``no_grad`` は必須です。
#
# このページで使った API
# ----------------------
# - :func:`torch.manual_seed`, :func:`torch.randn`, :func:`torch.zeros`, :func:`torch.from_numpy`
# - :meth:`torch.Tensor.requires_grad_`, :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.zero_`
# - :class:`torch.no_grad`
# - :class:`torch.utils.data.TensorDataset`, :class:`torch.utils.data.DataLoader`
