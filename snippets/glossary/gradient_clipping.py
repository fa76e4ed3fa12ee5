r"""
勾配クリッピング（Gradient Clipping）
=====================================

.. term-card::
   :ja: 勾配クリッピング
   :reading: こうばいくりっぴんぐ
   :en: Gradient Clipping
   :api: torch.nn.utils.clip_grad_norm_
   :summary: 勾配が大きくなりすぎたとき、更新の前に勾配を小さく切り詰めて、1 回の更新でパラメータが飛ばされるのを防ぐ方法です。
      よく使うのは、全パラメータの勾配をまとめたノルムが上限を超えたら、向きを変えずに上限の長さまで縮める
      :func:`torch.nn.utils.clip_grad_norm_` です。``backward()`` のあと、``optimizer.step()`` の前に呼びます。

定義
----
パラメータ :math:`\theta_1, \dots, \theta_K` の勾配を :math:`g_1, \dots, g_K` とします。
:func:`~torch.nn.utils.clip_grad_norm_` は、すべての勾配を 1 本のベクトルに並べたときの長さ（全体のノルム）

.. math::

   \lVert g \rVert = \sqrt{\sum_{k=1}^{K} \lVert g_k \rVert_2^2}

を計算し、:math:`\lVert g \rVert` が上限 :math:`c`（``max_norm``）を超えていれば、すべての勾配に同じ係数をかけます。

.. math::

   g_k \leftarrow g_k \cdot \frac{c}{\lVert g \rVert + 10^{-6}}

向きは変わらず、全体のノルムがほぼ :math:`c` になります。返り値は **切り詰める前** の :math:`\lVert g \rVert` です。
:func:`~torch.nn.utils.clip_grad_value_` は、要素ごとに :math:`[-c, c]` の範囲に収めます（向きが変わることがあります）。

かみくだいた説明
----------------
崖のような急な場所で勾配が急に大きくなると、:term:`勾配降下法 <Gradient Descent>` の 1 歩が大きくなりすぎて、せっかく学習した値から遠くへ飛ばされます。
勾配クリッピングは「1 歩の長さに上限を付ける」安全装置です。歩く向きはそのままで、大またになりすぎたときだけ歩幅を縮めます。

使われる場面
------------
- RNN や Transformer の学習で、勾配が急に大きくなる（勾配爆発）のを防ぐとき。``max_norm`` は 1.0 前後がよく使われます。
- 返り値のノルムを記録すると、学習が不安定になっていないかを見張れます。
- :term:`混合精度 <Mixed Precision>` で ``GradScaler`` を使うときは、``scaler.unscale_(optimizer)`` で勾配の倍率を戻してから切り詰めます。
"""

# %%
# 全体のノルムを切り詰める
# ------------------------
# 正解の値が大きいデータで損失を計算し、大きな勾配を作ります。
# 手で計算した全体のノルムと、:func:`~torch.nn.utils.clip_grad_norm_` の返り値を比べます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
inputs, targets = torch.randn(16, 4), 50 * torch.randn(16, 1)
nn.functional.mse_loss(model(inputs), targets).backward()


def flat_grad(module):
    return torch.cat([p.grad.flatten() for p in module.parameters()])


grad_before = flat_grad(model)
norm_by_hand = torch.sqrt(sum(p.grad.norm() ** 2 for p in model.parameters())).item()
returned = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0).item()
grad_after = flat_grad(model)
norm_after = grad_after.norm().item()
cosine = nn.functional.cosine_similarity(grad_before, grad_after, dim=0).item()
print(f"手で計算した全体のノルム: {norm_by_hand:.4f}")
print(f"clip_grad_norm_ の返り値: {returned:.4f}（切り詰める前の値）")
print(f"切り詰めたあとのノルム:   {norm_after:.6f}（max_norm = 1.0）")
print(f"前後の勾配のコサイン類似度: {cosine:.6f}（1 なら同じ向き）")

# %%
# 全体のノルムが ``max_norm`` 以下なら、勾配は 1 ビットも変わりません。
model.zero_grad()
nn.functional.mse_loss(model(inputs), targets / 1000).backward()
small_before = flat_grad(model)
small_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0).item()
small_unchanged = torch.equal(small_before, flat_grad(model))
print(f"全体のノルム {small_norm:.4f} のとき、勾配は変わらない: {small_unchanged}")

# %%
# ノルムで切るか、値で切るか
# --------------------------
# 2 つの要素を持つ勾配 :math:`(3, 0.5)` を、上限 1 で切り詰めます。
# ``clip_grad_norm_`` は向きを保ったまま長さを 1 にし、``clip_grad_value_`` は要素ごとに :math:`[-1, 1]` に収めるので向きが変わります。
w = torch.zeros(2, requires_grad=True)
original = torch.tensor([3.0, 0.5])
clipped = {}
for name, clip in {
    "clip_grad_norm_": lambda: nn.utils.clip_grad_norm_([w], max_norm=1.0),
    "clip_grad_value_": lambda: nn.utils.clip_grad_value_([w], clip_value=1.0),
}.items():
    w.grad = original.clone()
    clip()
    clipped[name] = w.grad.clone()
angles = {name: torch.rad2deg(torch.atan2(g[1], g[0])).item() for name, g in clipped.items()}
print(
    f"元の勾配 {original.tolist()}: 向き {torch.rad2deg(torch.atan2(original[1], original[0])):.2f} 度"
)
for name, g in clipped.items():
    print(
        f"{name}: {[round(v, 4) for v in g.tolist()]}, 長さ {g.norm():.4f}, 向き {angles[name]:.2f} 度"
    )

fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
ax.add_patch(plt.Circle((0, 0), 1, fill=False, ls=":", color="tab:blue", label="長さ 1 の円"))
ax.add_patch(
    plt.Rectangle((-1, -1), 2, 2, fill=False, ls=":", color="tab:orange", label="各要素 ±1")
)
vectors = {"元の勾配": original, **clipped}
for (name, g), color in zip(vectors.items(), ("0.4", "tab:blue", "tab:orange"), strict=True):
    ax.annotate(
        "", xy=g.tolist(), xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": color, "lw": 2}
    )
    ax.plot([], [], color=color, lw=2, label=f"{name} {[round(v, 2) for v in g.tolist()]}")
ax.set(xlim=(-1.2, 3.3), ylim=(-1.2, 1.2), aspect="equal", title="ノルムで切ると向きが保たれる")
ax.grid(alpha=0.3)
ax.legend(loc="lower right", fontsize="small")
plt.show()

# %%
# 学習ループの中の位置
# --------------------
# ``backward()`` で勾配ができたあと、``optimizer.step()`` で使う前に切り詰めます。
# 返り値（切り詰める前のノルム）を記録しておくと、勾配の大きさの移り変わりがわかります。
# この例では、勾配が大きいのは学習の最初のうちだけで、切り詰めもそこでしか起きていません。
torch.manual_seed(0)
X = torch.randn(256, 4)
y = X @ torch.tensor([1.0, -1.0, 2.0, 0.5]) + 0.1 * torch.randn(256)
net = nn.Linear(4, 1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
max_norm, grad_norms = 2.0, []
for _ in range(3):
    for xb, yb in zip(X.split(32), y.split(32), strict=True):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(net(xb).squeeze(1), yb)
        loss.backward()
        grad_norms.append(nn.utils.clip_grad_norm_(net.parameters(), max_norm).item())
        optimizer.step()
clipped_steps = [i + 1 for i, n in enumerate(grad_norms) if n > max_norm]
print(f"勾配のノルム（最初の 5 回）: {[round(n, 2) for n in grad_norms[:5]]}")
print(f"勾配のノルム（最後の 5 回）: {[round(n, 2) for n in grad_norms[-5:]]}")
print(
    f"{len(grad_norms)} 回の更新のうち、切り詰めたのは {clipped_steps} 回目（max_norm = {max_norm}）"
)

# %%
# 関連用語
# --------
# :term:`勾配 <Gradient>`、:term:`勾配降下法 <Gradient Descent>`、:term:`オプティマイザ <Optimizer>`、
# :term:`backward メソッド <Backward Method>`、:term:`再帰型ニューラルネットワーク <Recurrent Neural Network>`、:term:`混合精度 <Mixed Precision>`
#
# このページで使った API
# ----------------------
# :func:`torch.nn.utils.clip_grad_norm_`, :func:`torch.nn.utils.clip_grad_value_`,
# :func:`torch.nn.functional.cosine_similarity`, :meth:`torch.Tensor.norm`, :meth:`torch.Tensor.backward`,
# :meth:`torch.optim.Optimizer.step`
#
# .. used-in-tutorials:: torch.nn.utils.clip_grad_norm_
