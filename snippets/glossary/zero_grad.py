r"""
勾配のゼロクリア（zero\_grad）
==============================

.. term-card::
   :ja: 勾配のゼロクリア
   :reading: こうばいのぜろくりあ
   :en: zero_grad
   :api: torch.optim.Optimizer.zero_grad, torch.nn.Module.zero_grad
   :summary: :meth:`~torch.Tensor.backward` は勾配を ``.grad`` に上書きせず足し込むので、
      次の勾配を計算する前に、前の勾配を片付ける操作です。
      ``optimizer.zero_grad()`` や ``model.zero_grad()`` で行い、既定では ``.grad`` を ``None`` に戻します。

定義
----
パラメータ :math:`\theta` の ``.grad`` を :math:`G` とすると、損失 :math:`L` の ``backward()`` は
:math:`G \leftarrow G + \partial L / \partial \theta` と足し込みます（:math:`G` が ``None`` なら :math:`\partial L / \partial \theta` をそのまま入れます）。
:meth:`torch.optim.Optimizer.zero_grad` は、オプティマイザが持つすべてのパラメータについて

- ``set_to_none=True``（既定）: ``.grad`` を ``None`` にします。
- ``set_to_none=False``: ``.grad`` を同じ形の 0 で埋めます。

:meth:`torch.nn.Module.zero_grad` は、同じことをモジュールの全パラメータに対して行います。

かみくだいた説明
----------------
``.grad`` は「足し算の受け皿」です。``backward()`` のたびに、新しい勾配が受け皿に足されていきます。
学習ループでは 1 回の更新ごとに、その時点の勾配だけを使いたいので、受け皿を空にしてから ``backward()`` を呼びます。
空にし忘れると、過去の勾配がすべて混ざった値で更新することになります。

足し込む仕組みには使い道もあります。メモリに載らない大きなバッチを小分けにして ``backward()`` を何度か呼び、
勾配を合計してから 1 回だけ更新できます（勾配の累積）。

使われる場面
------------
- 学習ループの各更新の最初（または ``step()`` の直後）に ``optimizer.zero_grad()`` を呼びます。
- 勾配の累積では、何回かの ``backward()`` のあと ``step()`` と ``zero_grad()`` を 1 回ずつ呼びます。
"""

# %%
# backward() は勾配を足し込む
# ---------------------------
# :math:`L = w^2` を :math:`w = 2` で微分すると :math:`2w = 4` です。同じ計算で ``backward()`` を 2 回呼ぶと、
# ``w.grad`` には 2 回分の勾配が足し込まれます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

w = torch.tensor(2.0, requires_grad=True)
(w**2).backward()
grad_after_first = w.grad.item()
(w**2).backward()
grad_after_second = w.grad.item()
print(f"1 回目の backward() のあと: w.grad = {grad_after_first}")
print(f"2 回目の backward() のあと: w.grad = {grad_after_second}")

# %%
# ``zero_grad()`` で片付ける
# --------------------------
# モデルとオプティマイザでも同じです。``optimizer.zero_grad()`` のあと、``.grad`` は ``None`` になります。
# ``set_to_none=False`` を渡すと、``None`` ではなく 0 で埋めます。
torch.manual_seed(0)
x = torch.linspace(-1, 1, 20).unsqueeze(1)
y = 2 * x + 1 + 0.1 * torch.randn(20, 1)
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

criterion(model(x), y).backward()
single = model.weight.grad.clone()
criterion(model(x), y).backward()  # 順伝播からやり直して、もう一度
doubled = model.weight.grad.clone()
print(f"1 回分の勾配: {single.item():.4f}, 2 回分たまった勾配: {doubled.item():.4f}")

optimizer.zero_grad()
print(f"optimizer.zero_grad() のあと: weight.grad = {model.weight.grad}")

criterion(model(x), y).backward()
optimizer.zero_grad(set_to_none=False)
zeroed = model.weight.grad.clone()
print(f"zero_grad(set_to_none=False) のあと: weight.grad = {zeroed.tolist()}")

# %%
# ``None`` と 0 の違いは ``step()`` に出ます。オプティマイザは ``.grad`` が ``None`` のパラメータを飛ばしますが、
# 0 のパラメータは更新の対象です。モーメンタムがあると、勾配が 0 でも前の勢いでパラメータが動きます。
for set_to_none in (True, False):
    p = torch.tensor(1.0, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    (p**2).backward()
    opt.step()  # 1 回目の更新で勢いがつく
    opt.zero_grad(set_to_none=set_to_none)
    before = p.item()
    opt.step()  # 新しい勾配なしで、もう一度 step()
    print(f"set_to_none={set_to_none}: 2 回目の step() で p が {before:.3f} → {p.item():.3f}")

# %%
# 片付け忘れると学習が乱れる
# --------------------------
# 同じデータ・同じ初期値で、``zero_grad()`` を呼ぶ場合と呼ばない場合を 40 回ずつ更新します。
# 呼ばないと、更新に使う勾配がそれまでの勾配の合計になり、行き過ぎと戻りを繰り返します。
histories = {}
for clear in (True, False):
    torch.manual_seed(1)
    net = nn.Linear(1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(40):
        if clear:
            opt.zero_grad()
        loss = criterion(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    histories["zero_grad() あり" if clear else "zero_grad() なし"] = losses
for name, losses in histories.items():
    print(f"{name}: 40 回目の損失 {losses[-1]:.4f}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, losses in histories.items():
    ax.plot(range(1, 41), losses, "o-", ms=3, label=name)
ax.set_yscale("log")
ax.set(
    xlabel="更新の回数",
    ylabel="平均二乗誤差（対数目盛）",
    title="勾配を片付けるかどうかで変わる学習",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 勾配の累積
# ----------
# 20 件を 10 件ずつの 2 回に分けて ``backward()`` を呼び、勾配をためます。
# 各回の損失を 2 で割っておくと、たまった勾配は 20 件をまとめて計算した勾配と同じになります。
model.zero_grad()  # nn.Module.zero_grad でも片付けられる
for xb, yb in zip(x.split(10), y.split(10), strict=True):
    (criterion(model(xb), yb) / 2).backward()
accumulated = model.weight.grad.clone()
model.zero_grad()
criterion(model(x), y).backward()
accumulation_gap = (accumulated - model.weight.grad).abs().max().item()
print(
    f"2 回に分けてためた勾配: {accumulated.item():.6f}, まとめて計算した勾配: {model.weight.grad.item():.6f}"
)
print(f"差: {accumulation_gap:.1e}")

# %%
# 関連用語
# --------
# :term:`勾配 <Gradient>`、:term:`backward メソッド <Backward Method>`、:term:`オプティマイザ <Optimizer>`、
# :term:`自動微分 <Autograd>`、:term:`バッチサイズ <Batch Size>`、:term:`計算グラフ <Computational Graph>`
#
# このページで使った API
# ----------------------
# :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.nn.Module.zero_grad`, :meth:`torch.Tensor.backward`,
# :attr:`torch.Tensor.grad`, :class:`torch.optim.SGD`, :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`
#
# .. used-in-tutorials:: torch.optim.Optimizer.zero_grad torch.Tensor.backward torch.Tensor.zero_
