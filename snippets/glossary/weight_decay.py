r"""
重み減衰（Weight Decay）
========================

.. term-card::
   :ja: 重み減衰
   :reading: おもみげんすい
   :en: Weight Decay
   :api: torch.optim.AdamW
   :summary: 更新のたびにパラメータを少しずつ 0 の方へ縮め、重みが大きくなりすぎるのを防ぐ正則化の方法です。
      オプティマイザの ``weight_decay`` で指定します。SGD では損失に L2 罰則を足すのと同じですが、
      Adam では同じになりません。パラメータを直接縮める「分離した重み減衰」が :class:`torch.optim.AdamW` です。

定義
----
**L2 罰則**: 損失 :math:`L(w)` に :math:`\frac{\lambda}{2}\lVert w \rVert^2` を足します。勾配は :math:`\nabla L(w) + \lambda w` になります。

**分離した重み減衰**: 勾配とは別に、毎ステップ :math:`w \leftarrow w - \eta\lambda w` と縮めます。

学習率 :math:`\eta` の SGD では、どちらも

.. math::

   w \leftarrow w - \eta(\nabla L(w) + \lambda w) = (1 - \eta\lambda)\, w - \eta \nabla L(w)

となり、まったく同じ更新です。Adam は勾配を :math:`\sqrt{\hat v}` で割るので、L2 罰則の :math:`\lambda w` も割られ、
勾配の大きいパラメータほど縮み方が弱くなります。AdamW は縮める項を Adam の計算の外に出します。

.. math::

   w \leftarrow w - \eta\lambda w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}
   \qquad (\hat m, \hat v \text{ は } \nabla L(w) \text{ だけから計算})

PyTorch の :class:`torch.optim.SGD` と :class:`torch.optim.Adam` の ``weight_decay`` は L2 罰則（勾配に :math:`\lambda w` を足す）、
:class:`torch.optim.AdamW` の ``weight_decay`` は分離した重み減衰です。

かみくだいた説明
----------------
重みに「毎回少しずつ 0 に戻ろうとするばね」を付けるイメージです。本当に役に立つ重みは、損失の勾配がばねに逆らって大きく保ちます。
あまり役に立たない重みは 0 の近くに寄っていきます。こうして、訓練データの細かい癖を覚えにくくなります。

使われる場面
------------
- :term:`過学習 <Overfitting>` を抑えたいとき。ほとんどの学習で、何らかの重み減衰が入っています。
- よく使われる値は、AdamW で 0.01〜0.1（既定値は 0.01）、画像分類の SGD で :math:`10^{-4}`〜:math:`5 \times 10^{-4}` くらいです。
- バイアスや正規化層の :math:`\gamma, \beta` には重み減衰をかけないことがよくあります（下の例）。
"""

# %%
# SGD: ``weight_decay`` と L2 罰則は同じ更新
# ------------------------------------------
# 同じ初期値から 20 ステップ学習し、オプティマイザに ``weight_decay=0.1`` を渡した場合と、
# 損失に :math:`\frac{0.1}{2}\lVert w \rVert^2` を足した場合を比べます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(32, 5)
t = X @ torch.randn(5) + 0.1 * torch.randn(32)
lam = 0.1


def fit(optimizer_class, weight_decay=0.0, penalty=0.0, steps=20):
    torch.manual_seed(1)
    w = torch.randn(5, requires_grad=True)
    optimizer = optimizer_class([w], lr=0.05, weight_decay=weight_decay)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = (X @ w - t).pow(2).mean() + penalty / 2 * w.pow(2).sum()
        loss.backward()
        optimizer.step()
    return w.detach()


sgd_gap = (fit(torch.optim.SGD, weight_decay=lam) - fit(torch.optim.SGD, penalty=lam)).abs().max()
print(f"SGD: weight_decay と L2 罰則の差（最大） {sgd_gap:.1e}")

# %%
# Adam と AdamW: 結果が変わる
# ---------------------------
# :term:`Adam <Adam>` の ``weight_decay`` は L2 罰則と同じ結果になります。
# 同じ :math:`\lambda` でも、AdamW は別の重みに行き着きます。
w_adam_wd = fit(torch.optim.Adam, weight_decay=lam)
w_adam_l2 = fit(torch.optim.Adam, penalty=lam)
w_adamw = fit(torch.optim.AdamW, weight_decay=lam)
adam_gap = (w_adam_wd - w_adam_l2).abs().max()
adamw_gap = (w_adamw - w_adam_l2).abs().max()
print(f"Adam: weight_decay と L2 罰則の差（最大） {adam_gap:.1e}")
print(f"AdamW と Adam + L2 罰則の差（最大）    {adamw_gap:.1e}")

# %%
# 重みの大きさへの効果
# --------------------
# 特徴量 100 個に対してデータが 20 件しかない回帰を AdamW で 400 ステップ学習し、
# 重みのノルム :math:`\lVert w \rVert` の変化を ``weight_decay`` ごとに比べます。
# 重み減衰がないと、データでは決まらない方向の成分が初期値のまま残り、ノルムは大きいままです。
# 重み減衰が大きいほど、ノルムは速く小さくなります（その代わり、訓練損失は少し大きくなります）。
torch.manual_seed(0)
X_wide = torch.randn(20, 100)
t_wide = X_wide[:, :5].sum(dim=1) + 0.3 * torch.randn(20)
norm_history, final_train_loss = {}, {}
for wd in (0.0, 0.1, 1.0):
    torch.manual_seed(1)
    w = torch.randn(100, requires_grad=True)
    optimizer = torch.optim.AdamW([w], lr=0.01, weight_decay=wd)
    norms = []
    for _ in range(400):
        optimizer.zero_grad()
        loss = (X_wide @ w - t_wide).pow(2).mean()
        loss.backward()
        optimizer.step()
        norms.append(w.detach().norm().item())
    norm_history[wd], final_train_loss[wd] = norms, loss.item()
    print(f"weight_decay={wd}: 最後の ‖w‖ = {norms[-1]:.3f}, 訓練損失 = {loss.item():.4f}")

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for wd, norms in norm_history.items():
    ax.plot(range(1, 401), norms, label=f"weight_decay = {wd}")
ax.set(xlabel="ステップ", ylabel="‖w‖", title="AdamW の重み減衰と重みのノルム")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# バイアスと正規化層には掛けない
# ------------------------------
# オプティマイザにパラメータのグループを渡すと、グループごとに ``weight_decay`` を変えられます。
# 行列の重み（2 次元以上）だけに重み減衰を掛けるのがよくある書き方です。
model = nn.Sequential(nn.Linear(10, 32), nn.LayerNorm(32), nn.ReLU(), nn.Linear(32, 1))
decay = [p for p in model.parameters() if p.ndim >= 2]
no_decay = [p for p in model.parameters() if p.ndim < 2]
optimizer = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3
)
for group in optimizer.param_groups:
    count = sum(p.numel() for p in group["params"])
    print(
        f"weight_decay={group['weight_decay']}: テンソル {len(group['params'])} 個, 要素 {count} 個"
    )
default_weight_decay = torch.optim.AdamW(model.parameters()).defaults["weight_decay"]
print(f"AdamW の weight_decay の既定値: {default_weight_decay}")

# %%
# 関連用語
# --------
# :term:`過学習 <Overfitting>`、:term:`オプティマイザ <Optimizer>`、:term:`確率的勾配降下法 <SGD>`、
# :term:`Adam <Adam>`、:term:`ドロップアウト <Dropout>`、:term:`早期終了 <Early Stopping>`、:term:`学習率 <Learning Rate>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.AdamW`, :class:`torch.optim.Adam`, :class:`torch.optim.SGD`,
# :class:`torch.nn.LayerNorm`, :class:`torch.nn.Linear`, :meth:`torch.Tensor.norm`
#
# .. used-in-tutorials:: torch.optim.AdamW
