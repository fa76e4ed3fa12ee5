r"""
はじめての CNN
==============

scikit-learn に同梱の手書き数字（8×8 画素、1797 枚）を、全結合層だけのモデルと畳み込みニューラルネットワーク（CNN）で 0〜9 に分類し、正解率を比べます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/image_training`、:term:`交差エントロピー損失 <Cross-Entropy Loss>`、:term:`状態辞書 <state_dict>`

   - 3×3 のフィルタが画像から何を計算するか、パディング・プーリング・チャンネルで形がどう変わるか
   - 全結合層だけのモデルと CNN を、同じ学習の手順で比べる
   - ロジットを確率に直し、混同行列で間違いの傾向を見る

前のページでは小さな CNN を学習させましたが、:term:`畳み込み <Convolution>` 層と :term:`プーリング <Pooling>` 層が中で何を計算しているかは見ませんでした。このページでは、学習の手順（データの分割、``train_one_epoch`` と ``evaluate``、検証損失が最小の重みを残すこと）はそのままに、1 枚のフィルタの計算から層ごとの形までを追います。
"""

# %%
# データを分けてデータローダに渡す
# --------------------------------
# 画素値を 0〜1 にし、形を (枚数, チャンネル, 高さ, 幅) にします。シードを固定した :class:`torch.Generator` で、60% を訓練、20% を :term:`検証データ <Validation Data>`、20% をテストに分けます。
import copy
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
gen = torch.Generator().manual_seed(0)  # 分け方とシャッフルの順番を決める
train_ds, val_ds, test_ds = random_split(TensorDataset(X, y), [0.6, 0.2, 0.2], generator=gen)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=gen)
val_loader, test_loader = DataLoader(val_ds, batch_size=256), DataLoader(test_ds, batch_size=256)
print(f"形: {tuple(X.shape)}, 訓練 {len(train_ds)}, 検証 {len(val_ds)}, テスト {len(test_ds)} 枚")
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")

# %%
# 学習と評価の関数
# ----------------
# ``train_one_epoch`` と ``evaluate``（損失と :term:`正解率 <Accuracy>` を返す）は :doc:`/tutorials/classification/csv_data` と同じ関数です。``predict`` は全件のロジットと正解ラベルを CPU に集めて返します（あとで確率と混同行列に使います）。
# ``fit`` はエポックごとに検証損失を測り、最小を更新したときの重みを残して、最後にそれを読み込みます。:term:`Adam` の学習率は、多くの問題でそのままよく動く既定の 1e-3 にします。
# :meth:`~torch.nn.Module.state_dict` のテンソルは学習中のパラメータとメモリを共有しているので、``copy.deepcopy`` で複製します（しないと、その後の更新で残した重みまで書き換わります）。
loss_fn = nn.CrossEntropyLoss()
lr, n_epochs = 1e-3, 20


def train_one_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    total = 0.0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    return total / len(loader.dataset)


def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, correct = 0.0, 0
    with torch.inference_mode():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(xb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total / len(loader.dataset), correct / len(loader.dataset)


def predict(model, loader, device):
    model.eval()
    with torch.inference_mode():
        logits = [model(xb.to(device)).cpu() for xb, _ in loader]
    return torch.cat(logits), torch.cat([yb for _, yb in loader])


def fit(model):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []  # エポックごとの (検証損失, 検証正解率)
    for epoch in range(1, n_epochs + 1):
        train_one_epoch(model, train_loader, loss_fn, optimizer, device)
        history.append(evaluate(model, val_loader, loss_fn, device))
        if history[-1][0] == min(h[0] for h in history):
            best_epoch, best_state = epoch, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    print(f"検証損失が最小のエポック {best_epoch}（検証正解率 {history[best_epoch - 1][1]:.4f}）")
    return history, best_epoch


# %%
# まず全結合層だけで
# ------------------
# 比べる相手として、8×8 の画像を 64 個の数に並べ、全結合層 2 つに通すモデルを学習させます。
torch.manual_seed(0)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)
mlp_history, mlp_best_epoch = fit(mlp)

# %%
# 3×3 のフィルタが計算するもの
# ----------------------------
# 畳み込み層は、3×3 の重み（フィルタ、カーネル）を画像の上で 1 画素ずつずらし、重なった 9 画素と 9 個の重みを掛けて足した値を、その位置の出力にします。
# 数学の畳み込みと違ってフィルタを裏返しませんが、深層学習ではこれを畳み込みと呼びます。左が明るく右が暗い所で大きな値になるフィルタを手で作り、数字の 0 にかけます（図の赤が正、青が負）。
digit = X[:1]  # (1, 1, 8, 8)
kernel = torch.tensor([[1.0, 0.0, -1.0]] * 3).reshape(1, 1, 3, 3)
edges = nn.functional.conv2d(digit, kernel)
by_hand = (digit[0, 0, 2:5, 3:6] * kernel[0, 0]).sum()
print(f"出力の形 {tuple(edges.shape)}, (2, 3) の値 {edges[0, 0, 2, 3]:.4f}, 手計算 {by_hand:.4f}")

fig, axes = plt.subplots(1, 3, figsize=(6.4, 2.5), layout="constrained")
for ax, img, name in zip(axes, [digit, kernel, edges], ["入力", "フィルタ", "出力"], strict=True):
    v = img.abs().max().item()
    ax.imshow(img[0, 0].numpy(), cmap="RdBu_r", vmin=-v, vmax=v)
    ax.set(title=f"{name}（{img.shape[-2]}×{img.shape[-1]}）", xticks=[], yticks=[])
fig.suptitle("縦の輪郭を拾う 3×3 フィルタを数字の 0 にかける")
plt.show()

# %%
# パディングとストライド
# ----------------------
# フィルタは画像からはみ出せないので、出力は 8×8 から 6×6 に縮みました。周りに 0 を ``padding`` 画素ずつ足すと縮まなくなります。``stride`` はフィルタをずらす幅です。出力の幅は :math:`\lfloor (H + 2p - k) / s \rfloor + 1` です（:math:`H` は入力の幅、:math:`k` はカーネル、:math:`p` はパディング、:math:`s` はストライドの大きさ）。
size_checks = []
for k, p, s in [(3, 0, 1), (3, 1, 1), (5, 2, 1), (3, 1, 2)]:
    formula = (8 + 2 * p - k) // s + 1
    actual = nn.Conv2d(1, 1, kernel_size=k, padding=p, stride=s)(digit).shape[-1]
    size_checks.append((formula, actual))
    print(f"k={k}, p={p}, s={s}: 式 {formula}, 実際 {actual}")

# %%
# プーリングとチャンネル
# ----------------------
# :class:`~torch.nn.MaxPool2d` ``(2)`` は 2×2 の区画ごとに最大値だけを残し、縦横を半分にします。模様の位置が 1 画素ずれても同じ値になりやすく、後の層の計算も減ります。
#
# :class:`~torch.nn.Conv2d` ``(1, 16, 3)`` は別々の 3×3 フィルタを 16 枚持ち、16 枚の出力（チャンネル）を作ります。次の ``Conv2d(16, 32, 3)`` の各フィルタは 16 チャンネルすべてを見るので、重みの形は (32, 16, 3, 3) です。``padding=1`` で縦横を保ち、プーリングで半分にすることを 2 回繰り返してから、全結合層で 10 クラスのロジットを出します。
pooled = nn.MaxPool2d(2)(torch.arange(16.0).reshape(1, 1, 4, 4))
print(f"0〜15 を並べた 4×4 → 2×2 の最大値: {pooled.flatten().tolist()}")


def make_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
    )  # fmt: skip


torch.manual_seed(0)
cnn = make_cnn().to(device)
out = digit.to(device)
for layer in cnn:
    out = layer(out)
    print(f"{type(layer).__name__:>9} の出力: {tuple(out.shape)}")
print(f"2 つめの畳み込み層の重みの形: {tuple(cnn[3].weight.shape)}")

# %%
# CNN を学習させて比べる
# ----------------------
# 同じ ``fit`` で同じエポック数だけ学習させ、2 つのモデルを検証データで比べます。パラメータの数は同じくらいですが、CNN のほうが検証損失は小さく、検証正解率は高くなります。隣り合う画素をまとめて見るフィルタを、画像のどの位置でも使い回せるからです。そこで CNN を選び、最後に一度だけテストデータで測ります。
cnn_history, cnn_best_epoch = fit(cnn)
results = {}  # モデル名 → (パラメータの数, 検証損失, 検証正解率)
for name, model in [("全結合", mlp), ("CNN", cnn)]:
    loss, acc = evaluate(model, val_loader, loss_fn, device)
    results[name] = (sum(p.numel() for p in model.parameters()), loss, acc)
    print(f"{name}: パラメータ {results[name][0]} 個, 検証損失 {loss:.4f}, 検証正解率 {acc:.4f}")
test_loss, test_acc = evaluate(cnn, test_loader, loss_fn, device)
print(f"CNN のテスト正解率: {test_acc:.4f}（{len(test_ds)} 枚）")

# %%
# ロジットを確率に直す
# --------------------
# モデルの出力はロジット（確率に直す前のスコア）です。:term:`ソフトマックス <Softmax>`（:func:`torch.softmax`）で、足して 1 になる確率に直します。:class:`~torch.nn.CrossEntropyLoss` は内部で ``log_softmax`` を計算するので、学習ではロジットのまま渡します。
logits, labels = predict(cnn, test_loader, device)
probs = logits[:5].softmax(dim=1)
for t, row in zip(labels[:5].tolist(), probs, strict=True):
    print(f"正解 {t} → 予測 {row.argmax().item()}（確率 {row.max():.3f}, 合計 {row.sum():.3f}）")

# %%
# 混同行列
# --------
# 行が正解、列が予測のクラスの表です。テストデータの 1 枚ごとに、（正解, 予測）のマスに 1 を足します。:meth:`~torch.Tensor.index_put_` に ``accumulate=True`` を渡すと、同じマスに何度来ても足し込みます。
preds = logits.argmax(dim=1)
confusion = torch.zeros(10, 10, dtype=torch.int64)
confusion.index_put_((labels, preds), torch.ones_like(labels), accumulate=True)
print(f"対角線（正解した枚数）の合計: {confusion.trace().item()} / {confusion.sum().item()}")

fig, ax = plt.subplots(figsize=(4.8, 4), layout="constrained")
ax.imshow(confusion.numpy(), cmap="Blues")
for i, j in confusion.nonzero().tolist():
    ax.text(j, i, confusion[i, j].item(), ha="center", va="center", color="w" if i == j else "k")
ax.set(xlabel="予測", ylabel="正解", title="CNN の混同行列（テストデータ）")
ax.set(xticks=range(10), yticks=range(10))
plt.show()

# %%
# 保存して読み込む
# ----------------
# 状態辞書を一時ディレクトリに保存し、新しく作った同じ形のモデルに読み込みます。``weights_only=True`` は、テンソルなど決まった型だけを読み込み、任意の Python オブジェクトは復元しません。
with tempfile.TemporaryDirectory() as tmpdir:
    path = Path(tmpdir) / "digits_cnn.pt"
    torch.save(cnn.state_dict(), path)
    loaded = make_cnn().to(device)
    loaded.load_state_dict(torch.load(path, map_location=device, weights_only=True))
same_logits = torch.equal(predict(loaded, test_loader, device)[0], logits)
print(f"読み込んだモデルのロジットが元と一致するか: {same_logits}")

# %%
# まとめ
# ------
# - 畳み込み層は、小さなフィルタを画像の上でずらし、重なった画素との積和を出力にします。
# - 出力の幅は :math:`\lfloor (H + 2p - k) / s \rfloor + 1` です。3×3 に ``padding=1`` なら大きさは変わりません。
# - 最大値プーリングは縦横を半分にします。出力のチャンネル数は、フィルタの枚数です。
# - モデルはロジットを出し、確率が要るときだけソフトマックスをかけます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 混同行列から数字ごとの正解率を求めてください。いちばん低いのはどの数字ですか。
#
# .. hint:: 対角線がその数字を正解した枚数、行の合計がその数字の枚数です。
#
# .. answer::
ex1_per_class = confusion.diagonal() / confusion.sum(dim=1)
ex1_worst = ex1_per_class.argmin().item()
print(f"正解率がいちばん低い数字: {ex1_worst}（{ex1_per_class[ex1_worst]:.3f}）")

# %%
# **問題 2.** 2 つめの畳み込み層 ``Conv2d(16, 32, 3)`` のパラメータの数を、重みの形から計算してください。
#
# .. hint:: 重み (32, 16, 3, 3) の要素の数に、出力チャンネルごとのバイアス 32 個を足します。
#
# .. answer::
ex2_by_hand = 32 * 16 * 3 * 3 + 32
ex2_counted = sum(p.numel() for p in cnn[3].parameters())
print(f"式で求めた数: {ex2_by_hand}, 数えた数: {ex2_counted}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.nn.Conv2d`, :class:`torch.nn.MaxPool2d`, :func:`torch.nn.functional.conv2d`, :class:`torch.nn.Flatten`, :func:`torch.softmax`
# - :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.Adam`, :meth:`torch.Tensor.index_put_`, :func:`torch.save`, :func:`torch.load`
