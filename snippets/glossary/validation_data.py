r"""
検証データ（Validation Data）
=============================

.. term-card::
   :ja: 検証データ
   :reading: けんしょうでーた
   :en: Validation Data
   :api: torch.utils.data.random_split
   :summary: 学習には使わずに取っておき、学習率や層の大きさなどのハイパーパラメータを選んだり、
      学習を止める時点を決めたりするためのデータです。
      選ぶのに使ったデータでの成績は実力より良く出るので、最後の成績は、選ぶのにも使わなかった
      テストデータで一度だけ測ります。

定義
----
手元のデータを、重ならない 3 つに分けます。

- **訓練データ**：:term:`パラメータ <Parameter>` を学習する（損失を小さくする）のに使います。
- **検証データ**：ハイパーパラメータ :math:`\lambda`（学習率、重み減衰の強さ、エポック数など）の候補ごとに学習したモデルを比べ、
  :math:`\hat\lambda = \operatorname*{arg\,max}_\lambda \text{正解率}_\text{検証}(\lambda)` を選ぶのに使います。
- **テストデータ**：選び終わったモデルの成績 :math:`\text{正解率}_\text{テスト}(\hat\lambda)` を報告するために、最後に一度だけ使います。

:math:`\hat\lambda` は検証データでの成績が最大になるように選んだので、:math:`\text{正解率}_\text{検証}(\hat\lambda)`
は偶然のよい当たりを含み、新しいデータでの成績より高めに出ます。テストデータはこの選択に関わっていないので、偏りのない見積もりになります。
データが少ないときは、分け方を変えて何度も検証する交差検証（k-fold）も使います。

かみくだいた説明
----------------
訓練データは教科書の練習問題、検証データは模擬試験、テストデータは本番の試験です。
模擬試験の結果を見て勉強法を選ぶのはよいことですが、選んだ勉強法の模擬試験の点数は、
実力より少し良く見えます。本番の試験の問題を見て勉強法を選んでしまうと、本当の実力を測る機会がなくなります。

使われる場面
------------
- 学習率やモデルの大きさなどを、候補の中から選ぶとき
- エポックごとに検証損失を測り、:term:`過学習 <Overfitting>` が始まる前に止める（:term:`早期終了 <Early Stopping>`）とき
"""

# %%
# データを 3 つに分ける
# ---------------------
# 手書き数字 1797 枚を :func:`~torch.utils.data.random_split` で 6:2:2 に分けます。
# 分け方がいつも同じになるように、乱数の :class:`~torch.Generator` にシードを与えます。
# 返るのは元の :term:`データセット <Dataset>` の一部を指す :class:`~torch.utils.data.Subset` で、
# ``indices`` に元の番号が入っています。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import TensorDataset, random_split

digits = load_digits()
X = torch.tensor(digits.data, dtype=torch.float32) / 16
y = torch.tensor(digits.target)
dataset = TensorDataset(X, y)
train_set, val_set, test_set = random_split(
    dataset, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0)
)
splits = {"訓練": train_set, "検証": val_set, "テスト": test_set}
index_sets = [set(s.indices) for s in splits.values()]
overlap = len(index_sets[0] & index_sets[1]) + len(index_sets[0] & index_sets[2])
overlap += len(index_sets[1] & index_sets[2])
for name, subset in splits.items():
    print(f"{name}データ: {len(subset)} 件")
print(f"重なっている番号の数: {overlap}")

# %%
# 検証データでハイパーパラメータを選ぶ
# ------------------------------------
# 全結合層 1 つの分類モデルを、重み減衰（``weight_decay``）の強さを変えて学習し、検証データの正解率で 1 つ選びます。
# テストデータの正解率は、選んだモデルについて最後に一度だけ計算します。
Xtr, ytr = X[train_set.indices], y[train_set.indices]
Xval, yval = X[val_set.indices], y[val_set.indices]
Xte, yte = X[test_set.indices], y[test_set.indices]


def fit(weight_decay):
    torch.manual_seed(0)
    model = nn.Linear(64, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05, weight_decay=weight_decay)
    for _ in range(100):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(Xtr), ytr).backward()
        optimizer.step()
    return model


def accuracy(model, inputs, labels):
    with torch.inference_mode():
        return (model(inputs).argmax(dim=1) == labels).float().mean().item()


models = {wd: fit(wd) for wd in (0.0, 0.001, 0.01, 0.1)}
val_accs = {wd: accuracy(m, Xval, yval) for wd, m in models.items()}
for wd, acc in val_accs.items():
    print(f"weight_decay={wd}: 検証データの正解率 {acc:.4f}")
best_wd = max(val_accs, key=val_accs.get)
test_acc = accuracy(models[best_wd], Xte, yte)
print(f"選んだ weight_decay: {best_wd}")
print(f"検証データの正解率: {val_accs[best_wd]:.4f}, テストデータの正解率: {test_acc:.4f}")

# %%
# この例では、選んだモデルのテストデータでの正解率は、検証データでの値より低く出ました。
# 検証データの値は、いちばん良い候補を選んだぶん甘くなりやすいからです。次の例で、この偏りをはっきり見ます。

# %%
# 選ぶのに使ったデータの成績は甘い
# --------------------------------
# 極端な例で確かめます。「数字が 5 以上か」を当てる問題に、入力を見ずに乱数で 0 か 1 を答える
# 「モデル」を 200 個用意します。どれも本当の正解率は 0.5 です。
# この中から、テストデータの正解率がいちばん高いものを選んでしまい、その値を報告したとします。
# 選んだモデルを、選ぶのに使っていないデータ（ここでは訓練データ。どのモデルもこれを見ていません）で測り直します。
binary = (y >= 5).long()
guesses = torch.randint(0, 2, (len(y), 200), generator=torch.Generator().manual_seed(1))
hits = (guesses == binary[:, None]).float()
acc_test = hits[test_set.indices].mean(dim=0)
acc_fresh = hits[train_set.indices].mean(dim=0)
chosen = acc_test.argmax()
print(f"テストデータで選んだモデルのテスト正解率: {acc_test[chosen]:.4f}")
print(f"同じモデルの、選ぶのに使っていないデータでの正解率: {acc_fresh[chosen]:.4f}")

# %%
# 乱数を変えて 20 回繰り返しても、選んだモデルの値は毎回、測り直した値より高く出ます。
gaps = []
for seed in range(20):
    g = torch.Generator().manual_seed(100 + seed)
    hits_r = (torch.randint(0, 2, (len(y), 200), generator=g) == binary[:, None]).float()
    on_test, on_fresh = hits_r[test_set.indices], hits_r[train_set.indices]
    pick = on_test.mean(dim=0).argmax()
    gaps.append((on_test[:, pick].mean() - on_fresh[:, pick].mean()).item())
print(f"選んだ値 − 測り直した値: 平均 {sum(gaps) / len(gaps):.4f}, 最小 {min(gaps):.4f}")

# %%
# 200 個のモデルを、テストデータの正解率（横）と測り直した正解率（縦）で描きます。
# 横の広がりは偶然のばらつきなので、右にある点ほど上にある、という傾きはありません。
# 右端の点を選んでも、測り直すと 0.5 の近くに戻ります。
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
ax.scatter(acc_test.numpy(), acc_fresh.numpy(), s=12, alpha=0.6, label="乱数で答えるモデル")
best_point = (acc_test[chosen].item(), acc_fresh[chosen].item())
ax.scatter(*best_point, s=120, marker="*", color="tab:red", label="テストデータで選んだモデル")
ax.plot([0.4, 0.62], [0.4, 0.62], "k:", label="横と縦が同じ値")
ax.set(
    xlabel="選ぶのに使ったテストデータの正解率",
    ylabel="選ぶのに使っていないデータの正解率",
    title="選ぶのに使ったデータでは、成績が高めに見える",
)
ax.grid(alpha=0.3)
ax.legend(loc="upper left")
plt.show()

# %%
# 本物のモデルでも、候補が多く、評価に使うデータが少ないほど、この偏りは大きくなります。
# 候補を選ぶのは検証データで行い、テストデータは最後の報告にだけ使います。
#
# 関連用語
# --------
# :term:`データセット <Dataset>`、:term:`過学習 <Overfitting>`、:term:`早期終了 <Early Stopping>`、
# :term:`正解率 <Accuracy>`、:term:`重み減衰 <Weight Decay>`、:term:`学習率 <Learning Rate>`
#
# このページで使った API
# ----------------------
# :func:`torch.utils.data.random_split`, :class:`torch.utils.data.Subset`,
# :class:`torch.utils.data.TensorDataset`, :class:`torch.Generator`, :func:`torch.randint`,
# :class:`torch.nn.Linear`, :class:`torch.optim.Adam`, :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.utils.data.random_split torch.utils.data.Subset
