r"""
学習過程を観察する
==================

1 本の直線がデータに近づいていく様子を、12 枚のグラフで追います。
学習の途中で傾きと切片を記録し、記録したときの直線を散布図に重ねます。
あわせて、誤差（RMSE）がエポックごとにどう減るかも見ます。

データ、モデル、学習率、エポック数、記録のしかたは、ブログ記事「PyTorchを用いた学習過程の観察」と同じです。
記事はモデルの初期値を決める乱数のシードを固定していないので、
このページでは ``torch.manual_seed(42)`` を加えています。
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# データを作る
# ------------
# scikit-learn の ``make_regression`` で、特徴量 1 つ、100 件のデータを作ります。
# ``noise=10`` は目的変数に足す雑音の標準偏差、``random_state=42`` は乱数のシードです。
# ``coef=True`` を付けると、データを作ったときの本当の傾きも返ります（データは変わりません）。
# 本当の切片は 0 です。
# 記事は表と図に pandas と seaborn を使っていますが、ここでは NumPy と matplotlib だけで描きます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from sklearn.datasets import make_regression
from torch import nn

X, y, true_coef = make_regression(n_samples=100, n_features=1, noise=10, random_state=42, coef=True)
print(f"X の形: {X.shape}, y の形: {y.shape}, 本当の傾き: {true_coef:.4f}")

fig, ax = plt.subplots()
ax.scatter(X[:, 0], y, color="gray", alpha=0.7)
ax.set(xlabel="特徴量 x", ylabel="目的変数 y", title="散布図（正の相関）")
plt.show()

# %%
# モデルを作る
# ------------
# :term:`全結合層 <Linear Layer>` を 1 つ持つ :term:`モジュール <Module>` です。
# :math:`y = ax + b` の傾き :math:`a` が重み、切片 :math:`b` がバイアスです。
# ``nn.Linear`` は作るときに重みとバイアスを乱数で決めます。
# 記事はここで乱数のシードを固定していないので、実行するたびに出発点が変わります。
# このページでは直前に ``torch.manual_seed(42)`` を置いて、毎回同じ出発点にします。


class SimpleLinearRegression(nn.Module):
    def __init__(self, in_features=1, out_features=1):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x):
        return self.linear(x)


torch.manual_seed(42)
model = SimpleLinearRegression()
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
initial_slope, initial_intercept = model.linear.weight.item(), model.linear.bias.item()
print(f"初期値: 傾き {initial_slope:.4f}, 切片 {initial_intercept:.4f}")

# %%
# 学習して、途中を記録する
# ------------------------
# :term:`損失関数 <Loss Function>` は平均二乗誤差です。
# :term:`オプティマイザ <Optimizer>` は :term:`学習率 <Learning Rate>` 0.01 の :term:`SGD` です。
# 100 件すべてを使う更新を 110 回（110 :term:`エポック <Epoch>`）行います。
# 記事と同じく、1 回目と、10 回ごとに傾きと切片を記録します。1, 10, 20, …, 110 回目の 12 回です。
# 誤差は、平均二乗誤差の平方根 RMSE で記録します。
#
# 記録のタイミングには注意がいります。傾きと切片は ``optimizer.step()`` の **後** の値です。
# 一方、損失はその前に計算したものなので、更新 **前** の傾きと切片での誤差です。
# ページの最後の図では、RMSE は毎エポック記録して描きます。
X_train = torch.tensor(X, dtype=torch.float32).view(-1, 1)
y_train = torch.tensor(y, dtype=torch.float32).view(-1, 1)

num_epochs = 110
recorded_epochs, weights, biases, train_losses = [], [], [], []
rmse_history = []  # 毎エポックの RMSE（更新前）
for epoch in range(1, num_epochs + 1):
    optimizer.zero_grad()
    predictions = model(X_train)
    loss = criterion(predictions, y_train)
    loss.backward()
    optimizer.step()

    rmse_history.append(loss.sqrt().item())
    if epoch == 1 or epoch % 10 == 0:
        recorded_epochs.append(epoch)
        weights.append(model.linear.weight.item())
        biases.append(model.linear.bias.item())
        train_losses.append(loss.sqrt().item())

for epoch, a, b, rmse in zip(recorded_epochs, weights, biases, train_losses, strict=True):
    print(f"{epoch:3d} 回目: 傾き {a:7.3f}, 切片 {b:6.3f}, RMSE {rmse:6.3f}")

# %%
# 直線が近づいていく様子
# ----------------------
# 記録した 12 組の傾きと切片で直線を描きます。
# 破線は、同じデータに最小二乗法で当てはめた直線（このモデルで到達できる最良の直線）です。
ls_slope, ls_intercept = np.polyfit(X[:, 0], y, deg=1)
plot_x = np.linspace(X.min(), X.max(), num=50)

fig, axes = plt.subplots(4, 3, figsize=(9, 10), sharex=True, sharey=True)
for ax, epoch, a, b in zip(axes.flat, recorded_epochs, weights, biases, strict=True):
    ax.scatter(X[:, 0], y, color="gray", alpha=0.4, s=8)
    ax.plot(plot_x, ls_intercept + ls_slope * plot_x, "k--", lw=1)
    ax.plot(plot_x, b + a * plot_x, color="tab:blue", lw=2)
    ax.set_title(f"{epoch} 回目の更新の後")
fig.suptitle("学習の途中の直線（破線は最小二乗法の直線）")
plt.show()

# %%
# 110 回目でも、傾きはまだ最小二乗法の値に届いていません。
# 記事も「まだあと少し調整されそう」と書いています。
#
# 切片は、いったん負の側へ動いてから戻ってきます。
# 切片の :term:`勾配 <Gradient>` には、「傾きのずれ（今の傾き − 最小二乗法の傾き）× :math:`x` の平均」が混ざるからです。
# このデータの :math:`x` の平均はわずかに負です（下の出力）。
# 傾きが大きく足りない間は傾きのずれも負なので、この積が正になり、切片は下に押されます。
slope_left = abs(weights[-1] - ls_slope) / abs(initial_slope - ls_slope)
print(f"最小二乗法: 傾き {ls_slope:.4f}, 切片 {ls_intercept:.4f}")
print(f"110 回目:   傾き {weights[-1]:.4f}, 切片 {biases[-1]:.4f}")
print(f"傾きのずれのうち、110 回の更新のあとに残っている割合: {slope_left:.1%}")
print(f"x の平均: {X.mean():.4f}, 切片の最小値: {min(biases):.4f}")

# %%
# 同じモデルをもう 400 回更新して、どこまで近づくかを確かめます。
# 傾きのずれが最小二乗法の傾きの 1% 未満になるのは何回目の更新かも調べます。
# 下の出力のとおり、そこまでには記事の「あと少し」よりずっと多くの更新が要ります。
slope_trace = []
for _ in range(400):
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
    loss.backward()
    optimizer.step()
    rmse_history.append(loss.sqrt().item())
    slope_trace.append(model.linear.weight.item())
within_1pct = next(
    num_epochs + i + 1 for i, a in enumerate(slope_trace) if abs(a - ls_slope) < 0.01 * ls_slope
)
final_slope, final_intercept = model.linear.weight.item(), model.linear.bias.item()
print(f"傾きが最小二乗法の値の 1% 以内に入った回: {within_1pct} 回目")
print(f"{len(rmse_history)} 回目の後: 傾き {final_slope:.4f}, 切片 {final_intercept:.4f}")

# %%
# 誤差の推移
# ----------
# 毎エポックの RMSE を線で、記事と同じ 12 回の記録を点で描きます。
# 灰色の線は、最小二乗法の直線での RMSE です。RMSE はこの値より下がりません。
ls_rmse = np.sqrt(np.mean((ls_slope * X[:, 0] + ls_intercept - y) ** 2))
print(f"最小二乗法の直線での RMSE: {ls_rmse:.4f}, 最後の RMSE: {rmse_history[-1]:.4f}")

fig, ax = plt.subplots()
ax.plot(range(1, len(rmse_history) + 1), rmse_history, label="毎エポックの RMSE")
ax.plot(recorded_epochs, train_losses, "o", label="記事と同じ 12 回の記録")
ax.axhline(ls_rmse, color="gray", ls="--", label="最小二乗法の RMSE")
ax.axvline(num_epochs, color="k", lw=0.8, ls=":")
ax.set(xlabel="エポック（点線までが記事と同じ 110 回）", ylabel="RMSE", title="RMSE の推移")
ax.legend()
plt.show()

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Module`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`
# - :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.zero_grad`,
#   :meth:`torch.optim.Optimizer.step`, :meth:`torch.Tensor.backward`
# - :func:`torch.manual_seed`, :func:`torch.tensor`, :meth:`torch.Tensor.view`,
#   :meth:`torch.Tensor.sqrt`, :meth:`torch.Tensor.item`
# - ``sklearn.datasets.make_regression``（scikit-learn）
