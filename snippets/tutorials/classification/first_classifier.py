r"""
はじめての分類
==============

入力が 2 つ以上のクラスのどれに当たるかを予測するモデルを、多層パーセプトロン（MLP）で作ります。
曲がった境界を持つデータで、線形モデルと MLP の正解率の差を測ります。
そのあと scikit-learn に同梱の実データ（乳がんの診断、ワインの品種）で学習し、新しい 1 件をクラス名と確率で予測します。

.. lesson::
   :prerequisites: :doc:`/tutorials/basics/tensor_basics`、:doc:`/tutorials/regression/workflow`、:term:`活性化関数 <Activation Function>`、:term:`交差エントロピー損失 <Cross-Entropy Loss>`

   - 出力のロジットを、シグモイドやソフトマックスで確率に変える
   - 2 クラスは ``BCEWithLogitsLoss``、3 クラス以上は ``CrossEntropyLoss`` を使い分ける
   - 非線形の活性化関数がなぜ要るのかを、正解率の差で確かめる
   - 訓練データの統計で標準化し、テストデータの :term:`正解率 <Accuracy>` を測る
"""

# %%
# 回帰から分類へ
# --------------
# 回帰の部では、モデルが数値を 1 つ予測し、正解との差を損失にしました。
# 分類では、モデルはクラスごとのスコアを出します。このスコアを **ロジット** と呼びます。
# 2 クラスならロジットは 1 つで足り、シグモイド :math:`\sigma(z) = 1 / (1 + e^{-z})` が、それを「クラス 1 である確率」に変えます。
# ロジット 0 が確率 0.5 に当たるので、「ロジットが正ならクラス 1」と予測します。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from sklearn.datasets import load_breast_cancer, load_wine, make_moons
from torch import nn

demo_logits = torch.tensor([-2.0, 0.0, 3.0])
demo_probs = torch.sigmoid(demo_logits)
print(f"ロジット {demo_logits.tolist()} → クラス 1 の確率 {demo_probs.numpy().round(3)}")

# %%
# 2 クラスの損失と、正解の形
# --------------------------
# 2 クラスの損失には :class:`~torch.nn.BCEWithLogitsLoss` を使います。シグモイドを内部で計算するので、モデルの出力（ロジット）をそのまま渡します。
# 正解は 0.0 か 1.0 の ``float32`` で、形をロジットと同じにします。
# モデルの出力は (N, 1) なので、ラベル (N,) は ``unsqueeze(1)`` で (N, 1) にします。形や型が違うと、次のエラーになります。
bce = nn.BCEWithLogitsLoss()
logits4, labels4 = torch.zeros(4, 1), torch.tensor([0, 1, 1, 0])
for name, target in [("形 (N,)", labels4.float()), ("int64", labels4.unsqueeze(1))]:
    try:
        bce(logits4, target)
    except (ValueError, RuntimeError) as err:
        print(f"{name} の正解 → {type(err).__name__}: {err}")
ok_loss = bce(logits4, labels4.float().unsqueeze(1))
print(f"float32 で (N, 1) の正解 → 損失 {ok_loss:.4f}（確率 0.5 なら log 2）")

# %%
# 線形モデルと MLP
# ----------------
# 三日月が 2 つかみ合った形のデータ（``make_moons``）を作ります。クラスの境目は曲がっていて、直線では分けきれません。
# テスト用の点は、同じ作り方で別のシードから作ります。:class:`~torch.nn.Linear` 1 つだけの線形モデルは、境界が直線になります。
# MLP は全結合層を 3 つ重ね、あいだに ReLU を挟みます。データが小さいので、学習には毎回全件を使います。
Xm_np, ym_np = make_moons(n_samples=300, noise=0.2, random_state=0)
Xm_test_np, ym_test_np = make_moons(n_samples=200, noise=0.2, random_state=1)
Xm, Xm_test = (torch.tensor(a, dtype=torch.float32) for a in (Xm_np, Xm_test_np))
ym, ym_test = (torch.tensor(a, dtype=torch.float32).unsqueeze(1) for a in (ym_np, ym_test_np))


def make_mlp(n_in, n_out, h=16):
    return nn.Sequential(
        nn.Linear(n_in, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, n_out)
    )


def accuracy(model, X, y):
    """出力が 1 列ならロジットの符号で、2 列以上なら最大のロジットで予測し、正解率を返す。"""
    model.eval()
    with torch.inference_mode():
        logits = model(X)
    pred = (logits > 0).float() if logits.shape[1] == 1 else logits.argmax(dim=1)
    return (pred == y).float().mean().item()


def fit(model, loss_fn, X, y, epochs, val=None):
    """全件で epochs 回更新する。val=(X, y) を渡すと 25 エポックごとに検証正解率を表示する。"""
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for epoch in range(1, epochs + 1):
        model.train()
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if val is not None and epoch % 25 == 0:
            acc = accuracy(model, *val)
            print(f"エポック {epoch:3d} | 訓練損失 {loss:.4f} | 検証正解率 {acc:.3f}")


torch.manual_seed(0)
moon_models = {"線形モデル": nn.Linear(2, 1), "MLP": make_mlp(2, 1)}
moon_acc = {}
for name, model in moon_models.items():
    fit(model, bce, Xm, ym, epochs=500)
    moon_acc[name] = accuracy(model, Xm_test, ym_test)
    print(f"{name}: テスト正解率 {moon_acc[name]:.3f}")

# %%
# 平面の各点でクラス 1 の確率を計算し、色で塗ります。確率 0.5 の線が、モデルの決めた境界です。
# 線形モデルの境界は直線のままで、三日月の先端を取り違えます。MLP の境界は曲がり、データに沿います。
# ReLU を抜くと、全結合層をいくつ重ねても 1 つの線形変換と同じで、境界は直線に戻ります（練習問題 1）。
g1, g2 = torch.meshgrid(torch.linspace(-1.5, 2.5, 200), torch.linspace(-1, 1.5, 200), indexing="xy")
grid = torch.stack([g1.flatten(), g2.flatten()], dim=1)
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3), layout="constrained", sharey=True)
for ax, (name, model) in zip(axes, moon_models.items(), strict=True):
    with torch.inference_mode():
        prob = torch.sigmoid(model(grid)).reshape(g1.shape).numpy()
    ax.contourf(g1.numpy(), g2.numpy(), prob, levels=10, cmap="RdBu", alpha=0.6)
    ax.contour(g1.numpy(), g2.numpy(), prob, levels=[0.5], colors="black")
    ax.scatter(*Xm_test_np.T, c=ym_test_np, cmap="RdBu", s=8, edgecolors="black", linewidths=0.3)
    ax.set(title=f"{name}（正解率 {moon_acc[name]:.2f}）", xlabel="特徴量 1")
axes[0].set(ylabel="特徴量 2")
fig.suptitle("線形モデルと MLP の決定境界")
plt.show()

# %%
# 実データで 2 クラス分類
# -----------------------
# 乳がんの診断データは 569 件、特徴量 30 個で、ラベルは 0 が悪性、1 が良性です。
# シードを固定した :class:`torch.Generator` で番号を並べ替え、60% を訓練、20% を :term:`検証データ <Validation Data>`、20% をテストデータに分けます。
# 特徴量は桁がまるで違うので、訓練データの平均と標準偏差で標準化します。検証データとテストデータにも、同じ値を使います。


def split_standardise(X, y):
    """60/20/20 に分け、訓練データの平均と標準偏差で 3 つとも標準化する。"""
    perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
    n_train, n_val = int(0.6 * len(X)), int(0.2 * len(X))
    parts = perm[:n_train], perm[n_train : n_train + n_val], perm[n_train + n_val :]
    mean, std = X[parts[0]].mean(dim=0), X[parts[0]].std(dim=0)
    return [((X[idx] - mean) / std, y[idx]) for idx in parts]


cancer = load_breast_cancer()
Xc = torch.tensor(cancer.data, dtype=torch.float32)
yc = torch.tensor(cancer.target, dtype=torch.float32).unsqueeze(1)
(Xc_train, yc_train), (Xc_val, yc_val), (Xc_test, yc_test) = split_standardise(Xc, yc)
print(f"特徴量の標準偏差: 最小 {Xc.std(dim=0).min():.4f}, 最大 {Xc.std(dim=0).max():.1f}")
print(f"訓練 {len(Xc_train)} 件, 検証 {len(Xc_val)} 件, テスト {len(Xc_test)} 件")

# %%
# 検証データの正解率を見ながら学習し、最後にテストデータで一度だけ測ります。比べるために、線形モデルも学習します。
torch.manual_seed(0)
cancer_mlp, cancer_linear = make_mlp(30, 1), nn.Linear(30, 1)
fit(cancer_mlp, bce, Xc_train, yc_train, epochs=100, val=(Xc_val, yc_val))
fit(cancer_linear, bce, Xc_train, yc_train, epochs=100)
cancer_acc = accuracy(cancer_mlp, Xc_test, yc_test)
cancer_linear_acc = accuracy(cancer_linear, Xc_test, yc_test)
print(f"テスト正解率: MLP {cancer_acc:.3f}, 線形モデル {cancer_linear_acc:.3f}")

# %%
# このデータでは、線形モデルも MLP に近い正解率です。30 個の特徴量の空間では、2 つのクラスがほぼ平面で分かれるからです。
# 非線形のモデルが効くかどうかはデータ次第なので、線形モデルを比べる相手として一緒に測っておきます。
#
# 3 クラス以上: ソフトマックスと CrossEntropyLoss
# -----------------------------------------------
# ワインのデータは 178 件、特徴量 13 個で、3 つの品種に分かれます。出力はクラスの数だけ、3 列にします。
# :term:`ソフトマックス <Softmax>` :math:`p_k = e^{z_k} / \sum_j e^{z_j}` は、ロジットの各行を、合計 1 の確率に変えます。
# 損失は :class:`~torch.nn.CrossEntropyLoss` です。正解はクラスの番号（``int64``、形 (N,)）で渡します。
wine = load_wine()
Xw = torch.tensor(wine.data, dtype=torch.float32)
yw = torch.tensor(wine.target)  # int64
(Xw_train, yw_train), (Xw_val, yw_val), (Xw_test, yw_test) = split_standardise(Xw, yw)
torch.manual_seed(0)
wine_mlp = make_mlp(13, 3)
with torch.inference_mode():
    first_logits = wine_mlp(Xw_train[:3])
first_probs = first_logits.softmax(dim=1)
print(f"ロジット {tuple(first_logits.shape)}, 正解 {tuple(yw_train.shape)} {yw_train.dtype}")
print(f"学習前の確率:\n{first_probs.numpy().round(3)}")
print(f"各行の確率の合計: {first_probs.sum(dim=1).tolist()}")

# %%
# ``CrossEntropyLoss`` は、内部でロジットに :func:`~torch.nn.functional.log_softmax` をかけ、
# 正解クラスの値の符号を変えて平均します（:func:`~torch.nn.functional.nll_loss`）。
# ですから、モデルの最後にソフトマックスを付けてはいけません。付けると、ソフトマックスが 2 回かかります。
ce = nn.CrossEntropyLoss()
ce_value = ce(first_logits, yw_train[:3])
nll_value = F.nll_loss(F.log_softmax(first_logits, dim=1), yw_train[:3])
print(f"CrossEntropyLoss: {ce_value:.6f}, nll_loss(log_softmax): {nll_value:.6f}")
fit(wine_mlp, ce, Xw_train, yw_train, epochs=30)
wine_val_acc, wine_acc = accuracy(wine_mlp, Xw_val, yw_val), accuracy(wine_mlp, Xw_test, yw_test)
print(f"ワイン: 検証正解率 {wine_val_acc:.3f}, テスト正解率 {wine_acc:.3f}")

# %%
# 1 件を予測する
# --------------
# モデルはミニバッチを受け取るので、1 件でも ``unsqueeze(0)`` で形を (1, 13) にします。
# 確率が最大のクラスの番号を、``wine.target_names`` でクラス名に直します。
sample, sample_label = Xw_test[0], yw_test[0].item()
wine_mlp.eval()
with torch.inference_mode():
    sample_probs = wine_mlp(sample.unsqueeze(0)).softmax(dim=1)[0]
sample_pred = sample_probs.argmax().item()
pairs = zip(wine.target_names, sample_probs.tolist(), strict=True)
print(f"確率: {', '.join(f'{name} {p:.3f}' for name, p in pairs)}")
print(f"予測: {wine.target_names[sample_pred]}（正解: {wine.target_names[sample_label]}）")

# %%
# まとめ
# ------
# - 分類モデルはクラスごとのロジットを出します。確率にするには、2 クラスならシグモイド、3 クラス以上ならソフトマックスを使います。
# - ``BCEWithLogitsLoss`` にはロジットと同じ形の float32 の正解を、``CrossEntropyLoss`` には int64 のクラス番号を渡します。どちらもロジットのまま受け取ります。
# - 活性化関数がないと、境界は直線です。実データでは線形モデルも一緒に測り、比べる相手にします。
# - 標準化の平均と標準偏差は訓練データだけで計算し、検証データとテストデータにも同じ値を使います。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``make_mlp`` から ReLU を取り除いたモデル（全結合層 3 つだけ）を三日月のデータで学習し、テスト正解率を測ってください。
#
# .. hint:: ``nn.Sequential(nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, 1))`` を ``fit`` と ``accuracy`` に渡します。
#
# .. answer::
#
#    線形変換を何回重ねても 1 つの線形変換なので、正解率は MLP に届かず、線形モデルと同じくらいにとどまります。

torch.manual_seed(0)
ex1_model = nn.Sequential(nn.Linear(2, 16), nn.Linear(16, 16), nn.Linear(16, 1))
fit(ex1_model, bce, Xm, ym, epochs=500)
ex1_acc = accuracy(ex1_model, Xm_test, ym_test)
print(f"ReLU なしのテスト正解率: {ex1_acc:.3f}")

# %%
# **問題 2.** ワインのテストデータで、予測したクラスの確率がいちばん低い（モデルが迷った）1 件を探し、その確率と正解を表示してください。
#
# .. hint:: ``softmax(dim=1).max(dim=1)`` は、各行の最大の確率とその番号を返します。
#
# .. answer::

with torch.inference_mode():
    ex2_top = wine_mlp(Xw_test).softmax(dim=1).max(dim=1)
ex2_idx = ex2_top.values.argmin().item()
ex2_conf = ex2_top.values[ex2_idx].item()
ex2_pred, ex2_true = (wine.target_names[t[ex2_idx]] for t in (ex2_top.indices, yw_test))
print(f"テストの {ex2_idx} 番: 予測 {ex2_pred}（確率 {ex2_conf:.3f}）, 正解 {ex2_true}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`, :class:`torch.optim.Adam`, :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :class:`torch.inference_mode`
# - :class:`torch.nn.BCEWithLogitsLoss`, :class:`torch.nn.CrossEntropyLoss`, :func:`torch.nn.functional.log_softmax`, :func:`torch.nn.functional.nll_loss`
# - :func:`torch.sigmoid`, :meth:`torch.Tensor.softmax`, :meth:`torch.Tensor.argmax`, :meth:`torch.Tensor.unsqueeze`
# - :func:`torch.randperm`, :class:`torch.Generator`, :func:`torch.meshgrid`, :func:`torch.stack`
