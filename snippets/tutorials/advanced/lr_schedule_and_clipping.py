r"""
学習率スケジューラと勾配クリッピング
====================================

学習の途中で学習率を変える学習率スケジューラと、1 回の更新が大きくなりすぎるのを防ぐ勾配クリッピングを使います。
3 つのスケジューラの学習率の変化を描いて学習の結果を比べ、勾配が爆発して損失が ``nan`` になる学習を、クリッピングで止めます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:doc:`/tutorials/classification/image_training`、:term:`学習率 <Learning Rate>`、:term:`勾配 <Gradient>`、:term:`オプティマイザ <Optimizer>`

   - ``StepLR``、``CosineAnnealingLR``、``OneCycleLR`` の学習率の変化を、式と実際の値で確かめる
   - ミニバッチの学習ループで、スケジューラをどこで何回 ``step()`` するかを知る
   - 勾配の大きさを測り、:func:`torch.nn.utils.clip_grad_norm_` で発散を止める
"""

# %%
# これまでのページでは、学習率を最初から最後まで同じ値にしていました。このページでは、学習率そのものを学習の途中で動かします。
#
# 学習率の変化を描く
# ------------------
# :term:`学習率スケジューラ <Learning Rate Scheduler>` はオプティマイザを受け取り、``step()`` を呼ぶたびにその学習率を書き換えます。
# 今の学習率は ``get_last_lr()`` で読めます。学習率の変化だけを見たいので、パラメータ 1 つのダミーのオプティマイザを使います。
# スケジューラの ``step()`` はオプティマイザの ``step()`` の後に呼ぶ決まりなので、ここでも両方を呼びます。
# ``functools.partial`` で、オプティマイザ以外の引数を先に決めたスケジューラの作り方を用意しておきます。
#
# - ``StepLR(step_size=s, gamma=γ)``: :math:`\eta_t = \eta_0\,\gamma^{\lfloor t/s \rfloor}`。s エポックごとに γ 倍します。
# - ``CosineAnnealingLR(T_max=T)``: :math:`\eta_t = \eta_0\,(1 + \cos(\pi t / T))/2`。コサインの形で 0 まで下げます。
# - ``OneCycleLR(max_lr, total_steps)``: ``max_lr`` の 1/25 から始め、最初の 30% で ``max_lr`` まで上げ、残りで初めの値の 1/10000 まで下げます。
#   作った時点でオプティマイザの学習率を書き換えるので、オプティマイザに渡した学習率は使われません。
import math
from functools import partial

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import make_regression
from torch import nn
from torch.optim import lr_scheduler
from torch.utils.data import DataLoader, TensorDataset

n_epochs, lr0 = 30, 0.1
schedules = {
    "StepLR": partial(lr_scheduler.StepLR, step_size=10, gamma=0.5),
    "CosineAnnealingLR": partial(lr_scheduler.CosineAnnealingLR, T_max=n_epochs),
    "OneCycleLR": partial(lr_scheduler.OneCycleLR, max_lr=lr0, total_steps=n_epochs),
}


def lr_curve(make_scheduler, n_steps):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr0)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(n_steps):
        lrs.append(scheduler.get_last_lr()[0])  # このエポックで使う学習率
        optimizer.step()
        scheduler.step()
    return lrs


lr_curves = {name: lr_curve(make, n_epochs) for name, make in schedules.items()}
for name, lrs in lr_curves.items():
    print(f"{name:>17}: " + ", ".join(f"{t} エポック目 {lrs[t]:.3g}" for t in (0, 8, 10, 15, 29)))

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for name, lrs in lr_curves.items():
    ax.plot(range(n_epochs), lrs, marker=".", label=name)
ax.set(xlabel="エポック", ylabel="学習率", title="スケジューラごとの学習率")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 学習に使う
# ----------
# 雑音を含む 500 件の線形回帰を、ミニバッチ 10 件、学習率 0.01（モーメンタム 0.9）の SGD で 12 エポック学習します。
# 最小二乗法の解の損失（平均二乗誤差）は、このデータでこれ以上は下げられない値です。最後の訓練損失とその値との差を比べます。
# ``StepLR`` と ``CosineAnnealingLR`` はエポック単位で決まるスケジュールなので、``scheduler.step()`` は 1 エポックに 1 回、
# ミニバッチのループの外で呼びます。``OneCycleLR`` だけは例外で、``epochs`` と ``steps_per_epoch`` から全ステップ数を決め、
# ミニバッチごとに ``step()`` します（既定ではモーメンタムも学習率と逆向きに動かします）。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
Xn, yn = make_regression(n_samples=500, n_features=10, noise=20, random_state=0)
X = torch.tensor(Xn, dtype=torch.float32).to(device)
y = torch.tensor(yn, dtype=torch.float32).unsqueeze(1).to(device)
A = torch.cat([X, torch.ones(len(X), 1, device=device)], dim=1)  # バイアスの列を足す
lstsq_loss = nn.functional.mse_loss(A @ torch.linalg.lstsq(A, y).solution, y).item()
print(f"最小二乗法の解の損失: {lstsq_loss:.2f}")
epochs = 12
step_lr = partial(lr_scheduler.StepLR, step_size=4, gamma=0.1)
run_schedules = {
    "一定": None,
    "StepLR": lambda opt, n: step_lr(opt),
    "CosineAnnealingLR": lambda opt, n: lr_scheduler.CosineAnnealingLR(opt, T_max=epochs),
    "OneCycleLR": lambda opt, n: lr_scheduler.OneCycleLR(
        opt, 0.01, epochs=epochs, steps_per_epoch=n
    ),
}


def fit(make_scheduler):
    torch.manual_seed(0)
    model = nn.Linear(10, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    order = torch.Generator().manual_seed(0)
    loader = DataLoader(TensorDataset(X, y), batch_size=10, shuffle=True, generator=order)
    scheduler = make_scheduler(optimizer, len(loader)) if make_scheduler else None
    every_batch = isinstance(scheduler, lr_scheduler.OneCycleLR)
    for _ in range(epochs):
        for xb, yb in loader:
            loss = nn.functional.mse_loss(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if every_batch:
                scheduler.step()  # OneCycleLR はミニバッチごと
        if scheduler is not None and not every_batch:
            scheduler.step()  # それ以外はエポックごと
    with torch.inference_mode():
        return nn.functional.mse_loss(model(X), y).item()


final_losses = {name: fit(make) for name, make in run_schedules.items()}
for name, loss in final_losses.items():
    print(f"{name}: 最後の訓練損失 {loss:.2f}（最小二乗法との差 {loss - lstsq_loss:.3f}）")

# %%
# 学習率が一定のままでは、ミニバッチごとに勾配がばらつくぶん、パラメータが最適な値の周りで揺れ続け、損失が下がりきりません。
# 3 つのスケジューラは終盤に学習率を小さくするので、揺れが収まり、最小二乗法との差が一定の場合の 10 分の 1 より小さくなりました。
#
# エポックごとの ``step()`` をミニバッチごとに呼ぶと
# --------------------------------------------------
# ``StepLR(step_size=4)`` は「4 エポックごとに下げる」という意味です。これをミニバッチごとに ``step()`` すると、
# 4 ミニバッチごとに下がり、スケジュールが ``len(loader)`` 倍（ここでは 50 倍）の速さで進んでしまいます。
steps_per_epoch = math.ceil(len(X) / 10)
per_epoch = lr_curve(step_lr, 3)
per_batch = lr_curve(step_lr, 3 * steps_per_epoch)[::steps_per_epoch]  # 各エポックの最初の学習率
print(f"1 エポックのミニバッチ数: {steps_per_epoch}")
for epoch in range(3):
    print(
        f"エポック {epoch}: エポックごと {per_epoch[epoch]:.3g}, ミニバッチごと {per_batch[epoch]:.3g}"
    )

# %%
# 勾配の爆発とクリッピング
# ------------------------
# 入力の値が大きい回帰（3 つの特徴量の標準偏差がどれも約 50）を、学習率 0.01 の SGD で、全件を使って 30 回更新します。
# 入力が大きいと勾配も大きくなり、1 回の更新で行き過ぎて、前より大きな勾配が出ます。これが繰り返されると損失は ``inf``、そして ``nan`` になります。
#
# :term:`勾配クリッピング <Gradient Clipping>` の :func:`~torch.nn.utils.clip_grad_norm_` は、``backward()`` の後、``optimizer.step()`` の前に呼びます。
# すべての勾配を 1 本のベクトルとみたときの長さ（ノルム）が ``max_norm`` を超えていたら、向きを変えずに ``max_norm`` まで縮めます。
# 戻り値は縮める前のノルムです。
Xr, yr = make_regression(n_samples=200, n_features=3, noise=10, random_state=0)
X_reg = torch.tensor(Xr, dtype=torch.float32) * 50
y_reg = torch.tensor(yr, dtype=torch.float32).unsqueeze(1)


def regress(X, max_norm=None, lr=0.01, n_steps=30):
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    history = []  # (損失, クリップ前の勾配のノルム)
    for _ in range(n_steps):
        loss = nn.functional.mse_loss(model(X), y_reg)
        optimizer.zero_grad()
        loss.backward()
        norm = torch.linalg.vector_norm(torch.cat([p.grad.flatten() for p in model.parameters()]))
        if max_norm is not None:
            nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        history.append((loss.item(), norm.item()))
    return history


plain = regress(X_reg)
clipped = regress(X_reg, max_norm=10.0)
print("更新の回数: クリップなしの損失（勾配のノルム） | クリップありの損失（勾配のノルム）")
for i in (0, 5, 10, 15, 29):
    print(
        f"{i:2d}: {plain[i][0]:.3g}（{plain[i][1]:.3g}） | {clipped[i][0]:.3g}（{clipped[i][1]:.3g}）"
    )

# %%
# クリップなしでは損失と勾配が ``inf`` を経て ``nan`` になり、学習が壊れます。クリップありでは 1 回の更新の大きさが
# 学習率 × ``max_norm`` 以下に抑えられ、損失は有限のまま下がっていきます。
# ただし、クリッピングは大きすぎる更新を止めるだけで、原因を取り除くわけではありません（練習問題 2）。
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
ax.plot(range(30), [h[0] for h in plain], "o-", label="クリップなし（途中で inf, nan）")
ax.plot(range(30), [h[0] for h in clipped], "s-", label="クリップあり（max_norm=10）")
ax.set(xlabel="更新の回数", ylabel="損失（対数目盛）", yscale="log", title="勾配クリッピングと損失")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# まとめ
# ------
# - 学習率スケジューラは、オプティマイザの学習率を ``step()`` のたびに書き換えます。``optimizer.step()`` の後に呼びます。
# - エポック単位で定義されたスケジューラは 1 エポックに 1 回、``OneCycleLR`` はミニバッチごとに ``step()`` します。
# - ``clip_grad_norm_`` は ``backward()`` と ``optimizer.step()`` の間に呼び、勾配全体の長さを ``max_norm`` 以下にします。
# - クリッピングは発散を止めますが、入力の標準化や学習率の見直しの代わりにはなりません。
#
# .. next-page::


# %%
# 練習問題
# --------
# **問題 1.** 最初の 5 エポックで学習率を 0.01 から 0.1 まで直線的に上げ（ウォームアップ）、
# 残りの 25 エポックでコサインの形で 0 まで下げるスケジュールを作り、0、5、29 エポック目の学習率を調べてください。
#
# .. hint:: ``LinearLR(opt, start_factor=0.1, total_iters=5)`` と ``CosineAnnealingLR(opt, T_max=25)`` を
#    ``SequentialLR(opt, [warmup, cosine], milestones=[5])`` でつなぎます。
#
# .. answer::
def warmup_cosine(opt):
    warmup = lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
    cosine = lr_scheduler.CosineAnnealingLR(opt, T_max=25)
    return lr_scheduler.SequentialLR(opt, [warmup, cosine], milestones=[5])


ex1_lrs = lr_curve(warmup_cosine, 30)
print(", ".join(f"{t} エポック目 {ex1_lrs[t]:.5f}" for t in (0, 5, 29)))

# %%
# **問題 2.** 上の回帰の入力を特徴量ごとに標準化し（平均を引いて標準偏差で割る）、クリップなし・学習率 0.1 で 30 回更新してください。
# 最後の損失を、標準化せずにクリップした場合と比べてください。
#
# .. hint:: ``(X_reg - X_reg.mean(dim=0)) / X_reg.std(dim=0)`` を ``regress`` に渡します。
#
# .. answer::
#
#    標準化すると、クリップしなくても発散せず、最後の損失はクリップした場合より小さくなります。
ex2 = regress((X_reg - X_reg.mean(dim=0)) / X_reg.std(dim=0), lr=0.1)
print(f"最後の損失: 標準化 {ex2[-1][0]:.2f}, 標準化せずにクリップ {clipped[-1][0]:.2f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.optim.lr_scheduler.StepLR`, :class:`torch.optim.lr_scheduler.CosineAnnealingLR`, :class:`torch.optim.lr_scheduler.OneCycleLR`
# - :class:`torch.optim.lr_scheduler.LinearLR`, :class:`torch.optim.lr_scheduler.SequentialLR`, :meth:`torch.optim.lr_scheduler.StepLR.get_last_lr`
# - :func:`torch.nn.utils.clip_grad_norm_`, :func:`torch.linalg.vector_norm`, :func:`torch.linalg.lstsq`
# - :class:`torch.optim.SGD`, :class:`torch.nn.Linear`, :func:`torch.nn.functional.mse_loss`
# - :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`, ``functools.partial``
