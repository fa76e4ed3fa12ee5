r"""
ドロップアウト（Dropout）
=========================

.. term-card::
   :ja: ドロップアウト
   :reading: どろっぷあうと
   :en: Dropout
   :api: torch.nn.Dropout
   :summary: 学習中に、層の出力の各要素を確率 :math:`p` でランダムに 0 にし、残りを :math:`1/(1-p)` 倍する正則化の方法です。
      期待値は入力と変わりません。評価モードでは何もしない（入力をそのまま返す）ので、
      ``model.train()`` と ``model.eval()`` の切り替えが欠かせません。:class:`torch.nn.Dropout` で使えます。

定義
----
入力 :math:`x` の各要素について、独立に :math:`m_i \sim \mathrm{Bernoulli}(1-p)`
（確率 :math:`1-p` で 1、確率 :math:`p` で 0）を引き、

.. math::

   y_i = \frac{m_i\, x_i}{1 - p}

を出力します。:math:`\mathbb{E}[m_i] = 1 - p` なので :math:`\mathbb{E}[y_i] = x_i` です。
残った要素を :math:`1/(1-p)` 倍しておくのは、この期待値を保つためです
（こうしておけば、評価モードでは何もせずに :math:`y = x` とできます）。
マスク :math:`m` は呼び出しのたびに引き直します。

かみくだいた説明
----------------
毎回ランダムに選んだ一部のニューロンを休ませて練習させる方法です。
どのニューロンもいつ休むかわからないので、特定の仲間に頼りきった特徴を作りにくくなり、
多くの部分ネットワークを平均したようなモデルになります。その結果、:term:`過学習 <Overfitting>` が抑えられることが多い、というのが使われる理由です。

使われる場面
------------
- 全結合層の間（活性化関数のあと）に :class:`torch.nn.Dropout` を挟みます。:math:`p` は 0.1〜0.5 がよく使われます。
- Transformer では、アテンションの重みや各ブロックの出力に小さな :math:`p`（0.1 など）で使われます。
- 関数版 ``torch.nn.functional.dropout`` は ``training`` 引数の既定が ``True`` です。``forward`` の中で使うなら
  ``training=self.training`` を渡さないと、評価モードでも要素が落ちます。
"""

# %%
# 訓練モードの Dropout
# --------------------
# :class:`torch.nn.Dropout` は作った直後は :term:`訓練モード <train / eval mode>` です。
# すべて 1 の入力を ``p=0.5`` で通すと、各要素は 0 か :math:`1/(1-0.5) = 2` になります。
import torch
from torch import nn

torch.manual_seed(0)
p = 0.5
drop = nn.Dropout(p=p)
ones = torch.ones(2, 8)
print(f"training = {drop.training}")
print(f"出力:\n{drop(ones)}")

# %%
# 落ちる割合と、残った値
# ----------------------
# 100 万個の要素で数えると、0 になった割合はほぼ :math:`p` で、残った要素はすべて :math:`1/(1-p)` 倍です。
# ``p=0.2`` でも確かめます。
dropped_fraction, kept_values = {}, {}
for rate in (0.2, 0.5):
    y = nn.Dropout(p=rate)(torch.ones(1_000_000))
    dropped_fraction[rate] = (y == 0).float().mean().item()
    kept_values[rate] = y[y != 0].unique()
    print(
        f"p = {rate}: 0 になった割合 {dropped_fraction[rate]:.4f}, "
        f"残った値 {kept_values[rate].tolist()}（1/(1-p) = {1 / (1 - rate):.4f}）"
    )

# %%
# 期待値は変わらない
# ------------------
# 同じベクトル :math:`x` を 2 万行に並べ、``p=0.3`` のドロップアウトに通して平均します
# （マスクは要素ごとに独立に引かれるので、2 万回通すのと同じです）。
# 1 回ごとの出力はばらばらでも、平均は :math:`x` に近づきます。
x = torch.tensor([0.5, -1.0, 2.0, 3.0])
drop_03 = nn.Dropout(p=0.3)
draws = drop_03(x.expand(20_000, -1))
print(f"x:                 {x.tolist()}")
print(f"1 回目の出力:       {[round(v, 4) for v in draws[0].tolist()]}")
print(f"2 万回の出力の平均: {[round(v, 4) for v in draws.mean(dim=0).tolist()]}")
mean_gap = (draws.mean(dim=0) - x).abs().max().item()
print(f"平均と x の差（最大）: {mean_gap:.4f}")

# %%
# 評価モードでは何もしない
# ------------------------
# ``eval()`` を呼ぶと、ドロップアウトは入力をそのまま返します（恒等写像）。
drop.eval()
eval_output = drop(ones)
print(f"training = {drop.training}, 入力と同じ: {torch.equal(eval_output, ones)}")

# %%
# モデルの中で使う
# ----------------
# :class:`~torch.nn.Sequential` の途中に入れます。訓練モードでは同じ入力でも呼ぶたびに出力が変わり、
# 評価モードでは毎回同じ出力になります。検証やテストの前に ``model.eval()`` を呼ぶのはこのためです。
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Dropout(p=0.5), nn.Linear(32, 1))
inputs = torch.randn(3, 4)
model.train()
train_a, train_b = model(inputs), model(inputs)
model.eval()
with torch.no_grad():
    eval_a, eval_b = model(inputs), model(inputs)


def show(t):
    return "[" + ", ".join(f"{v:.4f}" for v in t.squeeze(1).tolist()) + "]"


print(f"訓練モード: 1 回目 {show(train_a)}, 2 回目 {show(train_b)}")
print(f"評価モード: 1 回目 {show(eval_a)}, 2 回目 {show(eval_b)}")

# %%
# 関連用語
# --------
# :term:`過学習 <Overfitting>`、:term:`訓練モードと評価モード <train / eval mode>`、:term:`重み減衰 <Weight Decay>`、
# :term:`早期終了 <Early Stopping>`、:term:`バッチ正規化 <Batch Normalization>`、:term:`モジュール <Module>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Dropout`, :func:`torch.nn.functional.dropout`, :meth:`torch.nn.Module.train`,
# :meth:`torch.nn.Module.eval`, :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.no_grad`
#
# .. used-in-tutorials:: torch.nn.Dropout
