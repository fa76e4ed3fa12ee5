r"""
学習率スケジューラ（Learning Rate Scheduler）
=============================================

.. term-card::
   :ja: 学習率スケジューラ
   :reading: がくしゅうりつすけじゅーら
   :en: Learning Rate Scheduler
   :api: torch.optim.lr_scheduler.StepLR
   :summary: 学習の進み具合に合わせて、オプティマイザの学習率を決まった規則で変えていく仕組みです。
      ``torch.optim.lr_scheduler`` にあり、``scheduler.step()`` を呼ぶたびにオプティマイザの ``param_groups`` の ``lr`` を書き換えます。
      エポックごとに呼ぶもの（``StepLR``、``CosineAnnealingLR``）と、ミニバッチごとに呼ぶもの（``OneCycleLR``）があります。

定義
----
スケジューラは :term:`オプティマイザ <Optimizer>` を受け取って作り、``step()`` が呼ばれた回数 :math:`t` から学習率 :math:`\eta_t` を決めて、
``optimizer.param_groups[i]["lr"]`` に書き込みます。最初の学習率を :math:`\eta_0` とすると、

.. math::

   \text{StepLR:}\quad \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}, \qquad
   \text{CosineAnnealingLR:}\quad \eta_t = \eta_{\min} + \frac{\eta_0 - \eta_{\min}}{2}\left(1 + \cos\frac{\pi t}{T_{\max}}\right)

です（:math:`s` は ``step_size``、:math:`\gamma` は ``gamma``、:math:`T_{\max}` は ``T_max``、:math:`\eta_{\min}` は ``eta_min``）。
:class:`~torch.optim.lr_scheduler.OneCycleLR` は、合計ステップ数のうち最初の約 3 割で学習率を ``max_lr`` まで上げ、残りで十分小さな値まで下げます。
いまの学習率は ``scheduler.get_last_lr()``（パラメータのグループごとのリスト）で読めます。

かみくだいた説明
----------------
最初は大またで進んで損失の谷に早く近づき、谷底が近づいたら小またにして細かく合わせる、という作戦を自動で行う係です。
:term:`学習率 <Learning Rate>` を一定にしたままだと、大きければ谷底のまわりで揺れ続け、小さければなかなか進みません。

使われる場面
------------
- エポックごとの学習ループの最後で ``scheduler.step()`` を呼びます（``optimizer.step()`` のあと）。
- ``OneCycleLR`` はミニバッチごとに呼びます。検証損失を見て下げる ``ReduceLROnPlateau`` は ``scheduler.step(val_loss)`` と呼びます。
- 学習を中断・再開するときは、スケジューラの ``state_dict()`` もチェックポイントに入れます。
"""

# %%
# スケジューラが書き換えるもの
# ----------------------------
# 学習率はオプティマイザの ``param_groups`` に入っています。
# :class:`~torch.optim.lr_scheduler.StepLR` を作り、``optimizer.step()`` → ``scheduler.step()`` を 3 回繰り返すと、
# ``step_size=2`` 回ごとに学習率が ``gamma=0.5`` 倍になります。
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn
from torch.optim import lr_scheduler

optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
step_lrs = []
for epoch in range(1, 4):
    optimizer.step()  # ふだんはここまでに損失を計算し、backward() を呼んでおきます
    scheduler.step()
    step_lrs.append((optimizer.param_groups[0]["lr"], scheduler.get_last_lr()))
    group_lr, last_lr = step_lrs[-1]
    print(
        f"{epoch} 回目の step() のあと: param_groups の lr = {group_lr}, get_last_lr() = {last_lr}"
    )

# %%
# 学習率の曲線
# ------------
# 30 エポック分の学習率を、3 つのスケジューラで比べます。``OneCycleLR`` は 1 エポック 10 ミニバッチとして、ミニバッチごとに進めます。


def lr_curve(make_scheduler, steps):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])  # このステップで使う学習率
        optimizer.step()
        scheduler.step()
    return lrs


curves = {
    "StepLR（10 エポックごとに 0.5 倍）": lr_curve(lambda o: lr_scheduler.StepLR(o, 10, 0.5), 30),
    "CosineAnnealingLR（T_max=30）": lr_curve(lambda o: lr_scheduler.CosineAnnealingLR(o, 30), 30),
    "OneCycleLR（max_lr=0.1、ミニバッチごと）": lr_curve(
        lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.1, epochs=30, steps_per_epoch=10), 300
    ),
}
for name, lrs in curves.items():
    print(f"{name}: 最初 {lrs[0]:.4f}, 最大 {max(lrs):.4f}, 最後 {lrs[-1]:.2e}")

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for name, lrs in curves.items():
    if len(lrs) == 30:  # エポックごと: 1 エポックのあいだ同じ学習率
        ax.stairs(lrs, range(31), baseline=None, lw=1.5, label=name)
    else:  # ミニバッチごと
        ax.plot([i / 10 for i in range(len(lrs))], lrs, label=name)
ax.set(xlabel="エポック", ylabel="学習率", title="スケジューラごとの学習率の変化")
ax.grid(alpha=0.3)
ax.legend(fontsize="small")
plt.show()

# %%
# 呼ぶ順番
# --------
# ``scheduler.step()`` を ``optimizer.step()`` より先に呼ぶと、PyTorch は警告を出します
# （スケジュールの最初の学習率が使われずに飛ばされるためです）。ここでは警告を受け止めて表示します。
optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
scheduler = lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    scheduler.step()
order_warning = str(caught[0].message)
print(f"{caught[0].category.__name__}: {order_warning.split('. ')[0]}.")

# %%
# チェックポイントに入れる
# ------------------------
# 小さな回帰を 1 エポック 4 ミニバッチで学習し、エポックの最後に ``scheduler.step()`` を呼びます。
# 10 エポックで中断してモデル・オプティマイザ・スケジューラの ``state_dict()`` を保存し、
# 読み込んで 20 エポックまで続けた結果を、中断せずに 20 エポック学習した結果と比べます。
torch.manual_seed(0)
X = torch.randn(64, 3)
y = X @ torch.tensor([1.0, -2.0, 0.5]) + 0.1 * torch.randn(64)


def make_run():
    torch.manual_seed(1)
    model = nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    return model, optimizer, lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)


def train(model, optimizer, scheduler, epochs):
    for _ in range(epochs):
        for xb, yb in zip(X.split(16), y.split(16), strict=True):
            optimizer.zero_grad()
            nn.functional.mse_loss(model(xb).squeeze(1), yb).backward()
            optimizer.step()
        scheduler.step()  # エポックの最後に 1 回


straight = make_run()
train(*straight, epochs=20)

model, optimizer, scheduler = make_run()
train(model, optimizer, scheduler, epochs=10)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "checkpoint.pt"
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
        },
        path,
    )
    checkpoint = torch.load(path, weights_only=True)
model, optimizer, scheduler = make_run()
model.load_state_dict(checkpoint["model"])
optimizer.load_state_dict(checkpoint["optimizer"])
scheduler.load_state_dict(checkpoint["scheduler"])
resumed_epoch, lr_resumed = scheduler.last_epoch, scheduler.get_last_lr()[0]
print(f"読み込んだスケジューラ: last_epoch = {resumed_epoch}, 学習率 = {lr_resumed}")
train(model, optimizer, scheduler, epochs=10)
resume_gap = (model.weight - straight[0].weight).abs().max().item()
print(
    f"20 エポック後の学習率: 再開 {scheduler.get_last_lr()[0]}, 通し {straight[2].get_last_lr()[0]}"
)
print(f"20 エポック後の重みの差（最大）: {resume_gap:.1e}")

# %%
# スケジューラは、何回 ``step()`` したか（``last_epoch``）を覚えています。
# 読み込まずに作り直したままだと、数え直しになり、``CosineAnnealingLR`` などでは再開後の学習率の曲線がずれます。
#
# 関連用語
# --------
# :term:`学習率 <Learning Rate>`、:term:`オプティマイザ <Optimizer>`、:term:`エポック <Epoch>`、
# :term:`チェックポイント <Checkpoint>`、:term:`状態辞書 <state_dict>`、:term:`確率的勾配降下法 <SGD>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.lr_scheduler.StepLR`, :class:`torch.optim.lr_scheduler.CosineAnnealingLR`,
# :class:`torch.optim.lr_scheduler.OneCycleLR`, :class:`torch.optim.lr_scheduler.ReduceLROnPlateau`,
# :meth:`torch.optim.lr_scheduler.StepLR.get_last_lr`, :meth:`torch.optim.lr_scheduler.StepLR.state_dict`,
# :class:`torch.optim.SGD`, :func:`torch.save`, :func:`torch.load`
#
# .. used-in-tutorials:: torch.optim.lr_scheduler.StepLR torch.optim.lr_scheduler.CosineAnnealingLR torch.optim.lr_scheduler.OneCycleLR
