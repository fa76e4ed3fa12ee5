r"""
デバイス（Device）
==================

.. term-card::
   :ja: デバイス
   :reading: でばいす
   :en: Device
   :api: torch.device
   :summary: テンソルのデータが置かれ、計算が行われる場所（CPU や GPU）です。
      PyTorch では :class:`torch.device` で表し、どのテンソルも ``.device`` 属性で自分のデバイスを持っています。
      1 つの演算に渡すテンソルは、同じデバイスに置かれていなければなりません。

定義
----
:class:`torch.device` は、種類（``type``）と番号（``index``）の組です。
種類は ``"cpu"``、NVIDIA GPU の ``"cuda"``（AMD GPU 向けの ROCm 版 PyTorch でも ``"cuda"``）、Apple シリコンの GPU の ``"mps"``、
Intel の GPU の ``"xpu"`` などで、
``torch.device("cuda:1")`` は 2 台目（番号 1）の GPU を指します。番号を省いた ``torch.device("cuda")`` は「いま選ばれている GPU」です。

演算は、入力テンソルが置かれたデバイスで実行され、結果も同じデバイスに置かれます。
入力が別々のデバイスにあると、PyTorch は自動では移さずにエラーを出します
（例外は、0 次元の CPU テンソルです。スカラーの代わりとして、GPU のテンソルと組み合わせられます）。

かみくだいた説明
----------------
デバイスは「作業机」です。CPU の机と GPU の机は別の場所にあり、同じ机に載っている材料どうしでしか作業できません。
材料を別の机に運ぶのが ``.to(device)`` です。運ぶには時間がかかるので、
モデルもデータも最初に同じ机へ運んでおき、そこで計算を続けるのが基本です。

使われる場面
------------
- プログラムの最初に、使えるなら GPU、なければ CPU を選びます。
- モデルは ``model.to(device)``、データはミニバッチごとに ``xb.to(device)`` で同じデバイスへ移します。
- 結果を NumPy や matplotlib に渡す前に ``.cpu()`` で CPU に戻します。
"""

# %%
# デバイスを選ぶ
# --------------
# ``torch.accelerator.is_available()`` で、GPU などのアクセラレータ（``"cuda"``、``"mps"``、``"xpu"`` など）が使えるかを調べ、
# 使えれば ``torch.accelerator.current_accelerator().type`` でその種類を、なければ ``"cpu"`` を選びます。
# ``current_accelerator()`` は、デバイスがなくても PyTorch に組み込まれた種類を返すことがあるので、必ず先に ``is_available()`` を確かめます。
# 下の出力は、このページを実行した環境で実際に選ばれた結果です。GPU のある手元の環境では、GPU の種類が表示されます。
import torch
from torch import nn

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
if device == "cpu":
    print("アクセラレータ（GPU など）が見つからなかったので、CPU で計算します。")

# %%
# torch.device オブジェクト
# -------------------------
# 文字列から作るほか、種類と番号を別々に渡しても作れます。作るだけなら、その GPU がなくてもかまいません。
second_gpu = torch.device("cuda", 1)
print(f"{second_gpu}: type={second_gpu.type!r}, index={second_gpu.index}")
print(f"番号なしの cuda: index={torch.device('cuda').index}")
print(f"'cuda:1' と ('cuda', 1) は同じか: {torch.device('cuda:1') == second_gpu}")

# %%
# テンソルの ``.device`` は文字列ではなく :class:`torch.device` です。文字列と ``==`` で比べると、
# 同じ CPU でも ``False`` になります。比べるときは ``.type`` を使うか、:class:`torch.device` どうしで比べます。
x = torch.arange(3.0)  # 何も指定しなければ CPU に作られる
print(f"x.device = {x.device!r}")
print(f"x.device == 'cpu': {x.device == 'cpu'}")
print(f"x.device.type == 'cpu': {x.device.type == 'cpu'}")

# %%
# テンソルを移す・最初から置く
# ----------------------------
# :meth:`torch.Tensor.to` は、移した新しいテンソルを返し、元のテンソルはそのまま残します。
# だから ``x = x.to(device)`` と代入します。すでにそのデバイスにあれば、コピーせずに元のテンソルを返します。
# 作る関数には ``device=`` を渡して、最初から目的のデバイスに置くこともできます。
x_on_device = x.to(device)
print(
    f"x.to(device) の置き場所: {x_on_device.device}, 元の x と同じオブジェクトか: {x_on_device is x}"
)
noise = torch.zeros(3, device=device)
print(f"device= を渡して作ったテンソル: {noise.device}")

# %%
# モジュールの ``.to`` は違います。:meth:`torch.nn.Module.to` はパラメータをその場で移し、モジュール自身を返します。
# ``model.to(device)`` と書くだけで移り、代入しなくてもかまいません。
model = nn.Linear(3, 1)
returned = model.to(device)
print(f"model.to(device) はモデル自身を返すか: {returned is model}")
print(f"重みの置き場所: {model.weight.device}")

# %%
# 同じデバイスで計算する
# ----------------------
# 1 つの演算の入力は、同じデバイスに置きます。0 次元の CPU テンソルだけは例外で、GPU のテンソルとも組み合わせられます。
scale = torch.tensor(2.0)  # 0 次元、CPU
scaled = x_on_device * scale
print(
    f"(デバイス上のテンソル) × (0 次元の CPU テンソル) の結果: {scaled.tolist()}, 置き場所 {scaled.device}"
)

if device != "cpu":
    try:
        torch.ones(3) + torch.ones(3, device=device)
    except RuntimeError as error:
        mismatch_error = str(error).splitlines()[0]
        print(f"CPU と {device} のテンソルを足すと RuntimeError: {mismatch_error}")
else:
    mismatch_error = None
    print("アクセラレータがないので、デバイスが食い違う例はこの実行では試せません。")

# %%
# GPU のある環境では、CPU のテンソルと GPU のテンソル（どちらも 1 次元以上）を足すと、
# ``Expected all tensors to be on the same device`` で始まる ``RuntimeError`` になります。
# モデルだけを GPU に移してデータを CPU に残したときなどに、よく見かけるエラーです。
#
# デバイスに依存しない書き方
# --------------------------
# モデルとデータを同じ ``device`` へ移せば、同じコードが CPU でも GPU でも動きます。
# 結果を NumPy にするときは ``.cpu()`` で CPU に戻します（CPU にあるテンソルの ``.cpu()`` は何もしません）。
torch.manual_seed(0)
inputs = torch.randn(8, 3).to(device)
with torch.inference_mode():  # 予測だけなので、計算を記録しない
    outputs = model(inputs)
outputs_np = outputs.cpu().numpy()
print(f"入力 {inputs.device}, 出力 {outputs.device}, NumPy にした出力の形 {outputs_np.shape}")

# %%
# 関連用語
# --------
# :term:`CUDA テンソル <CUDA Tensors>`、:term:`テンソル <Tensor>`、:term:`モジュール <Module>`、
# :term:`パラメータ <Parameter>`、:term:`データ型 <dtype>`
#
# このページで使った API
# ----------------------
# :class:`torch.device`, ``torch.accelerator.is_available``, ``torch.accelerator.current_accelerator``,
# :meth:`torch.Tensor.to`, :meth:`torch.Tensor.cpu`, :attr:`torch.Tensor.device`, :meth:`torch.nn.Module.to`,
# :func:`torch.zeros`, :func:`torch.arange`, :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.device torch.accelerator.is_available torch.Tensor.to torch.nn.Module.to
