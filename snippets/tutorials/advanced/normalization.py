r"""
正規化層
========

層の出力を平均 0・標準偏差 1 にそろえる正規化層（``BatchNorm`` と ``LayerNorm``）で、深いネットワークの学習がどれだけ速くなるかを測ります。
訓練モードと評価モードで計算が変わることと、そこから生まれる落とし穴も、実際の数値で確かめます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:doc:`/tutorials/classification/image_training`、:term:`訓練モードと評価モード <train / eval mode>`、:term:`バッチサイズ <Batch Size>`

   - :class:`torch.nn.BatchNorm1d` が何を計算するかを、数値で確かめる
   - 深いネットワークで、BatchNorm の有無による学習の速さの違いを測る
   - 訓練モードはミニバッチの統計、評価モードは移動平均を使うことを確かめる
   - 1 件だけのミニバッチで起きるエラーと、:class:`torch.nn.LayerNorm` との違いを知る
"""

# %%
# このページでは、深いネットワークの学習を速くする正規化層を使います。:doc:`/tutorials/advanced/regularization` のドロップアウトと同じく、
# BatchNorm も訓練モードと評価モードでふるまいが変わる層です。
#
# BatchNorm1d がすること
# ----------------------
# :term:`バッチ正規化 <Batch Normalization>` は、ミニバッチの中で特徴量ごとに平均 :math:`\mu_B` と分散 :math:`\sigma_B^2` を求め、
# :math:`y = \gamma\,(x - \mu_B)/\sqrt{\sigma_B^2 + \epsilon} + \beta` を出力します。
# :math:`\gamma`（``weight``、初期値 1）と :math:`\beta`（``bias``、初期値 0）は学習するパラメータです。
# 大きさのまったく違う 3 つの特徴量を持つ 4 件のミニバッチで確かめます。
import copy

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def rounded(t):
    return [round(v, 3) + 0.0 for v in t.flatten().tolist()]  # + 0.0 で -0.0 を 0.0 にする


torch.manual_seed(0)
x = torch.randn(4, 3) * torch.tensor([1.0, 10.0, 100.0]) + torch.tensor([0.0, 50.0, -300.0])
bn = nn.BatchNorm1d(3)  # 特徴量の数を渡す
out_train = bn(x)  # 作ったばかりの層は訓練モード
for name, t in (("入力", x), ("出力", out_train)):
    print(f"{name}: 平均 {rounded(t.mean(dim=0))}, 標準偏差 {rounded(t.std(dim=0, correction=0))}")

# %%
# 深いネットワークで比べる
# ------------------------
# 隠れ層を 4 つ重ねた全結合ネットワークを、BatchNorm なしとありで作ります。ありでは各 :class:`~torch.nn.Linear` の直後に入れます。
# BatchNorm が平均を引くので、直前の ``Linear`` のバイアスは不要です（``bias=False``）。
# まず、学習前のモデルに訓練データを通し、各層の出力（ReLU の後）の標準偏差を見ます。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
digits = load_digits()
X = torch.tensor(digits.data / 16, dtype=torch.float32).to(device)
y = torch.tensor(digits.target).to(device)
perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
X_train, y_train, X_val, y_val = X[perm[:1400]], y[perm[:1400]], X[perm[1400:]], y[perm[1400:]]


def make_mlp(batchnorm, depth=4, width=64):
    layers, n_in = [], 64
    for _ in range(depth):
        layers.append(nn.Linear(n_in, width, bias=not batchnorm))
        layers += [nn.BatchNorm1d(width), nn.ReLU()] if batchnorm else [nn.ReLU()]
        n_in = width
    return nn.Sequential(*layers, nn.Linear(width, 10)).to(device)


with_bn = {False: "なし", True: "あり"}
stds = {}
for batchnorm in (False, True):
    torch.manual_seed(0)
    h, stds[batchnorm] = X_train, []
    for layer in make_mlp(batchnorm):
        h = layer(h)
        if isinstance(layer, nn.ReLU):
            stds[batchnorm].append(round(h.std().item(), 4))
    print(f"BatchNorm {with_bn[batchnorm]}: 各層の出力の標準偏差 {stds[batchnorm]}")

# %%
# BatchNorm なしでは、層を通るたびに出力が小さくなっていきます。信号が小さくなると勾配も小さくなり、学習が進みにくくなります。
# BatchNorm ありでは、どの層の出力もほぼ同じ大きさに保たれます。
#
# 同じ初期値・同じミニバッチの順番で、学習率 0.1 と 0.3 の SGD で 10 エポックずつ学習し、
# 訓練データ全体の損失を、1 エポック後と 10 エポック後で比べます。
loss_fn = nn.CrossEntropyLoss()


def train(model, lr, n_epochs=10):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(0)
    loader = DataLoader(TensorDataset(X_train, y_train), 64, shuffle=True, generator=order)
    losses = []
    for _ in range(n_epochs):
        model.train()
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.inference_mode():
            losses.append(loss_fn(model(X_train), y_train).item())
    return losses


curves, models = {}, {}
for lr in (0.1, 0.3):
    for batchnorm in (False, True):
        torch.manual_seed(0)
        models[lr, batchnorm] = make_mlp(batchnorm)
        c = curves[lr, batchnorm] = train(models[lr, batchnorm], lr)
        print(f"学習率 {lr}, BatchNorm {with_bn[batchnorm]}: 訓練損失 {c[0]:.4f} → {c[-1]:.4f}")

# %%
# どちらの学習率でも、BatchNorm ありのほうが 1 エポック後から損失が小さく、10 エポック後の損失は 10 分の 1 以下です。
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
for (lr, batchnorm), losses in curves.items():
    label = f"学習率 {lr}, {with_bn[batchnorm]}"
    ax.plot(range(1, 11), losses, "-" if batchnorm else "--", marker="o", label=label)
ax.set(xlabel="エポック", ylabel="訓練損失（対数目盛）", yscale="log", title="BatchNorm と訓練損失")
ax.grid(alpha=0.3)
ax.legend(title="BatchNorm")
plt.show()

# %%
# 訓練モードと評価モード
# ----------------------
# 訓練モードの BatchNorm は、正規化に使ったミニバッチの平均と分散から、移動平均 ``running_mean`` と ``running_var`` を更新します。
# 更新は :math:`\hat\mu \leftarrow 0.9\,\hat\mu + 0.1\,\mu_B` です（0.1 は ``momentum``。分散の移動平均には不偏分散を使います）。
# 評価モードでは、ミニバッチの統計ではなく、この移動平均で正規化します。最初の節の ``bn`` は 1 回だけ訓練モードで通したので、
# 移動平均はまだ初期値（平均 0、分散 1）からあまり動いておらず、評価モードの出力は訓練モードとまったく違います。
print(f"ミニバッチの平均: {rounded(x.mean(dim=0))}, 不偏分散: {rounded(x.var(dim=0))}")
print(f"running_mean: {rounded(bn.running_mean)}, running_var: {rounded(bn.running_var)}")
out_eval = bn.eval()(x)  # eval() はモジュール自身を返す
print(f"1 件目の出力: 訓練モード {rounded(out_train[0])}, 評価モード {rounded(out_eval[0])}")
print(f"state_dict のキー: {list(bn.state_dict())}")

# %%
# 移動平均はパラメータではなくバッファですが、``state_dict`` には含まれ、モデルと一緒に保存されます。
#
# 1 件だけのミニバッチ
# --------------------
# 訓練モードでは、1 件だけのミニバッチからは分散を求められないので、BatchNorm はエラーを出します。
# データ数がミニバッチの大きさで割り切れず、最後のミニバッチが 1 件になったときにも起きます（``DataLoader`` の ``drop_last=True`` で避けられます）。
# 評価モードなら移動平均を使うので、1 件でも計算できます。
bn.train()
try:
    bn(x[:1])
except ValueError as error:
    print(f"訓練モード: ValueError: {error}")
bn.eval()
print(f"評価モード: {rounded(bn(x[:1]))}")

# %%
# :class:`torch.nn.LayerNorm` は、ミニバッチの方向ではなく、1 件のサンプルの特徴量の方向に平均と分散を求めます。
# 他のサンプルに左右されないので、1 件だけでも、訓練モードでも評価モードでも同じように計算できます。
# 系列を扱うモデル（Transformer など）でよく使われます。
ln = nn.LayerNorm(3)
out_ln = ln(x[:1])
print(f"LayerNorm（1 件）: {rounded(out_ln)}, 平均 {out_ln.mean().item():.3f}")

# %%
# 画像には :class:`torch.nn.BatchNorm2d` を使います。形 (N, C, H, W) の入力に対し、
# チャンネルごとに、N 枚と縦横 H×W のすべての画素をまとめて平均と分散を求めます。畳み込み層の直後に置くのが一般的です。
bn2d = nn.BatchNorm2d(3)
out2d = bn2d(torch.randn(8, 3, 5, 5) * 4 + 2)  # 8 枚、3 チャンネル、5×5 画素
print(f"running_mean の形: {tuple(bn2d.running_mean.shape)}")
print(f"チャンネルごとの出力の平均: {rounded(out2d.mean(dim=(0, 2, 3)))}")

# %%
# まとめ
# ------
# - BatchNorm は、ミニバッチの中で特徴量（画像ならチャンネル）ごとに平均 0・標準偏差 1 にそろえ、学習する倍率とずれを掛けます。
# - 深いネットワークでは、BatchNorm を入れると学習が速く進みます。
# - 訓練モードはミニバッチの統計、評価モードは移動平均を使います。評価や推論の前には ``model.eval()`` を呼びます。
# - 訓練モードで 1 件だけのミニバッチを通すとエラーになります。LayerNorm はサンプルごとに正規化するので、この問題がありません。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 新しい ``nn.BatchNorm1d(3)`` に ``x`` を訓練モードで通し、出力と ``running_var`` を式から手で計算した値と比べてください。
#
# .. hint:: 正規化には ``x.var(dim=0, unbiased=False)``、移動平均には ``unbiased=True`` の分散を使います。``eps`` は ``1e-5`` です。
#
# .. answer::
ex1_bn = nn.BatchNorm1d(3)
ex1_out = ex1_bn(x)
ex1_by_hand = (x - x.mean(dim=0)) / torch.sqrt(x.var(dim=0, unbiased=False) + ex1_bn.eps)
ex1_same_out = torch.allclose(ex1_out, ex1_by_hand, atol=1e-5)
ex1_same_var = torch.allclose(ex1_bn.running_var, 0.9 * 1 + 0.1 * x.var(dim=0))
print(f"出力が一致: {ex1_same_out}, running_var が一致: {ex1_same_var}")

# %%
# **問題 2.** 学習率 0.1 で学習した BatchNorm ありのモデルを、``model.eval()`` を呼び忘れて（訓練モードのまま）
# 8 件ずつ検証データに通すと、検証正解率と ``running_mean`` はどうなるでしょうか。モデルは ``copy.deepcopy`` で複製して試します。
#
# .. hint:: ``torch.inference_mode()`` の中でも、訓練モードなら移動平均は更新されます。
#
# .. answer::
#
#    訓練モードでは 8 件の統計で正規化するので、予測が他のサンプルに左右され、正解率が評価モードより下がります。
#    さらに、勾配を記録していなくても移動平均が検証データで書き換わってしまいます。
ex2_model = copy.deepcopy(models[0.1, True])
ex2_before = ex2_model[1].running_mean.clone()
ex2_acc = {}
for ex2_mode in ("eval", "train"):
    getattr(ex2_model, ex2_mode)()
    with torch.inference_mode():
        ex2_pred = torch.cat([ex2_model(xb).argmax(dim=1) for xb in X_val.split(8)])
    ex2_acc[ex2_mode] = (ex2_pred == y_val).float().mean().item()
ex2_changed = not torch.equal(ex2_before, ex2_model[1].running_mean)
print(f"検証正解率: 評価モード {ex2_acc['eval']:.4f}, 訓練モード {ex2_acc['train']:.4f}")
print(f"running_mean が書き換わったか: {ex2_changed}")

# %%
# **問題 3.** ``x`` の 1 件目の出力が、4 件まとめて通したときと 1 件目と 2 件目だけを通したときとで同じになるかを、
# 訓練モードの ``nn.BatchNorm1d(3)`` と ``nn.LayerNorm(3)`` で比べてください。
#
# .. hint:: ``torch.allclose(layer(x)[0], layer(x[:2])[0])`` です。
#
# .. answer::
#
#    BatchNorm（訓練モード）の出力はミニバッチの他のサンプルで変わりますが、LayerNorm の出力は変わりません。
ex3_same = {}
for ex3_layer in (nn.BatchNorm1d(3), nn.LayerNorm(3)):
    ex3_same[type(ex3_layer).__name__] = torch.allclose(ex3_layer(x)[0], ex3_layer(x[:2])[0])
print(f"1 件目の出力が同じか: {ex3_same}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.BatchNorm1d`, :class:`torch.nn.BatchNorm2d`, :class:`torch.nn.LayerNorm`
# - :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :meth:`torch.nn.Module.state_dict`
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`, :class:`torch.nn.CrossEntropyLoss`
# - :class:`torch.optim.SGD`, :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`
# - :meth:`torch.Tensor.std`, :meth:`torch.Tensor.var`, :func:`torch.allclose`, ``copy.deepcopy``
