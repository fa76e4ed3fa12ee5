r"""
正解率（Accuracy）
==================

.. term-card::
   :ja: 正解率
   :reading: せいかいりつ
   :en: Accuracy
   :summary: 分類で、予測したクラスがラベルと一致したデータの割合です。
      モデルの出力（ロジット）のうち最大の値を持つクラスを予測とし、ラベルと比べて一致した数を全体の数で割ります。
      分かりやすい反面、クラスの数に偏りがあると、多いクラスを答え続けるだけで高い値が出ます。
      そのときはクラスごとの再現率も見ます。

定義
----
:math:`N` 件のデータの :math:`i` 番目について、モデルが :math:`C` クラスのロジット
:math:`z_i = (z_{i1}, \dots, z_{iC})` を出し、ラベルが :math:`y_i` のとき、予測と正解率は次のとおりです。

.. math::

   \hat y_i = \operatorname*{arg\,max}_k z_{ik}, \qquad
   \text{正解率} = \frac{1}{N} \sum_{i=1}^{N} [\hat y_i = y_i]

:math:`[\cdot]` は中身が成り立てば 1、そうでなければ 0 です。:math:`1 - \text{正解率}` を誤り率と呼びます。
クラス :math:`c` のデータだけで計算した正解率
:math:`\sum_i [\hat y_i = c,\, y_i = c] / \sum_i [y_i = c]` は、クラス :math:`c` の再現率（recall）です。
このサイトでは、accuracy を「正解率」と書き、「精度」は数値の精度（:term:`データ型 <dtype>` の桁数）にだけ使います。
precision は「適合率」です。

かみくだいた説明
----------------
100 問のテストで何問当たったか、です。ただし、100 問中 95 問の答えが「はい」のテストなら、
問題を読まずに全部「はい」と書いても 95 点になります。点数だけでなく、少ない方の答え（「いいえ」）を
どれだけ当てたかも見ないと、モデルの良し悪しは分かりません。

使われる場面
------------
- 分類モデルの学習中と学習後に、検証データやテストデータでの出来を 1 つの数で表すとき
- クラスの偏りがあるときは、クラスごとの再現率や、その平均（balanced accuracy）と並べて見ます
"""

# %%
# ロジットから正解率を計算する
# ----------------------------
# 6 件・3 クラスのロジットで、各行の最大値の位置（:func:`torch.argmax`）を予測にし、ラベルと比べます。
# 比べた結果は真偽値のテンソルなので、``float()`` にして平均を取ると正解率です。
# ソフトマックスは大小の順を変えないので、確率にしてから ``argmax`` を取っても予測は同じです。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import make_classification
from torch import nn

logits = torch.tensor(
    [
        [2.0, 0.5, -1.0],
        [0.1, 1.2, 0.3],
        [0.0, -0.5, 2.2],
        [1.5, 1.6, 0.0],
        [-0.3, 0.2, 0.1],
        [3.0, -1.0, 0.5],
    ]
)
labels = torch.tensor([0, 1, 2, 0, 1, 0])
preds = torch.argmax(logits, dim=1)
correct = preds == labels
accuracy = correct.float().mean().item()
same_as_softmax = torch.equal(preds, torch.softmax(logits, dim=1).argmax(dim=1))
print(f"予測: {preds.tolist()}, ラベル: {labels.tolist()}")
print(f"正解率: {accuracy:.4f}（{int(correct.sum())} / {len(labels)}）")
print(f"ソフトマックスのあとの argmax と同じ予測か: {same_as_softmax}")

# %%
# ミニバッチに分けて数えるとき
# ----------------------------
# :term:`データローダ <DataLoader>` でミニバッチごとに評価するときは、正解の数と件数を足し合わせ、最後に割ります。
# ミニバッチごとの正解率を平均すると、最後の小さなミニバッチが重く数えられ、値がずれます。
n_correct, n_total, batch_accs = 0, 0, []
for start in range(0, len(labels), 4):  # 4 件、2 件のミニバッチ
    hit = torch.argmax(logits[start : start + 4], dim=1) == labels[start : start + 4]
    n_correct += int(hit.sum())
    n_total += len(hit)
    batch_accs.append(hit.float().mean().item())
print(f"正解数 / 件数: {n_correct / n_total:.4f}")
print(f"ミニバッチごとの正解率の平均（誤り）: {sum(batch_accs) / len(batch_accs):.4f}")

# %%
# クラスに偏りがあるとき
# ----------------------
# 95% がクラス 0、5% がクラス 1 のデータを作り、前半 1000 件で 2 クラスのロジスティック回帰
# （:class:`~torch.nn.Linear` と :class:`~torch.nn.CrossEntropyLoss`）を学習します。
# 後半 1000 件で、このモデルと「いつもクラス 0 と答えるモデル」を比べます。
# クラスごとの再現率は、:func:`torch.bincount` で数えると 1 行で書けます。
X_np, y_np = make_classification(
    n_samples=2000, n_features=10, n_informative=2, weights=[0.95], flip_y=0, random_state=0
)
X, y = torch.tensor(X_np, dtype=torch.float32), torch.tensor(y_np)
X_train, y_train, X_test, y_test = X[:1000], y[:1000], X[1000:], y[1000:]

torch.manual_seed(0)
model = nn.Linear(10, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for _ in range(200):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(X_train), y_train).backward()
    optimizer.step()


def per_class_recall(pred, target):
    return torch.bincount(target[pred == target], minlength=2) / torch.bincount(target, minlength=2)


with torch.inference_mode():
    predictions = {
        "いつもクラス 0": torch.zeros_like(y_test),
        "学習したモデル": model(X_test).argmax(dim=1),
    }
print(f"テストデータのクラス 1 の割合: {y_test.float().mean():.4f}")
scores = {}
for name, pred in predictions.items():
    recall = per_class_recall(pred, y_test)
    scores[name] = [(pred == y_test).float().mean().item(), *recall.tolist()]
    print(
        f"{name}: 正解率 {scores[name][0]:.4f}, 再現率 クラス 0 {recall[0]:.4f} / クラス 1 {recall[1]:.4f}, "
        f"平均 {recall.mean():.4f}"
    )

# %%
# いつもクラス 0 と答えるモデルでも、正解率はクラス 0 の割合と同じだけ出ます。
# 2 つのモデルの正解率の差はわずかですが、クラス 1 の再現率を並べると、
# 片方は少数のクラスを 1 件も当てていないことが分かります。正解率は、いつも多いクラスと答えた場合の値と比べて読みます。
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
metric_names = ["正解率", "再現率（クラス 0）", "再現率（クラス 1）"]
for offset, (name, values) in zip((-0.2, 0.2), scores.items(), strict=True):
    ax.bar(torch.arange(3).numpy() + offset, values, width=0.4, label=name)
ax.set_xticks(range(3), metric_names)
ax.set(ylabel="割合", ylim=(0, 1.25), title="偏ったデータでの正解率とクラスごとの再現率")
ax.grid(axis="y", alpha=0.3)
ax.legend(loc="upper center", ncols=2)
plt.show()

# %%
# 関連用語
# --------
# :term:`交差エントロピー損失 <Cross-Entropy Loss>`、:term:`ソフトマックス <Softmax>`、
# :term:`検証データ <Validation Data>`、:term:`過学習 <Overfitting>`、:term:`損失関数 <Loss Function>`
#
# このページで使った API
# ----------------------
# :func:`torch.argmax`, :meth:`torch.Tensor.argmax`, :func:`torch.softmax`, :func:`torch.bincount`,
# :func:`torch.zeros_like`, :class:`torch.nn.Linear`, :func:`torch.nn.functional.cross_entropy`,
# :class:`torch.optim.Adam`, :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.argmax torch.Tensor.argmax
