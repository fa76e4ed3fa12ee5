r"""
学習過程を観察する
==================

1 本の直線がデータに近づいていく様子を、12 枚のグラフで追います。学習の途中で傾きと切片を記録し、その直線を散布図に重ねます。
あわせて、誤差（RMSE）がエポックごとにどう減るかも見ます。

.. lesson::
   :prerequisites: :doc:`/tutorials/regression/workflow`、:doc:`/tutorials/regression/gradient_and_learning_rate`

   - 学習の途中でパラメータを記録し、直線の変化を図で追う
   - 学習が真の直線ではなく、最小二乗法の直線に向かう理由を知る
   - 切片がいったん逆向きに動く理由を、勾配の式から説明する
"""

# %%
# :doc:`/tutorials/regression/workflow` では、学習の前と後を比べました。このページでは学習の途中を記録して、パラメータがどう動くかを追います。
#
# データを作る
# ------------
# scikit-learn の ``make_regression`` で、特徴量 1 つ、100 件のデータを作ります。``noise=10`` は正解に足す雑音の標準偏差、``random_state=42`` は乱数のシードです。
# ``coef=True`` を付けると、データを作ったときの本当の傾きも返ります。本当の切片は 0 です。
from itertools import pairwise

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from sklearn.datasets import make_regression
from torch import nn

X, y, true_coef = make_regression(n_samples=100, n_features=1, noise=10, random_state=42, coef=True)
X_train = torch.tensor(X, dtype=torch.float32).view(-1, 1)
y_train = torch.tensor(y, dtype=torch.float32).view(-1, 1)
print(f"X の形: {X.shape}, y の形: {y.shape}, 本当の傾き: {true_coef:.4f}")

# %%
# モデルを作る
# ------------
# :term:`全結合層 <Linear Layer>` を 1 つ持つモジュールです。:math:`y = ax + b` の傾き :math:`a` が重み、切片 :math:`b` がバイアスです。
# ``nn.Linear`` は作るときに重みとバイアスを乱数で決めるので、直前に ``torch.manual_seed(42)`` を置いて、毎回同じ出発点にします。


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
# 損失は平均二乗誤差、オプティマイザは学習率 0.01 の SGD です。100 件すべてを使う更新を 110 回行い、
# 1 回目と 10 回ごとの 12 回（1, 10, 20, …, 110 回目）、傾きと切片を記録します。誤差は毎回、平均二乗誤差の平方根 RMSE（正解と同じ単位）で記録します。
#
# 記録のタイミングには注意が要ります。傾きと切片は ``optimizer.step()`` の **後** の値です。
# 一方、損失はその前に計算したものなので、更新 **前** の傾きと切片での誤差です。
num_epochs = 110
recorded_epochs, weights, biases, train_losses, rmse_history = [], [], [], [], []
for epoch in range(1, num_epochs + 1):
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
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
# 記録した 12 組の傾きと切片で直線を描きます。破線は、同じデータに最小二乗法で当てはめた直線です。
# 平均二乗誤差をいちばん小さくするのは、この 100 点に対しては最小二乗法の直線なので、学習はこの直線に向かいます。雑音があるので、最小二乗法の傾きは本当の傾きから少しずれます（下の出力）。
ls_slope, ls_intercept = np.polyfit(X[:, 0], y, deg=1)
print(f"本当の傾き {true_coef:.4f} / 最小二乗法の傾き {ls_slope:.4f}, 切片 {ls_intercept:.4f}")
plot_x = np.linspace(X.min(), X.max(), num=50)

fig, axes = plt.subplots(4, 3, figsize=(6.4, 5.6), sharex=True, sharey=True, layout="constrained")
for ax, epoch, a, b in zip(axes.flat, recorded_epochs, weights, biases, strict=True):
    ax.scatter(X[:, 0], y, color="gray", alpha=0.4, s=6)
    ax.plot(plot_x, ls_intercept + ls_slope * plot_x, "k--", lw=1)
    ax.plot(plot_x, b + a * plot_x, color="tab:blue", lw=2)
    ax.set_title(f"{epoch} 回目の更新の後", fontsize=9)
fig.suptitle("学習の途中の直線（破線は最小二乗法の直線）")
plt.show()

# %%
# 110 回目でも、傾きはまだ最小二乗法の値に届いていません。切片は、いったん負の側へ動いてから戻ってきます。
slope_left = abs(weights[-1] - ls_slope) / abs(initial_slope - ls_slope)
print(f"傾きのずれのうち、110 回の更新のあとに残っている割合: {slope_left:.1%}")
print(f"x の平均: {X.mean():.4f}, 切片の最小値: {min(biases):.4f}")

# %%
# 切片が逆向きに動く理由
# ----------------------
# 最小二乗法の傾きと切片を :math:`a^*, b^*` とし、その直線の残差を :math:`e_i = a^* x_i + b^* - y_i` とします。
# 予測の誤差は :math:`(a - a^*)x_i + (b - b^*) + e_i` と分けられ、残差の平均 :math:`\overline{e}` は 0 です
# （最小二乗法の切片は、ちょうど残差の平均が 0 になるように決まります）。損失 :math:`L` を :math:`b` で微分すると
#
# .. math::
#
#    \frac{\partial L}{\partial b} = 2\,\overline{(a - a^*)x + (b - b^*) + e} = 2(a - a^*)\,\overline{x} + 2(b - b^*)
#
# です。最初は :math:`a - a^*` が大きな負の数で、:math:`\overline{x}` はわずかに負なので、第 1 項が正になり、第 2 項に勝ちます。
# 勾配が正なので切片は下がります。傾きが近づくと第 1 項が小さくなり、切片は :math:`b^*` へ戻ります。出発点での 2 つの項と、自動微分で求めた勾配を比べます。
a = torch.tensor(initial_slope, requires_grad=True)
b = torch.tensor(initial_intercept, requires_grad=True)
criterion(a * X_train + b, y_train).backward()
slope_term = 2 * (initial_slope - ls_slope) * X.mean()
offset_term = 2 * (initial_intercept - ls_intercept)
print(f"第 1 項 {slope_term:.4f} + 第 2 項 {offset_term:.4f} = {slope_term + offset_term:.4f}")
print(f"自動微分で求めた切片の勾配: {b.grad.item():.4f}")

# %%
# もっと学習すると
# ----------------
# 同じモデルをもう 400 回更新して、傾きのずれが最小二乗法の傾きの 1% 未満になるのは何回目かを調べます。
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
# 毎エポックの RMSE を線で、最初の 110 回のうち記録した 12 回を点で描きます。
# 灰色の破線は最小二乗法の直線での RMSE で、RMSE はこの値より下がりません。
ls_rmse = np.sqrt(np.mean((ls_slope * X[:, 0] + ls_intercept - y) ** 2))
print(f"最小二乗法の直線での RMSE: {ls_rmse:.4f}, 最後の RMSE: {rmse_history[-1]:.4f}")

fig, ax = plt.subplots(layout="constrained")
ax.plot(range(1, len(rmse_history) + 1), rmse_history, label="毎エポックの RMSE")
ax.plot(recorded_epochs, train_losses, "o", label="記録した 12 回")
ax.axhline(ls_rmse, color="gray", ls="--", label="最小二乗法の RMSE")
ax.axvline(num_epochs, color="k", lw=0.8, ls=":")
ax.set(xlabel="エポック（点線までが最初の 110 回）", ylabel="RMSE", title="RMSE の推移")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# .. details:: 元の記事「PyTorchを用いた学習過程の観察」との比較
#
#    データ、モデル、学習率、エポック数、記録のしかたはこの記事と同じです。記事はモデルの初期値を決める乱数のシードを固定していないので、
#    このページは ``torch.manual_seed(42)`` を加えました。記事は表と図に pandas と seaborn を使っていますが、ここでは NumPy と matplotlib だけで描いています。
#
#    記事は 110 回目の図について「まだあと少し調整されそう」と書いています。そのとおりで、数値で見ると、傾きのずれが最小二乗法の傾きの 1% 未満になるのは次の回です。
print(f"110 回後に残る傾きのずれ: {slope_left:.1%}, 1% 未満になった回: {within_1pct} 回目")

# %%
# まとめ
# ------
# - 学習の途中の値をリストに記録すると、パラメータの動きを図で追える
# - 記録するときは、その値が ``step()`` の前か後かを意識する
# - 学習が向かうのは、そのデータに対して損失が最小の直線（最小二乗法の直線）。雑音があると真の直線とは少しずれる
# - 切片の勾配には傾きのずれ × :math:`\overline{x}` が混ざるので、切片はいったん逆向きに動くことがある
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 同じ出発点から、学習率 0.1 で更新すると、傾きのずれが 1% 未満になるのは何回目でしょうか。
#
# .. hint:: ``torch.manual_seed(42)`` で同じモデルを作り直し、``lr=0.1`` のオプティマイザで更新を繰り返します。
#
# .. answer::
#
#    傾きの倍率 :math:`1 - 2\eta\,\overline{x^2}` の :math:`|r|` が小さくなるので、ずっと少ない回数で届きます。
torch.manual_seed(42)
ex1_model = SimpleLinearRegression()
ex1_optimizer = torch.optim.SGD(ex1_model.parameters(), lr=0.1)
ex1_step = 0  # 更新した回数
while abs(ex1_model.linear.weight.item() - ls_slope) >= 0.01 * ls_slope:
    ex1_optimizer.zero_grad()
    criterion(ex1_model(X_train), y_train).backward()
    ex1_optimizer.step()
    ex1_step += 1
mean_x2 = (X**2).mean()
print(f"傾きの倍率: 学習率 0.01 で {1 - 0.02 * mean_x2:.3f}, 0.1 で {1 - 0.2 * mean_x2:.3f}")
print(f"学習率 0.1: {ex1_step} 回目で 1% 未満（学習率 0.01 では {within_1pct} 回目）")

# %%
# **問題 2.** 入力から平均を引いて（:math:`\overline{x} = 0` にして）、学習率 0.01 で 110 回学習してください。切片は逆向きに動くでしょうか。
#
# .. hint:: ``X_train - X_train.mean()`` を入力にし、毎回の切片を記録します。
#
# .. answer::
#
#    :math:`\overline{x} = 0` なので勾配の第 1 項が消え、切片は一方向に :math:`b^* = \overline{y}` へ近づきます。
torch.manual_seed(42)
ex2_model = SimpleLinearRegression()
ex2_optimizer = torch.optim.SGD(ex2_model.parameters(), lr=0.01)
ex2_biases = []
for _ in range(num_epochs):
    ex2_optimizer.zero_grad()
    criterion(ex2_model(X_train - X_train.mean()), y_train).backward()
    ex2_optimizer.step()
    ex2_biases.append(ex2_model.linear.bias.item())
ex2_one_way = all(b2 < b1 for b1, b2 in pairwise(ex2_biases))
print(f"切片: 最初 {ex2_biases[0]:.3f} → 最後 {ex2_biases[-1]:.3f}（y の平均 {y.mean():.3f}）")
print(f"切片は毎回下がり続けたか: {ex2_one_way}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Module`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`
# - :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`, :meth:`torch.Tensor.backward`
# - :func:`torch.manual_seed`, :func:`torch.tensor`, :meth:`torch.Tensor.view`, :meth:`torch.Tensor.sqrt`, :meth:`torch.Tensor.item`
# - ``sklearn.datasets.make_regression``（scikit-learn）
