r"""
過学習（Overfitting）
=====================

.. term-card::
   :ja: 過学習
   :reading: かがくしゅう
   :en: Overfitting
   :summary: モデルが訓練データの雑音や偶然の癖まで覚えてしまい、訓練データでの損失は小さいのに、
      新しいデータでの損失が大きくなる状態です。学習を続けると、訓練損失は下がり続けるのに、検証損失は途中から上がり始めることがよくあります。
      データを増やす、重み減衰、早期終了、ドロップアウトなどで防ぎます。

定義
----
データの分布を :math:`\mathcal{D}`、1 件の損失を :math:`\ell` とします。本当に小さくしたいのは
新しいデータに対する期待損失（汎化誤差）:math:`R(\theta) = \mathbb{E}_{(x, y) \sim \mathcal{D}}[\ell(f_\theta(x), y)]` ですが、
学習で小さくできるのは訓練データ :math:`n` 件の平均 :math:`\hat R(\theta) = \frac{1}{n}\sum_{i=1}^{n} \ell(f_\theta(x_i), y_i)` だけです。
差 :math:`R(\theta) - \hat R(\theta)` を汎化ギャップと呼びます。
:math:`\hat R` が下がるのに :math:`R` が下がらない（あるいは上がる）とき、モデルは過学習しています。
:math:`R` は直接は計算できないので、学習に使わない :term:`検証データ <Validation Data>` の損失で見積もります。

かみくだいた説明
----------------
試験の過去問を、解き方ではなく答えの並びで丸暗記するようなものです。過去問なら満点でも、新しい問題は解けません。
表現力の高いモデルに少ないデータを与えると、データに含まれる雑音まで説明しようとして、この状態になります。

使われる場面
------------
- 学習中に訓練損失と検証損失を並べて記録し、検証損失が上がり始めていないかを確かめます。
- 過学習を防ぐ主な方法は次のとおりです。

  - **データを増やす**（集める、または :term:`データ拡張 <Data Augmentation>` で水増しする）
  - **重み減衰**：パラメータを小さく保つ罰則を加えます（オプティマイザの ``weight_decay``。:term:`重み減衰 <Weight Decay>`）。
  - **早期終了**：検証損失がいちばん小さかった時点のパラメータを使います（:term:`早期終了 <Early Stopping>`）。
  - **ドロップアウト**：学習中にランダムに一部の値を 0 にします（:class:`torch.nn.Dropout`、:term:`ドロップアウト <Dropout>`。
    :term:`訓練モードと評価モード <train / eval mode>` の切り替えが必要です）。
"""

# %%
# 小さなデータに多項式を当てはめる
# --------------------------------
# 正解は :math:`y = \sin(\pi x)` に標準偏差 0.3 の雑音を足したものです。訓練データは 15 点しかありません。
# モデルは :math:`x` の 12 次までの多項式（:class:`torch.nn.Linear` に 12 個の特徴量を入れたもの）で、
# 15 点に対しては表現力が高すぎます。特徴量には、数値的に扱いやすいルジャンドル多項式を使います。
# 学習は全 15 点を使ったモーメンタム付き SGD（学習率 0.5、モーメンタム 0.7）で、1 エポックが 1 回の更新です。
import copy
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
noise_std = 0.3
x_pool = torch.rand(150) * 2 - 1  # 訓練に使える点。ふだんは先頭の 15 点だけを使う
y_pool = torch.sin(math.pi * x_pool) + noise_std * torch.randn(150)
x_val = torch.linspace(-1, 1, 200)  # 検証データ（学習には使わない）
y_val = torch.sin(math.pi * x_val) + noise_std * torch.randn(200)
degree = 12
num_epochs = 300


def features(x):
    return torch.stack(
        [torch.special.legendre_polynomial_p(x, k) for k in range(1, degree + 1)], dim=1
    )


def train(n_train=15, weight_decay=0.0, epochs=num_epochs):
    """モーメンタム付き SGD で学習し、エポックごとの (訓練損失, 検証損失) と、検証損失が最小のときのパラメータを返す。"""
    torch.manual_seed(1)
    model = nn.Linear(degree, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.7, weight_decay=weight_decay)
    criterion = nn.MSELoss()
    X_train, y_train = features(x_pool[:n_train]), y_pool[:n_train]
    X_val = features(x_val)
    history, best = [], (math.inf, -1, None)
    for epoch in range(epochs):
        optimizer.zero_grad()
        criterion(model(X_train).squeeze(1), y_train).backward()
        optimizer.step()
        with torch.inference_mode():  # 損失を測るだけなので、計算を記録しない
            train_loss = criterion(model(X_train).squeeze(1), y_train).item()
            val_loss = criterion(model(X_val).squeeze(1), y_val).item()
        history.append((train_loss, val_loss))
        if val_loss < best[0]:
            best = (val_loss, epoch, copy.deepcopy(model.state_dict()))
    return model, history, best


model, history, (best_val, best_epoch, best_state) = train()
train_losses = [h[0] for h in history]
val_losses = [h[1] for h in history]
for epoch in (0, best_epoch, 99, 199, 299):
    print(
        f"エポック {epoch + 1:4d}: 訓練損失 {train_losses[epoch]:.4f}, 検証損失 {val_losses[epoch]:.4f}"
    )

# %%
# 過学習を示すのは、検証損失の上昇です。検証損失は早い段階で底を打ち、そのあとは上がっていきます。
# 訓練損失は最後まで下がり続け、雑音の分散（:math:`0.3^2`、点線）を下回ります。雑音まで当てはめ始めたしるしです。
# ただし、パラメータ 13 個で 15 点に合わせるので、上の出力のとおり、検証損失が最小の時点でも訓練損失はすでに雑音の分散より小さく、
# 訓練損失だけでは過学習の始まりは分かりません。
fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
epochs = range(1, len(history) + 1)
ax.plot(epochs, train_losses, label="訓練損失（15 点）")
ax.plot(epochs, val_losses, label="検証損失（200 点）")
ax.axhline(noise_std**2, color="gray", ls=":", label=f"雑音の分散 {noise_std**2:.2f}")
ax.axvline(
    best_epoch + 1, color="tab:green", ls="--", label=f"検証損失が最小（エポック {best_epoch + 1}）"
)
ax.set_yscale("log")
ax.set(xlabel="エポック", ylabel="平均二乗誤差（対数目盛）", title="訓練損失と検証損失が離れていく")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 当てはめた曲線を比べる
# ----------------------
# 最後まで学習したモデルは、15 点の近くを通ろうとして大きく曲がりくねります。
# 検証損失が最小だった時点のパラメータ（早期終了）に戻したモデルは、正解の曲線に近い形です。
early = nn.Linear(degree, 1)
early.load_state_dict(best_state)
grid = torch.linspace(-1, 1, 300)
with torch.inference_mode():
    final_curve = model(features(grid)).squeeze(1)
    early_curve = early(features(grid)).squeeze(1)

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(grid.numpy(), torch.sin(math.pi * grid).numpy(), "k--", label="正解 $\\sin(\\pi x)$")
ax.plot(grid.numpy(), final_curve.numpy(), label=f"{num_epochs} エポック後（過学習）")
ax.plot(grid.numpy(), early_curve.numpy(), label=f"早期終了（エポック {best_epoch + 1}）")
ax.plot(x_pool[:15].numpy(), y_pool[:15].numpy(), "ko", label="訓練データ 15 点")
ax.set(xlabel="x", ylabel="y", ylim=(-2.5, 2.5), title="12 次多項式の当てはめ")
ax.grid(alpha=0.3)
ax.legend(fontsize="small")
plt.show()

# %%
# 対策の効果を比べる
# ------------------
# 同じモデル・同じエポック数で、重み減衰（``weight_decay=0.03``）と、訓練データを 150 点に増やした場合を学習し、
# 最後の検証損失を比べます。早期終了は、上の学習で検証損失が最小だった時点の値です。
results = {
    "対策なし": val_losses[-1],
    "早期終了": best_val,
    "重み減衰 0.03": train(weight_decay=0.03)[1][-1][1],
    "データを 150 点に": train(n_train=150)[1][-1][1],
}
for name, value in results.items():
    print(f"{name}: 検証損失 {value:.4f}")
best_remedy = min(results, key=results.get)
print(f"検証損失がいちばん小さいもの: {best_remedy}")

# %%
# どの対策でも、検証損失は対策なしより小さくなりました。上に表示したとおり、データを増やすのがいちばん効き、
# 検証損失は雑音の分散に近づいています。
# なお、早期終了の値は検証データを見て時点を選んだぶん、少し甘く出ます。本来は、別に取っておいたテストデータで確かめます。
#
# 関連用語
# --------
# :term:`損失関数 <Loss Function>`、:term:`エポック <Epoch>`、:term:`データ拡張 <Data Augmentation>`、
# :term:`訓練モードと評価モード <train / eval mode>`、:term:`状態辞書 <state_dict>`、:term:`確率的勾配降下法 <SGD>`、:term:`データセット <Dataset>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`, :class:`torch.optim.SGD`, :class:`torch.inference_mode`,
# :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :func:`torch.linspace`,
# ``torch.special.legendre_polynomial_p``, :class:`torch.nn.Dropout`
#
# .. used-in-tutorials:: torch.nn.Module.state_dict torch.nn.Module.load_state_dict torch.inference_mode torch.nn.Module.eval
