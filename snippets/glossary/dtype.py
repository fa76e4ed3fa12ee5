r"""
データ型（dtype）
=================

.. term-card::
   :ja: データ型
   :reading: でーたがた
   :en: dtype
   :api: torch.dtype
   :summary: テンソルの要素が何の数か（32 ビット浮動小数点数、64 ビット整数、真偽値など）を表す属性です。
      表せる値の範囲と精度、1 要素のバイト数が決まります。小数から作ると既定で ``torch.float32``、
      整数から作ると ``torch.int64`` になり、型の違うテンソルどうしの演算では決まった規則で型がそろえられます。

定義
----
:class:`torch.dtype` は、テンソルのすべての要素に共通の数の表し方です。浮動小数点数は
:math:`(-1)^s \times 1.f \times 2^{e - \text{bias}}` の形で、符号 :math:`s`、指数 :math:`e`、仮数 :math:`f` のビット数で精度と範囲が決まります。

- ``torch.float32``: 符号 1 + 指数 8 + 仮数 23 ビット。1 の次に表せる数との差（機械イプシロン）は :math:`2^{-23}`
- ``torch.float16``: 符号 1 + 指数 5 + 仮数 10 ビット。最大でも 65504 まで
- ``torch.bfloat16``: 符号 1 + 指数 8 + 仮数 7 ビット。範囲は float32 とほぼ同じで、精度は粗い
- ``torch.int64``（``torch.long``）: :math:`-2^{63}` から :math:`2^{63}-1` までの整数

型の違うオペランドの演算では、結果の型を次の順に決めます（型の昇格）。種類には
真偽値 < 整数 < 浮動小数点数 < 複素数 の順位があります。

1. 次元を持つテンソルのうち、最も上の種類の型にします。同じ種類が複数あれば、大きい方の型にします
   （int32 と int64 なら int64、float16 と float32 なら float32）。
2. 0 次元のテンソルや Python の数は、それより上の種類のときだけ結果に影響します。
   そのとき、0 次元テンソルならその型、Python の数ならその種類の既定の型（小数なら ``float32``）になります。

かみくだいた説明
----------------
dtype は「数を入れる箱の種類」です。大きな箱（float64）は細かい値まで正確に入りますが、場所を取ります。
小さな箱（float16）は軽い代わりに、大きな数や細かい差が入りません。ニューラルネットワークでは float32 が標準です。

使われる場面
------------
- モデルへの入力を float32 にそろえるとき（整数のままだとエラーになります）
- 分類の正解ラベルを int64 で用意するとき（:term:`交差エントロピー損失 <Cross-Entropy Loss>`）
- メモリを減らして速く計算するために、float16 や bfloat16 を使うとき
"""

# %%
# 既定の型
# --------
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch
from torch import nn

defaults = {
    "torch.tensor([1, 2])": torch.tensor([1, 2]).dtype,
    "torch.tensor([1.0, 2.0])": torch.tensor([1.0, 2.0]).dtype,
    "torch.tensor([True])": torch.tensor([True]).dtype,
    "torch.from_numpy(np.array([1.0]))": torch.from_numpy(np.array([1.0])).dtype,
}
for code, dt in defaults.items():
    print(f"{code} → {dt}")
print(f"小数の既定の型 torch.get_default_dtype(): {torch.get_default_dtype()}")

# %%
# NumPy の小数の配列は既定で float64 なので、:func:`torch.from_numpy` の結果も float64 です。
# モデルに渡す前に ``.float()`` で float32 にします。
#
# 大きさと精度
# ------------
# 1 要素のバイト数（:meth:`~torch.Tensor.element_size`）と、浮動小数点数の機械イプシロン
# （:class:`torch.finfo <torch.torch.finfo>`）を比べます。バイト数が小さい型ほど、精度が粗くなります。
# 右のグラフの :math:`-\log_{10} \varepsilon` は、10 進で何桁まで区別できるかの目安です。
names = ["float64", "float32", "bfloat16", "float16", "int64", "int32", "uint8", "bool"]
sizes = {n: torch.empty(0, dtype=getattr(torch, n)).element_size() for n in names}
floats = names[:4]
eps = {n: torch.finfo(getattr(torch, n)).eps for n in floats}
for n in floats:
    print(
        f"{n:>8}: {sizes[n]} バイト, eps = {eps[n]:.2e}, 最大値 = {torch.finfo(getattr(torch, n)).max:.3e}"
    )

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
ax1.barh(names[::-1], [sizes[n] for n in names[::-1]], color="tab:blue")
ax1.set(xlabel="1 要素のバイト数", title="メモリ")
digits = {n: -np.log10(eps[n]) for n in floats}  # 10 進で何桁まで区別できるかの目安
bars = ax2.barh(floats[::-1], [digits[n] for n in floats[::-1]], color="tab:orange")
_ = ax2.bar_label(bars, fmt="%.1f 桁", padding=3)
ax2.set(
    xlabel="-log10(機械イプシロン)：10 進の有効桁数の目安", title="浮動小数点数の精度", xlim=(0, 18)
)
plt.show()

# %%
# 精度と範囲の限界は、実際の値にも表れます。
big = torch.tensor(16_777_217.0)  # 2**24 + 1
print(f"float32 で 16777217 → {big.item():.0f}")
print(f"float16 で 70000 → {torch.tensor(70000.0, dtype=torch.float16).item()}")
print(f"float16 で 1 + 0.0001 → {(torch.tensor(1.0, dtype=torch.float16) + 0.0001).item()}")

# %%
# 型の昇格
# --------
# 型の違うオペランドの演算で、結果の型を確かめます。整数どうしの ``/`` は小数の割り算なので、
# 結果は既定の小数の型になります（切り捨ての割り算は ``//``）。
i64 = torch.tensor([1, 2])
f16 = torch.tensor([1.0, 2.0], dtype=torch.float16)
promotions = {
    "int64 テンソル + 2.5": (i64 + 2.5).dtype,
    "int64 テンソル / 2": (i64 / 2).dtype,
    "int32 テンソル + int64 の 0 次元テンソル": (i64.int() + torch.tensor(7)).dtype,
    "float16 テンソル + float32 の 0 次元テンソル": (f16 + torch.tensor(2.0)).dtype,
    "float16 テンソル + float32 の 1 次元テンソル": (f16 + torch.tensor([2.0, 3.0])).dtype,
}
for case, dt in promotions.items():
    print(f"{case} → {dt}")
print(f"torch.promote_types(int64, float16) → {torch.promote_types(torch.int64, torch.float16)}")

# %%
# よくある間違い: Long と Float
# -----------------------------
# 整数のリストから作った入力（int64 = Long）を :class:`~torch.nn.Linear` に渡すと、重み（float32 = Float）と型が合わずにエラーになります。
# 逆に、:class:`~torch.nn.CrossEntropyLoss` に正解をクラス番号で渡すときは int64 にします。int32 や小数のままではエラーになります
# （正解を各クラスの確率で渡す使い方では、出力と同じ形の小数のテンソルを渡します）。
torch.manual_seed(0)
layer = nn.Linear(2, 1)
features = torch.tensor([[1, 2], [3, 4]])
try:
    layer(features)
except RuntimeError as error:
    linear_error = str(error)
    print(f"RuntimeError: {linear_error}")
fixed = layer(features.float())
print(f".float() にすると通る: 出力の形 {tuple(fixed.shape)}, 型 {fixed.dtype}")

logits = torch.randn(2, 3)
try:
    nn.CrossEntropyLoss()(logits, torch.tensor([0.0, 2.0]))
except RuntimeError as error:
    label_error = str(error)
    print(f"RuntimeError: {label_error}")
ce = nn.CrossEntropyLoss()(logits, torch.tensor([0, 2]))
print(f"int64 のラベルなら通る: 損失 {ce.item():.4f}")

# %%
# 関連用語
# --------
# :term:`テンソル <Tensor>`、:term:`テンソル演算 <Tensor Operations>`、:term:`デバイス <Device>`、
# :term:`全結合層 <Linear Layer>`、:term:`交差エントロピー損失 <Cross-Entropy Loss>`
#
# このページで使った API
# ----------------------
# :class:`torch.dtype`, :func:`torch.get_default_dtype`, :func:`torch.from_numpy`, :meth:`torch.Tensor.element_size`,
# :class:`torch.finfo <torch.torch.finfo>`, :func:`torch.promote_types`,
# :meth:`torch.Tensor.float`, :meth:`torch.Tensor.int`, :class:`torch.nn.Linear`, :class:`torch.nn.CrossEntropyLoss`
#
# .. used-in-tutorials:: torch.from_numpy torch.Tensor.float torch.Tensor.long torch.dtype
