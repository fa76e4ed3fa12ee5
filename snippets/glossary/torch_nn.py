r"""
torch.nn（Neural Network Package）
==================================

.. term-card::
   :ja: torch.nn
   :reading: とーちえぬえぬ
   :en: Neural Network Package
   :api: torch.nn
   :summary: ニューラルネットワークを組み立てる部品をまとめた、PyTorch のサブパッケージです。
      基底クラスの :term:`モジュール <Module>` のほか、:term:`全結合層 <Linear Layer>` などの層、
      :term:`活性化関数 <Activation Function>`、:term:`損失関数 <Loss Function>`、
      部品をつなぐ入れ物（:term:`Sequential`）が入っています。

定義
----
ニューラルネットワークは、学習できる :term:`パラメータ <Parameter>` :math:`\theta_i` を持つ関数を
つなげたものです。

.. math::

   f_\theta(x) = f_L\bigl(\cdots f_2\bigl(f_1(x; \theta_1); \theta_2\bigr) \cdots; \theta_L\bigr)

``torch.nn`` は、この :math:`f_i` の一つひとつを、
パラメータごと持ち運べる部品（:class:`torch.nn.Module` のサブクラス）として提供します。
中身は大きく次のように分かれます。

- 基底クラス :class:`torch.nn.Module` と、パラメータを表す :class:`~torch.nn.parameter.Parameter`
- 層: :class:`torch.nn.Linear`、:class:`torch.nn.Conv2d` など
- 活性化関数: :class:`torch.nn.ReLU`、:class:`torch.nn.Sigmoid` など
- 損失関数: :class:`torch.nn.MSELoss`、:class:`torch.nn.CrossEntropyLoss` など
- 入れ物: :class:`torch.nn.Sequential`、:class:`torch.nn.ModuleList` など
- 状態を持たない関数の版: ``torch.nn.functional``（``F.relu`` など）

かみくだいた説明
----------------
``torch.nn`` は、ニューラルネットワークを作るための部品箱です。
重みやバイアスを自分でテンソルとして用意しなくても、``nn.Linear(64, 10)`` と書けば、
正しい形の重みとバイアスが初期化された層が手に入ります。
部品を組み合わせたモデルは、中のパラメータを全部まとめて :term:`オプティマイザ <Optimizer>` に
渡せます。

使われる場面
------------
- モデルを定義するとき（層を並べて ``forward`` を書く）
- 学習で最小にする損失を計算するとき
- 学習したモデルを保存し、読み込むとき（:term:`state_dict`）
"""

# %%
# 部品箱の中身を数える
# --------------------
# ``torch.nn`` にある名前のうち、:class:`~torch.nn.Module` を継承したクラスが部品です。
# 名前が ``Loss`` で終わるものは、ほとんどが損失関数です。実際に数えてみます。
import inspect

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

module_classes = [
    name for name, obj in vars(nn).items() if inspect.isclass(obj) and issubclass(obj, nn.Module)
]
loss_classes = sorted(name for name in module_classes if name.endswith("Loss"))
print(
    f"torch {torch.__version__} の torch.nn にある Module とそのサブクラス: {len(module_classes)} 個"
)
print(f"そのうち名前が Loss で終わるもの: {len(loss_classes)} 個")
for start in range(0, len(loss_classes), 6):
    print("  " + ", ".join(loss_classes[start : start + 6]))

# %%
# 部品を組み合わせてモデルを作る
# ------------------------------
# 全結合層 2 つの間に ReLU をはさんだ、小さな分類モデルです。
# 手書き数字の画像（8×8 = 64 画素、0〜9 の 10 クラス）を分類させます。
# MNIST（28×28 = 784 画素）を使う例をよく見かけますが、ここではダウンロードの要らない
# scikit-learn 同梱の ``load_digits`` を使うので、入力は 64 次元です。


class SimpleNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)  # 入力 → 隠れ層
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, output_size)  # 隠れ層 → 出力（10 クラスのスコア）

    def forward(self, x):
        return self.fc2(self.relu(self.fc1(x)))


torch.manual_seed(0)
model = SimpleNN(input_size=64, hidden_size=500, output_size=10)
n_params = sum(p.numel() for p in model.parameters())
print(model)
print(f"パラメータのテンソル: {len(list(model.parameters()))} 個、要素の合計: {n_params}")

# %%
# 損失関数とオプティマイザをつないで学習する
# ------------------------------------------
# ``model.parameters()`` を渡すだけで、4 つのテンソル（重みとバイアス 2 組）がすべて更新の対象に
# なります。
# 学習率は、数エポックで結果が見えるように 0.1 と大きめにしています。
# モデルとデータは同じ :term:`デバイス <Device>` に置きます（GPU などがあればそこ、なければ CPU）。
# テストデータでの評価では、:term:`評価モード <train / eval mode>` にして、``torch.inference_mode()`` の中で計算します
# （:term:`勾配計算の無効化 <no_grad / inference_mode>`）。
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X / 16.0, y, test_size=0.2, random_state=0, stratify=y
)
X_train, X_test = (
    torch.tensor(X_train, dtype=torch.float32),
    torch.tensor(X_test, dtype=torch.float32),
)
y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
model.to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loader = DataLoader(TensorDataset(X_train, y_train), batch_size=64, shuffle=True)

losses = []
model.train()
for _epoch in range(5):
    for inputs, labels in loader:
        inputs, labels = inputs.to(device), labels.to(device)
        loss = criterion(model(inputs), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

model.eval()
with torch.inference_mode():
    test_pred = model(X_test.to(device)).argmax(dim=1).cpu()
test_accuracy = (test_pred == y_test).float().mean().item()
print(f"最初のミニバッチの損失: {losses[0]:.4f}, 最後のミニバッチの損失: {losses[-1]:.4f}")
print(f"テストデータ {len(y_test)} 枚での正解率: {test_accuracy:.3f}")

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(losses)
ax.set(
    xlabel="更新の回数",
    ylabel="交差エントロピー損失",
    title="torch.nn の部品だけで組んだモデルの学習",
)
ax.grid(alpha=0.3)
plt.show()

# %%
# モジュールと関数の版
# --------------------
# 多くの部品には、状態を持たない関数の版が ``torch.nn.functional`` にあります。
# ReLU のようにパラメータがなく、訓練・評価モードでふるまいも変わらないものは、どちらを使っても結果は同じです
# （``F.dropout`` は既定で ``training=True`` なので、評価モードの ``nn.Dropout`` とは結果が違います）。
# 重みを持つ層（``nn.Linear`` など）は、重みを自分で持ってくれるモジュールの版を使うのが普通です。
z = torch.linspace(-2, 2, 5)
same = torch.equal(nn.ReLU()(z), F.relu(z))
print(f"nn.ReLU()(z) と F.relu(z) は同じ: {same}")

# %%
# 関連用語
# --------
# :term:`モジュール <Module>`、:term:`forward メソッド <Forward Method>`、:term:`Sequential`、
# :term:`全結合層 <Linear Layer>`、:term:`活性化関数 <Activation Function>`、
# :term:`損失関数 <Loss Function>`、:term:`交差エントロピー損失 <Cross-Entropy Loss>`、
# :term:`パラメータ <Parameter>`、:term:`torch.optim`
#
# このページで使った API
# ----------------------
# :mod:`torch.nn`, :class:`torch.nn.Module`, :class:`torch.nn.Linear`, :class:`torch.nn.ReLU`,
# :class:`torch.nn.CrossEntropyLoss`, :func:`torch.nn.functional.relu`,
# :meth:`torch.nn.Module.parameters`, :class:`torch.optim.SGD`,
# :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`,
# :meth:`torch.nn.Module.to`, :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.nn.Linear torch.nn.MSELoss torch.nn.CrossEntropyLoss torch.nn.Sequential
