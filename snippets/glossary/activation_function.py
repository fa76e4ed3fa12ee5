r"""
活性化関数（Activation Function）
=================================

.. term-card::
   :ja: 活性化関数
   :reading: かっせいかかんすう
   :en: Activation Function
   :api: torch.nn.ReLU
   :summary: 層の出力にかける非線形な関数です。ReLU、シグモイド、tanh など多くは要素ごとの関数です
      （ソフトマックスのようにベクトル全体にかかるものもあります）。
      :term:`全結合層 <Linear Layer>` の間にはさまないと、層をいくつ重ねてもアフィン変換 1 つと同じです。
      それでは曲がった関係を表せません。

定義
----
活性化関数の多くは、テンソルの各要素に同じ非線形関数 :math:`\phi: \mathbb{R} \to \mathbb{R}` を当てはめる
要素ごとの関数です（:term:`ソフトマックス <Softmax>` のように、ベクトル全体にかかるものもあります）。
要素ごとの代表的なものと、その導関数は次のとおりです。

.. math::

   \mathrm{ReLU}(x) = \max(0, x), \qquad
   \mathrm{ReLU}'(x) = \begin{cases} 1 & (x > 0) \\ 0 & (x < 0) \end{cases}

.. math::

   \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)

.. math::

   \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}, \qquad \tanh'(x) = 1 - \tanh^2(x)

非線形性が要る理由は、アフィン変換（線形変換と平行移動）の合成がアフィン変換になるからです。

.. math::

   W_2 (W_1 x + b_1) + b_2 = (W_2 W_1)\, x + (W_2 b_1 + b_2)

かみくだいた説明
----------------
全結合層は、入力を「伸ばして、回して、ずらす」ことしかできません。
いくつ重ねても、できあがるのは 1 つの層と同じ、まっすぐな変換です。
活性化関数は、その間に「折り曲げ」を入れます。ReLU なら、負の値を 0 に折り曲げます。
折り曲げを何度も重ねることで、ネットワークは曲がった複雑な関係を表せるようになります。

使われる場面
------------
- 隠れ層の出力にかける（いまの標準は ReLU とその仲間）
- 出力を 0〜1 の確率にしたいとき（シグモイド）。ただし学習では、シグモイドを損失関数の中で扱う
  :class:`torch.nn.BCEWithLogitsLoss` を使うほうが数値的に安定します
- LSTM の中のゲートなど、値の範囲を -1〜1 や 0〜1 に収めたいところ
"""

# %%
# 3 つの活性化関数の形
# --------------------
# :class:`torch.nn.ReLU`、:class:`torch.nn.Sigmoid`、:class:`torch.nn.Tanh` に、-5 から 5 までの値を
# 通して描きます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

activations = {"ReLU": nn.ReLU(), "シグモイド": nn.Sigmoid(), "tanh": nn.Tanh()}
x = torch.linspace(-5, 5, 501, requires_grad=True)

values, derivatives = {}, {}
for name, act in activations.items():
    y = act(x)
    (grad,) = torch.autograd.grad(y.sum(), x)  # 要素ごとの関数なので、和の勾配 = 各点の導関数
    values[name], derivatives[name] = y.detach(), grad

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, y in values.items():
    ax.plot(x.detach().numpy(), y.numpy(), label=name)
ax.set(xlabel="入力 x", ylabel="出力 φ(x)", title="活性化関数", ylim=(-1.5, 3))
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 導関数を autograd で求める
# --------------------------
# 要素ごとの関数 :math:`y_i = \phi(x_i)` では、:math:`\sum_i y_i` を :math:`x_i` で
# 微分すると :math:`\phi'(x_i)` になります。
# 上のコードではこれを使って、:term:`自動微分 <Autograd>` で導関数を求めました。
# 定義の式と比べて確かめます。
sig, d_sig = values["シグモイド"], derivatives["シグモイド"]
th, d_th = values["tanh"], derivatives["tanh"]
print(f"シグモイドの導関数と σ(1-σ) の差の最大: {(d_sig - sig * (1 - sig)).abs().max():.2e}")
print(f"tanh の導関数と 1-tanh² の差の最大: {(d_th - (1 - th**2)).abs().max():.2e}")
print(f"導関数の最大値: シグモイド {d_sig.max():.4f}, tanh {d_th.max():.4f}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
for name, d in derivatives.items():
    ax.plot(x.detach().numpy(), d.numpy(), label=name)
ax.set(xlabel="入力 x", ylabel="導関数 φ'(x)", title="活性化関数の導関数（autograd で計算）")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# シグモイドの導関数は最大でも 0.25 です。層を重ねると勾配にこの値が掛け合わされていくので、
# 入力に近い層ほど勾配が小さくなりがちです（勾配消失）。ReLU の導関数は正の側でずっと 1 なので、
# この問題が起きにくくなります。
# なお、ReLU は :math:`x = 0` で微分できませんが、PyTorch はそこでの勾配を 0 としています。
zero = torch.tensor(0.0, requires_grad=True)
nn.ReLU()(zero).backward()
print(f"x = 0 での ReLU の勾配: {zero.grad.item()}")

# %%
# 活性化関数がないと、層を重ねても 1 つと同じ
# -------------------------------------------
# 全結合層 2 つを活性化関数なしでつなぐと、
# 定義の式どおり 1 つの層 :math:`(W_2 W_1, W_2 b_1 + b_2)` と同じ結果になります。
# 間に ReLU をはさむと、そうはなりません。
torch.manual_seed(0)
layer1, layer2 = nn.Linear(4, 6), nn.Linear(6, 3)
inputs = torch.randn(5, 4)
with torch.inference_mode():  # 値を比べるだけなので、計算を記録しない
    W = layer2.weight @ layer1.weight
    b = layer2.weight @ layer1.bias + layer2.bias
    single = inputs @ W.T + b
    stacked = nn.Sequential(layer1, layer2)(inputs)
    with_relu = nn.Sequential(layer1, nn.ReLU(), layer2)(inputs)
print(f"活性化関数なしの 2 つ = 1 つ: {torch.allclose(stacked, single, atol=1e-6)}")
print(f"ReLU をはさんだ 2 つ = 1 つ: {torch.allclose(with_relu, single, atol=1e-6)}")

# %%
# 関連用語
# --------
# :term:`全結合層 <Linear Layer>`、:term:`自動微分 <Autograd>`、:term:`勾配 <Gradient>`、
# :term:`torch.nn`、:term:`Sequential`、:term:`交差エントロピー損失 <Cross-Entropy Loss>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.ReLU`, :class:`torch.nn.Sigmoid`, :class:`torch.nn.Tanh`,
# :func:`torch.autograd.grad`, :class:`torch.nn.Linear`, :class:`torch.nn.Sequential`,
# :func:`torch.allclose`
#
# .. used-in-tutorials:: torch.nn.ReLU torch.relu torch.nn.functional.relu
