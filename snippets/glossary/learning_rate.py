r"""
学習率（Learning Rate）
=======================

.. term-card::
   :ja: 学習率
   :reading: がくしゅうりつ
   :en: Learning Rate
   :summary: :term:`勾配降下法 <Gradient Descent>` で、1 回の更新でパラメータをどれだけ動かすかを決める正の数です。
      大きすぎると損失が振動したり発散したりし、小さすぎると学習がなかなか進みません。
      :term:`torch.optim` のオプティマイザには ``lr`` 引数で渡します。

定義
----
勾配降下法の更新 :math:`\theta \leftarrow \theta - \eta\, \nabla L(\theta)` の係数 :math:`\eta > 0` が学習率です。
ステップサイズとも呼ばれます。

どの値がよいかは、損失の曲がり具合（曲率）で決まります。
1 変数の 2 次関数 :math:`L(\theta) = \tfrac{a}{2}\theta^2`（:math:`a > 0`）で考えると、
勾配は :math:`a\theta` なので、更新は次のようになります。

.. math::

   \theta_{k+1} = \theta_k - \eta a \theta_k = (1 - \eta a)\, \theta_k, \qquad
   \theta_k = (1 - \eta a)^k \, \theta_0

したがって

- :math:`0 < \eta < 1/a` なら、同じ側から単調に 0 へ近づきます。
- :math:`1/a < \eta < 2/a` なら、0 をはさんで左右に振動しながら近づきます。
- :math:`\eta > 2/a` なら、:math:`|1 - \eta a| > 1` なので発散します。

多変数の損失では、最小値の近くでヘッセ行列の最大固有値 :math:`\lambda_{\max}` が :math:`a` の役をし、
:math:`\eta < 2/\lambda_{\max}` が安定の目安になります。

かみくだいた説明
----------------
学習率は「一歩の大きさ」です。小さな歩幅では確実ですが、谷底に着くまでに何歩もかかります。
大きな歩幅では速く進めますが、谷底を飛び越えて向こう側の斜面に出てしまいます。
飛び越えた先の方が高ければ、一歩ごとに高く登っていき、損失は発散します。

使われる場面
------------
- :class:`torch.optim.SGD` や :class:`torch.optim.Adam` を作るとき、``lr=0.01`` のように指定します。
  :term:`Adam` の既定値は 0.001 です。
- 学習の途中で学習率を下げる :term:`学習率スケジューラ <Learning Rate Scheduler>`（``torch.optim.lr_scheduler``）と組み合わせます。
- 損失が下がらない、``nan`` になる、といったときに最初に見直すハイパーパラメータです。
"""

# %%
# 4 つの学習率を比べる
# --------------------
# :math:`L(x) = x^2`（上の式で :math:`a = 2`）を、:math:`x_0 = 1` から 25 ステップ、
# :class:`torch.optim.SGD` で最小化します。:math:`1/a = 0.5`、:math:`2/a = 1` が境目です。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

learning_rates = [0.02, 0.3, 0.9, 1.05]
num_steps = 25
paths = {}  # 学習率 -> 通った x の列

for lr in learning_rates:
    x = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([x], lr=lr)
    path = [x.item()]
    for _ in range(num_steps):
        optimizer.zero_grad()
        (x**2).backward()
        optimizer.step()
        path.append(x.item())
    paths[lr] = np.array(path)
    ratio = path[1] / path[0]  # 式では 1 - 2 * lr
    print(
        f"学習率 {lr:<4}: 1 ステップで x が {ratio:+.2f} 倍, "
        f"{num_steps} ステップ後の損失 {path[-1] ** 2:.3e}"
    )

# %%
# 0.02 は着実ですが遅く、0.3 は速く収束します。0.9 は 0 をはさんで振動しながら収束し、
# 1.05 は振動の幅が広がって発散します。左は :math:`x` そのもの、右は損失を対数目盛で描いています。
fig, (ax_x, ax_loss) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
for lr, path in paths.items():
    ax_x.plot(path, ".-", label=f"学習率 {lr}")
    ax_loss.plot(path**2, ".-", label=f"学習率 {lr}")
ax_x.axhline(0, color="gray", lw=1)
ax_x.set(xlabel="ステップ", ylabel="x", title="x の動き（最小値は x = 0）", ylim=(-3, 3))
ax_loss.set_yscale("log")
ax_loss.set(xlabel="ステップ", ylabel="損失 $x^2$（対数目盛）", title="損失の推移")
ax_loss.legend(fontsize="small")
for ax in (ax_x, ax_loss):
    ax.grid(alpha=0.3)
plt.show()

# %%
# 学習の途中で学習率を変える
# --------------------------
# オプティマイザは学習率を ``param_groups`` に持っていて、学習率スケジューラがこれを書き換えます。
# :class:`torch.optim.lr_scheduler.StepLR` は、``step_size`` エポックごとに学習率を ``gamma`` 倍にします。
# スケジューラの ``step()`` は、オプティマイザの ``step()`` のあとに呼びます。
#
# ここでは 1 エポック = 1 回の更新です。ミニバッチで回す学習ループでは、スケジューラの ``step()`` を
# エポックの最後に 1 回だけ呼びます（ミニバッチごとに呼ぶと、学習率がずっと早く下がってしまいます）。
#
# .. code-block:: python
#
#    for epoch in range(num_epochs):
#        for xb, yb in loader:
#            ...                # zero_grad → 損失 → backward
#            optimizer.step()   # ミニバッチごと
#        scheduler.step()       # エポックの最後に 1 回
x = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([x], lr=0.4)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
lr_history = []
for _epoch in range(15):  # このページでは 1 エポック = 1 回の更新
    lr_history.append(optimizer.param_groups[0]["lr"])
    optimizer.zero_grad()
    (x**2).backward()
    optimizer.step()
    scheduler.step()  # エポックの最後に 1 回

print("各エポックで使った学習率:", [round(v, 3) for v in lr_history])
print(f"15 エポック後の x: {x.item():.3e}")

# %%
# 関連用語
# --------
# :term:`勾配降下法 <Gradient Descent>`、:term:`確率的勾配降下法 <SGD>`、:term:`Adam`、
# :term:`オプティマイザ <Optimizer>`、:term:`エポック <Epoch>`、:term:`損失関数 <Loss Function>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.step`, :meth:`torch.optim.Optimizer.zero_grad`,
# :class:`torch.optim.lr_scheduler.StepLR`, :meth:`torch.Tensor.backward`
#
# .. used-in-tutorials:: torch.optim.SGD torch.optim.Adam
