r"""
手書き数字を分類する
====================

scikit-learn に同梱の手書き数字（8×8 画素、1797 枚）を、0〜9 のどれかに分類する小さな畳み込みニューラルネットワークを学習させます。
データを訓練・検証・テストに分け、エポックごとに検証データで正解率を測り、最後にテストデータで評価します。
どの数字をどれと間違えたかを図で確かめ、学習したモデルを保存して読み込みます。
"""

# sphinx_gallery_thumbnail_number = 3

# %%
# データを 3 つに分ける
# ---------------------
# 画素値 0〜16 を 16 で割って 0〜1 にし、形を (枚数, チャンネル, 高さ, 幅) = (1797, 1, 8, 8) にします。
# ラベルは ``int64`` のままにします。:class:`~torch.nn.CrossEntropyLoss` は、クラスの番号を ``int64`` で受け取るからです。
#
# :func:`~torch.utils.data.random_split` で、60% を訓練、20% を検証、20% をテストに分けます。
# 検証データは学習の途中の様子を見るために、テストデータは最後に一度だけ性能を測るために使います。
# 分け方はシードを固定した :class:`torch.Generator` で決めるので、毎回同じになります。
#
# 検証データとテストデータは、ミニバッチに分けずに全件をまとめてモデルに通します。
# そこで ``val_ds[:]`` で全件を 1 つのテンソルとして取り出し、先に :term:`デバイス <Device>` へ送っておきます。
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

digits = load_digits()
X = torch.tensor(digits.images / 16, dtype=torch.float32).unsqueeze(1)
y = torch.tensor(digits.target)
train_ds, val_ds, test_ds = random_split(
    TensorDataset(X, y), [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0)
)
print(f"入力 {tuple(X.shape)} {X.dtype}, ラベル {tuple(y.shape)} {y.dtype}")
print(f"訓練 {len(train_ds)} 枚, 検証 {len(val_ds)} 枚, テスト {len(test_ds)} 枚")

device = "cuda" if torch.cuda.is_available() else "cpu"
note = "（GPU が見つからないので、このページは CPU で実行しています）" if device == "cpu" else ""
print(f"使用するデバイス: {device}{note}")
X_val, y_val = (t.to(device) for t in val_ds[:])
X_test, y_test = (t.to(device) for t in test_ds[:])
train_loader = DataLoader(
    train_ds, batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(0)
)

# %%
# モデルを作る
# ------------
# :class:`~torch.nn.Sequential` に層を順に並べます（:term:`シーケンシャル <Sequential>`）。
# 3×3 の畳み込み（:class:`~torch.nn.Conv2d`）で模様を拾い、:term:`活性化関数 <Activation Function>` の ReLU を通し、
# :class:`~torch.nn.MaxPool2d` で縦横を半分にします。これを 2 回繰り返したあと、
# :class:`~torch.nn.Flatten` で 1 列に並べ、:term:`全結合層 <Linear Layer>` で 10 クラスのスコア（ロジット）を出します。
# あとで同じ形のモデルをもう一度作るので、作る処理を関数にします。


def make_model():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * 2 * 2, 10),
    )


torch.manual_seed(0)
model = make_model().to(device)
n_params = sum(p.numel() for p in model.parameters())
print(f"パラメータの数: {n_params}")
out = X_val[:1]  # 1 枚を通して、各層の出力の形を見る
for layer in model:
    out = layer(out)
    print(f"{type(layer).__name__:>9} の出力: {tuple(out.shape)}")

# %%
# 学習する
# --------
# :term:`損失関数 <Loss Function>` は :term:`交差エントロピー損失 <Cross-Entropy Loss>`、
# :term:`オプティマイザ <Optimizer>` は :term:`学習率 <Learning Rate>` 0.01 の :term:`Adam` です。
# 1 :term:`エポック <Epoch>` ごとに、:term:`評価モード <train / eval mode>` にして検証データ全体で損失と正解率を測ります。
# 正解率は、ロジットが最大のクラス（``argmax``）が正解と一致した割合です。
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
n_epochs = 15


def evaluate(model, X, y):
    """(損失, 正解率) を返す。"""
    model.eval()
    with torch.inference_mode():
        logits = model(X)
    return loss_fn(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


history = []  # (訓練損失, 検証損失, 検証正解率)
for epoch in range(1, n_epochs + 1):
    model.train()
    total = 0.0
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    val_loss, val_acc = evaluate(model, X_val, y_val)
    history.append((total / len(train_ds), val_loss, val_acc))
    print(
        f"エポック {epoch:2d} | 訓練損失 {history[-1][0]:.4f} | 検証損失 {val_loss:.4f} | 検証正解率 {val_acc:.3f}"
    )

# %%
# 損失と正解率の推移を描きます。訓練損失は、そのエポックに学習しながら計算した損失の、全件での平均です。
# 訓練損失はおおむね小さくなり続けますが、検証損失は途中から下がり方が鈍くなり、2 つの差が開いていきます。
# 検証損失が上がり始めたら、:term:`過学習 <Overfitting>` を疑います。
epochs = range(1, n_epochs + 1)
fig, ax = plt.subplots()
ax.plot(epochs, [row[0] for row in history], "o-", label="訓練")
ax.plot(epochs, [row[1] for row in history], "s-", label="検証")
ax.set(xlabel="エポック", ylabel="交差エントロピー損失", title="損失の推移", yscale="log")
ax.legend()
plt.show()

fig, ax = plt.subplots()
ax.plot(epochs, [row[2] for row in history], "o-", color="tab:green")
lowest = min(row[2] for row in history)
ax.set(xlabel="エポック", ylabel="正解率", title="検証データの正解率", ylim=(lowest - 0.02, 1.0))
plt.show()

# %%
# テストデータで評価する
# ----------------------
# 学習にも、途中の確認にも使っていないテストデータで、最後に一度だけ正解率を測ります。
test_loss, test_acc = evaluate(model, X_test, y_test)
with torch.inference_mode():
    test_pred = model(X_test).argmax(dim=1)
print(f"テストデータ: 損失 {test_loss:.4f}, 正解率 {test_acc:.4f}（{len(test_ds)} 枚）")

# %%
# 混同行列は、行が正解、列が予測のクラスで、各マスにその組み合わせの枚数を数えた表です。
# 対角線上のマスが正解、それ以外が間違いです。
confusion = torch.bincount(y_test * 10 + test_pred, minlength=100).reshape(10, 10).cpu()
fig, ax = plt.subplots(figsize=(5, 4.5))
ax.imshow(confusion.numpy(), cmap="Blues")
for i in range(10):
    for j in range(10):
        if count := confusion[i, j].item():
            ax.text(j, i, count, ha="center", va="center", color="white" if i == j else "black")
ax.set(
    xlabel="予測", ylabel="正解", title="テストデータの混同行列", xticks=range(10), yticks=range(10)
)
ax.grid(False)
plt.show()

# %%
# 間違えた画像を、正解と予測と一緒に並べます。
wrong = (test_pred != y_test).nonzero().flatten().cpu()
print(f"間違えた枚数: {len(wrong)} / {len(test_ds)}")
fig, axes = plt.subplots(1, 8, figsize=(8, 1.8))
for k, ax in enumerate(axes):
    ax.set_axis_off()
    if k < len(wrong):
        idx = wrong[k].item()
        ax.imshow(X_test[idx, 0].cpu().numpy(), cmap="gray_r")
        ax.set_title(f"正解 {y_test[idx].item()}\n予測 {test_pred[idx].item()}", fontsize=9)
fig.suptitle("テストデータで間違えた画像")
plt.show()

# %%
# 保存して読み込む
# ----------------
# 学習したパラメータを :term:`状態辞書 <state_dict>` として一時ディレクトリに保存し、
# 新しく作った同じ形のモデルに読み込みます。読み込んだモデルは、元のモデルとまったく同じ予測を返します。
with tempfile.TemporaryDirectory() as tmpdir:
    path = Path(tmpdir) / "digits_cnn.pth"
    torch.save(model.state_dict(), path)
    loaded = make_model().to(device)
    loaded.load_state_dict(torch.load(path, map_location=device))
loaded.eval()
with torch.inference_mode():
    same_logits = torch.equal(loaded(X_test), model(X_test))
print(f"読み込んだモデルのロジットが元と完全に一致するか: {same_logits}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.utils.data.random_split`, :class:`torch.utils.data.TensorDataset`, :class:`torch.utils.data.DataLoader`
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Conv2d`, :class:`torch.nn.ReLU`, :class:`torch.nn.MaxPool2d`,
#   :class:`torch.nn.Flatten`, :class:`torch.nn.Linear`
# - :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.Adam`, :class:`torch.inference_mode`
# - :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :meth:`torch.nn.Module.state_dict`,
#   :meth:`torch.nn.Module.load_state_dict`, :func:`torch.save`, :func:`torch.load`
# - :func:`torch.argmax`, :func:`torch.bincount`, :func:`torch.equal`
