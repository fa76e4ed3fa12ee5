r"""
PyTorch
=======

.. term-card::
   :ja: PyTorch
   :reading: ぱいとーち
   :en: PyTorch
   :api: torch
   :summary: Python で深層学習のモデルを作り、学習させるためのオープンソースのライブラリです。
      GPU でも動く :term:`テンソル <Tensor>`、実行しながら記録した計算を微分する :term:`自動微分 <Autograd>`、
      ニューラルネットワークの部品（:term:`torch.nn`）と最適化の手法（:term:`torch.optim`）をそろえています。

定義
----
PyTorch は、Facebook（現 Meta）の AI 研究チームが開発を始めた、機械学習のためのオープンソースのライブラリです。
現在は Linux Foundation のもとにある PyTorch Foundation が運営しています。Python からは ``import torch`` で使います。

中心にあるのは次の 2 つです。

1. 多次元の数値の配列である :term:`テンソル <Tensor>` と、それを CPU や GPU の上で計算する演算の集まり。
2. テンソルの計算を実行しながら記録し、その記録を逆にたどって微分を求める :term:`自動微分 <Autograd>`。

学習とは、パラメータ :math:`\theta` について損失 :math:`L(\theta)` を小さくすることです。
PyTorch は :math:`L(\theta)` を計算したときの記録から勾配 :math:`\nabla_\theta L(\theta)` を自動で求めます。
その勾配を使ってパラメータを更新する道具も、同じライブラリにそろっています。

かみくだいた説明
----------------
PyTorch は「NumPy のような配列計算」に「微分の自動計算」と「GPU での高速化」を足した道具箱です。
モデルはふつうの Python のクラスとして書き、計算はふつうの Python のコードとして順に実行されます。
``if`` や ``for`` をそのまま使えて、途中の値を ``print`` で確かめられます。

使われる場面
------------
- 画像認識、自然言語処理、音声処理などの深層学習の研究と開発
- 論文の手法を試作して、すぐに動かして確かめるとき
- 学習したモデルを書き出して、サーバや端末で動かすとき
"""

# %%
# この環境の PyTorch
# ------------------
# バージョンと、GPU などのアクセラレータが使えるかどうかを表示します。
# ``torch.version.cuda`` は「この PyTorch がどの CUDA 向けに作られたか」（CUDA 版でなければ ``None``）で、
# GPU などが実際に使えるかどうかは ``torch.accelerator.is_available()`` で調べます（:term:`デバイス <Device>`）。
import torch
import torchvision

print(f"PyTorch のバージョン: {torch.__version__}")
print(f"torchvision のバージョン: {torchvision.__version__}")
print(f"この PyTorch が対応する CUDA: {torch.version.cuda}")
print(f"アクセラレータ（GPU など）が使えるか: {torch.accelerator.is_available()}")

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")

# %%
# 特徴 1: 実行しながら計算グラフを作る（define-by-run）
# ------------------------------------------------------
# PyTorch は、計算を実行するそのときに :term:`計算グラフ <Computational Graph>` を記録します。
# そのため、入力の値で回数が変わる ``while`` や、値で分かれる ``if`` をそのまま書けます。
# 下の関数は、絶対値が 10 以上になるまで 2 倍を繰り返し、最後の符号で計算を変えます。


def f(x):
    y = x
    while y.abs() < 10:  # 何回まわるかは x の値で決まる
        y = y * 2
    if y > 0:
        return y**2
    return -y


def recorded_ops(t):
    """出力の grad_fn から入力へ向かって、記録された演算の名前を順に集めます。"""
    names, fn = [], t.grad_fn
    while fn is not None:
        names.append(type(fn).__name__)
        fn = next((g for g, _ in fn.next_functions if g is not None), None)
    return names


results = {}
for start in (1.5, -3.0):
    x = torch.tensor(start, requires_grad=True)
    z = f(x)
    z.backward()
    results[start] = (z.item(), x.grad.item(), recorded_ops(z))
    print(f"x = {start:+.1f}: f(x) = {z.item():.1f}, df/dx = {x.grad.item():.1f}")
    print(f"  記録（出力側から）: {' ← '.join(recorded_ops(z))}")

# %%
# 入力が変わると、記録される演算の数も種類も変わります。それでも :meth:`~torch.Tensor.backward` は
# その回に実際に通った道筋を微分します。:math:`k` 回 2 倍したとき、正の側では
# :math:`f(x) = (2^k x)^2` なので :math:`f'(x) = 2 \cdot 4^k x`、負の側では
# :math:`f(x) = -2^k x` なので :math:`f'(x) = -2^k` です。上の数値はこの式と一致します。
#
# 特徴 2: GPU で同じコードを動かす
# --------------------------------
# テンソルを ``device`` に置けば、同じ書き方のまま GPU で計算できます（:term:`CUDA テンソル <CUDA Tensors>`）。
# GPU がなければ CPU で計算します。
torch.manual_seed(0)
a = torch.randn(256, 256, device=device)
b = torch.randn(256, 256, device=device)
c = a @ b
print(f"行列積の結果: 形 {tuple(c.shape)}、置き場所 {c.device}")

# %%
# 特徴 3: エコシステムと本番への書き出し
# --------------------------------------
# PyTorch のまわりには、目的ごとのライブラリがそろっています。
#
# - torchvision（画像のデータセット、:term:`トランスフォーム <Transforms>`、学習済みモデル）、
#   torchaudio（音声。いまは保守が中心で、音声や動画の読み書きは TorchCodec に移りました）
# - Hugging Face Transformers（言語モデルなど）、PyTorch Lightning（学習ループの整理）などの外部ライブラリ
#
# 学習したモデルを Python の外で動かすときは、``torch.export`` で計算グラフを書き出し、
# サーバでは AOTInductor、スマートフォンや組み込み機器では ExecuTorch で実行します
# （``torch.export`` が返す ``ExportedProgram`` そのものは、Python から動かすものです）。
# ``torch.onnx`` で ONNX 形式に変換して、ONNX Runtime などで動かす道もあります。
# :func:`torch.compile` は、Python のまま同じモデルをコンパイルして速くします。
# 以前よく使われた TorchScript（``torch.jit``）は非推奨になり、``torch.compile`` か ``torch.export`` への
# 移行が勧められています。
#
# 関連用語
# --------
# :term:`テンソル <Tensor>`、:term:`自動微分 <Autograd>`、:term:`計算グラフ <Computational Graph>`、
# :term:`torch.nn`、:term:`torch.optim`、:term:`デバイス <Device>`、:term:`CUDA テンソル <CUDA Tensors>`
#
# このページで使った API
# ----------------------
# :mod:`torch`, ``torch.accelerator.is_available``, ``torch.accelerator.current_accelerator``,
# :func:`torch.manual_seed`, :func:`torch.randn`, :func:`torch.tensor`,
# :meth:`torch.Tensor.backward`, :attr:`torch.Tensor.grad`, :func:`torch.compile`
#
# .. used-in-tutorials:: torch.accelerator.is_available torch.manual_seed torch.tensor
