r"""
nn.Module で線形回帰
====================

:math:`y = 2x + 1` に雑音を加えた 100 個の点に、直線を当てはめます。
モデルを :term:`モジュール <Module>` として書き、更新は :term:`オプティマイザ <Optimizer>` に任せます。
最後に、重みとバイアスで学習の進み方が違う理由を、1 回の更新でずれに掛かる倍率で説明します。

.. lesson::
   :prerequisites: :doc:`/tutorials/regression/linear_regression_manual`、:doc:`/tutorials/regression/gradient_and_learning_rate`

   - ``nn.Module`` を継承し、``nn.Linear`` を使うモデルを書く
   - オプティマイザの ``zero_grad()`` と ``step()`` で学習ループを書く
   - 学習結果を、最小二乗法の答えと損失の下限と比べる
   - 入力の大きさで、重みとバイアスの学習の速さが変わることを倍率で説明する
"""

# %%
# :doc:`/tutorials/regression/linear_regression_manual` では、パラメータの用意も更新も自分で書きました。
# このページでは、同じことを ``torch.nn`` と ``torch.optim`` に任せます。
# 倍率 :math:`r = 1 - \eta L''` は :doc:`/tutorials/regression/gradient_and_learning_rate` で導いたものを使います。
#
# データを作る
# ------------
# 入力は :func:`torch.randn` を 10 倍した、平均 0、標準偏差 10 の正規分布です。雑音は標準偏差 2 の正規分布です。``torch.randn(100, 1)`` は形 (100, 1)、つまり 1 行が 1 件のデータです。
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

# %%
# モデルを定義する
# ----------------
# :class:`torch.nn.Module` を継承したクラスを作り、``__init__`` で層を用意し、:term:`forward メソッド <Forward Method>` に計算を書きます。``model(x)`` と呼ぶと ``forward`` が呼ばれます。
# ``nn.Linear(1, 1)``（:class:`~torch.nn.Linear`）は :math:`\hat{y} = wx + b` を計算する :term:`全結合層 <Linear Layer>` で、重みとバイアスを :term:`パラメータ <Parameter>` として持ち、作った時点で乱数で初期化します。
#
# あとで同じ初期値から学習し直すため、:term:`状態辞書 <state_dict>` を ``copy.deepcopy`` で複製しておきます。
# ``state_dict()`` のテンソルはパラメータと同じメモリを指すので、複製しないと学習につられて値が変わります。


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear(x)


model = LinearRegressionModel()
initial_state = copy.deepcopy(model.state_dict())
shares_memory = model.state_dict()["linear.weight"].data_ptr() == model.linear.weight.data_ptr()
print(f"state_dict のテンソルがパラメータと同じメモリを指すか: {shares_memory}")
for name, param in model.named_parameters():
    print(f"{name}: 形 {tuple(param.shape)}, 初期値 {param.item():.4f}")

# %%
# 学習する
# --------
# :term:`損失関数 <Loss Function>` は平均二乗誤差（:class:`~torch.nn.MSELoss`）、
# オプティマイザは :term:`学習率 <Learning Rate>` 0.01 の :term:`SGD` です。毎回 100 点すべてを使うので、計算はふつうの勾配降下法と同じです。
# ``model.parameters()`` を渡すと、重みとバイアスが更新の対象になります。1 :term:`エポック <Epoch>` ごとに次を繰り返します。
#
# 1. 予測を出し、損失を計算する
# 2. ``optimizer.zero_grad()`` で前回の勾配を消す（:term:`勾配のゼロクリア <zero_grad>`）
# 3. ``loss.backward()`` で勾配を計算する
# 4. ``optimizer.step()`` で :math:`w \leftarrow w - \eta\, \partial L / \partial w` と更新する
criterion = nn.MSELoss()
learning_rate = 0.01
num_epochs = 100
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

loss_history = []  # 各エポックの、更新する前のパラメータでの損失
weight_history = [model.linear.weight.item()]  # 初期値と、各エポックの更新後の重み
for epoch in range(num_epochs):
    loss = criterion(model(X_train), y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    loss_history.append(loss.item())
    weight_history.append(model.linear.weight.item())
    if (epoch + 1) % 20 == 0:
        print(f"エポック {epoch + 1:3d}: 損失 {loss.item():.4f}")

# %%
# 学習した値を確かめる
# --------------------
# 同じデータに最小二乗法（:func:`torch.linalg.lstsq`）を当てると、平均二乗誤差がいちばん小さい直線が求まります。
# その直線の損失が、この直線のモデルで届く損失の下限です。雑音があるので下限は 0 ではなく、最小二乗法の答えも真の値から少しずれます。
# ずれの目安に、標準誤差も ± のあとに表示します（データを作り直すと、答えはおよそこの幅でばらつきます）。
A = torch.cat([X_train, torch.ones_like(X_train)], dim=1)
ls_weight, ls_bias = torch.linalg.lstsq(A, y_train).solution.squeeze(1).tolist()
ls_mse = (y_train - (ls_weight * X_train + ls_bias)).pow(2).mean().item()
learned_weight, learned_bias = model.linear.weight.item(), model.linear.bias.item()

# 標準誤差は回帰の教科書にある公式で求めます（sigma は雑音の標準偏差の推定値）。
n, x_mean = len(X_train), X_train.mean().item()
sigma, sxx = (ls_mse * n / (n - 2)) ** 0.5, (X_train - x_mean).pow(2).sum().item()
se_weight, se_bias = sigma / sxx**0.5, sigma * (1 / n + x_mean**2 / sxx) ** 0.5

print(f"最後の損失: {loss_history[-1]:.4f}, 最小二乗法の損失（下限）: {ls_mse:.4f}")
for label, truth, ls, se, learned in [
    ("重み", true_weight, ls_weight, se_weight, learned_weight),
    ("バイアス", true_bias, ls_bias, se_bias, learned_bias),
]:
    print(f"{label}: 真の値 {truth:.1f}, 最小二乗法 {ls:.4f} ± {se:.4f}, 学習 {learned:.4f}")

# %%
# .. _regression-factor:
#
# 倍率で見る、重みとバイアスの違い
# --------------------------------
# 上の出力では、重みは最小二乗法の答えにほぼ届き、バイアスはまだ届いていません。
# 平均二乗誤差 :math:`L = \overline{(wx + b - y)^2}` （上線は 100 点の平均）を 2 回微分すると
#
# .. math::
#
#    \frac{\partial^2 L}{\partial w^2} = 2\,\overline{x^2}, \qquad
#    \frac{\partial^2 L}{\partial b^2} = 2, \qquad
#    \frac{\partial^2 L}{\partial w\,\partial b} = 2\,\overline{x}
#
# です。:math:`\overline{x}` が :math:`\overline{x^2}` に比べて小さいと、重みとバイアスはほぼ別々に動きます。
# それぞれに :math:`r = 1 - \eta L''` を当てはめると、1 回の更新でずれに掛かる倍率は重みが :math:`1 - 2\eta\,\overline{x^2}`、バイアスが :math:`1 - 2\eta` です。
mean_x2 = X_train.pow(2).mean().item()
weight_factor = 1 - 2 * learning_rate * mean_x2
bias_factor = 1 - 2 * learning_rate
print(f"x の平均: {x_mean:.3f}, x^2 の平均: {mean_x2:.1f}")
print(f"重みの倍率: {weight_factor:.3f}, バイアスの倍率: {bias_factor:.3f}")
print(f"重みが発散しない学習率の上限 2/L'' = 1/mean(x^2): {1 / mean_x2:.5f}")

# %%
# 重みの倍率は負で、絶対値は 1 に近い値です。重みは毎回、最小二乗法の答えを飛び越えて反対側へ行き、少しずつ近づきます。
# バイアスの倍率は 1 に近い正の値なので、一方の側からゆっくりとしか近づきません。
# 損失は毎回下がっているので、損失だけを見ていると重みのジグザグには気づきません。
#
# 入力を :doc:`/tutorials/regression/linear_regression_manual` のように平均 0、標準偏差 1 に標準化すると、
# :math:`\overline{x} = 0` で 2 つは完全に別々に動き、:math:`\overline{x^2} = 1` で倍率もそろいます。
fig, (ax_loss, ax_w) = plt.subplots(1, 2, figsize=(6.4, 3.2), layout="constrained")
ax_loss.plot(range(1, num_epochs + 1), loss_history)
ax_loss.axhline(ls_mse, color="gray", ls="--", label="下限（最小二乗法）")
ax_loss.set(xlabel="エポック", ylabel="平均二乗誤差", yscale="log", title="損失")
ax_loss.legend()
ax_w.plot(range(len(weight_history)), weight_history, ".-", lw=1)
ax_w.axhline(ls_weight, color="k", ls="--", lw=1)
ax_w.set(xlabel="エポック（0 は初期値）", ylabel="重み w", title="重み（破線は最小二乗法）")
ax_loss.grid(alpha=0.3)
ax_w.grid(alpha=0.3)
fig.suptitle("損失は下がり続け、重みはジグザグに近づく")
plt.show()

# %%
# .. details:: 元の記事「PyTorchの基本:特徴、インストール、簡単なコード例」との比較
#
#    データの作り方、乱数のシード、学習率、エポック数、「データを作ってからモデルを作る」順番は、この記事の第 3 章と同じです。
#    記事は学習結果の数値を載せていないので、このページは真の値と最小二乗法の答えと比べました。
#
#    記事のコメントは入力を「0から10の間」の乱数と説明していますが、コードは ``torch.randn`` を 10 倍しているので、
#    負の値も 10 を超える値も出ます（下の出力）。このページはコードのほうに従っています。記事のコードは ``backward`` → ``step`` → ``zero_grad`` の順、解説は ``zero_grad`` → ``backward`` → ``step`` の順ですが、
#    どちらも ``step`` の時点では今回の勾配だけが入っているので、結果は同じです。
#    記事が値の取り出しに使う ``.data`` は自動微分の記録を素通りする古い書き方で、今は ``.item()`` や ``.detach()`` を使います。
print(f"x が負の点: {(X_train < 0).sum()} 個, x が 10 を超える点: {(X_train > 10).sum()} 個")

# %%
# まとめ
# ------
# - モデルは ``nn.Module`` を継承して書き、層は ``__init__`` で、計算は ``forward`` で定義する
# - 学習ループは ``zero_grad()`` → ``backward()`` → ``step()``。更新の式はオプティマイザが受け持つ
# - 損失は最小二乗法の損失（下限）より下がらない。雑音があるので、答えも真の値から少しずれる
# - 倍率 :math:`1 - 2\eta\,\overline{x^2}` のとおり、入力が大きいと重みの学習は不安定になる。標準化するとそろう
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 同じ初期値（``initial_state``）から、学習率 0.011 で 100 エポック学習してください。損失はどうなるでしょうか。
#
# .. hint:: 新しいモデルに ``load_state_dict(initial_state)`` で初期値を入れ、オプティマイザも作り直します。
#
# .. answer::
#
#    重みの倍率が :math:`1 - 2 \times 0.011 \times \overline{x^2}` で -1 より小さくなり、発散します。
#    学習ループは問題 2 でも使うので、関数にしておきます。


def train(model, lr, inputs):
    """num_epochs エポック学習し、最後のエポックの損失を返す。"""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(num_epochs):
        loss = criterion(model(inputs), y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


ex1_model = LinearRegressionModel()
ex1_model.load_state_dict(initial_state)
ex1_final_loss = train(ex1_model, 0.011, X_train)
print(f"重みの倍率: {1 - 2 * 0.011 * mean_x2:.3f}, 100 エポック目の損失: {ex1_final_loss:.3e}")

# %%
# **問題 2.** 入力を平均 0、標準偏差 1 に標準化し、学習率 0.1 で 100 エポック学習してください。学習したパラメータを元の単位に戻して、最小二乗法の答えと比べます。
#
# .. hint:: 問題 1 の ``train`` を使います。:math:`x' = (x - m)/s` なら :math:`w'x' + b' = (w'/s)\,x + (b' - w'm/s)` です。
#
# .. answer::
#
#    倍率はどちらも :math:`1 - 2 \times 0.1 = 0.8` になり、100 エポックで最小二乗法の答えに着きます。
m, s = X_train.mean(), X_train.std(unbiased=False)
ex2_model = LinearRegressionModel()
train(ex2_model, 0.1, (X_train - m) / s)
w_std, b_std = ex2_model.linear.weight.item(), ex2_model.linear.bias.item()
ex2_weight, ex2_bias = w_std / s.item(), b_std - w_std * m.item() / s.item()
print(f"元の単位: 重み {ex2_weight:.4f}, バイアス {ex2_bias:.4f}")
print(f"最小二乗法: 重み {ls_weight:.4f}, バイアス {ls_bias:.4f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Module`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`
# - :meth:`torch.nn.Module.named_parameters`, :meth:`torch.nn.Module.parameters`, :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`
# - :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`
# - :func:`torch.linalg.lstsq`, :func:`torch.cat`, :func:`torch.ones_like`
# - :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.item`, :meth:`torch.Tensor.data_ptr`, ``copy.deepcopy``
