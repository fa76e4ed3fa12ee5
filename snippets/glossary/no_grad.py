r"""
勾配計算の無効化（``no_grad`` / ``inference_mode``）
=====================================================

.. term-card::
   :ja: 勾配計算の無効化
   :reading: こうばいけいさんのむこうか
   :en: no_grad / inference_mode
   :api: torch.no_grad, torch.inference_mode
   :summary: ``with torch.no_grad():`` または ``with torch.inference_mode():`` の中では、
      演算が :term:`計算グラフ <Computational Graph>` に記録されず、結果は勾配を必要としません。
      評価や予測、パラメータの手動更新で使います。``inference_mode`` はさらに軽い代わりに、
      その中で作ったテンソルを後で :term:`自動微分 <Autograd>` が記録する計算に使えなくなります。

定義
----
:class:`torch.no_grad` は、ブロックの中（または関数全体）で勾配モードを切るコンテキストマネージャです。
中で行った演算 :math:`r = f(a_1, \dots, a_k)` は、入力の :term:`requires_grad` にかかわらず
``r.requires_grad == False``、``r.grad_fn is None`` になります。グラフを作らず、逆伝播のための途中の値も保存しません。
中で作ったテンソルは普通のテンソルなので、外に出てから自動微分の計算に（定数として）使えます。

:class:`torch.inference_mode` は、勾配モードを切ることに加えて、中で作ったテンソルを **推論テンソル**
（``is_inference() == True``）にします。推論テンソルは、自動微分のための記録（書き換えの回数や view の関係）を持たないので、
``no_grad`` よりさらに軽く動きます。その代わり、モードの外では次のことができません。

- 自動微分が記録する計算に使うこと。公式ドキュメントはこれを禁じていて、
  逆伝播のために値を保存する演算（掛け算など）に渡すとエラーになります。
- その場での書き換え（``add_`` など）と、``requires_grad=True`` にすること

必要になったら、モードの外で ``clone()`` すると普通のテンソルが得られます。

かみくだいた説明
----------------
学習では計算の記録が必要ですが、予測や評価では記録はただの荷物です。``no_grad`` は「この中は記録しないで」、
``inference_mode`` は「この中の結果は、もう学習には使わない」という宣言です。
評価や予測には、どちらを使っても正しく動きます。このサイトでは、評価と予測のコードには ``inference_mode`` を、
パラメータを手で書き換えるコード（書き換えたパラメータをそのあとも学習に使うもの）には ``no_grad`` を使います。

使われる場面
------------
- テストデータでの評価や、学習済みモデルでの予測（``inference_mode`` が向きます）
- パラメータを手で更新するとき（``no_grad`` を使います。:doc:`/tutorials/regression/linear_regression_manual` を参照）
"""

# %%
# 3 つのモードで同じ計算をする
# ----------------------------
# 勾配が必要な ``w`` を 2 倍する同じ計算を、通常のまま、``no_grad`` の中、``inference_mode`` の中で行い、
# 結果の属性を比べます。
import contextlib

import torch
from torch import nn

w = torch.tensor([1.0, 2.0], requires_grad=True)
modes = {
    "通常": contextlib.nullcontext,
    "no_grad": torch.no_grad,
    "inference_mode": torch.inference_mode,
}
outputs = {}
for name, mode in modes.items():
    with mode():
        outputs[name] = w * 2
        enabled = torch.is_grad_enabled()
    out = outputs[name]
    print(f"{name}: 勾配モード={enabled}, requires_grad={out.requires_grad}")
    print(f"    grad_fn={out.grad_fn and out.grad_fn.name()}, is_inference={out.is_inference()}")

# %%
# 保存される途中の値
# ------------------
# 逆伝播には、順伝播の途中の値が必要です。通常のモードでは PyTorch がそれを保存し、
# グラフが消えるまでメモリに残します。小さな多層パーセプトロンに 128 件を通し、
# 逆伝播のために保存されたテンソルを :class:`torch.autograd.graph.saved_tensors_hooks` で記録します。
torch.manual_seed(0)
mlp = nn.Sequential(
    nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10)
)
batch = torch.randn(128, 64)


def saved_shapes(mode):
    """mode の中で mlp(batch) を計算し、逆伝播のために保存されたテンソルの形を返します。"""
    shapes = []

    def pack(t):
        shapes.append(tuple(t.shape))
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t), mode():
        mlp(batch)
    return shapes


saved = {name: saved_shapes(mode) for name, mode in modes.items()}
for name, shapes in saved.items():
    print(f"{name}: 保存されたテンソル {len(shapes)} 個")
    if shapes:
        print(f"    形: {shapes}")

# %%
# あとで自動微分に使えるか
# ------------------------
# ``no_grad`` の中で作ったテンソルは、外で ``w`` と掛けて逆伝播できます。
# ``inference_mode`` の中で作ったテンソル（推論テンソル）を同じように使うと、エラーになります。
with torch.no_grad():
    scale_no_grad = torch.tensor([3.0, 4.0]) * 2
with torch.inference_mode():
    scale_inference = torch.tensor([3.0, 4.0]) * 2

(scale_no_grad * w).sum().backward()
print(f"no_grad で作ったテンソルを使った勾配: {w.grad.tolist()}")
try:
    (scale_inference * w).sum().backward()
except RuntimeError as error:
    inference_error = str(error)
    print(f"RuntimeError: {inference_error}")

w.grad = None
(scale_inference.clone() * w).sum().backward()
print(f"clone() してから使った勾配: {w.grad.tolist()}")

# %%
# eval() とは別のもの
# -------------------
# :meth:`model.eval() <torch.nn.Module.eval>` は Dropout などの層の振る舞いを評価用に切り替えるだけで、
# 勾配の記録は止めません（:term:`訓練モードと評価モード <train / eval mode>`）。
# 予測では、``eval()`` と ``inference_mode`` を両方使います。関数にデコレータとして付けることもできます。
mlp.eval()
eval_only = mlp(batch)
print(f"eval() だけ: requires_grad={eval_only.requires_grad}")


@torch.inference_mode()
def predict(model, x):
    return model(x).argmax(dim=1)


predicted = predict(mlp, batch)
print(
    f"inference_mode の中の予測: requires_grad={predicted.requires_grad}, 形 {tuple(predicted.shape)}"
)

# %%
# 関連用語
# --------
# :term:`自動微分 <Autograd>`、:term:`計算グラフ <Computational Graph>`、:term:`requires_grad`、
# :term:`訓練モードと評価モード <train / eval mode>`、:term:`勾配 <Gradient>`
#
# このページで使った API
# ----------------------
# :class:`torch.no_grad`, :class:`torch.inference_mode`, :func:`torch.is_grad_enabled`,
# :meth:`torch.Tensor.is_inference`, :meth:`torch.Tensor.clone`,
# :class:`torch.autograd.graph.saved_tensors_hooks`, :meth:`torch.nn.Module.eval`
#
# .. used-in-tutorials:: torch.no_grad torch.inference_mode torch.nn.Module.eval
