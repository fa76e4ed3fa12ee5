r"""
画像フォルダで学習する
======================

写真のフォルダから読み込んだ画像で、小さな畳み込みニューラルネットワークを学習させます。検証損失が最小のエポックの重みを残して早期終了し、チェックポイントから再開し、最後に新しい画像ファイル 1 枚のクラスを予測します。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/image_folder`、:term:`検証データ <Validation Data>`、:term:`状態辞書 <state_dict>`

   - 訓練と評価を関数にまとめ、検証損失が最小のエポックの重みを残して :term:`早期終了 <Early Stopping>` する
   - :term:`チェックポイント <Checkpoint>` から再開し、止めずに学習したときと同じ結果になることを確かめる
   - 新しい画像ファイル 1 枚を読み込んで、クラス名と確率を出す
"""

# %%
# データを用意する
# ----------------
# :doc:`/tutorials/classification/image_folder` では写真のフォルダをミニバッチにするところまでを書きました。このページでは、それで実際に学習し、モデルを保存・再開・推論に使います。
# 前のページと同じ関数で写真のフォルダを作り（クラスごとに 150 枚）、同じ変換と分け方で訓練・検証・テストのデータセットを作ります。自分の写真で試すときは、``ImageFolder`` に自分のフォルダを渡します。
import copy
import tempfile
from pathlib import Path

import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import ImageFolder
from torchvision.transforms import v2


def make_photo_folder(root, n_per_class, seed=0):
    gen = torch.Generator().manual_seed(seed)
    for name in ("china", "flower"):
        photo = Image.fromarray(load_sample_image(f"{name}.jpg"))
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(n_per_class):
            w, h = torch.randint(12, 49, (2,), generator=gen).tolist()
            left = torch.randint(0, photo.width - w + 1, (1,), generator=gen).item()
            top = torch.randint(0, photo.height - h + 1, (1,), generator=gen).item()
            crop = photo.crop((left, top, left + w, top + h))
            crop.save(root / name / f"{name}_{i:03d}.{'png' if i % 2 else 'jpg'}")


tmpdir = tempfile.TemporaryDirectory()
work = Path(tmpdir.name)  # 写真は work / "photos" に、チェックポイントは work に置く
make_photo_folder(work / "photos", n_per_class=150)

mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
to_float = [v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)]
train_tf = v2.Compose(
    [v2.ToImage(), v2.RandomResizedCrop(32, scale=(0.5, 1.0)), v2.RandomHorizontalFlip(), *to_float]
)
eval_tf = v2.Compose([v2.ToImage(), v2.Resize(32), v2.CenterCrop(32), *to_float])
train_folder = ImageFolder(work / "photos", transform=train_tf)
eval_folder = ImageFolder(work / "photos", transform=eval_tf)
perm = torch.randperm(len(train_folder), generator=torch.Generator().manual_seed(0)).tolist()
n = len(perm) // 5  # 検証とテストに 2 割ずつ
val_ds, test_ds = Subset(eval_folder, perm[:n]), Subset(eval_folder, perm[n : 2 * n])
train_ds = Subset(train_folder, perm[2 * n :])
val_loader = DataLoader(val_ds, batch_size=100)
print(f"class_to_idx: {eval_folder.class_to_idx}")
print(f"訓練 {len(train_ds)} 枚, 検証 {len(val_ds)} 枚, テスト {len(test_ds)} 枚")

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")

# %%
# モデルと、1 エポック分の関数
# ----------------------------
# 32×32 の RGB 画像を受け取る小さな CNN です。:term:`畳み込み <Convolution>` と :term:`プーリング <Pooling>` を 2 回繰り返し、:term:`全結合層 <Linear Layer>` で 2 クラスのスコア（ロジット）を出します。
# 訓練と評価の関数は :doc:`/tutorials/classification/csv_data` と同じ ``train_one_epoch`` と ``evaluate`` で、この後の再開にもそのまま使います。``train_one_epoch`` は訓練データを 1 周してパラメータを更新し、``evaluate`` は ``torch.inference_mode()`` の中で損失と :term:`正解率 <Accuracy>` を測ります。
# どちらも、ミニバッチの平均損失に枚数を掛けて足し、最後に全体の枚数で割ります（最後のミニバッチが小さくても正しい平均になります）。


def make_model():
    return nn.Sequential(
        nn.Conv2d(3, 8, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 出力 8×16×16
        nn.Conv2d(8, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 出力 16×8×8
        nn.Flatten(), nn.Linear(16 * 8 * 8, 2),
    )  # fmt: skip


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
# 最良の重みを残して、早期終了する
# --------------------------------
# エポックごとに検証損失を測り、それまでの最小を下回ったら、そのときの重みを ``best_state`` に取っておきます。``patience`` エポック続けて下回らなければ、学習を打ち切ります。
# ``model.state_dict()`` の辞書のテンソルはパラメータと同じメモリを指し、``optimizer.step()`` がその場で書き換えるので、辞書をそのまま取っておくと後のエポックの値に変わってしまいます。そこで ``copy.deepcopy`` で中身ごと複製します。
# 途中から再開できるように、エポックの終わりごとに :term:`チェックポイント <Checkpoint>` を保存します。モデルとオプティマイザの状態辞書、エポック番号に加えて、
# 乱数の状態も入れます。ミニバッチの並び順は ``loader_gen`` が、データ拡張は torch の乱数（:func:`torch.get_rng_state`）が決めるからです。
torch.manual_seed(0)
model = make_model().to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loader_gen = torch.Generator().manual_seed(0)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=loader_gen)
max_epochs, patience = 30, 4
best_loss, best_epoch, waited = float("inf"), 0, 0
history = []  # (訓練損失, 検証損失, 検証正解率)
for epoch in range(1, max_epochs + 1):
    train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
    val_loss, val_acc = evaluate(model, val_loader, loss_fn, device)
    history.append((train_loss, val_loss, val_acc))
    print(f"エポック {epoch:2d} | 訓練損失 {train_loss:.4f} | 検証損失 {val_loss:.4f}")
    state = {"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()}
    state |= {"loader_gen": loader_gen.get_state(), "torch_rng": torch.get_rng_state()}
    torch.save(state, work / f"checkpoint_{epoch:02d}.pt")
    if val_loss < best_loss:
        best_loss, best_epoch, waited = val_loss, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        waited += 1
        if waited == patience:
            break
stopped_epoch = epoch
print(f"エポック {stopped_epoch} で早期終了。残す重みはエポック {best_epoch} のもの")

# %%
# チェックポイントから再開する
# ----------------------------
# 早期終了したエポックの 3 つ前でプログラムが止まったとして、そのチェックポイントから再開します。新しいモデルとオプティマイザに状態辞書を読み込み
# （``torch.load`` には、テンソルと基本的な型だけを読む ``weights_only=True`` を付けます）、2 つの乱数の状態も戻します。
# 再開後も、止めずに学習したときと同じ手順（訓練と検証）を繰り返します。検証のデータローダも回すたびに torch の乱数を 1 つ使うので、手順を省くと乱数の流れがずれます。
# CPU では、こうして最後のパラメータが 1 ビットも違わずにそろいます。GPU では畳み込みの勾配などの計算順序が実行ごとに変わることがあり、完全にそろえるには :func:`torch.use_deterministic_algorithms` で決定的な計算に限ります。


def load_checkpoint(path):
    ckpt = torch.load(path, weights_only=True)
    model = make_model().to(device)
    model.load_state_dict(ckpt["model"])
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    optimizer.load_state_dict(ckpt["optimizer"])
    return ckpt, model, optimizer


resume_from = stopped_epoch - 3
ckpt, resumed, resumed_opt = load_checkpoint(work / f"checkpoint_{resume_from:02d}.pt")
resumed_gen = torch.Generator().set_state(ckpt["loader_gen"])
torch.set_rng_state(ckpt["torch_rng"])
resumed_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=resumed_gen)
resumed_history = []
for _ in range(ckpt["epoch"] + 1, stopped_epoch + 1):
    train_loss = train_one_epoch(resumed, resumed_loader, loss_fn, resumed_opt, device)
    resumed_history.append((train_loss, *evaluate(resumed, val_loader, loss_fn, device)))
pairs = zip(model.state_dict().values(), resumed.state_dict().values(), strict=True)
same_params = all(torch.equal(a, b) for a, b in pairs)
print(f"エポック {resume_from} から再開した結果が、止めずに学習した結果と一致するか: {same_params}")

# %%
# テストデータで評価し、新しい画像を予測する
# ------------------------------------------
# 最良の重みを読み込み、学習にも重みの選択にも使っていないテストデータで、一度だけ正解率を測ります。
#
# 次に、データセットにない画像ファイルを作ります（花の写真から、データセットのどの画像より大きい 60×60 画素を切り抜きます）。
# ファイルを開いて RGB にし、評価用の変換をかけ、``unsqueeze(0)`` で先頭にミニバッチの次元を足して (1, 3, 32, 32) にします。
# ロジットを :term:`ソフトマックス <Softmax>` で確率に変え、いちばん大きいクラスの番号を ``classes`` でクラス名に戻します。
model.load_state_dict(best_state)
test_loss, test_acc = evaluate(model, DataLoader(test_ds, batch_size=100), loss_fn, device)
print(f"テストデータ: 損失 {test_loss:.4f}, 正解率 {test_acc:.4f}（{len(test_ds)} 枚）")
new_path = work / "new_photo.jpg"
Image.fromarray(load_sample_image("flower.jpg")).crop((300, 200, 360, 260)).save(new_path)
with Image.open(new_path) as file:
    x = eval_tf(file.convert("RGB")).unsqueeze(0).to(device)
model.eval()
with torch.inference_mode():
    probs = torch.softmax(model(x), dim=1)[0].cpu()
predicted = eval_folder.classes[probs.argmax().item()]
print(f"入力の形 {tuple(x.shape)}, 確率 {[round(p, 4) for p in probs.tolist()]}, 予測 {predicted}")

# %%
# まとめ
# ------
# - 訓練と評価を関数にし、検証損失が最小のときの重みを ``copy.deepcopy`` で取っておき、``patience`` エポック改善しなければ早期終了します。
# - チェックポイントには状態辞書とエポック番号のほか、乱数の状態も入れます。同じ手順で再開すれば、CPU では止めずに学習したときとまったく同じ結果になります。
# - 新しい画像は評価用の変換をかけ、``unsqueeze(0)`` でミニバッチの次元を足してからモデルに渡し、``classes`` でクラス名に戻します。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 寺院の写真（``china.jpg``）の左上の角が (200, 100) の 60×60 画素を切り抜き、上と同じ手順でクラスと確率を予測してください。
#
# .. hint:: ``crop((200, 100, 260, 160))`` で切り抜き、``eval_tf`` をかけて ``unsqueeze(0)`` します。ファイルに保存しなくても予測できます。
#
# .. answer::

ex1_image = Image.fromarray(load_sample_image("china.jpg")).crop((200, 100, 260, 160))
with torch.inference_mode():
    ex1_probs = torch.softmax(model(eval_tf(ex1_image).unsqueeze(0).to(device)), dim=1)[0].cpu()
ex1_predicted = eval_folder.classes[ex1_probs.argmax().item()]
print(f"確率 {[round(p, 4) for p in ex1_probs.tolist()]}, 予測 {ex1_predicted}")

# %%
# **問題 2.** 止まったエポックの 1 つ前のチェックポイントから、乱数の状態を戻さずに（データローダには新しく ``manual_seed(0)`` した生成器を渡して）
# 1 エポックだけ学習すると、止めずに学習した結果と一致するでしょうか。
#
# .. hint:: 上の再開のコードから、``set_state`` と :func:`torch.set_rng_state` の行を除きます。
#
# .. answer::
#
#    一致しません。ミニバッチの並び順とデータ拡張が、止めずに学習したときと変わるからです。

ex2_ckpt, ex2_model, ex2_opt = load_checkpoint(work / f"checkpoint_{stopped_epoch - 1:02d}.pt")
ex2_gen = torch.Generator().manual_seed(0)
ex2_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=ex2_gen)
train_one_epoch(ex2_model, ex2_loader, loss_fn, ex2_opt, device)
ex2_pairs = zip(resumed.state_dict().values(), ex2_model.state_dict().values(), strict=True)
ex2_same = all(torch.equal(a, b) for a, b in ex2_pairs)
print(f"乱数の状態を戻さずに再開した結果が一致するか: {ex2_same}")

# %%
# 最後に、一時フォルダを消します。
tmpdir.cleanup()

# %%
# このページで使った API
# ----------------------
# - ``torchvision.datasets.ImageFolder``, :class:`torch.utils.data.Subset`, :class:`torch.utils.data.DataLoader`, :class:`torch.Generator`,
#   :class:`torch.nn.Conv2d`, :class:`torch.nn.MaxPool2d`, :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.Adam`, ``copy.deepcopy``
# - :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :meth:`torch.optim.Optimizer.load_state_dict`, :func:`torch.save`, :func:`torch.load`,
#   :func:`torch.get_rng_state`, :func:`torch.set_rng_state`, :meth:`torch.Generator.get_state`, :meth:`torch.Generator.set_state`
# - :func:`torch.softmax`, :meth:`torch.Tensor.unsqueeze`, :class:`torch.inference_mode`
