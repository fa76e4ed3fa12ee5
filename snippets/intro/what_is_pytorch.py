r"""
PyTorch とは
============

PyTorch は、Python でニューラルネットワークを作り、学習させるためのオープンソースのライブラリです。
このページでは、PyTorch が研究でも製品でも広く使われている理由を特徴ごとに説明し、
そのうち 3 つを小さなコードで実際に確かめます。

PyTorch は Meta（旧 Facebook）の AI 研究所で開発が始まり、2022 年からは Linux Foundation のもとにある
PyTorch Foundation が運営しています。中心にあるのは、GPU でも計算できる多次元配列の
:term:`テンソル <Tensor>` と、その計算の微分を自動で求める :term:`自動微分 <Autograd>` です。
"""

# %%
# 1. 実行しながら計算グラフを作る（define-by-run）
# ------------------------------------------------
# PyTorch は、計算を実行するその場で :term:`計算グラフ <Computational Graph>` を記録します。
# 先にグラフ全体を定義してから実行する方式（初期の TensorFlow など）と違い、Python の ``if`` や ``for`` が
# そのままグラフの形を決めます。入力によって処理を変えるモデルも素直に書け、途中の値を ``print`` や
# デバッガでいつでも確かめられます。
#
# 下の関数は、``x`` が正なら :math:`x^2`、そうでなければ :math:`e^x` を返します。
# 通った枝によって、結果を作った演算として記録されるもの（``grad_fn``）が変わり、:meth:`~torch.Tensor.backward` はその枝の微分を計算します。
import torch


def f(x):
    if x > 0:
        return x**2
    return torch.exp(x)


branch = {}
for value in (3.0, -1.0):
    x = torch.tensor(value, requires_grad=True)
    y = f(x)
    y.backward()
    branch[value] = (y.grad_fn.name(), x.grad.item())
    print(f"x = {value:+.1f}: 記録された演算 {y.grad_fn.name()}, dy/dx = {x.grad.item():.4f}")

# %%
# ``while`` の回数がデータで決まる計算も同じです。2 倍を何回繰り返すかは、実行してみるまでわかりません。
# 記録されたグラフは実際に繰り返した回数の掛け算になり、:term:`勾配 <Gradient>` は :math:`2^{\text{回数}}` です。
x = torch.tensor(0.3, requires_grad=True)
y = x
steps = 0
while y.abs() < 100:
    y = y * 2
    steps += 1
y.backward()
print(f"繰り返した回数: {steps}, dy/dx = {x.grad.item():.0f}（2 の {steps} 乗 = {2**steps}）")

# %%
# 2. 自動微分（Autograd）
# -----------------------
# :math:`L = (w x + b - t)^2` の :math:`w` と :math:`b` による偏微分を、手で求めた式
# :math:`\partial L / \partial w = 2 (w x + b - t) x`、:math:`\partial L / \partial b = 2 (w x + b - t)` と比べます。
# PyTorch では、:term:`requires_grad` が ``True`` のテンソルから計算して ``backward()`` を呼ぶだけで、同じ値が ``.grad`` に入ります。
# ニューラルネットワークの何百万個もの :term:`パラメータ <Parameter>` の勾配も、同じ仕組みで求まります。
w0, b0, x0, t0 = 1.5, -0.5, 2.0, 4.0
w = torch.tensor(w0, requires_grad=True)
b = torch.tensor(b0, requires_grad=True)
loss = (w * x0 + b - t0) ** 2
loss.backward()

residual = w0 * x0 + b0 - t0
manual = {"w": 2 * residual * x0, "b": 2 * residual}
autograd = {"w": w.grad.item(), "b": b.grad.item()}
for name in ("w", "b"):
    print(f"∂L/∂{name}: 自動微分 {autograd[name]:.4f} / 手で求めた式 {manual[name]:.4f}")

# %%
# 3. GPU で計算する
# -----------------
# テンソルは :term:`デバイス <Device>` を選んで置けます。NVIDIA の GPU なら ``"cuda"``
# （AMD の GPU 向けの ROCm 版も同じ ``"cuda"`` という名前を使います）、Apple シリコンなら ``"mps"``、
# Intel の GPU なら ``"xpu"`` です。
# 同じコードが、GPU があれば GPU で、なければ CPU で動くように書くのが定石です。
# ``torch.accelerator`` は、これらの GPU をどれも同じ書き方で見つけます。
# ``current_accelerator()`` は GPU がなくても PyTorch に組み込まれた種類を返すので、先に ``is_available()`` を確かめます。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
torch.manual_seed(0)
a = torch.randn(512, 512, device=device)
product = a @ a.T
print(f"行列の積を計算した場所: {product.device}")

# %%
# 4. Python らしく書ける
# ----------------------
# テンソルの操作は NumPy とよく似ていて、:func:`torch.from_numpy` や :meth:`torch.Tensor.numpy` で行き来できます。
# モデルは :class:`torch.nn.Module` を継承した普通の Python のクラスとして書き（:term:`モジュール <Module>`）、
# 学習ループも普通の ``for`` 文です。特別な言語を覚える必要はありません。
#
# 5. エコシステム
# ---------------
# - **torchvision**: 画像のデータセット、:term:`トランスフォーム <Transforms>`、学習済みモデル。このサイトでも使います。
# - **torchaudio**: 音声の変換やモデル。2.8 から 2.9 にかけて新しい機能の追加をやめて保守だけを続ける形になり、
#   音声や動画の読み書きは TorchCodec に移りました。
# - **Hugging Face Transformers**: 言語モデルなどの学習済みモデルを、PyTorch から手軽に使えるライブラリ。
# - **PyTorch Lightning** など: 学習ループの定型部分をまとめる高水準のライブラリ。
#
# 文章向けの torchtext は開発が止まっています。モデルを配信するための TorchServe も、2025 年から
# 更新・バグ修正・セキュリティ修正の予定がない状態（Limited Maintenance）です。
# 古い解説で見かけても、新しく使い始めるのは避けたほうが安全です。
#
# 6. 本番環境へ持っていく
# -----------------------
# 学習したモデルは、``torch.export`` で書き出して、サーバやスマートフォンなど Python のない場所でも動かせます
# （:doc:`/tutorials/advanced/export` で扱います）。
#
# 次は :doc:`install` で手元に PyTorch を用意し、チュートリアルの :doc:`/tutorials/basics/quickstart` から始めましょう。
# テンソルの扱いは、その次の :doc:`/tutorials/basics/tensor_basics` で学びます。
#
# このページで使った API
# ----------------------
# :class:`torch.Tensor`, :meth:`torch.Tensor.backward`, :func:`torch.exp`, :func:`torch.randn`,
# ``torch.accelerator.is_available``, ``torch.accelerator.current_accelerator``
