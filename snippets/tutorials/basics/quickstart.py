r"""
クイックスタート: 分類器を 1 つ学習する
========================================

手書き数字の画像を 0〜9 に分類するモデルを、データの準備から保存まで一気に学習させます。
細かい説明は後のページに回し、ここでは流れだけをつかみます。各セルに、詳しく説明するページを示します。

.. lesson::
   :prerequisites: :doc:`/intro/install`

   - データ → モデル → 損失とオプティマイザ → 学習ループ → 評価 → 保存、の流れを一度通して動かす
   - 学習したモデルで 1 枚の画像を推論する

インストールのページでは PyTorch が動くことを確かめただけでした。このページで、はじめてモデルを学習させます。
"""

# %%
# データを用意する
# ----------------
# scikit-learn に同梱の手書き数字（8×8 画素、1797 枚）を、1 枚 64 個の数の列として使います。
# 8 割を訓練データ、2 割をテストデータにし、:term:`データローダ <DataLoader>` でミニバッチに分けて取り出します。
# 詳しくは :doc:`/tutorials/basics/tensor_basics` と :doc:`/tutorials/classification/loading_data` で説明します。
import tempfile

import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

digits = load_digits()
X = torch.tensor(digits.data / 16, dtype=torch.float32)  # 画素値 0〜16 を 0〜1 に
y = torch.tensor(digits.target)
train_ds, test_ds = random_split(TensorDataset(X, y), [0.8, 0.2], torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, 64, shuffle=True, generator=torch.Generator().manual_seed(0))
test_loader = DataLoader(test_ds, batch_size=256)
print(f"入力 {tuple(X.shape)} {X.dtype}, ラベル {tuple(y.shape)} {y.dtype}")
print(f"訓練データ {len(train_ds)} 枚, テストデータ {len(test_ds)} 枚")

# %%
# モデルを作る
# ------------
# 64 個の数を受け取り、10 クラスそれぞれのスコアを返します。:term:`全結合層 <Linear Layer>` 2 つの間に :term:`活性化関数 <Activation Function>` の ReLU をはさみます。
# 詳しくは :doc:`/tutorials/regression/linear_regression_module` と :doc:`/tutorials/classification/first_classifier` で説明します。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)
print(f"モデル:\n{model}")

# %%
# 学習して評価する
# ----------------
# :term:`交差エントロピー損失 <Cross-Entropy Loss>` で予測のずれを測り、:term:`Adam` でパラメータを更新します。
# ミニバッチごとに「予測 → 損失 → 勾配 → 更新」を繰り返し、:term:`エポック <Epoch>` ごとにテストデータで
# :term:`正解率 <Accuracy>` を測ります。勾配は :doc:`/tutorials/basics/autograd_basics`、
# 学習率は :doc:`/tutorials/regression/gradient_and_learning_rate` で説明します。なお、学習の途中の確認には本来
# :term:`検証データ <Validation Data>` を使います。ここでは簡単のため、テストデータで代用しています。
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def accuracy(model):
    model.eval()
    with torch.inference_mode():
        hits = [model(xb.to(device)).argmax(dim=1) == yb.to(device) for xb, yb in test_loader]
    return torch.cat(hits).float().mean().item()


for epoch in range(1, 11):
    model.train()
    for xb, yb in train_loader:
        loss = loss_fn(model(xb.to(device)), yb.to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    test_acc = accuracy(model)
    print(f"エポック {epoch:2d} | テスト正解率 {test_acc:.4f}")

# %%
# 推論して、保存する
# ------------------
# モデルは (枚数, 64) の形を受け取るので、1 枚でも ``unsqueeze(0)`` で先頭に長さ 1 の次元を足します。
# :term:`ソフトマックス <Softmax>`（:func:`torch.softmax`）でスコアを確率にします。次に、学習したパラメータ（:term:`状態辞書 <state_dict>`）を保存し、
# 同じ形の新しいモデルに読み込みます。保存と読み込みは :doc:`/tutorials/regression/workflow` で説明します。
image, label = test_ds[0]
with torch.inference_mode():
    probs = torch.softmax(model(image.unsqueeze(0).to(device)), dim=1)[0].cpu()
print(f"正解のラベル: {label.item()}, 予測: {probs.argmax().item()}（確率 {probs.max():.3f}）")
with tempfile.TemporaryDirectory() as tmpdir:
    torch.save(model.state_dict(), f"{tmpdir}/digits_mlp.pth")
    state = torch.load(f"{tmpdir}/digits_mlp.pth", map_location=device, weights_only=True)
loaded = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device)
loaded.load_state_dict(state)
print(f"読み込んだモデルのテスト正解率: {accuracy(loaded):.4f}")

# %%
# まとめ
# ------
# - 学習は、データ、モデル、損失関数とオプティマイザ、学習ループ、評価の順に組み立てます。
# - 学習ループの 1 回は、予測、損失、``zero_grad``、``backward``、``step`` です。
# - 評価と推論は ``model.eval()`` と ``torch.inference_mode()`` の中で行い、パラメータは ``state_dict`` で保存します。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** このモデルのパラメータは全部でいくつですか。手で計算してから、コードで数えてください。
#
# .. hint:: ``nn.Linear(64, 64)`` は、重み 64 × 64 個とバイアス 64 個を持ちます。
#
# .. answer::

ex1_n_params = sum(p.numel() for p in model.parameters())
print(f"手で計算: {(64 * 64 + 64) + (64 * 10 + 10)}, コードで数えた数: {ex1_n_params}")

# %%
# **問題 2.** 学習する前のモデルのテスト正解率を測り、当てずっぽう（10 クラスなので約 0.1）と比べてください。
#
# .. hint:: 作ったばかりのモデルを ``accuracy`` に渡します。
#
# .. answer::

ex2_acc = accuracy(nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to(device))
print(f"学習前のテスト正解率: {ex2_acc:.4f}, 学習後: {test_acc:.4f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.utils.data.TensorDataset`, :func:`torch.utils.data.random_split`, :class:`torch.utils.data.DataLoader`
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`, :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.Adam`
# - :class:`torch.inference_mode`, :func:`torch.softmax`, :meth:`torch.Tensor.unsqueeze`, :meth:`torch.nn.Module.state_dict`,
#   :meth:`torch.nn.Module.load_state_dict`, :func:`torch.save`, :func:`torch.load`
