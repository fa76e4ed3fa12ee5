r"""
よくあるエラー（学習と自動微分）
================================

PyTorch を使い始めたころによく出会うエラーをわざと起こし、PyTorch が実際に出すメッセージを表示してから、直したコードで結果を確かめます。
このページは、損失、``backward()`` と勾配のエラーです。入力の形と型、ラベル、画像、GPU のエラーは :doc:`/tutorials/classification/common_errors_data` にあります。

.. lesson::
   :prerequisites: :doc:`/tutorials/basics/autograd_basics`、:doc:`/tutorials/classification/first_cnn`、:term:`計算グラフ <Computational Graph>`

   - メッセージの決まった一部から、損失と自動微分のどこで間違えたかを見分ける
   - エラーにならずに結果だけがおかしくなる間違い（ブロードキャスト、勾配の足し込み）に気づく
   - ``backward()`` が計算グラフをどう使い、どう捨てるかを知る

これまでのページは、正しく動くコードだけを見せてきました。このページでは逆に、わざと間違えて、メッセージから原因を読み取ります。
メッセージは長いので、下の表には見分けるための一部だけを載せています。各行から、そのエラーの節へ進めます。

.. csv-table::
   :header: エラー（メッセージの一部）, よくある原因, 直し方
   :widths: 34, 33, 33

   :ref:`common-errors-broadcast`: 警告 ``Using a target size ... that is different to the input size``, "出力の形が (N, 1)、正解の形が (N,)", "正解を ``unsqueeze(1)`` で (N, 1) にする"
   :ref:`common-errors-scalar`: ``grad can be implicitly created only for scalar outputs``, 1 件ごとの損失（ベクトル）のまま ``backward()`` を呼んだ, ``.mean()`` や ``.sum()`` でスカラーにする
   :ref:`common-errors-twice`: ``Trying to backward through the graph a second time``, ループの外で一度だけ計算したテンソルを、毎回の損失に使った, その計算をループの中に入れる
   :ref:`common-errors-inplace`: ``modified by an inplace operation``, 逆伝播に要る値を ``+=`` などで書き換えた, ``h = h + 1`` のように新しいテンソルを作る
   :ref:`common-errors-leaf`: ``a leaf Variable that requires grad is being used in an in-place operation``, パラメータを手で更新するコードを、勾配の記録の中で書いた, ``torch.no_grad()`` の中で更新する
   :ref:`common-errors-zero-grad`: エラーは出ない, ``zero_grad()`` を呼ばず、勾配が足し込まれ続ける, ステップごとに ``optimizer.zero_grad()`` を呼ぶ
   :ref:`common-errors-numpy`: ``Can't call numpy() on Tensor that requires grad``, 勾配を記録しているテンソルを NumPy に変換した, ``.detach().cpu().numpy()`` と書く
"""

# %%
# エラーを捕まえて、型とメッセージを表示する関数を用意します。
import warnings

import torch
from torch import nn

print(f"このページのメッセージは PyTorch {torch.__version__} が出したものです。")


def show(error):
    print(f"{type(error).__name__}: {error}")
    return str(error)


# %%
# .. _common-errors-broadcast:
#
# 出力と正解の形が違う（エラーにならない）
# ----------------------------------------
# :class:`~torch.nn.MSELoss` に形 (N, 1) の出力と形 (N,) の正解を渡しても、エラーにはならず、警告（``UserWarning``）が出るだけです。
# 2 つは :term:`ブロードキャスト <Broadcasting>` で (N, N) に広げられ、すべての出力とすべての正解の組の差を平均してしまいます。
# 正解とまったく同じ値を出力させても、損失は 0 になりません。警告を捕まえて表示します。正解を ``unsqueeze(1)`` で (N, 1) にして形をそろえると、損失は 0 になります（出力を ``squeeze(1)`` で (N,) にしても同じです）。
x_feat = torch.linspace(0, 1, 8).unsqueeze(1)  # 形 (8, 1)
target = 2 * x_feat.squeeze(1) + 1  # 形 (8,)。表の 1 列を取り出すと、この形になりがち
perfect = 2 * x_feat + 1  # 形 (8, 1)。正解とまったく同じ値の出力
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loss_broadcast = nn.MSELoss()(perfect, target)
broadcast_warning = show(caught[0].message)
print(f"形が違うときの損失: {loss_broadcast.item():.4f}")
loss_fixed = nn.MSELoss()(perfect, target.unsqueeze(1))
print(f"形をそろえたときの損失: {loss_fixed.item():.4f}")

# %%
# .. _common-errors-scalar:
#
# スカラーでないテンソルで backward を呼ぶ
# ----------------------------------------
# ``backward()`` を引数なしで呼べるのは、要素が 1 つ（スカラー）のテンソルだけです。1 件ごとの二乗誤差を並べたベクトルのまま呼ぶと、このエラーになります（:term:`勾配 <Gradient>`）。
# 平均をとってスカラーの損失にしてから呼べば、勾配は :math:`\frac{2}{3}(w_i x_i - y_i)\,x_i` になり、手で計算した値と一致します。
weights = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
x_in, y_true = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2.0, 2.0, 2.0])
per_sample = (weights * x_in - y_true) ** 2  # 形 (3,)
try:
    per_sample.backward()
except RuntimeError as error:
    scalar_error = show(error)
per_sample.mean().backward()
expected_grad = 2 / 3 * (weights.detach() * x_in - y_true) * x_in
print(f"weights.grad: {weights.grad}, 手で計算した値: {expected_grad}")

# %%
# .. _common-errors-twice:
#
# 同じ計算グラフで 2 回 backward を呼ぶ
# -------------------------------------
# ``backward()`` は勾配を計算し終えると、:term:`計算グラフ <Computational Graph>` の途中に保存していた値を捨ててメモリを空けます。ループの外で一度だけ計算したテンソルを毎回の損失に使うと、2 回目の ``backward()`` が、値を捨てたグラフをもう一度たどろうとしてエラーになります。
# その計算をループの中に入れれば、ステップごとに新しいグラフができます。本当に同じグラフを 2 回たどりたいときだけ、``backward(retain_graph=True)`` で値を残します（練習問題 1）。
scale, x_raw = torch.tensor(1.0, requires_grad=True), torch.tensor([0.5, -1.0, 2.0])
squashed = (scale * x_raw).sigmoid()  # ループの外で一度だけ計算してしまった
for step in range(1, 3):
    try:
        (squashed - 0.5).pow(2).sum().backward()
        print(f"{step} 回目の backward: 成功")
    except RuntimeError as error:
        twice_error = show(error)
optimizer = torch.optim.SGD([scale], lr=0.5)
for step in range(1, 3):  # 直し方: 毎回ループの中で計算する
    optimizer.zero_grad()
    squashed = (scale * x_raw).sigmoid()
    loss = (squashed - 0.5).pow(2).sum()
    loss.backward()
    optimizer.step()
    print(f"{step} 回目の backward: 成功（損失 {loss.item():.4f}）")

# %%
# .. _common-errors-inplace:
#
# 逆伝播に要る値をその場で書き換える
# ----------------------------------
# シグモイドなどの関数は、逆伝播で使うために自分の出力を保存しています。その出力を ``+=`` のようにその場で（in-place で）書き換えると、保存した値が変わってしまうので、``backward()`` がエラーを出します。メッセージの version は、テンソルが書き換えられた回数です。
# メッセージの最後にあるとおり、:class:`torch.autograd.set_detect_anomaly` を有効にすると、どの演算の値が書き換えられたかも表示されます（遅くなるので、原因を探すときだけ使います）。
# ``h = w.sigmoid() + 1`` のように新しいテンソルを作れば、シグモイドの出力は書き換わらず、勾配はシグモイドの微分 :math:`s(1-s)` になります。
w = torch.tensor([0.5, -1.0], requires_grad=True)
h = w.sigmoid()
h += 1  # その場で書き換える
try:
    h.sum().backward()
except RuntimeError as error:
    inplace_error = show(error)
h = w.sigmoid() + 1  # 直し方: 新しいテンソルを作る
h.sum().backward()
s = w.detach().sigmoid()
print(f"w.grad: {w.grad}, s(1-s): {s * (1 - s)}")

# %%
# .. _common-errors-leaf:
#
# 葉テンソルをその場で書き換える
# ------------------------------
# 自分で作って :term:`requires_grad` を ``True`` にしたテンソルは、計算グラフの出発点で「葉テンソル」と呼ばれます。
# 葉テンソルを、勾配を記録したまま ``-=`` でその場で書き換えることはできません。パラメータを手で更新するときに起きます（:doc:`/tutorials/regression/linear_regression_manual`）。
# 更新は :class:`torch.no_grad` の中で行います。:term:`オプティマイザ <Optimizer>` の ``step()`` も、内部で同じことをしています。
param = torch.tensor([1.0, 2.0], requires_grad=True)
(param**2).sum().backward()  # 勾配は 2 * param = [2, 4]
try:
    param -= 0.1 * param.grad
except RuntimeError as error:
    leaf_error = show(error)
with torch.no_grad():  # 直し方: 記録を止めて更新する
    param -= 0.1 * param.grad
print(f"更新後の param: {param}")

# %%
# .. _common-errors-zero-grad:
#
# 勾配を消し（None に戻し）忘れる
# -------------------------------
# これはエラーになりません。``backward()`` は勾配を上書きせず、``.grad`` に足し込みます。:meth:`~torch.optim.Optimizer.zero_grad` を呼ばないと前のステップの勾配が残り、更新が大きくなりすぎます（:term:`勾配のゼロクリア <zero_grad>`）。
# PyTorch 2.0 からの ``zero_grad()`` は、勾配を 0 で埋めるのではなく ``None`` に戻します。
# :math:`p^2` を :math:`p = 3` から学習率 0.1 で 3 ステップ下る例で比べます。正しい勾配は :math:`2p` です。
zero_grad_runs = {}  # zero_grad を呼んだか → (勾配, 3 ステップ後の p)
for call_zero_grad in (False, True):
    p = torch.tensor(3.0, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.1)
    grads = []
    for _ in range(3):
        if call_zero_grad:
            optimizer.zero_grad()
        (p**2).backward()
        grads.append(round(p.grad.item(), 4))
        optimizer.step()
    zero_grad_runs[call_zero_grad] = (grads, round(p.item(), 4))
    label = "呼んだ" if call_zero_grad else "忘れた"
    print(f"zero_grad を{label}: 勾配 {grads}, 3 ステップ後の p = {p.item():.4f}")
optimizer.zero_grad()
print(f"zero_grad() のあとの p.grad: {p.grad}")

# %%
# .. _common-errors-numpy:
#
# 勾配を記録しているテンソルを NumPy にする
# -----------------------------------------
# ``requires_grad=True`` のテンソルや、そこから計算したテンソルは、そのままでは ``.numpy()`` にできません。matplotlib にテンソルを渡したときも、内部で同じ変換が起きます。:meth:`~torch.Tensor.detach` で勾配の記録から切り離し、GPU のテンソルなら ``.cpu()`` で CPU に戻すので、``.detach().cpu().numpy()`` と書くのが確実です。
trained = torch.tensor([0.5, -1.5], requires_grad=True)
try:
    trained.numpy()
except RuntimeError as error:
    numpy_error = show(error)
as_numpy = trained.detach().cpu().numpy()
print(f"NumPy 配列: {as_numpy}, 型 {as_numpy.dtype}")

# %%
# まとめ
# ------
# - メッセージの最初の一文（``backward through the graph a second time`` など）が、間違いの場所を教えてくれます。
# - 形が違ってもエラーにならない計算があります。損失に渡す前に、出力と正解の形をそろえます。
# - ``backward()`` はスカラーの損失に対して、1 つのグラフに 1 回だけ呼び、逆伝播に要る値はその場で書き換えません。
# - パラメータの手での更新は ``torch.no_grad()`` の中で行い、ステップごとに ``zero_grad()`` を呼びます。
# - 勾配を記録しているテンソルは、``.detach().cpu().numpy()`` で NumPy の配列にします。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** :math:`w = 2` の :math:`w^3` を損失として、``retain_graph=True`` で 2 回 ``backward()`` を呼び、1 回目と 2 回目のあとの ``w.grad`` を表示してください。2 回目の値がそうなるのはなぜですか。
#
# .. hint:: ``retain_graph=True`` はグラフの値を残すだけです。勾配を足し込む振る舞いは変わりません。
#
# .. answer::
#
#    1 回目は :math:`3w^2 = 12` です。2 回目の勾配が 1 回目に足し込まれるので、2 回目のあとは 2 倍になります。

ex1_w = torch.tensor(2.0, requires_grad=True)
ex1_loss = ex1_w**3
ex1_loss.backward(retain_graph=True)
ex1_first = ex1_w.grad.item()
ex1_loss.backward()
ex1_second = ex1_w.grad.item()
print(f"1 回目のあとの w.grad: {ex1_first}, 2 回目のあと: {ex1_second}")

# %%
# **問題 2.** 上の ``x_feat`` と ``target`` で ``nn.Linear(1, 1)`` を、損失 ``nn.MSELoss()(model(x_feat), target)`` と学習率 0.5 の SGD で 500 ステップ学習させると、エラーは出ませんが、
# :math:`y = 2x + 1` の重み 2 とバイアス 1 を学べません。直して、形が違うままの場合と比べてください。
#
# .. hint:: ``target.unsqueeze(1)`` で、正解の形を出力と同じ (8, 1) にします。
#
# .. answer::
#
#    形が違うままだと、どの出力もすべての正解に近づこうとするので、重みは 0、バイアスは正解の平均に近づきます。

ex2_results = {}  # (重み, バイアス)
for name, y in [("形が違うまま", target), ("形をそろえた", target.unsqueeze(1))]:
    torch.manual_seed(0)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 形が違うと毎ステップ同じ警告が出るので、表示しない
        for _ in range(500):
            optimizer.zero_grad()
            nn.MSELoss()(model(x_feat), y).backward()
            optimizer.step()
    ex2_results[name] = (model.weight.item(), model.bias.item())
    print(f"{name}: 重み {ex2_results[name][0]:.4f}, バイアス {ex2_results[name][1]:.4f}")
print(f"正解の平均: {target.mean():.4f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Linear`, :class:`torch.nn.MSELoss`, :class:`torch.optim.SGD`, :meth:`torch.optim.Optimizer.zero_grad`, :meth:`torch.optim.Optimizer.step`
# - :meth:`torch.Tensor.backward`, :class:`torch.no_grad`, :class:`torch.autograd.set_detect_anomaly`, :meth:`torch.Tensor.sigmoid`, :meth:`torch.Tensor.unsqueeze`, :meth:`torch.Tensor.detach`, :meth:`torch.Tensor.numpy`, :meth:`torch.Tensor.squeeze`, :func:`torch.linspace`, :func:`torch.tensor`
