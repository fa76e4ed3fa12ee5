r"""
混合精度（Mixed Precision）
===========================

.. term-card::
   :ja: 混合精度
   :reading: こんごうせいど
   :en: Mixed Precision
   :api: torch.autocast
   :summary: 計算の多くを 16 ビットの浮動小数点数（``float16`` か ``bfloat16``）で行い、
      パラメータや精度が要る計算は 32 ビット（``float32``）のまま残す学習・推論のやり方です。
      16 ビットの値はメモリが半分で済みます。:class:`torch.autocast` の中で実行すると、
      どの演算を 16 ビットにするかを PyTorch が演算ごとに決めます。``float16`` では、小さな勾配が 0 にならないよう ``GradScaler`` を併用します。

定義
----
浮動小数点数は、指数部（表せる範囲）と仮数部（精度）のビット数で性質が決まります。

.. list-table::
   :header-rows: 1

   * - 型
     - 指数部
     - 仮数部
     - 特徴
   * - ``float32``
     - 8 ビット
     - 23 ビット
     - PyTorch の既定
   * - ``float16``
     - 5 ビット
     - 10 ビット
     - 範囲が狭い（最大 65504）
   * - ``bfloat16``
     - 8 ビット
     - 7 ビット
     - 範囲は ``float32`` と同じ、精度は粗い

:class:`torch.autocast` の範囲では、行列積や畳み込みのように 16 ビットで計算しても問題の少ない演算は、入力を 16 ビットにしてから計算します。
損失関数など、精度が要る演算は ``float32`` で計算します。どちらの一覧にもない演算は、入力の型のまま計算します
（どの演算がどちらに入るかは、デバイスごとに一覧が決まっています）。
``float16`` で逆伝播すると、小さな勾配が表せずに 0 になります（アンダーフロー）。
``GradScaler`` は損失を大きな数 :math:`S` 倍してから ``backward()`` し、更新の前に勾配を :math:`S` で割り戻します。

かみくだいた説明
----------------
細かい桁が要らない大量の計算は「安い 16 ビット」で済ませ、桁が大事なところだけ「正確な 32 ビット」を使う、という使い分けです。
``float16`` は小さすぎる数を 0 に丸めてしまうので、勾配をいったん何万倍かにして計算し、あとで元に戻します。

使われる場面
------------
- GPU での学習: ``torch.autocast("cuda", dtype=torch.bfloat16)``、または ``float16`` と ``torch.amp.GradScaler("cuda")`` の組み合わせ
- 大きなモデルで、メモリに載る量を増やしたいとき（推論なら重みそのものを 16 ビットにすることもあります）
"""

# %%
# 3 つの型の範囲と精度
# --------------------
# ``torch.finfo`` で、最大値、最小の正規化数、精度（1 の次に大きい数との差 eps）を調べます。1 要素のバイト数も並べます。
import torch
from torch import nn

dtypes = (torch.float32, torch.float16, torch.bfloat16)


def show(t):
    return "[" + ", ".join(f"{v:.3e}" for v in t.flatten().tolist()) + "]"


info = {dtype: torch.finfo(dtype) for dtype in dtypes}
bytes_per_element = {dtype: torch.empty(0, dtype=dtype).element_size() for dtype in dtypes}
for dtype in dtypes:
    fi = info[dtype]
    print(
        f"{dtype}: 最大値 {fi.max:.6g}, 最小の正規化数 {fi.smallest_normal:.4g}, "
        f"eps {fi.eps:.4g}, 1 要素 {bytes_per_element[dtype]} バイト"
    )
for dtype in (torch.float32, torch.bfloat16):
    print(f"10 億個のパラメータを {dtype} で持つと: {1e9 * bytes_per_element[dtype] / 1e9:.0f} GB")

# %%
# autocast はどの演算を 16 ビットにするか
# ---------------------------------------
# このページでは CPU で確かめます（CPU の autocast の既定は ``bfloat16`` です）。
# 全結合層と行列積の出力は ``bfloat16`` になり、``float32`` のテンソルの合計は ``float32`` のまま、
# 損失関数は ``bfloat16`` の入力からでも ``float32`` で計算されます。パラメータそのものは ``float32`` のままです。
torch.manual_seed(0)
layer = nn.Linear(8, 4)
x = torch.randn(16, 8)
with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
    out = layer(x)
    product = x @ x.T
    total = x.sum()
    loss = nn.functional.mse_loss(out, torch.zeros(16, 4))
autocast_dtypes = {
    "全結合層の出力": out.dtype,
    "行列積 x @ x.T": product.dtype,
    "float32 のテンソルの合計": total.dtype,
    "損失（mse_loss）": loss.dtype,
    "パラメータ layer.weight": layer.weight.dtype,
}
for name, dtype in autocast_dtypes.items():
    print(f"{name}: {dtype}")

# %%
# float16 の勾配のアンダーフロー
# ------------------------------
# 勾配が :math:`10^{-8}` になる計算を、3 つの型で逆伝播します。
# ``float16`` の最小の正の数（非正規化数）は :math:`2^{-24} \approx 6 \times 10^{-8}` なので、勾配は 0 になります。
# ``bfloat16`` は範囲が ``float32`` と同じなので、粗いながらも値が残ります。
underflow = {}
for dtype in (torch.float16, torch.bfloat16, torch.float32):
    w = torch.tensor([1.0, 2.0], dtype=dtype, requires_grad=True)
    ((w * 1e-4).sum() * 1e-4).backward()
    underflow[dtype] = w.grad
    print(f"{dtype!s:<15}: 勾配 {show(w.grad)}")

# %%
# GradScaler で勾配を救う
# -----------------------
# パラメータは ``float32`` のまま、順伝播を ``float16`` の autocast で行い、小さな損失から勾配を求めます。
# ``float32`` だけで計算した勾配を正解として、``GradScaler`` の有無で比べます。
# ``scaler.unscale_(optimizer)`` は、更新の前に勾配を倍率で割り戻します（勾配クリッピングをするならこのあと）。
torch.manual_seed(0)
model = nn.Linear(4, 1)
inputs = torch.randn(8, 4)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def small_loss(dtype):
    with torch.autocast(device_type="cpu", dtype=dtype, enabled=dtype != torch.float32):
        return model(inputs).float().pow(2).mean() * 1e-7


model.zero_grad()
small_loss(torch.float32).backward()
reference = model.weight.grad.clone()

model.zero_grad()
small_loss(torch.float16).backward()
unscaled = model.weight.grad.clone()

model.zero_grad()
scaler = torch.amp.GradScaler("cpu")
scaler.scale(small_loss(torch.float16)).backward()
scaler.unscale_(optimizer)
scaled = model.weight.grad.clone()
scaler.step(optimizer)
scaler.update()


def rel_error(grad):
    return ((grad - reference).norm() / reference.norm()).item()


print(f"float32 の勾配:           {show(reference)}")
print(f"float16、倍率なし:        {show(unscaled)}（相対誤差 {rel_error(unscaled):.1e}）")
print(f"float16、GradScaler あり: {show(scaled)}（相対誤差 {rel_error(scaled):.1e}）")
print(f"GradScaler の倍率: {scaler.get_scale():.0f}")

# %%
# 関連用語
# --------
# :term:`データ型 <dtype>`、:term:`勾配 <Gradient>`、:term:`デバイス <Device>`、:term:`CUDA テンソル <CUDA Tensors>`、
# :term:`勾配クリッピング <Gradient Clipping>`、:term:`損失関数 <Loss Function>`
#
# このページで使った API
# ----------------------
# :class:`torch.autocast`, ``torch.amp.GradScaler``, ``torch.finfo``, :meth:`torch.Tensor.element_size`,
# :class:`torch.nn.Linear`, :func:`torch.nn.functional.mse_loss`
#
# .. used-in-tutorials:: torch.autocast
