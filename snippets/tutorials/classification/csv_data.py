r"""
CSV のデータで学習する
======================

表のデータを CSV ファイルから pandas で読み、欠損値を埋め、文字の列を数値に直し、標準化して、MLP で分類します。
前処理に使う値はすべて訓練データだけから決め、テストデータの情報が学習に漏れないようにします。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:term:`カスタムデータセット <Custom Dataset>`、:term:`データローダ <DataLoader>`

   - pandas で CSV を読み、欠損値と文字の列を見つける
   - 先に分割し、欠損値の穴埋め・one-hot・標準化の値を訓練データだけで決める
   - 表の ``Dataset`` と ``DataLoader`` を作り、ミニバッチで学習・評価する関数を書く
"""

# %%
# 同梱の CSV ファイルを読む
# -------------------------
# 前のページでは、scikit-learn が配列で渡してくれたデータを、全件まとめて学習しました。
# このページでは、ファイルから読んだ表を自分で数値のテンソルに直し、:term:`ミニバッチ <Batch Size>` で学習します。
#
# scikit-learn には、``load_wine`` が中で読む CSV ファイルが同梱されています。1 行目は列名ではなく、件数、特徴量の数、クラス名です。
# そこで 1 行目を飛ばして読み（``skiprows=1``）、列名はデータの説明（``load_wine().feature_names``）から付けます。
import tempfile
from pathlib import Path

import pandas as pd
import sklearn
import torch
from sklearn.datasets import load_wine
from torch import nn
from torch.utils.data import DataLoader, Dataset

csv_path = Path(sklearn.__file__).parent / "datasets" / "data" / "wine_data.csv"
first_line = csv_path.read_text(encoding="utf-8").splitlines()[0]
_, _, *class_names = first_line.split(",")
raw = pd.read_csv(csv_path, skiprows=1, header=None, names=[*load_wine().feature_names, "class"])
print(f"1 行目: {first_line}\n表の形: {raw.shape}, クラス名: {class_names}")

# %%
# 手元のデータに近づける
# ----------------------
# 実際の CSV には、空欄（欠損値）や文字の列がよくあります。このデータにはどちらもないので、扱い方を見せるために、
# このページがコピーに手を加えて、一時ファイルに書き出します。4 つの列では、約 5% のセルを空欄にします。
# 色の濃さ（``color_intensity``）は、文字で 3 段階に書いた列 ``color`` に置き換えます。品種の番号は、クラス名の文字にします。
table = raw.copy()
gen = torch.Generator().manual_seed(0)
for col in ["alcohol", "magnesium", "flavanoids", "hue"]:
    table.loc[(torch.rand(len(table), generator=gen) < 0.05).numpy(), col] = float("nan")
color_bins = [0, 3.5, 7, 14]
table["color"] = pd.cut(table.pop("color_intensity"), color_bins, labels=["pale", "medium", "deep"])
table["class"] = [class_names[i] for i in table["class"]]
tmpdir = tempfile.TemporaryDirectory()  # 次のセルで読んだあと消す
my_csv = Path(tmpdir.name) / "my_wine.csv"
table.to_csv(my_csv, index=False)

# %%
# 読んで、中身を確かめる
# ----------------------
# ここからが、自分の CSV を読むときの手順です。まず形と列の型、欠損値の数を確かめます。``isna()`` は空欄のセルを ``True`` にし、``sum()`` で列ごとの数を数えます。
df = pd.read_csv(my_csv)
tmpdir.cleanup()
missing = df.isna().sum()
print(f"形: {df.shape}, 文字の列: {list(df.select_dtypes(exclude='number').columns)}")
print(f"欠損値のある列:\n{missing[missing > 0].to_string()}")
print(df[["alcohol", "magnesium", "color", "class"]].head(4).to_string())

# %%
# 前処理の前に分ける
# ------------------
# 欠損値を埋める値も、標準化の平均と標準偏差も、データから計算します。テストデータを含めて計算すると、テストデータの情報がモデルに漏れるので、
# 何かを計算する前に分けます。分け方はシードを固定した :class:`torch.Generator` で決めます（訓練 60%、検証 20%、テスト 20%）。
perm = torch.randperm(len(df), generator=torch.Generator().manual_seed(0)).tolist()
n_train, n_val = int(0.6 * len(df)), int(0.2 * len(df))
train_df = df.iloc[perm[:n_train]]
val_df = df.iloc[perm[n_train : n_train + n_val]]
test_df = df.iloc[perm[n_train + n_val :]]
print(f"訓練 {len(train_df)} 行, 検証 {len(val_df)} 行, テスト {len(test_df)} 行")

# %%
# 欠損値をそのまま使うと
# ----------------------
# 空欄は ``NaN`` として読まれます。NaN を含む計算の結果は NaN なので、損失も NaN になります。
# そのまま ``backward`` して更新すると、重みまで NaN になり、欠損のない入力にも NaN しか返さなくなります。
numeric_cols = [c for c in df.columns if c not in ("color", "class")]
X_raw = torch.tensor(train_df[numeric_cols].to_numpy(), dtype=torch.float32)
y_codes = torch.tensor(train_df["class"].map(class_names.index).to_numpy())
torch.manual_seed(0)
probe = nn.Linear(len(numeric_cols), 3)
nan_loss = nn.functional.cross_entropy(probe(X_raw), y_codes)
nan_loss.backward()
torch.optim.SGD(probe.parameters(), lr=0.1).step()
nan_weights = probe.weight.isnan().sum().item()
clean_out = probe(torch.zeros(1, len(numeric_cols))).detach()
print(f"NaN を含む入力の損失: {nan_loss.item()}, 更新後に NaN になった重み: {nan_weights} 個")
print(f"更新後のモデルに欠損のない入力を渡した出力: {clean_out.tolist()}")

# %%
# 前処理の値を訓練データで決める
# ------------------------------
# ``fit_preprocess`` は訓練データだけを見て、欠損値を埋める中央値、標準化の平均と標準偏差、色とクラスの一覧を決めます。
# ``transform`` はその値で、どの分割も同じように変換します。色は one-hot（色ごとに 0 か 1 の列）にし、その列は訓練データで決めた一覧に固定するので、分割ごとに列がずれません。


def fit_preprocess(train):
    median = train[numeric_cols].median()
    filled = train[numeric_cols].fillna(median)
    colors, classes = sorted(train["color"].unique()), sorted(train["class"].unique())
    return dict(median=median, mean=filled.mean(), std=filled.std(), colors=colors, classes=classes)


def transform(frame, stats):
    numeric = (frame[numeric_cols].fillna(stats["median"]) - stats["mean"]) / stats["std"]
    color = pd.Series(pd.Categorical(frame["color"], categories=stats["colors"]), index=frame.index)
    onehot = pd.get_dummies(color, prefix="color", dtype="float32")
    labels = frame["class"].map({name: i for i, name in enumerate(stats["classes"])})
    return pd.concat([numeric.astype("float32"), onehot], axis=1), labels


stats = fit_preprocess(train_df)
processed = [transform(part, stats) for part in (train_df, val_df, test_df)]
(X_train, y_train), (X_val, y_val), (X_test, y_test) = processed
print(f"欠損値を埋める中央値: {stats['median'][missing[missing > 0].index].round(2).to_dict()}")
print(f"変換後の列: {X_train.shape[1]} 個（数値 {len(numeric_cols)} + 色 {len(stats['colors'])}）")
print(f"変換後の欠損値: {sum(int(X.isna().sum().sum()) for X, _ in processed)} 個")

# %%
# 同じ平均と標準偏差を全データで計算すると、値が変わります（``_train`` は訓練データ、``_all`` は全データから計算した値）。
# テストデータは「まだ見たことのないデータ」の代わりです。その値が前処理に入ると、テストデータの情報が学習に入り込み、
# テストの :term:`正解率 <Accuracy>` が、本当に新しいデータでの正解率より良く出るおそれがあります。本番でも新しいデータは 1 件ずつ届くので、使えるのは訓練データで決めて保存しておいた値だけです。
all_filled = df[numeric_cols].fillna(df[numeric_cols].median())
compare = pd.DataFrame({"mean_train": stats["mean"], "mean_all": all_filled.mean()})
compare = compare.assign(std_train=stats["std"], std_all=all_filled.std())
print(compare.loc[["alcohol", "magnesium", "proline"]].round(3).to_string())

# %%
# 表の Dataset と DataLoader
# --------------------------
# :class:`~torch.utils.data.Dataset` を継承し、``__len__`` と ``__getitem__`` を書きます。1 行を、特徴量（``float32``）とラベル（``int64``）の組で返します。テンソルへの変換は最初に一度だけ行います。


class TableDataset(Dataset):
    def __init__(self, X, y):
        self.X = torch.tensor(X.to_numpy(), dtype=torch.float32)
        self.y = torch.tensor(y.to_numpy(), dtype=torch.int64)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.X[idx], self.y[idx]


train_ds, val_ds, test_ds = (TableDataset(X, y) for X, y in processed)
loader_gen = torch.Generator().manual_seed(0)
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True, generator=loader_gen)
val_loader, test_loader = DataLoader(val_ds, batch_size=64), DataLoader(test_ds, batch_size=64)
xb, yb = next(iter(train_loader))
print(f"ミニバッチ: 特徴量 {tuple(xb.shape)} {xb.dtype}, ラベル {tuple(yb.shape)} {yb.dtype}")

# %%
# 学習と評価の関数
# ----------------
# ``train_one_epoch`` は訓練データを 1 周してミニバッチごとに更新し、訓練損失の平均を返します。``evaluate`` は評価モードと ``torch.inference_mode()`` の中で、損失の平均と正解率を返します。
# 平均は、ミニバッチの平均損失に件数を掛けて足し、最後に全体の件数で割って求めます。どちらも ``device`` を受け取り、ミニバッチをそこへ送るので、GPU でもそのまま使えます。
# この 2 つの関数は、このあとのページ（:doc:`/tutorials/classification/image_training`、:doc:`/tutorials/classification/first_cnn`）でも、そのまま使います。


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


device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(X_train.shape[1], 32), nn.ReLU(), nn.Linear(32, 3)).to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
history = []  # (訓練損失, 検証損失, 検証正解率)
for epoch in range(1, 21):
    train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
    val_loss, val_acc = evaluate(model, val_loader, loss_fn, device)
    history.append((train_loss, val_loss, val_acc))
    if epoch % 5 == 0:
        print(f"エポック {epoch:2d} | 訓練損失 {train_loss:.4f} | 検証正解率 {val_acc:.3f}")
test_loss, test_acc = evaluate(model, test_loader, loss_fn, device)
print(f"テストデータ: 損失 {test_loss:.4f}, 正解率 {test_acc:.3f}（{len(test_ds)} 行）")

# %%
# まとめ
# ------
# - ``pd.read_csv`` で読んだら、形、列の型、``isna().sum()`` で欠損値の数を確かめます。NaN が 1 つでも残ると、損失も重みも NaN になります。
# - 前処理で何かを計算する前に分割します。中央値、カテゴリの一覧、平均と標準偏差は訓練データだけで決め、どの分割にも同じ値を使います。
# - 表の ``Dataset`` は、1 行を ``float32`` の特徴量と ``int64`` のラベルで返します。
# - ``train_one_epoch`` と ``evaluate`` は、データローダを 1 周する形で書いておくと、どのデータにも使えます。このあとのページも同じ 2 つを使います。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 訓練データにない色 ``"purple"`` の行が届いたとします。テストデータの 1 行目の色を書き換えて ``transform`` に通し、色の列がどうなるか確かめてください。
#
# .. hint:: ``test_df.iloc[[0]].assign(color="purple")`` で、色だけを変えた 1 行の表が作れます。
#
# .. answer::
#
#    カテゴリの一覧を訓練データで固定しているので、知らない色は 3 つの列がすべて 0 になり、列の数は変わりません。
ex1_X, _ = transform(test_df.iloc[[0]].assign(color="purple"), stats)
print(f"列の数: {ex1_X.shape[1]}, 色の列: {ex1_X.filter(like='color_').iloc[0].to_dict()}")

# %%
# **問題 2.** 欠損値を埋める代わりに、欠損値のある行を ``dropna()`` で捨てると、訓練データは何行減るでしょうか。空欄のない値も、行ごと捨てることになります。
#
# .. hint:: ``dropna()`` は、欠損値を 1 つでも含む行を除いた表を返します。
#
# .. answer::
ex2_lost = len(train_df) - len(train_df.dropna())
print(f"捨てられる行: {ex2_lost} / {len(train_df)} 行（{ex2_lost / len(train_df):.0%}）")

# %%
# このページで使った API
# ----------------------
# - ``pandas.read_csv``, ``pandas.DataFrame.isna``, ``pandas.DataFrame.fillna``, ``pandas.get_dummies``, ``pandas.Categorical``
# - :class:`torch.utils.data.Dataset`, :class:`torch.utils.data.DataLoader`, :class:`torch.Generator`, :func:`torch.randperm`
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`, :class:`torch.nn.CrossEntropyLoss`, :class:`torch.optim.Adam`, :meth:`torch.Tensor.isnan`, :class:`torch.inference_mode`
