r"""
チートシート
============

自分でコードを書くときに開いておくページです。デバイスの選び方、よく使うテンソル操作、学習と評価のループ、チェックポイント、1 件の予測、課題ごとの損失関数を、短いコードと実際の出力でまとめます。各節の「詳しく」から、その内容を教えるページへ進めます。
"""

# %%
# デバイスの選び方
# ----------------
# 使える :term:`デバイス <Device>` を 1 行で決め、モデルとミニバッチを同じデバイスに ``.to(device)`` で移します。モジュールの ``.to`` はモデル自身を移しますが、
# テンソルの ``.to`` は新しいテンソルを返すので、代入し直します。詳しく: :doc:`/tutorials/classification/cpu_and_gpu`
import copy
import tempfile
from pathlib import Path

import torch
from sklearn.datasets import load_iris
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
layer = nn.Linear(3, 2).to(device)  # モデル: そのまま移る
x = torch.ones(4, 3).to(device)  # テンソル: 代入し直す
print(f"出力のデバイス: {layer(x).device}")

# %%
# よく使うテンソル操作（作る・型・形）
# ------------------------------------
# :term:`テンソル <Tensor>` を作り、:term:`dtype` を変え、形を変えます。``view`` は元とメモリを共有し、``reshape`` は必要ならコピーします（:term:`view / reshape`）。
# 詳しく: :doc:`/tutorials/basics/tensor_basics`、:doc:`/tutorials/basics/tensor_shapes`
torch.manual_seed(0)
t = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(f"tensor: {t.tolist()}, zeros: {torch.zeros(2, 3).shape}")
print(f"arange: {torch.arange(0, 10, 2)}, randn: {torch.randn(3)}")
print(f"型の変換: {t.dtype} -> {t.float().dtype}, {t.to(torch.float16).dtype}")
print(f"形: {t.shape}, reshape(3, 2): {t.reshape(3, 2).shape}, view(-1): {t.view(-1).shape}")
print(f"unsqueeze(0): {t.unsqueeze(0).shape}, squeeze(): {torch.zeros(1, 3, 1).squeeze().shape}")

# %%
# よく使うテンソル操作（取り出す・つなぐ・計算する）
# --------------------------------------------------
# 形の違うテンソル同士の計算は :term:`ブロードキャスト <Broadcasting>` で大きいほうに合わせます。``dim`` で集計する軸を選び、``keepdim=True`` で軸を残します。
# ``_`` で終わるメソッドはその場で書き換えます。詳しく: :term:`テンソル演算 <Tensor Operations>`、:doc:`/tutorials/basics/tensor_shapes`
print(f"インデックス t[1, :2]: {t[1, :2]}, マスク t[t > 3]: {t[t > 3]}")
cat, stack = torch.cat([t, t], dim=0), torch.stack([t, t], dim=0)
print(f"cat(dim=0): {cat.shape}, stack(dim=0): {stack.shape}")
bcast = t + torch.tensor([10, 20, 30])  # (2, 3) + (3,)
print(f"ブロードキャスト: {bcast.tolist()}")
col_sum, row_mean = t.sum(dim=0), t.float().mean(dim=1, keepdim=True)
print(f"sum(dim=0): {col_sum}, mean(dim=1, keepdim=True): {row_mean.shape}")
print(f"argmax(dim=1): {t.argmax(dim=1)}, 行列積 t @ t.T: {(t @ t.T).tolist()}")
a = torch.zeros(3)
b = a.add(1)  # 新しいテンソルを返す（a は変わらない）
a.add_(5)  # a そのものを書き換える
print(f"add: {b}, add_ のあとの a: {a}")
arr = t.numpy()  # CPU のテンソルとメモリを共有
print(f"NumPy へ: {type(arr).__name__} {arr.dtype}, 戻す: {torch.from_numpy(arr).dtype}")

# %%
# データの準備
# ------------
# 小さな実データ（アヤメ 150 件、特徴量 4 つ、3 クラス）を訓練データと :term:`検証データ <Validation Data>` に分けます。標準化の平均と標準偏差は訓練データだけで決めます。
# 特徴量は ``float32``、ラベルは ``int64`` にします。詳しく: :doc:`/tutorials/classification/csv_data`
iris = load_iris()
X = torch.tensor(iris.data, dtype=torch.float32)
y = torch.tensor(iris.target, dtype=torch.int64)
gen = torch.Generator().manual_seed(0)  # 分割とシャッフルの乱数
train_idx, val_idx = torch.randperm(len(X), generator=gen).split([120, 30])
mean, std = X[train_idx].mean(dim=0), X[train_idx].std(dim=0)
X = (X - mean) / std
train_ds, val_ds = TensorDataset(X[train_idx], y[train_idx]), TensorDataset(X[val_idx], y[val_idx])
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=gen)
val_loader = DataLoader(val_ds, batch_size=64)
print(f"訓練 {len(train_ds)} 件, 検証 {len(val_ds)} 件, クラス: {iris.target_names.tolist()}")

# %%
# 学習のループと評価のループ
# --------------------------
# 学習は :term:`訓練モード <train / eval mode>` で、:term:`勾配を消す <zero_grad>` → :term:`backward <Backward Method>` → ``step`` の順です。
# 評価は評価モードと :term:`inference_mode <no_grad / inference_mode>` の中で、損失と :term:`正解率 <Accuracy>` を数えます。詳しく: :doc:`/tutorials/basics/autograd_basics`、:doc:`/tutorials/classification/csv_data`、:doc:`/tutorials/classification/image_training`


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


# %%
# 何エポックか回し、いちばん良い重みを覚える
# ------------------------------------------
# :term:`エポック <Epoch>` ごとに検証損失を見て、最小を更新したら重みを ``copy.deepcopy`` で取っておきます。
# ``state_dict()`` は重みそのもの（同じメモリ）を指すので、コピーしないと、その後の学習で一緒に変わります。詳しく: :term:`早期終了 <Early Stopping>`
def make_model():
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))


torch.manual_seed(0)
model = make_model().to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
best_loss = float("inf")
for epoch in range(1, 16):
    train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
    val_loss, val_acc = evaluate(model, val_loader, loss_fn, device)
    if val_loss < best_loss:
        best_loss, best_epoch = val_loss, epoch
        best_state = copy.deepcopy(model.state_dict())
    if epoch % 5 == 0:
        print(f"エポック {epoch:2d}: 訓練損失 {train_loss:.4f}, 検証損失 {val_loss:.4f}")
print(f"検証損失が最小のエポック: {best_epoch}（{best_loss:.4f}）")

# %%
# コピーしないとどうなるかを、もう 1 エポック学習して確かめます。最後に ``load_state_dict`` でいちばん良い重みに戻します。
alias = model.state_dict()  # コピーしない
train_one_epoch(model, train_loader, loss_fn, optimizer, device)
alias_same = torch.equal(alias["0.weight"], model[0].weight)
copy_same = torch.equal(best_state["0.weight"], model[0].weight)
print(f"もう 1 エポック後、今の重みと同じか: コピーなし {alias_same}, deepcopy {copy_same}")
model.load_state_dict(best_state)
best_val_loss, best_val_acc = evaluate(model, val_loader, loss_fn, device)
print(f"戻した重みの検証損失: {best_val_loss:.4f}, 検証正解率: {best_val_acc:.3f}")

# %%
# チェックポイントの保存と読み込み
# --------------------------------
# :term:`チェックポイント <Checkpoint>` は、モデルとオプティマイザの :term:`state_dict`、エポック数（と標準化の値）の辞書です。
# 読み込むときは ``map_location=device`` と ``weights_only=True`` を付け、同じ構成のモデルを作って ``load_state_dict`` します。詳しく: :doc:`/tutorials/classification/image_training`
state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": best_epoch}
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "checkpoint.pt"
    torch.save(state | {"mean": mean, "std": std}, path)
    ckpt = torch.load(path, map_location=device, weights_only=True)
restored = make_model().to(device)
restored.load_state_dict(ckpt["model"])
restored_opt = torch.optim.Adam(restored.parameters(), lr=0.01)
restored_opt.load_state_dict(ckpt["optimizer"])
same = all(torch.equal(v, restored.state_dict()[k]) for k, v in model.state_dict().items())
print(f"保存したエポック: {ckpt['epoch']}, 読み込んだ重みが同じ: {same}")

# %%
# 新しい 1 件を予測する
# ---------------------
# 評価モードにし、訓練データの平均と標準偏差で標準化し、``unsqueeze(0)`` で形 (1, 4) のミニバッチにします。
# 出力（ロジット）を :term:`ソフトマックス <Softmax>` で確率にし、``argmax`` の番号からクラス名を引きます。詳しく: :doc:`/tutorials/classification/first_cnn`
sample = torch.tensor([6.0, 2.9, 4.5, 1.5])  # がく片の長さ・幅、花弁の長さ・幅 (cm)
restored.eval()
with torch.inference_mode():
    logits = restored(((sample.to(device) - ckpt["mean"]) / ckpt["std"]).unsqueeze(0))
probs = torch.softmax(logits, dim=1).squeeze(0).cpu()
pred = str(iris.target_names[probs.argmax()])
print("確率:", ", ".join(f"{n} {p:.3f}" for n, p in zip(iris.target_names, probs, strict=True)))
print(f"予測: {pred}, 確率の合計: {probs.sum():.4f}")

# %%
# 課題ごとの損失関数
# ------------------
# 分類では、モデルの最後の層は活性化なしの値（ロジット）を出し、:term:`損失関数 <Loss Function>` がシグモイドやソフトマックスを中で計算します。
# 正解の型や形が表と違うと、エラーになるか、ブロードキャストで違う計算になります。詳しく: :term:`交差エントロピー損失 <Cross-Entropy Loss>`、:doc:`/tutorials/classification/common_errors`
#
# .. list-table::
#    :header-rows: 1
#
#    * - 課題
#      - 損失関数
#      - 出力の形 → 正解の型と形
#    * - 回帰
#      - :class:`~torch.nn.MSELoss`、:class:`~torch.nn.L1Loss`
#      - (N, 1) → ``float32``、出力と同じ (N, 1)
#    * - 2 クラス分類
#      - :class:`~torch.nn.BCEWithLogitsLoss`
#      - ロジット (N,) → ``float32`` の 0 か 1、ロジットと同じ (N,)
#    * - 多クラス分類
#      - :class:`~torch.nn.CrossEntropyLoss`
#      - ロジット (N, クラス数) → ``int64`` のラベル (N,)
reg_loss = nn.MSELoss()(torch.tensor([[1.5], [0.2]]), torch.tensor([[1.0], [0.0]]))
bin_loss = nn.BCEWithLogitsLoss()(torch.tensor([2.0, -1.0]), torch.tensor([1.0, 0.0]))
multi_loss = nn.CrossEntropyLoss()(torch.tensor([[2.0, 0.5, -1.0]]), torch.tensor([0]))
print(f"回帰 {reg_loss:.4f}, 2 クラス {bin_loss:.4f}, 多クラス {multi_loss:.4f}")
