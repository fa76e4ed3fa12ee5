r"""
転移学習（Transfer Learning）
=============================

.. term-card::
   :ja: 転移学習
   :reading: てんいがくしゅう
   :en: Transfer Learning
   :api: torch.nn.Module.requires_grad_
   :summary: 大きなデータで学習済みのモデルを出発点にして、別の（たいていは小さな）データの課題を学習する方法です。
      特徴を取り出す部分をそのまま使い、最後の層（ヘッド）だけを新しい課題用に付け替えます。
      取り出す部分を固定する（``requires_grad_(False)``）のが特徴抽出、全体を小さな学習率で学習し直すのがファインチューニングです。

定義
----
学習済みのモデルを、特徴を取り出す部分 :math:`\phi` と出力を作るヘッド :math:`h` に分けて :math:`f = h \circ \phi` と書きます。
新しい課題には、ヘッドだけを新しく作った :math:`h'` に替えた :math:`f' = h' \circ \phi` を使います。

- **特徴抽出**（feature extraction）: :math:`\phi` のパラメータを固定し、:math:`h'` だけを学習します。
  PyTorch では :meth:`~torch.nn.Module.requires_grad_` で :math:`\phi` の ``requires_grad`` を ``False`` にします。
- **ファインチューニング**（fine-tuning）: :math:`\phi` も学習しますが、学習済みの値を壊さないよう、ヘッドより小さな学習率を使うのがふつうです。

かみくだいた説明
----------------
たくさんの写真で「線・模様・形を見分ける目」を育てたモデルは、別の種類の写真にもその目を使えます。
新しい課題では、目はそのまま借りて、最後の「答えを選ぶ部分」だけを付け替えて教え直します。
一から学習するより少ないデータで済むことが多いのはこのためです。

使われる場面
------------
- 画像分類で、ImageNet で学習済みの ResNet などを手元の少ない画像に合わせるとき
- 言語モデルを、手元の文章の分類などに合わせるとき
"""

# %%
# 学習済みの重みを読み込む
# ------------------------
# 手元で学習済みの重みを使うときは、``torchvision`` のモデルを ``weights`` を付けて作ります。
# 初回は ImageNet で学習した ResNet-18 の重み（約 45 MB）をダウンロードし、キャッシュ（``~/.cache/torch``）に保存します。
# 入力の前処理も、重みと同じものを使います。
#
# .. code-block:: python
#
#    from torchvision.models import ResNet18_Weights, resnet18
#
#    model = resnet18(weights="DEFAULT")  # = ResNet18_Weights.IMAGENET1K_V1
#    preprocess = ResNet18_Weights.DEFAULT.transforms()
#
# このページでは何もダウンロードせず、``weights=None``（乱数の重み）で同じ形のモデルを作って、手順だけを確かめます。
# ResNet-18 の最後の層 ``fc`` は、ImageNet の 1000 クラスを出力する全結合層です。
import torch
from torch import nn
from torchvision.models import resnet18


def count(parameters):
    return sum(p.numel() for p in parameters)


torch.manual_seed(0)
model = resnet18(weights=None)
total_params = count(model.parameters())
print(f"元のヘッド: {model.fc}")
print(f"パラメータの数: {total_params:,}")

# %%
# 固定して、ヘッドを付け替える（特徴抽出）
# ----------------------------------------
# ``model.requires_grad_(False)`` で全パラメータを固定してから、``fc`` を 10 クラス用の新しい全結合層に替えます。
# 新しく作った層は ``requires_grad=True`` なので、学習するのはヘッドだけになります。
# オプティマイザにも、学習するパラメータだけを渡します。
model.requires_grad_(False)
model.fc = nn.Linear(model.fc.in_features, 10)
trainable = [p for p in model.parameters() if p.requires_grad]
trainable_params = count(trainable)
print(f"新しいヘッド: {model.fc}")
print(f"学習するパラメータ: {trainable_params:,} / {count(model.parameters()):,}")
optimizer = torch.optim.SGD(trainable, lr=0.01)

# %%
# 1 回学習して確かめる
# --------------------
# 64×64 の画像 8 枚で 1 ステップ学習します。固定した層には勾配が入らず、値も変わりません。
# ただし ``requires_grad_(False)`` は、:term:`バッチ正規化 <Batch Normalization>` の移動平均までは止めません。
# 訓練モードのままだと、固定したはずの ``bn1`` の ``running_mean`` が書き換わります。
images, labels = torch.randn(8, 3, 64, 64), torch.randint(0, 10, (8,))
conv1_before = model.conv1.weight.clone()
fc_before = model.fc.weight.clone()
bn_before = model.bn1.running_mean.clone()


def train_step():
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(images), labels).backward()
    optimizer.step()


model.train()
train_step()
conv1_unchanged = torch.equal(model.conv1.weight, conv1_before)
fc_changed = not torch.equal(model.fc.weight, fc_before)
bn_changed = not torch.equal(model.bn1.running_mean, bn_before)
print(f"conv1.weight.grad: {model.conv1.weight.grad}, conv1 は変わらない: {conv1_unchanged}")
print(f"fc は変わった: {fc_changed}")
print(f"訓練モードでは bn1.running_mean が変わった: {bn_changed}")

# %%
# 固定した部分を :term:`評価モード <train / eval mode>` にしておけば、移動平均も固定されます。
# ヘッドの ``fc`` には訓練モードと評価モードの違いがないので、ここではモデル全体を ``eval()`` にします。
model.eval()
bn_before = model.bn1.running_mean.clone()
train_step()
bn_frozen = torch.equal(model.bn1.running_mean, bn_before)
print(f"評価モードでは bn1.running_mean が変わらない: {bn_frozen}")

# %%
# 全体を学習し直す（ファインチューニング）
# ----------------------------------------
# ``requires_grad_(True)`` で全体を学習できるように戻し、取り出す部分にはヘッドより小さい学習率を付けます。
model.requires_grad_(True)
model.train()
head_params = list(model.fc.parameters())
backbone_params = [p for name, p in model.named_parameters() if not name.startswith("fc.")]
optimizer = torch.optim.SGD(
    [{"params": backbone_params, "lr": 1e-4}, {"params": head_params, "lr": 1e-3}], momentum=0.9
)
for name, group in zip(("取り出す部分", "ヘッド"), optimizer.param_groups, strict=True):
    print(f"{name}: 学習率 {group['lr']}, パラメータ {count(group['params']):,}")

# %%
# 関連用語
# --------
# :term:`requires_grad`、:term:`全結合層 <Linear Layer>`、:term:`畳み込み <Convolution>`、:term:`オプティマイザ <Optimizer>`、
# :term:`学習率 <Learning Rate>`、:term:`訓練モードと評価モード <train / eval mode>`、:term:`状態辞書 <state_dict>`
#
# このページで使った API
# ----------------------
# :meth:`torch.nn.Module.requires_grad_`, :meth:`torch.nn.Module.named_parameters`, :meth:`torch.nn.Module.eval`,
# :class:`torch.nn.Linear`, :func:`torch.nn.functional.cross_entropy`, :class:`torch.optim.SGD`,
# ``torchvision.models.resnet18``, ``torchvision.models.ResNet18_Weights``
#
# .. used-in-tutorials:: torch.nn.Module.requires_grad_
