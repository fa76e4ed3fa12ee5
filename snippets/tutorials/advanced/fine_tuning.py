r"""
転移学習
========

ある課題で学習したモデルの前半（特徴抽出器）を、ラベルの少ない別の課題に使い回す :term:`転移学習 <Transfer Learning>` を、手書き数字で試します。
同じ数のラベルでゼロから学習したモデルと正解率を比べ、最後に torchvision の学習済みモデルで同じことをする書き方を見ます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_cnn`、:doc:`/tutorials/classification/image_training`、:term:`畳み込み <Convolution>`、:term:`requires_grad <requires_grad>`

   - 学習済みの特徴抽出器を凍結し、新しい出力層（ヘッド）だけを学習する
   - ラベルが少ないとき、ゼロから学習したモデルと正解率を比べる
   - torchvision の学習済みモデルの読み込み方と、それに合わせた前処理を知る

これまでのページでは、モデルをいつもランダムな重みから学習させました。
このページでは、別の課題で学習した重みから始めます。
"""

# %%
# 2 つの課題を作る
# ----------------
# 転移学習が役に立つのは、少ないラベルからでは学びにくい課題です。
# ここでは、8×8 の数字を 16×16 の画面のばらばらな位置に置いて、そういう課題を作ります。
#
# - 課題 A: 0〜4 の数字を分類する。ラベル付きの画像がたくさんある（約 900 枚）。
# - 課題 B: 5〜9 の数字を分類する。ラベル付きの画像は 1 クラス 5 枚、合わせて 25 枚しかない。
#
# 課題 B の残りの画像は、テストデータにします。
import copy

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits, load_sample_image
from torch import nn

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")

digits = load_digits()
gen = torch.Generator().manual_seed(0)
offsets = torch.randint(0, 9, (len(digits.images), 2), generator=gen)
X = torch.zeros(len(digits.images), 1, 16, 16)
for i, (r, c) in enumerate(offsets.tolist()):
    X[i, 0, r : r + 8, c : c + 8] = torch.tensor(digits.images[i] / 16)
y = torch.tensor(digits.target)

X_a, y_a = X[y < 5].to(device), y[y < 5].to(device)
X_b, y_b = X[y >= 5], y[y >= 5] - 5  # 課題 B のラベルは 0〜4 に振り直す
perm = torch.randperm(len(X_b), generator=gen)
few = torch.cat([perm[y_b[perm] == c][:5] for c in range(5)])
rest = perm[~torch.isin(perm, few)]
X_few, y_few = X_b[few].to(device), y_b[few].to(device)
X_test, y_test = X_b[rest].to(device), y_b[rest].to(device)
print(f"課題 A: {len(X_a)} 枚, 課題 B: 訓練 {len(X_few)} 枚, テスト {len(X_test)} 枚")

fig, axes = plt.subplots(1, 8, figsize=(6.4, 1.3), layout="constrained")
for idx, ax in enumerate(axes):
    ax.imshow(X[idx, 0].numpy(), cmap="gray_r")
    ax.set(title=f"{y[idx].item()}", xticks=[], yticks=[])
fig.suptitle("16×16 の画面に置いた数字")
plt.show()

# %%
# 課題 A で特徴抽出器を学習する
# -----------------------------
# 畳み込みとプーリングを重ね、最後に :class:`~torch.nn.AdaptiveMaxPool2d` で、チャンネルごとに画面全体の最大値を取ります。
# 数字がどこにあっても、32 個の数（特徴）になります。この部分を特徴抽出器と呼び、後ろに課題 A 用の全結合層（ヘッド）を付けて学習します。


def make_features():
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(),
    )  # fmt: skip


def accuracy(model, X, y):
    with torch.inference_mode():
        return (model(X).argmax(dim=1) == y).float().mean().item()


torch.manual_seed(0)
features = make_features().to(device)
model_a = nn.Sequential(features, nn.Linear(32, 5)).to(device)
optimizer = torch.optim.Adam(model_a.parameters(), lr=0.01)
for _ in range(10):
    for idx in torch.randperm(len(X_a), generator=gen).split(64):
        loss = nn.functional.cross_entropy(model_a(X_a[idx]), y_a[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
acc_a = accuracy(model_a, X_a, y_a)
print(f"課題 A の訓練データでの正解率: {acc_a:.4f}")

# %%
# 凍結して、新しいヘッドだけを学習する
# ------------------------------------
# :meth:`~torch.nn.Module.requires_grad_` に ``False`` を渡すと、特徴抽出器のパラメータはすべて勾配を持たなくなり、
# 学習で変わらなくなります（凍結）。そこに課題 B 用の新しいヘッドを付け、オプティマイザにはヘッドのパラメータだけを渡します。
# 比べるために、同じ形のモデルをランダムな重みから、同じ 25 枚・同じ回数で学習します。


def fit(model, params, X, y, lr=0.01):
    optimizer = torch.optim.Adam(params, lr=lr)
    for _ in range(100):
        loss = nn.functional.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


features.requires_grad_(False)
features_before = copy.deepcopy(features.state_dict())
torch.manual_seed(0)
model_ft = nn.Sequential(features, nn.Linear(32, 5)).to(device)
n_trainable = sum(p.numel() for p in model_ft.parameters() if p.requires_grad)
n_total = sum(p.numel() for p in model_ft.parameters())
print(f"学習するパラメータ: {n_trainable} / 全体 {n_total}")
fit(model_ft, model_ft[1].parameters(), X_few, y_few)
unchanged = all(torch.equal(v, features.state_dict()[k]) for k, v in features_before.items())
print(f"ヘッドを学習したあと、特徴抽出器の重みは元のままか: {unchanged}")

torch.manual_seed(0)
model_scratch = nn.Sequential(make_features(), nn.Linear(32, 5)).to(device)
fit(model_scratch, model_scratch.parameters(), X_few, y_few)
for name, model in [("転移学習", model_ft), ("ゼロから学習", model_scratch)]:
    train_acc, test_acc = accuracy(model, X_few, y_few), accuracy(model, X_test, y_test)
    print(f"{name}: 訓練データ（25 枚）の正解率 {train_acc:.4f}, テスト正解率 {test_acc:.4f}")
acc_ft, acc_scratch = accuracy(model_ft, X_test, y_test), accuracy(model_scratch, X_test, y_test)

# %%
# ゼロから学習したモデルは、訓練データの 25 枚をすべて当てられるようになりますが、テストデータではずっと低い正解率です。
# 特徴まで 25 枚から学ぼうとして、その 25 枚に合わせすぎた（:term:`過学習 <Overfitting>`）のです。
# 課題 A で学習した特徴抽出器は、数字に共通する線や角を拾えるようになっているので、ヘッドを合わせるだけで済みます。
#
# torchvision の学習済みモデル
# ----------------------------
# 写真なら、大量の画像（ImageNet）で学習済みの重みを torchvision から取り寄せられます。
# 重みは ``weights=`` で指定し、最初の 1 回だけ、ResNet-18 なら約 45 MB のファイルをダウンロードします。
# このページではダウンロードしないので、次のコードは実行していません。
#
# .. code-block:: python
#
#    from torchvision.models import resnet18, ResNet18_Weights
#
#    weights = ResNet18_Weights.DEFAULT
#    model = resnet18(weights=weights)    # 学習済みの重みを読み込む
#    preprocess = weights.transforms()    # 学習時と同じ前処理
#    model.fc = nn.Linear(model.fc.in_features, 5)  # 自分のクラス数のヘッドに替える
#
# 凍結とヘッドの付け替えは、重みのないモデル（``weights=None``）でも同じように試せます。
# ResNet-18 の最後の全結合層は ``fc`` という名前です。凍結したあとで新しい層を代入すると、その層だけが学習の対象になります。
# 凍結した部分に :term:`バッチ正規化 <Batch Normalization>` があるときは、``model.eval()`` でその統計も固定します。
# ラベルが多いときは、凍結を解いて全体を小さな学習率で学習し直す（ファインチューニング）と、さらに正解率が上がることがあります。
from torchvision.models import ResNet18_Weights, resnet18

resnet = resnet18(weights=None)
resnet.requires_grad_(False)
resnet.fc = nn.Linear(resnet.fc.in_features, 5)
rn_trainable = sum(p.numel() for p in resnet.parameters() if p.requires_grad)
rn_total = sum(p.numel() for p in resnet.parameters())
print(f"ResNet-18: 学習するパラメータ {rn_trainable} / 全体 {rn_total}")

# %%
# 学習済みの重みは、決まった前処理をした画像で学習されています。同じ前処理をしないと、性能が出ません。
# ``weights.transforms()`` はダウンロードなしで使え、縮小・中央の切り抜き・画素値の標準化（平均と標準偏差）をまとめて行います。
weights = ResNet18_Weights.DEFAULT
preprocess = weights.transforms()
print(preprocess)
photo = torch.tensor(load_sample_image("china.jpg")).permute(2, 0, 1)
batch = preprocess(photo).unsqueeze(0)
resnet.eval()
with torch.inference_mode():
    rn_out = resnet(batch)
print(f"写真 {tuple(photo.shape)} → 前処理後 {tuple(batch.shape)} → 出力 {tuple(rn_out.shape)}")

# %%
# まとめ
# ------
# - 転移学習では、別の課題で学習した特徴抽出器を使い、新しいヘッドを付けて学習します。
# - ``requires_grad_(False)`` で凍結し、オプティマイザには学習する部分だけを渡します。
# - ラベルが少ないとき、ゼロから学習するより正解率が高くなりました。
# - torchvision の学習済みモデルは ``weights=`` で選び、``weights.transforms()`` と同じ前処理をします。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 課題 B のラベルを 1 クラス 40 枚に増やし、転移学習とゼロからの学習のテスト正解率を比べてください。
#
# .. hint:: ``few`` を作るときの ``[:5]`` を ``[:40]`` にし、残りをテストデータにします。
#
# .. answer::
#
#    ラベルが増えると、ゼロから学習したモデルが追いつき、追い越します。
#    凍結した特徴抽出器は課題 A で覚えた特徴しか出せないので、ヘッドだけの学習では伸びが小さいのです。
#    凍結した部分の出力は学習中に変わらないので、下のコードでは先に一度だけ計算し、ヘッドだけを学習しています。
ex1_few = torch.cat([perm[y_b[perm] == c][:40] for c in range(5)])
ex1_rest = perm[~torch.isin(perm, ex1_few)]
X_f, y_f = X_b[ex1_few].to(device), y_b[ex1_few].to(device)
X_t, y_t = X_b[ex1_rest].to(device), y_b[ex1_rest].to(device)
with torch.no_grad():  # 凍結した部分の出力は変わらないので、先に一度だけ計算しておく
    F_f, F_t = features(X_f), features(X_t)
torch.manual_seed(0)
ex1_head = nn.Linear(32, 5).to(device)
fit(ex1_head, ex1_head.parameters(), F_f, y_f)
torch.manual_seed(0)
ex1_scratch = nn.Sequential(make_features(), nn.Linear(32, 5)).to(device)
fit(ex1_scratch, ex1_scratch.parameters(), X_f, y_f)
ex1_acc_ft, ex1_acc_scratch = accuracy(ex1_head, F_t, y_t), accuracy(ex1_scratch, X_t, y_t)
print(f"1 クラス 40 枚: 転移学習 {ex1_acc_ft:.4f}, ゼロから学習 {ex1_acc_scratch:.4f}")

# %%
# **問題 2.** ResNet-18 で、最後のブロック ``layer4`` と ``fc`` だけを学習するとき、学習するパラメータはいくつですか。
#
# .. hint:: いったん全体を凍結し、``resnet.layer4.requires_grad_(True)`` で一部だけ戻します。
#
# .. answer::
#
#    ``layer4`` だけで、ResNet-18 全体のパラメータの大半を占めます。
resnet.layer4.requires_grad_(True)
ex2_trainable = sum(p.numel() for p in resnet.parameters() if p.requires_grad)
print(f"layer4 と fc: {ex2_trainable} / 全体 {rn_total} ({ex2_trainable / rn_total:.0%})")

# %%
# このページで使った API
# ----------------------
# - :meth:`torch.nn.Module.requires_grad_`, :meth:`torch.nn.Module.parameters`, :meth:`torch.nn.Module.state_dict`
# - :class:`torch.nn.Conv2d`, :class:`torch.nn.MaxPool2d`, :class:`torch.nn.AdaptiveMaxPool2d`, :class:`torch.nn.Linear`
# - :func:`torch.nn.functional.cross_entropy`, :class:`torch.optim.Adam`, :func:`torch.isin`, :func:`torch.equal`
# - ``torchvision.models.resnet18``, ``torchvision.models.ResNet18_Weights``
