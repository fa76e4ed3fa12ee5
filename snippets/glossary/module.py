r"""
モジュール（Module）
====================

.. term-card::
   :ja: モジュール
   :reading: もじゅーる
   :en: Module
   :api: torch.nn.Module
   :summary: ニューラルネットワークの部品とモデルの基底クラス :class:`torch.nn.Module` です。
      :term:`パラメータ <Parameter>`、バッファ、子のモジュールを持ちます。
      入力から出力への計算は :term:`forward メソッド <Forward Method>` に書きます。
      モジュールは入れ子にでき、モデル全体も 1 つのモジュールです。

定義
----
:class:`torch.nn.Module` は、次の 3 つを持つオブジェクトの基底クラスです。

- 属性として代入された :term:`パラメータ <Parameter>`（学習する値）とバッファ（学習しない状態）
- 属性として代入された子のモジュール
- 計算の手順 :meth:`~torch.nn.Module.forward`

子のモジュールもまたモジュールなので、モデルは木の形になります。
:meth:`~torch.nn.Module.parameters`、:meth:`~torch.nn.Module.to`、:meth:`~torch.nn.Module.train`、
:meth:`~torch.nn.Module.state_dict` などのメソッドは、この木をたどって、
すべての子に同じ操作を行います。

Python で「モジュール」というと ``.py`` ファイル（``import`` するもの）を指すこともあります。
PyTorch の文脈で「モジュール」と言えば、ふつうはこの ``nn.Module`` のことです。

かみくだいた説明
----------------
モジュールは、中に重みを抱えた「計算の部品」です。
:term:`全結合層 <Linear Layer>` も、:term:`活性化関数 <Activation Function>` も、
それらを組み合わせたモデル全体も、すべてモジュールです。
部品を部品の中に入れられるので、大きなモデルも小さなモジュールの組み合わせとして作れます。
外側のモジュールに「パラメータを全部出して」と頼めば、中の部品の分まで集めてくれます。

使われる場面
------------
- 自分のモデルを ``class MyModel(nn.Module)`` として定義するとき
- モデルの全パラメータを :term:`オプティマイザ <Optimizer>` に渡すとき
- モデルを GPU に移す、:term:`評価モード <train / eval mode>` にする、保存する、
  といった操作をモデル全体にまとめて行うとき
"""

# %%
# モジュールを定義する
# --------------------
# ``__init__`` で子のモジュールを属性に代入し、``forward`` で使います。
# ``super().__init__()`` を先に呼ばないと、子のモジュールを登録する仕組みが準備されず、
# 代入でエラーになります。
import torch
from torch import nn


class SimpleModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden_layer = nn.Linear(10, 5)  # 入力 10 次元 → 隠れ層 5 次元
        self.output_layer = nn.Linear(5, 1)  # 隠れ層 → 出力 1 次元

    def forward(self, x):
        x = torch.relu(self.hidden_layer(x))
        return self.output_layer(x)


torch.manual_seed(0)
model = SimpleModel()
input_data = torch.randn(3, 10)  # 3 件 × 特徴量 10
output_data = model(input_data)
print(f"出力の形: {tuple(output_data.shape)}")
print(model)

# %%
# 子のモジュールとパラメータ
# --------------------------
# :meth:`~torch.nn.Module.named_children` は直下の子を、:meth:`~torch.nn.Module.named_parameters` は
# 木全体のパラメータを、名前つきで返します。名前は、階層をドットでつないだ形（``hidden_layer.weight`` など）です。
children = dict(model.named_children())
print(f"子のモジュール: {list(children)}")
for name, param in model.named_parameters():
    print(f"{name:22s} 形 {tuple(param.shape)!s:8s} 要素数 {param.numel()}")
n_params = sum(p.numel() for p in model.parameters())
print(f"パラメータの総数: {n_params}")

# %%
# 総数は式でも確かめられます。全結合層の重みは（出力 × 入力）、バイアスは出力の数だけあるので、
# :math:`(10 \times 5 + 5) + (5 \times 1 + 1)` です。
expected = (10 * 5 + 5) + (5 * 1 + 1)
print(f"式で数えた総数: {expected}")

# %%
# モジュールの入れ子
# ------------------
# モジュールを、さらに別のモジュールの部品にできます。
# ``SimpleModel`` を 2 つ持つモデルを作ると、パラメータの名前に ``first.`` や ``second.`` が付き、
# 総数は 2 倍になります。


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = SimpleModel()
        self.second = SimpleModel()

    def forward(self, x):
        return torch.cat([self.first(x), self.second(x)], dim=1)


nested = TwoHeads()
nested_names = [name for name, _ in nested.named_parameters()]
nested_params = sum(p.numel() for p in nested.parameters())
print(f"入れ子のモデルのパラメータ名（先頭 2 つ）: {nested_names[:2]}")
print(f"入れ子のモデルのパラメータ総数: {nested_params}")
print(f"木に含まれるモジュールの数（自分を含む）: {len(list(nested.modules()))}")

# %%
# 操作は木全体に届く
# ------------------
# 外側のモジュールに 1 回命令すると、中のすべてのモジュールに届きます。
# :meth:`~torch.nn.Module.double` で 64 ビットに変えると、どのパラメータのデータ型も変わります。
nested.double()
dtypes = {name: p.dtype for name, p in nested.named_parameters()}
print(f"double() 後のデータ型の種類: {set(dtypes.values())}")

# %%
# リストに入れた層は登録されない
# ------------------------------
# 子のモジュールとして登録されるのは、属性に直接代入したモジュールだけです。Python の ``list`` や ``dict`` に入れた層は
# 木に入らないので、``parameters()`` にも ``to()`` にも ``state_dict()`` にも現れず、オプティマイザに渡らないので学習もされません。
# 層をリストや辞書で持つときは :class:`torch.nn.ModuleList` や :class:`torch.nn.ModuleDict` を使います。


class PlainList(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4) for _ in range(3)]  # ただの list


class WithModuleList(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])


plain_count = sum(p.numel() for p in PlainList().parameters())
module_list_count = sum(p.numel() for p in WithModuleList().parameters())
print(f"list に入れたとき: パラメータ {plain_count} 個")
print(f"nn.ModuleList に入れたとき: パラメータ {module_list_count} 個（3 × (4 × 4 + 4)）")

# %%
# 関連用語
# --------
# :term:`torch.nn`、:term:`forward メソッド <Forward Method>`、:term:`パラメータ <Parameter>`、
# :term:`Sequential`、:term:`全結合層 <Linear Layer>`、:term:`state_dict`、
# :term:`訓練モードと評価モード <train / eval mode>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.Module`, :meth:`torch.nn.Module.named_children`,
# :meth:`torch.nn.Module.named_parameters`, :meth:`torch.nn.Module.parameters`,
# :meth:`torch.nn.Module.modules`, :meth:`torch.nn.Module.double`, :class:`torch.nn.Linear`,
# :func:`torch.cat`, :class:`torch.nn.ModuleList`, :class:`torch.nn.ModuleDict`
#
# .. used-in-tutorials:: torch.nn.Module torch.nn.Module.parameters torch.nn.Linear
