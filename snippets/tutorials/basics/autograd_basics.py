r"""
自動微分
========

PyTorch は、テンソルで行った計算を記録しておき、あとから微分（:term:`勾配 <Gradient>`）を自動で求めます。
このページでは、1 変数の関数 :math:`f(x) = \frac{1}{2}x^2 + \sin x` を使って、勾配の求め方と注意点を確かめ、
最後にその勾配で :math:`f` の最小値を探します。

.. lesson::
   :prerequisites: :doc:`/tutorials/basics/tensor_basics`、微分（導関数）の基本

   - ``requires_grad`` と ``backward()`` で勾配を求め、手で求めた導関数と比べる
   - 勾配が足し込まれること、計算の記録が一度の逆伝播で消えることを知る
   - ``detach``、``no_grad``、``inference_mode`` を使い分ける
   - 求めた勾配で関数の値を小さくする

前のページまでは、テンソルの値と形を扱いました。このページでは、テンソルの計算から微分を求めます。
:doc:`/tutorials/basics/quickstart` の学習ループで呼んだ ``loss.backward()`` の中身です。
"""

# %%
# 計算を記録する
# --------------
# ``requires_grad=True`` を付けたテンソルを使うと、PyTorch はその計算を :term:`計算グラフ <Computational Graph>` として記録します
# （:term:`requires_grad`）。計算の結果は、自分を作った演算を ``grad_fn`` に持ちます。
# 自分で作ったテンソル ``x`` はグラフの出発点で、**葉**（``is_leaf``）と呼ばれ、``grad_fn`` を持ちません。
# ``y`` の ``grad_fn`` は最後の足し算で、その手前をたどると、掛け算と ``sin`` がつながっています。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch


def f(x):
    return 0.5 * x**2 + torch.sin(x)


def df_by_hand(x):
    return x + torch.cos(x)


x = torch.tensor(3.0, requires_grad=True)
y = f(x)
print(f"x: 葉か {x.is_leaf}, grad_fn {x.grad_fn}")
print(f"y: 葉か {y.is_leaf}, requires_grad {y.requires_grad}, grad_fn {y.grad_fn.name()}")
parents = [fn.name() for fn, _ in y.grad_fn.next_functions]
print(f"y の一つ手前の演算: {parents}")

# %%
# backward で微分する
# -------------------
# スカラーの ``y`` について :meth:`~torch.Tensor.backward` を呼ぶと、記録を逆にたどって :math:`dy/dx` を求め、
# 葉の ``x.grad`` に入れます（:term:`自動微分 <Autograd>`）。手で微分した :math:`f'(x) = x + \cos x` と比べます。
y.backward()
hand_at_3 = df_by_hand(torch.tensor(3.0)).item()
print(f"自動微分の f'(3): {x.grad.item():.6f}, 手で求めた 3 + cos 3: {hand_at_3:.6f}")

# %%
# たくさんの点で一度に求めるには、各点の値を ``sum()`` で 1 つにしてから ``backward()`` します。
# 各項はその点の :math:`x` だけで決まるので、和を :math:`x_i` で微分すると :math:`f'(x_i)` が残ります。
# スカラーでない結果に直接 ``backward()`` を呼ぶと、エラーになります。
xs = torch.linspace(-3, 3, 7, requires_grad=True)
f(xs).sum().backward()
max_diff = (xs.grad - df_by_hand(xs.detach())).abs().max().item()
print(f"7 点での自動微分と手計算の差の最大: {max_diff:.1e}")
try:
    f(xs).backward()
except RuntimeError as error:
    scalar_error = str(error)
    print(f"RuntimeError: {scalar_error}")

# %%
# 勾配は足し込まれる
# ------------------
# ``backward()`` は ``.grad`` を上書きせず、前の値に **足します**。同じ計算をもう一度逆伝播すると、``x.grad`` は 2 倍になります。
# 学習ループで毎回 ``optimizer.zero_grad()`` を呼ぶのは、この足し込みを消すためです（:term:`zero_grad`）。
# 手で消すときは ``x.grad = None`` とします。
grad_once = x.grad.item()
f(x).backward()
grad_twice = x.grad.item()
print(f"1 回目のあと: {grad_once:.6f}, もう一度 backward したあと: {grad_twice:.6f}")
x.grad = None

# %%
# 記録は一度の逆伝播で消える
# --------------------------
# 逆伝播に使う途中の値は、``backward()`` のあとすぐに捨てられます。同じ ``y`` でもう一度 ``backward()`` するとエラーです。
# 学習では、ループの外で一度だけ計算したテンソルを、毎回の損失に使い回したときによく起きます。
# どうしても 2 回逆伝播したいときだけ、1 回目に ``retain_graph=True`` を渡します。
y = f(x)
y.backward()
try:
    y.backward()
except RuntimeError as error:
    second_error = str(error)
    print(f"RuntimeError: {second_error}")
x.grad = None
y = f(x)
y.backward(retain_graph=True)
y.backward()
grad_retained = x.grad.item()
print(f"retain_graph=True で 2 回逆伝播した x.grad: {grad_retained:.6f}（足し込まれて 2 倍）")

# %%
# detach: 記録から切り離す
# ------------------------
# :meth:`~torch.Tensor.detach` は、同じ値（同じメモリ）を持ち、記録とはつながっていないテンソルを返します。
# グラフを描くために NumPy に渡すときや、値を記録しておくときに使います。``requires_grad`` のテンソルのままでは
# ``.numpy()`` できません。
try:
    x.numpy()
except RuntimeError as error:
    numpy_error = str(error)
    print(f"RuntimeError: {numpy_error}")
x_detached = x.detach()
shares = x_detached.data_ptr() == x.data_ptr()
print(f"detach したもの: requires_grad {x_detached.requires_grad}, 同じメモリ {shares}")

# %%
# ``no_grad`` と ``inference_mode``
# ----------------------------------
# :class:`torch.no_grad` の中の計算は記録されません。パラメータを勾配で更新するときに使います。
# ``requires_grad`` の葉をその場で書き換える計算は、記録の外でしか許されないからです。
# :class:`torch.inference_mode` はさらに軽く、評価や推論に使います。その代わり、中で作ったテンソルは
# 後で自動微分の計算に使えません（:term:`勾配計算の無効化 <no_grad / inference_mode>`）。
try:
    x -= 0.1 * x.grad
except RuntimeError as error:
    inplace_error = str(error)
    print(f"RuntimeError: {inplace_error}")
with torch.no_grad():
    in_no_grad = x * 3
with torch.inference_mode():
    in_inference = x * 3
for name, t in [("no_grad", in_no_grad), ("inference_mode", in_inference)]:
    print(f"{name} の中の結果: requires_grad {t.requires_grad}, 推論テンソルか {t.is_inference()}")
(in_no_grad * x).backward()  # no_grad で作ったテンソルは、定数として使える
try:
    (in_inference * x).backward()
except RuntimeError as error:
    inference_error = str(error)
    print(f"RuntimeError: {inference_error}")

# %%
# .grad を使わずに勾配を受け取る
# ------------------------------
# :func:`torch.autograd.grad` は、勾配を ``.grad`` に足し込まずに、戻り値として返します。
# 勾配を一度だけ調べたいときに、学習中の ``.grad`` を乱さずに済みます。
x.grad = None
(grad_at_3,) = torch.autograd.grad(f(x), x)
print(f"autograd.grad の f'(3): {grad_at_3.item():.6f}, x.grad は {x.grad}")

# %%
# 勾配で最小値を探す
# ------------------
# 勾配は「:math:`x` を少し増やすと :math:`f` がどれだけ増えるか」を表す、接線の傾きです。
# :math:`x` を勾配と逆向きに少しずつ動かせば、:math:`f` は小さくなります（:term:`勾配降下法 <Gradient Descent>`）。
# 一歩の大きさを決める係数が :term:`学習率 <Learning Rate>` です。勾配を消し、求め、``no_grad`` の中で更新する、
# 学習ループと同じ形です。:math:`x = 3` から始めます。
lr = 0.3
w = torch.tensor(3.0, requires_grad=True)
path = [w.item()]
for _ in range(20):
    w.grad = None
    f(w).backward()
    with torch.no_grad():
        w -= lr * w.grad
    path.append(w.item())
(slope_at_end,) = torch.autograd.grad(f(w), w)
print(f"20 歩後の x: {w.item():.5f}, f(x) = {f(w).item():.5f}")
print(f"そこでの傾き: {slope_at_end.item():.1e}")

# %%
# 図の破線は、最初に自動微分で求めた :math:`x = 3` での傾きを使った接線 :math:`f(3) + f'(3)(t - 3)` です。
# 傾きが正なので、点は左へ進み、傾きが 0 になる谷の底に近づきます。
grid = torch.linspace(-3, 4, 200)
tangent = f(torch.tensor(3.0)) + grad_at_3 * (grid - 3)
path_t = torch.tensor(path)
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
ax.plot(grid.numpy(), f(grid).numpy(), color="0.3", label="f(x) = x²/2 + sin x")
ax.plot(grid.numpy(), tangent.numpy(), "--", label=f"x = 3 での接線（傾き {grad_at_3.item():.3f}）")
ax.plot(path_t.numpy(), f(path_t).numpy(), "o-", color="tab:red", ms=4, label="勾配降下法の 20 歩")
ax.set(xlabel="x", ylabel="f(x)", ylim=(-1, 7), title="接線の傾き（勾配）と逆向きに進む")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# まとめ
# ------
# - ``requires_grad=True`` の葉から始めた計算は記録され、スカラーの結果の ``backward()`` で葉の ``.grad`` に勾配が入ります。
# - ``.grad`` は足し込まれるので、毎回消します。記録は一度の ``backward()`` で消えます。
# - ``detach`` は記録から切り離し、``no_grad`` は記録を止め、``inference_mode`` は推論専用にさらに軽くします。
# - 勾配と逆向きにパラメータを動かすことが、学習の中身です。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** :math:`g(x) = x e^{-x}` の導関数を手で求め、:math:`x = 0.5, 1, 2` での自動微分の値と比べてください。
#
# .. hint:: 積の微分 :math:`(uv)' = u'v + uv'` を使います。3 点を 1 つのテンソルにして ``sum()`` を逆伝播します。
#
# .. answer::
#
#    手で求めると :math:`g'(x) = (1 - x) e^{-x}` です。:math:`x = 1` で 0 になります。

ex1_x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
(ex1_x * torch.exp(-ex1_x)).sum().backward()
ex1_hand = (1 - ex1_x.detach()) * torch.exp(-ex1_x.detach())
print(f"自動微分: {[round(v, 5) for v in ex1_x.grad.tolist()]}")
print(f"手計算: {[round(v, 5) for v in ex1_hand.tolist()]}")

# %%
# **問題 2.** :math:`h(x) = x^2` を :math:`x = 3` で計算して ``backward()`` する、を 3 回くり返すと、``x.grad`` はいくつになりますか。
# 予想してから確かめ、毎回正しい勾配 6 が入るように直してください。
#
# .. hint:: 足し込まれるので 3 回分の和になります。ループの中で ``backward()`` の前に ``.grad`` を消します。
#
# .. answer::

ex2_x = torch.tensor(3.0, requires_grad=True)
for _ in range(3):
    (ex2_x**2).backward()
ex2_accumulated = ex2_x.grad.item()
ex2_fixed = []
for _ in range(3):
    ex2_x.grad = None
    (ex2_x**2).backward()
    ex2_fixed.append(ex2_x.grad.item())
print(f"消さないとき: {ex2_accumulated}, 毎回消したとき: {ex2_fixed}")

# %%
# このページで使った API
# ----------------------
# - :attr:`torch.Tensor.requires_grad`, :attr:`torch.Tensor.is_leaf`, :attr:`torch.Tensor.grad`, :meth:`torch.Tensor.backward`
# - :meth:`torch.Tensor.detach`, :meth:`torch.Tensor.is_inference`, :class:`torch.no_grad`, :class:`torch.inference_mode`
# - :func:`torch.autograd.grad`, :func:`torch.linspace`, :func:`torch.sin`, :func:`torch.cos`, :func:`torch.exp`
