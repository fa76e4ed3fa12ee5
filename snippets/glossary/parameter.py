r"""
パラメータ（Parameter）
=======================

.. term-card::
   :ja: パラメータ
   :reading: ぱらめーた
   :en: Parameter
   :api: torch.nn.Parameter
   :summary: 学習で更新される値（重みやバイアス）を表すテンソルです。
      ``nn.Parameter`` で包んだテンソルを :term:`モジュール <Module>` の属性に代入すると、
      自動で登録されて ``parameters()`` に現れます。
      そして :term:`オプティマイザ <Optimizer>` の更新対象になります。

定義
----
モデル :math:`f_\theta` の :math:`\theta` が、学習で決める値（パラメータ）です。
たとえば :math:`\hat{y} = w x + b` なら :math:`\theta = (w, b)` です。

PyTorch の :class:`nn.Parameter <torch.nn.parameter.Parameter>` は :class:`torch.Tensor` のサブクラスです。
普通のテンソルとの主な違いは、次の 2 点です。

- :class:`~torch.nn.Module` の属性に代入されると、そのモジュールのパラメータとして登録されます。
  登録されたパラメータは :meth:`~torch.nn.Module.parameters` や :meth:`~torch.nn.Module.state_dict` に
  現れます。属性に代入しただけの普通のテンソルは、どちらにも現れません。
- 既定で :term:`requires_grad` が ``True`` です。

学習はしないがモデルと一緒に保存したい値（正規化の統計など）は、バッファとして
:meth:`~torch.nn.Module.register_buffer` で登録します。

かみくだいた説明
----------------
パラメータは、モデルの中にある「学習で調整するつまみ」です。
``nn.Parameter`` は、そのテンソルに「これはつまみです」という札を付けます。
札の付いたテンソルだけをモデルが名簿に載せ、オプティマイザは名簿に載ったつまみだけを回します。
札を付け忘れたテンソルは、勾配を持っていても、誰にも更新されません。

使われる場面
------------
- :class:`~torch.nn.Module` を継承して、重みを自分で持つ層やモデルを作るとき
- ``model.parameters()`` をオプティマイザに渡すとき、パラメータの数を数えるとき
- :class:`torch.nn.Linear` などの層の中身（``weight`` と ``bias``）を調べるとき
"""

# %%
# 登録されるテンソル、されないテンソル
# ------------------------------------
# 直線 :math:`\hat{y} = w x + b` のモデルを 2 通り作ります。
# 片方は ``w`` と ``b`` を ``nn.Parameter`` で包み、もう片方はただのテンソルのまま属性にします。
import torch
from torch import nn


class WithParameter(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(1))
        self.bias = nn.Parameter(torch.randn(1))

    def forward(self, x):
        return self.weight * x + self.bias


class PlainTensors(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = torch.randn(1, requires_grad=True)  # ただのテンソル
        self.bias = torch.randn(1, requires_grad=True)

    def forward(self, x):
        return self.weight * x + self.bias


torch.manual_seed(42)
good = WithParameter()
plain = PlainTensors()
n_good = len(list(good.parameters()))
n_plain = len(list(plain.parameters()))
good_names = [n for n, _ in good.named_parameters()]
print(f"nn.Parameter で包んだモデルのパラメータ数: {n_good}  {good_names}")
print(f"ただのテンソルのモデルのパラメータ数: {n_plain}")
print(
    f"nn.Parameter はテンソルの一種: {isinstance(good.weight, torch.Tensor)}, "
    f"requires_grad の既定値: {good.weight.requires_grad}"
)

# %%
# 登録されていないと学習できない
# ------------------------------
# パラメータが 1 つもないモデルからオプティマイザを作ろうとすると、エラーになります。
try:
    torch.optim.SGD(plain.parameters(), lr=0.1)
except ValueError as error:
    empty_error = str(error)
    print(f"ValueError: {empty_error}")

# %%
# 片方だけ包み忘れると、エラーにはならず、黙って学習されません。
# ``bias`` だけをただのテンソルにしたモデルと、正しいモデルを、同じデータで学習させて比べます。
# データは :math:`y = 0.7 x + 0.3` の直線上の 50 点です。


class ForgotBias(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(1))
        self.bias = torch.zeros(1, requires_grad=True)  # Parameter で包み忘れた

    def forward(self, x):
        return self.weight * x + self.bias


X = torch.arange(0, 1, 0.02).unsqueeze(1)
y = 0.7 * X + 0.3

torch.manual_seed(42)
results, trained = {}, {}
for name, model in [("正しいモデル", WithParameter()), ("bias を包み忘れたモデル", ForgotBias())]:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    for _ in range(300):
        loss = nn.functional.mse_loss(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    trained[name] = model
    results[name] = (model.weight.item(), model.bias.item(), loss.item())
    print(
        f"{name}: w = {results[name][0]:.4f}, b = {results[name][1]:.4f}, "
        f"最後の損失 = {results[name][2]:.5f}"
    )

# %%
# 包み忘れた ``bias`` にも勾配は計算されています。
# それでもオプティマイザの名簿にないので、値は 0 のままです。
# ``optimizer.zero_grad()`` も名簿にあるものしか 0 に戻さないので、``bias.grad`` には 300 回分の
# 勾配がたまっています。
# 値が動かない分を ``w`` が無理に埋め合わせようとして、正解の 0.7 からずれ、損失も下がりきりません。
forgot = trained["bias を包み忘れたモデル"]
forgot_bias_grad = forgot.bias.grad
print(
    f"包み忘れた bias の .grad: {forgot_bias_grad.item():.4f}（値は {forgot.bias.item():.4f} のまま）"
)

# %%
# バッファ
# --------
# 学習はしないがモデルの状態として持ち運びたい値は、バッファにします。
# バッファは ``parameters()`` には現れず、``state_dict()`` には入ります。
model = WithParameter()
model.register_buffer("scale", torch.tensor(2.0))
print(f"parameters(): {[n for n, _ in model.named_parameters()]}")
print(f"state_dict(): {list(model.state_dict())}")

# %%
# to() や double() にもついてこない
# ---------------------------------
# ``model.to(device)`` や ``model.double()`` が移したり変換したりするのは、登録されたパラメータとバッファだけです。
# ただのテンソルの属性は元のデバイスと型に残るので、GPU で学習すると、それを使う演算が
# ``Expected all tensors to be on the same device`` のエラーになります。このエラーを見たら、``nn.Parameter`` か
# ``register_buffer`` の付け忘れを疑います。GPU がなくても確かめられる ``double()``（64 ビットへの変換）で見ます。
mixed = ForgotBias().double()
print(f"double() のあとの型: weight {mixed.weight.dtype}, 包み忘れた bias {mixed.bias.dtype}")

# %%
# 関連用語
# --------
# :term:`モジュール <Module>`、:term:`requires_grad`、:term:`勾配 <Gradient>`、
# :term:`オプティマイザ <Optimizer>`、:term:`state_dict`、:term:`全結合層 <Linear Layer>`、
# :term:`テンソル <Tensor>`
#
# このページで使った API
# ----------------------
# :class:`nn.Parameter <torch.nn.parameter.Parameter>`, :class:`torch.nn.Module`,
# :meth:`torch.nn.Module.parameters`, :meth:`torch.nn.Module.named_parameters`,
# :meth:`torch.nn.Module.register_buffer`, :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.double`,
# :class:`torch.optim.SGD`, :func:`torch.nn.functional.mse_loss`
#
# .. used-in-tutorials:: torch.nn.Parameter torch.nn.parameter.Parameter torch.nn.Module.parameters
