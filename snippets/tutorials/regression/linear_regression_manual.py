r"""
手で書く線形回帰
================

10 個の点に直線を当てはめます。重みとバイアスを自分で :term:`テンソル <Tensor>` として用意し、
:term:`自動微分 <Autograd>` で求めた :term:`勾配 <Gradient>` を使って、更新も自分の手で書きます。
``torch.nn`` も ``torch.optim`` も使わないので、学習ループの中で何が起きているかがすべて見えます。

.. lesson::
   :prerequisites: :doc:`/tutorials/basics/tensor_basics`、:doc:`/tutorials/basics/autograd_basics`

   - 重みとバイアスを :term:`requires_grad` 付きのテンソルとして用意する
   - ``(バッチ, 1) @ (1,)`` の形の計算を読む
   - 勾配を求め、``torch.no_grad()`` の中でパラメータを更新する学習ループを書く
"""

# %%
# :doc:`/tutorials/basics/autograd_basics` では、``backward()`` で勾配を求めるところまでを見ました。
# このページでは、その勾配を使ってパラメータを何度も更新します。これが「学習する」ということです。
#
# データを用意する
# ----------------
# 入力 ``x`` は 0 から 9 までの 10 個の整数、正解 ``y`` は 10 個の実数です。``x`` は平均 0、標準偏差 1 に標準化します。
# 標準化すると学習が速く安定する理由は、:ref:`nn.Module で線形回帰の「倍率」の節 <regression-factor>` で確かめます。
#
# :class:`~torch.utils.data.TensorDataset` は入力と正解の組を 1 件ずつ取り出せるようにまとめ、:term:`データローダ <DataLoader>` はそこから :term:`ミニバッチ <Batch Size>` を作ります。
# ここでは 1 件ずつ（``batch_size=1``）、:term:`エポック <Epoch>` ごとに順番を入れ替えて（``shuffle=True``）取り出します。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

# sphinx_gallery_thumbnail_number = 2
X_train = np.arange(10, dtype="float32").reshape((10, 1))
y_train = np.array([1.0, 1.3, 3.1, 2.0, 5.0, 6.3, 6.6, 7.4, 8.0, 9.0], dtype="float32")

X_train_norm = torch.from_numpy((X_train - np.mean(X_train)) / np.std(X_train))
y_train = torch.from_numpy(y_train)
print(f"x の形: {tuple(X_train_norm.shape)}, y の形: {tuple(y_train.shape)}")
print(f"x の平均: {X_train_norm.mean():.4f}, 標準偏差: {X_train_norm.std(correction=0):.4f}")
train_ds = TensorDataset(X_train_norm, y_train)
train_dl = DataLoader(train_ds, batch_size=1, shuffle=True)

# %%
# パラメータとモデル
# ------------------
# モデルは :math:`\hat{y} = x w + b` です。学習で調整する :term:`パラメータ <Parameter>` は、
# 重み :math:`w` とバイアス :math:`b` の 2 つです。重みは乱数で、バイアスは 0 で始め、どちらも ``requires_grad`` を ``True`` にして勾配を記録させます。
# ``shuffle=True`` のデータローダも同じ乱数から並び順を決めるので、シードはこの位置に置きます。
torch.manual_seed(1)
weight = torch.randn(1).requires_grad_()
bias = torch.zeros(1, requires_grad=True)
initial_weight = weight.item()
print(f"重みの初期値: {initial_weight:.4f}, バイアスの初期値: {bias.item():.4f}")


def model(xb):
    return xb @ weight + bias


def loss_fn(pred, target):  # 平均二乗誤差
    return (pred - target).pow(2).mean()


# %%
# ``xb @ weight`` は行列とベクトルの積です。形 (バッチ, 1) の行列と形 (1,) のベクトルを掛けると、各行から値が 1 つずつ出て、形 (バッチ,) になります。
# 正解 ``y`` も形 (バッチ,) なので、引き算は 1 件ずつ対応します。``*`` で掛けると形 (バッチ, 1) のまま残り、形 (バッチ,) の正解から引くと、
# :term:`ブロードキャスト <Broadcasting>` で (バッチ, バッチ) の表ができてしまいます。形はいつも確かめます。
xb, yb = X_train_norm[:3], y_train[:3]
matmul_shape = tuple((xb @ weight).shape)
broadcast_shape = tuple((xb * weight - yb).shape)
print(f"xb {tuple(xb.shape)} @ weight {tuple(weight.shape)} → {matmul_shape}")
print(f"xb * weight - yb の形: {broadcast_shape}（意図しない形）")

# %%
# 学習する
# --------
# 損失は平均二乗誤差 :math:`L = \frac{1}{n}\sum_i (x_i w + b - y_i)^2` です（:term:`損失関数 <Loss Function>`）。
# 1 ステップでは、パラメータを勾配と逆の向きに少し動かします（:term:`勾配降下法 <Gradient Descent>`）。
# :math:`\eta` は :term:`学習率 <Learning Rate>` です。学習率の決め方は :doc:`/tutorials/regression/gradient_and_learning_rate` で見ます。
#
# .. math::
#
#    w \leftarrow w - \eta \frac{\partial L}{\partial w}, \qquad
#    b \leftarrow b - \eta \frac{\partial L}{\partial b}
#
# ``loss.backward()`` が勾配を ``weight.grad`` と ``bias.grad`` に書き込みます。
# 更新は ``torch.no_grad()`` の中で行います。外で書くとエラーになることを、あとで確かめます。
# ``backward()`` は勾配を上書きせずに足し込むので、更新のあとに ``grad.zero_()`` で 0 に戻します（:term:`zero_grad`）。
# 10 エポックごとに、そのエポックの最後のミニバッチ（1 件）の損失と、10 件すべての損失を記録します。
learning_rate = 0.001
num_epochs = 2000
log = []  # (エポック, 最後のミニバッチの損失, 全データの損失)
for epoch in range(num_epochs):
    for x_batch, y_batch in train_dl:
        loss = loss_fn(model(x_batch), y_batch)
        loss.backward()
        with torch.no_grad():
            weight -= weight.grad * learning_rate
            bias -= bias.grad * learning_rate
            weight.grad.zero_()
            bias.grad.zero_()
    if epoch % 10 == 0:
        with torch.no_grad():
            full_loss = loss_fn(model(X_train_norm), y_train).item()
        log.append((epoch, loss.item(), full_loss))

for epoch, batch_loss, full_loss in log[:3] + log[-5:]:
    print(f"エポック {epoch:4d} | 最後の 1 件 {batch_loss:8.4f} | 全データ {full_loss:8.4f}")
print(f"学習後のパラメータ: 重み {weight.item():.4f}, バイアス {bias.item():.4f}")

# %%
# 最後の 1 件の損失は、記録ごとに大きく上下します。学習が進んだり戻ったりしたのではなく、どの点がエポックの最後になったかで値が変わるだけです。
# 10 件すべての損失は落ち着いて下がっていきます。
epochs = [row[0] for row in log]
fig, ax = plt.subplots(layout="constrained")
ax.plot(epochs, [row[1] for row in log], ".", ms=3, alpha=0.6, label="最後の 1 件の損失")
ax.plot(epochs, [row[2] for row in log], "-", lw=2, label="全データ（10 件）の損失")
ax.set(xlabel="エポック", ylabel="平均二乗誤差（対数目盛）", title="損失の推移", yscale="log")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 当てはめた直線
# --------------
# 新しい入力も、訓練データの平均と標準偏差で標準化してからモデルに渡します。
# 予測するだけなので勾配は要りません。matplotlib には ``.numpy()`` で NumPy 配列にして渡します。
X_new = np.linspace(0, 9, num=100, dtype="float32").reshape(-1, 1)
X_new_norm = torch.from_numpy((X_new - np.mean(X_train)) / np.std(X_train))
with torch.no_grad():
    y_pred = model(X_new_norm)

fig, ax = plt.subplots(layout="constrained")
ax.plot(X_train_norm.squeeze(1).numpy(), y_train.numpy(), "o", ms=8, label="訓練データ")
ax.plot(X_new_norm.squeeze(1).numpy(), y_pred.numpy(), "--", lw=3, label="学習した直線")
title = f"学習した直線: y = {weight.item():.3f} x + {bias.item():.3f}"
ax.set(xlabel="x（標準化後）", ylabel="y", title=title)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# ``no_grad`` を外すとどうなるか
# --------------------------------
# ``weight`` のように自分で作った、勾配を記録するテンソル（葉テンソル）を記録しながら書き換えると、
# 書き換え自体が :term:`計算グラフ <Computational Graph>` に入ってしまいます。PyTorch はこれをエラーにします。
try:
    weight -= weight.grad * learning_rate
except RuntimeError as error:
    no_grad_error = str(error)
    print(f"RuntimeError: {no_grad_error}")

# %%
# .. details:: 元の記事「PyTorchを使った線形回帰モデル:初心者向け解説」との比較
#
#    データ、シード、学習率、エポック数、記録のしかたはこの記事と同じで、記事の「Epoch … Loss …」は上の「最後の 1 件の損失」です。
#    記事が載せているエポック 0 の損失 45.0782、最終的なパラメータ 2.7067 と 4.9700 は、このページでも同じ値になります。
#
#    記事は手動の更新で ``torch.no_grad()`` により記録を「無効にする必要があります」と書き、理由を「更新そのものが勾配計算に影響を与えないようにするため」「不必要な計算が追加されてしまいます」と説明しています。
#    必要だという点はそのとおりで、さらに上で見たとおり、無効にしないと PyTorch はエラーで止まります。
published = {"エポック 0 の損失": 45.0782, "重み": 2.7067, "バイアス": 4.9700}
ours = {"エポック 0 の損失": log[0][1], "重み": weight.item(), "バイアス": bias.item()}
for name, value in published.items():
    print(f"{name}: 記事 {value:.4f} / このページ {ours[name]:.4f}")

# %%
# まとめ
# ------
# - パラメータは ``requires_grad=True`` のテンソルとして作り、``backward()`` で勾配を求める
# - 更新 :math:`w \leftarrow w - \eta\, \partial L / \partial w` は ``torch.no_grad()`` の中で書き、そのあと勾配を 0 に戻す
# - 形 (バッチ, 1) @ 形 (1,) は形 (バッチ,) になる。正解の形とそろっているかを確かめる
# - 1 件の損失は揺れる。学習の進み具合は全データの損失で見る
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 学習したモデルで、元の単位の :math:`x = 10` に対する予測を求めてください。
#
# .. hint:: 訓練データの平均と標準偏差で標準化してから ``model`` に渡します。
#
# .. answer::
ex1_x_norm = (torch.tensor([[10.0]]) - np.mean(X_train)) / np.std(X_train)
with torch.no_grad():
    ex1_pred = model(ex1_x_norm).item()
print(f"標準化した x: {ex1_x_norm.item():.4f}, 予測: {ex1_pred:.4f}")

# %%
# **問題 2.** 同じ損失で ``backward()`` を 2 回続けて呼ぶと、``grad`` はどうなるでしょうか。
#
# .. hint:: 勾配を 0 に戻さずに、``w.grad`` を 2 回表示します。
#
# .. answer::
#
#    2 回目の勾配が 1 回目に足し込まれて、ちょうど 2 倍になります。だから更新のたびに 0 に戻します。
w = torch.tensor(1.0, requires_grad=True)
ex2_grads = []
for _ in range(2):
    ((w * 3.0 - 1.0) ** 2).backward()
    ex2_grads.append(w.grad.item())
print(f"1 回目: {ex2_grads[0]:.1f}, 2 回目: {ex2_grads[1]:.1f}")

# %%
# **問題 3.** データローダを使わず、10 件すべてを使う更新を学習率 0.1 で 200 回行ってください。
# 上と同じ直線に着くでしょうか。
#
# .. hint:: ``model`` の代わりに ``X_train_norm @ w + b`` を使い、``w`` と ``b`` を新しく作ります。
#
# .. answer::
#
#    ほぼ同じ直線に着きます。差は小数第 3 位以下です。
w, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
for _ in range(200):
    loss_fn(X_train_norm @ w + b, y_train).backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
ex3_weight, ex3_bias = w.item(), b.item()
print(f"全件で学習: 重み {ex3_weight:.4f}, バイアス {ex3_bias:.4f}")
print(f"1 件ずつで学習: 重み {weight.item():.4f}, バイアス {bias.item():.4f}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.manual_seed`, :func:`torch.randn`, :func:`torch.zeros`, :func:`torch.from_numpy`
# - :meth:`torch.Tensor.requires_grad_`, :meth:`torch.Tensor.backward`, :meth:`torch.Tensor.zero_`
# - :func:`torch.matmul` （``@`` 演算子）, :class:`torch.no_grad`
# - :class:`torch.utils.data.TensorDataset`, :class:`torch.utils.data.DataLoader`
