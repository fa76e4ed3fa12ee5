r"""
nn.Module で線形回帰
========================

:math:`y = 2x + 1` に雑音を加えた 100 個の点に、直線を当てはめます。
:doc:`/tutorials/linear_regression_manual` では、重みの用意も更新も自分で書きました。
このページでは、モデルを :term:`モジュール <Module>` として書きます。
更新は :term:`オプティマイザ <Optimizer>` に任せます。

データの作り方、乱数のシード、学習率、:term:`エポック <Epoch>` 数は、
記事「PyTorchの基本:特徴、インストール、簡単なコード例」の第 3 章と同じです。
記事は学習結果の数値を載せていません。
そこで、データを作ったときの真の値（重み 2、バイアス 1）と、最小二乗法の答えの両方と比べます。
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# データを作る
# ------------
# ``torch.manual_seed(42)`` のあと、入力 ``X_train`` と雑音をこの順に引きます。
# 記事のコメントは、入力を「0 から 10 の間の乱数」と説明しています。
# しかしコードは :func:`torch.randn` を 10 倍しているので、平均 0、標準偏差 10 の正規分布です。
# 負の値も、10 を超える値も出ます（下の出力で確かめられます）。
# このページは記事のコードのほうに従います。雑音は標準偏差 2 の正規分布です。
import copy

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(42)
X_train = torch.randn(100, 1) * 10
y_train = 2 * X_train + 1 + torch.randn(100, 1) * 2
true_weight, true_bias = 2.0, 1.0

print(f"X_train の形: {tuple(X_train.shape)}, y_train の形: {tuple(y_train.shape)}")
print(f"x の最小値: {X_train.min():.2f}, 最大値: {X_train.max():.2f}")
print(f"x が負の点: {(X_train < 0).sum()} 個, x が 10 を超える点: {(X_train > 10).sum()} 個")

# %%
# モデルを定義する
# ----------------
# :class:`torch.nn.Module` を継承したクラスを作ります。
# ``__init__`` で層を用意し、:term:`forward メソッド <Forward Method>` に計算を書きます。
# ``model(x)`` と呼ぶと、``nn.Module`` が ``forward`` を呼び出します。
#
# ``nn.Linear(1, 1)``（:class:`~torch.nn.Linear`）は :math:`\hat{y} = wx + b` を計算する
# :term:`全結合層 <Linear Layer>` です。
# 重み :math:`w` とバイアス :math:`b` を :term:`パラメータ <Parameter>` として持ちます。
# 作った時点で、どちらも乱数で初期化されます。
# この乱数は、データと同じ乱数列から続けて引かれます。
# そのため「データを作ってからモデルを作る」という順番も記事に合わせています。


class LinearRegressionModel(nn.Module):
    """入力 1 つ、出力 1 つの線形回帰モデル。"""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear(x)


model = LinearRegressionModel()
initial_state = copy.deepcopy(model.state_dict())  # あとで同じ初期値から学習し直すため
for name, param in model.named_parameters():
    print(f"{name}: 形 {tuple(param.shape)}, 初期値 {param.item():.4f}")

# %%
# 学習する
# --------
# :term:`損失関数 <Loss Function>` は平均二乗誤差（:class:`~torch.nn.MSELoss`）です。
# オプティマイザは :term:`学習率 <Learning Rate>` 0.01 の :term:`SGD` です。
# 名前は確率的勾配降下法ですが、ここでは毎回 100 点すべてを使うので、計算はふつうの勾配降下法と同じです。
# ``model.parameters()`` を渡すと、このモデルの重みとバイアスが更新の対象になります。
#
# 1 エポックごとに 100 点すべてを使って、次の 4 つを繰り返します。
#
# 1. 順伝播で予測を出し、損失を計算する
# 2. ``optimizer.zero_grad()`` で前回の :term:`勾配 <Gradient>` を消す（:term:`勾配のゼロクリア`）
# 3. ``loss.backward()`` で勾配を計算する（:term:`backward メソッド <Backward Method>`）
# 4. ``optimizer.step()`` で :math:`w \leftarrow w - \eta\, \partial L / \partial w` と更新する
#
# 記事のコードは ``backward`` → ``step`` → ``zero_grad`` の順、解説は ``zero_grad`` → ``backward`` → ``step`` の順です。
# どちらでも ``step`` の時点では今回の勾配だけが入っているので、結果は同じです。
criterion = nn.MSELoss()
learning_rate = 0.01
num_epochs = 100
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

loss_history = []  # 各エポックの、更新する前のパラメータでの損失
weight_history = [model.linear.weight.item()]  # 初期値と、各エポックの更新後の重み
for epoch in range(num_epochs):
    y_pred = model(X_train)
    loss = criterion(y_pred, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

    loss_history.append(loss.item())
    weight_history.append(model.linear.weight.item())
    if (epoch + 1) % 10 == 0:
        print(f"Epoch [{epoch + 1}/{num_epochs}], Loss: {loss.item():.4f}")

# %%
# 損失は最初の数十エポックで大きく下がります。
# そのあとは、雑音の分散（:math:`2^2 = 4`）と同じくらいの値で落ち着きます。
# 雑音は直線では説明できないので、損失はそれより大きくは下がりません。
fig, ax = plt.subplots()
ax.plot(range(1, num_epochs + 1), loss_history)
ax.set_yscale("log")
ax.set(xlabel="エポック", ylabel="平均二乗誤差（対数目盛）", title="損失の推移")
plt.show()

# %%
# 学習した値を確かめる
# --------------------
# 比べる相手の 1 つは、データを作ったときの真の値です。
# もう 1 つは、同じデータに最小二乗法（:func:`torch.linalg.lstsq`）を当てた答えです。
# 雑音があるので、最小二乗法の答えも真の値から少しずれます。
# そのずれの目安として、標準誤差も計算します。
#
# 学習後のパラメータは ``.item()`` で Python の数にします。
# 記事が使っている ``.data`` は、自動微分の記録を素通りする古い書き方です。今は勧められていません。
A = torch.cat([X_train, torch.ones_like(X_train)], dim=1)
ls_weight, ls_bias = torch.linalg.lstsq(A, y_train).solution.squeeze(1).tolist()
learned_weight = model.linear.weight.item()
learned_bias = model.linear.bias.item()

n = len(X_train)
residual = y_train - (ls_weight * X_train + ls_bias)
sigma = residual.pow(2).sum().div(n - 2).sqrt()
sxx = (X_train - X_train.mean()).pow(2).sum()
se_weight = (sigma / sxx.sqrt()).item()
se_bias = (sigma * (1 / n + X_train.mean() ** 2 / sxx).sqrt()).item()

for label, truth, ls, se, learned in [
    ("重み", true_weight, ls_weight, se_weight, learned_weight),
    ("バイアス", true_bias, ls_bias, se_bias, learned_bias),
]:
    print(f"{label}: 真の値 {truth:.4f} / 最小二乗法 {ls:.4f}（標準誤差 {se:.4f}）")
    print(f"    学習結果 {learned:.4f}（最小二乗法との差 {abs(learned - ls):.4f}）")

# %%
# 学習した直線を、データと真の直線に重ねます。
# 予測するだけなので、:class:`torch.no_grad` の中で計算します。
x_line = torch.linspace(X_train.min().item(), X_train.max().item(), 100).unsqueeze(1)
with torch.no_grad():
    y_line = model(x_line)
y_true_line = true_weight * x_line + true_bias

fig, ax = plt.subplots()
ax.scatter(X_train.squeeze(1).numpy(), y_train.squeeze(1).numpy(), s=12, alpha=0.6, label="データ")
ax.plot(x_line.squeeze(1).numpy(), y_line.squeeze(1).numpy(), "r-", lw=2, label="学習した直線")
ax.plot(x_line.squeeze(1).numpy(), y_true_line.squeeze(1).numpy(), "k--", lw=1, label="真の直線")
ax.set(
    xlabel="x", ylabel="y", title=f"学習した直線: y = {learned_weight:.3f} x + {learned_bias:.3f}"
)
ax.legend()
plt.show()

# %%
# 重みは行ったり来たりしている
# ----------------------------
# 上の出力では、重みは最小二乗法の答えにほぼ届き、バイアスはまだ少し届いていません。理由は入力の大きさです。
# 平均二乗誤差を重みで微分すると、:math:`x` が掛かります。
# このデータの :math:`x` は、最初に表示した最小値と最大値のとおり、0 から大きく離れた値まで散らばっています。
# そのため重みの更新は大きく、バイアスの更新は小さくなります。
# 1 回の更新で、最小二乗解までの距離はおおよそ次の倍率で変わります（:math:`\eta` は学習率）。
#
# .. math::
#
#    \text{重み}: 1 - 2\eta \cdot \overline{x^2}, \qquad \text{バイアス}: 1 - 2\eta
mean_x2 = X_train.pow(2).mean().item()
weight_factor = 1 - 2 * learning_rate * mean_x2
bias_factor = 1 - 2 * learning_rate
print(f"重みの倍率: {weight_factor:.3f}, バイアスの倍率: {bias_factor:.3f}")
print(f"重みが発散しない学習率の上限（目安 1 / mean(x^2)）: {1 / mean_x2:.5f}")

# %%
# 上の出力のとおり、重みの倍率は負で、絶対値は 1 に近い値です。
# 重みは毎回、最小二乗解を飛び越えて反対側へ行き、少しずつ近づきます。
# エポックごとの重みを描くと、そのジグザグが見えます。
# 損失は毎回きちんと下がっているので、損失の表示だけではこのジグザグに気づきません。
fig, ax = plt.subplots()
ax.plot(range(len(weight_history)), weight_history, ".-", lw=1)
ax.axhline(ls_weight, color="k", ls="--", lw=1, label=f"最小二乗法 {ls_weight:.3f}")
ax.set(xlabel="エポック（0 は初期値）", ylabel="重み w", title="エポックごとの重み")
ax.legend()
plt.show()

# %%
# 学習率 0.01 は、このデータではぎりぎりの値です。
# 同じ初期値から学習率 0.011 で 100 エポック学習すると、損失は減らずに増え続けます。
# 入力を :doc:`/tutorials/linear_regression_manual` のように標準化すれば、倍率がそろいます。
# 学習率と発散の関係は :doc:`/tutorials/gradient_and_learning_rate` でくわしく見ます。
unstable = LinearRegressionModel()
unstable.load_state_dict(initial_state)
unstable_optimizer = torch.optim.SGD(unstable.parameters(), lr=0.011)
for _ in range(num_epochs):
    unstable_loss = criterion(unstable(X_train), y_train)
    unstable_optimizer.zero_grad()
    unstable_loss.backward()
    unstable_optimizer.step()
unstable_final_loss = unstable_loss.item()
print(f"学習率 0.011: 最初の損失 {loss_history[0]:.1f}, 100 エポック目 {unstable_final_loss:.3e}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Module`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`
# - :meth:`torch.nn.Module.named_parameters`, :meth:`torch.nn.Module.parameters`
# - :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`
# - :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.zero_grad`,
#   :meth:`torch.optim.Optimizer.step`
# - :func:`torch.manual_seed`, :func:`torch.randn`, :func:`torch.linspace`, :func:`torch.cat`
# - :func:`torch.linalg.lstsq`, :class:`torch.no_grad`
# - :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.item`
