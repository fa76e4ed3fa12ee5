r"""
forward メソッド（Forward Method）
==================================

.. term-card::
   :ja: forward メソッド
   :reading: ふぉわーどめそっど
   :en: Forward Method
   :api: torch.nn.Module.forward
   :summary: :term:`モジュール <Module>` が入力から出力を計算する手順（順伝播）を書くメソッドです。
      自分で定義はしますが、呼び出すときは ``model.forward(x)`` ではなく ``model(x)`` と書きます。
      ``model(x)`` は、フックなどの前後の処理とあわせて ``forward`` を呼びます。

定義
----
順伝播（forward propagation）は、入力 :math:`x` から出力 :math:`y` を計算することです。
:term:`全結合層 <Linear Layer>` 3 つと ReLU でできたネットワークなら、次のようになります。

.. math::

   h_1 = \mathrm{ReLU}(x W_1^\top + b_1), \quad
   h_2 = \mathrm{ReLU}(h_1 W_2^\top + b_2), \quad
   y = h_2 W_3^\top + b_3

PyTorch では、:class:`torch.nn.Module` を継承したクラスの :meth:`~torch.nn.Module.forward` に、
この計算を書きます。
逆向きの計算（勾配）は書きません。``forward`` の中の演算を :term:`自動微分 <Autograd>` が記録し、
:term:`backward メソッド <Backward Method>` がそこから勾配を求めます。

``model(x)`` と書くと ``Module.__call__`` が動きます。``__call__`` は、登録された前処理のフック
（forward pre-hook）を実行し、``forward`` を呼び、後処理のフック（forward hook）を実行します。
``model.forward(x)`` と直接呼ぶと、フックが飛ばされます。

かみくだいた説明
----------------
``forward`` は「データがモデルの中をどう流れるか」を書いた道順です。
``__init__`` で部品（層）を用意し、``forward`` でその部品を使う順番を書きます。
使う側は、モデルを関数のように ``model(x)`` と呼びます。

使われる場面
------------
- 自分のモデルを :class:`~torch.nn.Module` のサブクラスとして作るとき
- 分岐や繰り返しなど、:term:`Sequential` では書けない流れを書くとき
- 予測を得るとき、学習ループで損失を計算するとき（呼ぶのは ``model(x)``）
"""

# %%
# forward を書く
# --------------
# 28×28 画素の画像を 1 列に伸ばした 784 次元の入力を、10 クラスのスコアにするモデルです。
# ここでは形を確かめるだけなので、入力は乱数で作ります。
import torch
import torch.nn.functional as F
from torch import nn


class SimpleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)  # 出力層には活性化関数をかけない（損失関数の側で扱う）


torch.manual_seed(0)
model = SimpleNet()
dummy_input = torch.randn(2, 784)  # 2 枚分
output = model(dummy_input)
print(f"入力の形: {tuple(dummy_input.shape)} → 出力の形: {tuple(output.shape)}")

# %%
# 定義の式と同じ計算をしている
# ----------------------------
# 重みを取り出して、定義の式を手で計算してみます。``model(x)`` の結果と一致します。
W1, b1 = model.fc1.weight, model.fc1.bias
W2, b2 = model.fc2.weight, model.fc2.bias
W3, b3 = model.fc3.weight, model.fc3.bias
by_hand = F.relu(F.relu(dummy_input @ W1.T + b1) @ W2.T + b2) @ W3.T + b3
max_diff = (output - by_hand).abs().max().item()
print(f"model(x) と手計算の差の最大値: {max_diff:.2e}")

# %%
# フックは model(x) のときだけ動く
# --------------------------------
# :meth:`~torch.nn.Module.register_forward_hook` で、``forward`` のあとに呼ばれる関数を登録します。
# ``model(x)`` と ``model.forward(x)`` をそれぞれ 1 回ずつ呼び、フックが何回動いたかを数えます。
hook_calls = []


def count_calls(module, inputs, out):
    hook_calls.append(tuple(out.shape))


handle = model.register_forward_hook(count_calls)
out_call = model(dummy_input)
calls_after_call = len(hook_calls)
out_forward = model.forward(dummy_input)
calls_after_forward = len(hook_calls)
handle.remove()

print(f"model(x) のあとのフックの回数: {calls_after_call}")
print(f"model.forward(x) のあとのフックの回数: {calls_after_forward}（増えていない）")
print(f"出力そのものは同じ: {torch.equal(out_call, out_forward)}")

# %%
# 出力は同じでも、フックで動く仕組み（``torch.nn.utils.prune`` による重みの刈り込みなど）は
# ``forward`` を直接呼ぶと黙って働きません。いつも ``model(x)`` と書きましょう。
#
# フックで各層の出力の形を見る
# ----------------------------
# フックは ``forward`` の途中を観察するのにも便利です。各層に登録して、出力の形を記録します。
shapes = {}


def record_shape(name):
    def hook(module, inputs, out):
        shapes[name] = tuple(out.shape)

    return hook


handles = [
    layer.register_forward_hook(record_shape(name)) for name, layer in model.named_children()
]
_ = model(dummy_input)
for h in handles:
    h.remove()
for name, shape in shapes.items():
    print(f"{name} の出力: {shape}")

# %%
# 関連用語
# --------
# :term:`モジュール <Module>`、:term:`torch.nn`、:term:`全結合層 <Linear Layer>`、
# :term:`活性化関数 <Activation Function>`、:term:`backward メソッド <Backward Method>`、
# :term:`計算グラフ <Computational Graph>`、:term:`Sequential`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Module`, :meth:`torch.nn.Module.forward`,
# :meth:`torch.nn.Module.register_forward_hook`, :meth:`torch.nn.Module.named_children`,
# :class:`torch.nn.Linear`, :func:`torch.nn.functional.relu`
#
# .. used-in-tutorials:: torch.nn.Module torch.nn.Module.forward torch.nn.Linear
