r"""
Adam
====

.. term-card::
   :ja: Adam
   :reading: あだむ
   :en: Adam
   :api: torch.optim.Adam
   :summary: 勾配の移動平均（1 次モーメント）と、勾配の 2 乗の移動平均（2 次モーメント）を使って、
      パラメータごとに歩幅を調整する :term:`オプティマイザ <Optimizer>` です（Adaptive Moment Estimation）。
      勾配の大きさがパラメータごとに違っても学習が進みやすく、:class:`torch.optim.Adam` で使えます。

定義
----
:math:`g_t` をステップ :math:`t` の勾配とします。:math:`m_0 = v_0 = 0` から始め、要素ごとに次を計算します。

.. math::

   \begin{aligned}
   m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
   v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
   \hat m_t &= \frac{m_t}{1 - \beta_1^{\,t}}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^{\,t}} \\
   \theta_t &= \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
   \end{aligned}

:math:`\hat m_t`、:math:`\hat v_t` はバイアス補正です。:math:`m`、:math:`v` は 0 から始まるので、
最初のうちは 0 寄りに偏ります。:math:`1 - \beta^t` で割ると、この偏りが消えます。
:class:`torch.optim.Adam` の既定値は :math:`\eta = 10^{-3}`（``lr``）、
:math:`(\beta_1, \beta_2) = (0.9, 0.999)`（``betas``）、:math:`\epsilon = 10^{-8}`（``eps``）です。
:math:`\epsilon` は、バイアス補正した :math:`\sqrt{\hat v_t}` に足されます。

``weight_decay``:math:`=\lambda` を指定すると、Adam は既定（``decoupled_weight_decay=False``）では勾配に :math:`\lambda\theta` を足します（L2 正則化）。
パラメータを直接 :math:`\eta\lambda\theta` だけ縮める「分離した重み減衰」を使うなら :class:`torch.optim.AdamW` です
（Adam に ``decoupled_weight_decay=True`` を渡しても同じ更新になります）。

かみくだいた説明
----------------
Adam は、パラメータ 1 つ 1 つに専用の歩幅を持たせる勾配降下法です。
:math:`\hat m_t` は「最近の勾配の平均的な向き」、:math:`\sqrt{\hat v_t}` は「最近の勾配の大きさ」です。
向きを大きさで割るので、勾配がいつも大きいパラメータも小さいパラメータも、1 歩はだいたい学習率くらいになります。
とくに最初の 1 歩は :math:`\hat m_1 / \sqrt{\hat v_1} = g_1 / |g_1|` なので、どの要素もほぼちょうど :math:`\eta` だけ動きます。

使われる場面
------------
- 多くのモデルで最初に試すオプティマイザです。学習率を細かく調整しなくても、そこそこ学習が進みます。
- 大規模な言語モデルや画像モデルの学習では、:class:`torch.optim.AdamW` がよく使われます。
"""

# %%
# 式と torch.optim.Adam を比べる
# ------------------------------
# 損失 :math:`L(w) = 1000\,(w_1 - 1)^2 + 0.001\,(w_2 - 1)^2` を使います。
# 2 つの要素で、勾配の大きさが 100 万倍違います。定義の式を手で書いた更新と、
# ``torch.optim.Adam``（既定値のまま）を 5 ステップずつ進めて比べます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

scales = torch.tensor([1000.0, 0.001])


def lopsided(w):
    return (scales * (w - 1) ** 2).sum()


def show(t):
    return "[" + ", ".join(f"{value:.6g}" for value in t.tolist()) + "]"


w_torch = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.Adam([w_torch])
lr, (beta1, beta2), eps = 1e-3, (0.9, 0.999), 1e-8
w_hand, m, v = torch.zeros(2), torch.zeros(2), torch.zeros(2)

for t in range(1, 6):
    optimizer.zero_grad()
    lopsided(w_torch).backward()
    optimizer.step()

    g = 2 * scales * (w_hand - 1)  # 手で微分した勾配
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    w_hand = w_hand - lr * m_hat / (v_hat.sqrt() + eps)
    if t == 1:
        first_grad, first_step = g.clone(), w_hand.clone()
        print(f"1 ステップ目の勾配: {show(first_grad)}")
        print(f"1 ステップ目の移動量: {show(first_step)}")

adam_gap = (w_torch.detach() - w_hand).abs().max().item()
print(f"（比較）同じ学習率の SGD の 1 歩目の移動量: {show(-lr * first_grad)}")
print(f"5 ステップ後 torch.optim.Adam: {show(w_torch.detach())}")
print(f"5 ステップ後 手で書いた更新:   {show(w_hand)}  (最大の差 {adam_gap:.1e})")

# %%
# オプティマイザは :math:`m_t` と :math:`v_t` を ``state`` に持っています（``exp_avg`` と ``exp_avg_sq``）。
state = optimizer.state[w_torch]
print(f"ステップ数: {int(state['step'])}")
print(f"exp_avg    = {show(state['exp_avg'])}  /  手で計算した m = {show(m)}")
print(f"exp_avg_sq = {show(state['exp_avg_sq'])}  /  手で計算した v = {show(v)}")

# %%
# 勾配の大きさが 100 万倍違っても、Adam の 1 歩目はどちらの要素もほぼ学習率（0.001）です。
# 同じ学習率の SGD では 1 歩目も 100 万倍違い、1 つ目の要素は最小値 1 を越えて行き過ぎ、2 つ目はほとんど動きません。
#
# 細長い谷での動き
# ----------------
# :term:`確率的勾配降下法 <SGD>` のページと同じ谷 :math:`L(x, y) = x^2/20 + y^2` を、同じ出発点
# :math:`(-4, 1.5)` から 40 ステップ進みます。この問題では既定の学習率 0.001 では小さすぎるので、
# どれも学習率 0.3 にそろえます。


def valley(p):
    return p[0] ** 2 / 20 + p[1] ** 2


def run(make_optimizer, steps=40):
    p = torch.tensor([-4.0, 1.5], requires_grad=True)
    opt = make_optimizer([p])
    points = [p.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        valley(p).backward()
        opt.step()
        points.append(p.detach().clone())
    return torch.stack(points).numpy()


settings = {
    "SGD 学習率 0.3": lambda ps: torch.optim.SGD(ps, lr=0.3),
    "SGD 学習率 0.3 + モーメンタム 0.7": lambda ps: torch.optim.SGD(ps, lr=0.3, momentum=0.7),
    "Adam 学習率 0.3": lambda ps: torch.optim.Adam(ps, lr=0.3),
}
paths = {name: run(make) for name, make in settings.items()}
valley_losses = {name: float(valley(path[-1])) for name, path in paths.items()}
for name, value in valley_losses.items():
    print(f"{name}: 40 ステップ後の損失 {value:.2e}")
ranking = sorted(valley_losses, key=valley_losses.get)
print(f"40 ステップ後の損失が小さい順: {' < '.join(ranking)}")
adam_first_move = paths["Adam 学習率 0.3"][1] - paths["Adam 学習率 0.3"][0]
print(f"Adam の 1 歩目の移動: {adam_first_move.round(4)}")

# %%
# SGD は勾配の大きい :math:`y` 方向へまず降り、ゆるい :math:`x` 方向はゆっくり進みます。
# Adam の最初の数歩は、:math:`x` と :math:`y` がほぼ同じだけ動くので、斜め 45 度に進みます。
# ゆるい方向でも歩幅が小さくならないのが Adam の特徴です。そのぶん勢いがあり、谷底を通り過ぎてから引き返しています。
# Adam がいつも最速とは限りません。
# この谷では、上に表示した順位のとおり、40 ステップ後にはモーメンタム付きの SGD の方が谷底に近づいています。
grid_x, grid_y = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-2, 2, 200))
fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained")
ax.contour(grid_x, grid_y, valley((grid_x, grid_y)), levels=15, cmap="Greys")
for (name, path), marker in zip(paths.items(), "o^D", strict=True):
    ax.plot(path[:, 0], path[:, 1], marker=marker, ms=3, lw=1.2, label=name)
ax.plot(0, 0, "k*", ms=12, label="最小値 (0, 0)")
ax.plot(-4, 1.5, "kx", ms=8)
ax.set(xlabel="x", ylabel="y", title="$L(x, y) = x^2/20 + y^2$ を 40 ステップ", aspect="equal")
ax.legend(loc="upper right", fontsize="small")
plt.show()

# %%
# モデルの学習に使う
# ------------------
# ふだんは ``model.parameters()`` を渡して作り、``zero_grad()`` → 損失 → ``backward()`` → ``step()`` を繰り返します。
# 10 個の入力から 1 つの値を予測する線形モデルを、32 件のデータで 100 エポック学習します。
# 既定の学習率 0.001 と、その 10 倍を比べます。
torch.manual_seed(0)
inputs = torch.randn(32, 10)
targets = inputs @ torch.randn(10, 1) + 0.1 * torch.randn(32, 1)
criterion = torch.nn.MSELoss()
final_losses = {}
for learning_rate in (0.001, 0.01):
    torch.manual_seed(1)  # どちらも同じ初期値から
    model = torch.nn.Linear(10, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    for epoch in range(100):
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
        if epoch == 0:
            first_loss = loss.item()
    final_losses[learning_rate] = loss.item()
    print(f"学習率 {learning_rate}: 損失 {first_loss:.3f} → {loss.item():.3f}")

# %%
# 1 歩が学習率くらいなので、既定値のままだと 100 歩ではパラメータが 0.1 程度しか動けません。
# 問題の大きさに合わせて学習率を選ぶ必要があるのは、Adam でも同じです。
#
# 関連用語
# --------
# :term:`オプティマイザ <Optimizer>`、:term:`確率的勾配降下法 <SGD>`、:term:`学習率 <Learning Rate>`、
# :term:`勾配降下法 <Gradient Descent>`、:term:`過学習 <Overfitting>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.Adam`, :class:`torch.optim.AdamW`, :class:`torch.optim.SGD`,
# :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`, :meth:`torch.Tensor.backward`
#
# .. used-in-tutorials:: torch.optim.Adam
