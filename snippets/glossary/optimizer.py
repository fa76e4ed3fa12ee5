r"""
オプティマイザ（Optimizer）
===========================

.. term-card::
   :ja: オプティマイザ
   :reading: おぷてぃまいざ
   :en: Optimizer
   :api: torch.optim, torch.optim.Optimizer
   :summary: 計算済みの :term:`勾配 <Gradient>` を使って、モデルの :term:`パラメータ <Parameter>` を更新するオブジェクトです。
      :term:`確率的勾配降下法 <SGD>` や :term:`Adam` などのアルゴリズムが ``torch.optim`` にあり、
      ほとんどが ``zero_grad()`` と ``step()`` という同じ使い方で動きます。

定義
----
``torch.optim`` は最適化アルゴリズムを集めたモジュールで、各アルゴリズムは :class:`torch.optim.Optimizer` を継承したクラスです。
オプティマイザは次のものを持っています。

- 更新するパラメータのリストと、学習率などのハイパーパラメータ（``param_groups``）
- アルゴリズムが覚えておく値（``state``）。たとえばモーメンタムのバッファや Adam の移動平均

:meth:`~torch.optim.Optimizer.step` は、各パラメータ :math:`\theta` について、その勾配 :math:`g` = ``θ.grad`` と状態 :math:`s` から
:math:`(\theta, s) \leftarrow U(\theta, g, s)` と更新します。いちばん単純な SGD なら :math:`U` は
:math:`\theta - \eta g` で、:math:`\eta` は :term:`学習率 <Learning Rate>` です。
:meth:`~torch.optim.Optimizer.zero_grad` は、次の計算に備えて勾配を片付けます（:term:`勾配のゼロクリア <zero_grad>`）。

かみくだいた説明
----------------
オプティマイザは「パラメータを直す係」です。``loss.backward()`` が「どの向きに直せば損失が減るか」を
各パラメータの ``.grad`` に書き込み、オプティマイザがそれを読んで実際に値を動かします。
直し方（アルゴリズム）を変えたいときは、オプティマイザを作る 1 行だけを差し替えれば済みます。

使われる場面
------------
- 学習ループのすべて。1 回の更新は「``zero_grad()`` → 順伝播 → 損失 → ``backward()`` → ``step()``」です。
- 学習を中断して再開するときは、モデルと一緒にオプティマイザの :term:`状態辞書 <state_dict>` も保存します。
"""

# %%
# 学習ループの中のオプティマイザ
# ------------------------------
# 10 個の入力から 1 つの値を予測する線形モデル（:class:`torch.nn.Linear`）を、
# 平均二乗誤差と学習率 0.01 の :class:`torch.optim.SGD` で 100 エポック学習します。
# データは、決まった重みの線形関数に小さな雑音を足して作った 64 件です。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
inputs = torch.randn(64, 10)
true_weight = torch.randn(1, 10)
targets = inputs @ true_weight.T + 0.1 * torch.randn(64, 1)
criterion = nn.MSELoss()


def train(make_optimizer, epochs=100):
    """同じ初期値のモデルを、渡されたオプティマイザで学習し、エポックごとの損失を返す。"""
    torch.manual_seed(1)
    model = nn.Linear(10, 1)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()  # 前の勾配を片付ける
        loss = criterion(model(inputs), targets)
        loss.backward()  # 勾配を .grad に書き込む
        optimizer.step()  # .grad を使ってパラメータを更新する
        losses.append(loss.item())
    return model, optimizer, losses


model, optimizer, sgd_losses = train(lambda params: torch.optim.SGD(params, lr=0.01))
for epoch in (0, 19, 39, 59, 79, 99):
    print(f"エポック {epoch + 1:3d}: 損失 {sgd_losses[epoch]:.4f}")

# %%
# オプティマイザが持っているもの
# ------------------------------
# ``param_groups`` には、モデルのパラメータそのもの（コピーではありません）とハイパーパラメータが入っています。
group = optimizer.param_groups[0]
same_objects = all(p is q for p, q in zip(group["params"], model.parameters(), strict=True))
print(f"モデルのパラメータと同じオブジェクトか: {same_objects}")
print(
    f"ハイパーパラメータ: lr={group['lr']}, momentum={group['momentum']}, weight_decay={group['weight_decay']}"
)

# %%
# step() がすること
# -----------------
# ``step()`` の前後で重みを比べると、モーメンタムのない SGD では、ちょうど「学習率 × 勾配」だけ減っています。
optimizer.zero_grad()
criterion(model(inputs), targets).backward()
before = model.weight.detach().clone()
optimizer.step()
step_gap = (model.weight.detach() - (before - 0.01 * model.weight.grad)).abs().max().item()
print(f"更新後の重み と 更新前 - 0.01 × 勾配 の最大の差: {step_gap:.1e}")

# %%
# オプティマイザを差し替える
# --------------------------
# 学習ループはそのままで、オプティマイザを作る 1 行だけを変えます。
# 同じデータ、同じ初期値、同じ 100 エポックです。
candidates = {
    "SGD（学習率 0.01）": lambda params: torch.optim.SGD(params, lr=0.01),
    "SGD（学習率 0.01、モーメンタム 0.9）": lambda params: torch.optim.SGD(
        params, lr=0.01, momentum=0.9
    ),
    "Adam（学習率 0.01）": lambda params: torch.optim.Adam(params, lr=0.01),
}
histories = {name: train(make)[2] for name, make in candidates.items()}
for name, losses in histories.items():
    print(f"{name}: 最後の損失 {losses[-1]:.4f}")
lowest = min(histories, key=lambda name: histories[name][-1])
print(f"100 エポック後の損失がいちばん小さいもの: {lowest}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, losses in histories.items():
    ax.plot(range(1, 101), losses, label=name)
ax.set_yscale("log")
ax.set(xlabel="エポック", ylabel="平均二乗誤差（対数目盛）", title="オプティマイザだけを替えた学習")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# この問題と設定では、上に表示したとおり、モーメンタム付き SGD の損失がいちばん小さくなりました。
# どのオプティマイザが向いているかは、問題と :term:`学習率 <Learning Rate>` の選び方で変わります。
#
# 関連用語
# --------
# :term:`確率的勾配降下法 <SGD>`、:term:`Adam`、:term:`学習率 <Learning Rate>`、:term:`勾配のゼロクリア <zero_grad>`、
# :term:`勾配降下法 <Gradient Descent>`、:term:`パラメータ <Parameter>`、:term:`backward メソッド <Backward Method>`
#
# このページで使った API
# ----------------------
# :class:`torch.optim.Optimizer`, :class:`torch.optim.SGD`, :class:`torch.optim.Adam`,
# :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`,
# :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`, :meth:`torch.nn.Module.parameters`, :meth:`torch.Tensor.backward`
#
# .. used-in-tutorials:: torch.optim.SGD torch.optim.Adam torch.optim.Optimizer.zero_grad
#    torch.optim.Optimizer.step
