r"""
訓練モードと評価モード（train / eval mode）
===========================================

.. term-card::
   :ja: 訓練モードと評価モード
   :reading: くんれんもーどとひょうかもーど
   :en: train / eval mode
   :api: torch.nn.Module.train, torch.nn.Module.eval
   :summary: :term:`モジュール <Module>` が持つ「いま学習中か」の印です。
      ``model.train()`` で訓練モード、``model.eval()`` で評価モードになります。
      Dropout や BatchNorm のように、学習中と予測時でふるまいを変える層だけが、この印を見ます。
      勾配の記録は止めません。

定義
----
すべての :class:`torch.nn.Module` は真偽値の属性 ``training`` を持ちます。
:meth:`~torch.nn.Module.train` はこれを ``True`` に、:meth:`~torch.nn.Module.eval` は ``False`` にします
（``eval()`` は ``train(False)`` と同じです）。どちらも子のモジュールすべてに再帰的に効きます。

``training`` を見てふるまいを変える代表的な層は次の 2 つです。

- :class:`torch.nn.Dropout`: 訓練モードでは各要素を確率 :math:`p` で 0 にし、
  残りを :math:`1/(1-p)` 倍します。
  こうすると出力の期待値が入力と同じになります。評価モードでは何もしません（恒等写像）。
- :class:`torch.nn.BatchNorm1d` など: 訓練モードでは、ミニバッチの平均 :math:`\mu_B` と
  分散 :math:`\sigma_B^2` で正規化します。同時に、移動平均
  :math:`\hat\mu \leftarrow (1 - m)\hat\mu + m\,\mu_B` を更新します
  （:math:`m` は ``momentum``、既定 0.1。分散も同じように更新しますが、移動平均には不偏分散を使います）。
  評価モードでは、この移動平均で正規化します。

``eval()`` は :term:`自動微分 <Autograd>` には何もしません。勾配の記録を止めるのは
:term:`torch.no_grad <no_grad / inference_mode>` と ``torch.inference_mode`` です。

かみくだいた説明
----------------
モデルには「練習中」と「本番」の 2 つの顔があります。
練習中は、わざと一部を休ませたり（Dropout）、
そのときのミニバッチの平均で調整したり（BatchNorm）します。
本番では、毎回同じ入力に同じ答えを返してほしいので、こうした揺らぎを止めます。
その切り替えスイッチが ``train()`` と ``eval()`` です。

使われる場面
------------
- 検証やテストの前に ``model.eval()`` を呼び、学習に戻るときに ``model.train()`` を呼ぶとき
- 学習したモデルを読み込んで予測に使うとき（このときは ``torch.inference_mode()`` と組み合わせます）
"""

# %%
# Dropout: 訓練モードでだけ要素を落とす
# -------------------------------------
# すべて 1 の入力を、確率 0.5 の Dropout に通します。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
dropout = nn.Dropout(p=0.5)
ones = torch.ones(10)

dropout.train()
out_train = dropout(ones)
dropout.eval()
out_eval = dropout(ones)
print(f"訓練モード: {out_train.tolist()}")
print(f"評価モード: {out_eval.tolist()}")

# %%
# 訓練モードでは残った要素が 2 倍（:math:`1/(1-0.5)`）になるので、大きなテンソルで平均をとると、
# ほぼ 1 に戻ります。
dropout.train()
big_mean = dropout(torch.ones(100_000)).mean().item()
print(f"訓練モードで 10 万要素を通した平均: {big_mean:.4f}")

# %%
# BatchNorm: 何で正規化するかが変わる
# -----------------------------------
# 平均 5、標準偏差 2 の値 32 個を 1 つのミニバッチとして通します。
# 訓練モードでは、そのバッチ自身の平均と分散で正規化するので、出力の平均はほぼ 0、
# 標準偏差はほぼ 1 になります。
# 移動平均 ``running_mean`` は、初期値 0 からバッチの平均に向かって、差の ``momentum`` 倍（1 割）だけ動きます。
bn = nn.BatchNorm1d(1)
batch = 5 + 2 * torch.randn(32, 1)
bn.train()
y_train = bn(batch)
train_std = y_train.std(unbiased=False).item()
print(f"訓練モードの出力: 平均 {y_train.mean().item():.4f}, 標準偏差 {train_std:.4f}")
print(f"1 バッチ後の running_mean: {bn.running_mean.item():.4f}")

# %%
# 同じバッチを評価モードで通すと、まだ育っていない移動平均で正規化するので、結果が大きく違います。
bn.eval()
y_eval = bn(batch)
eval_std = y_eval.std(unbiased=False).item()
print(f"評価モードの出力: 平均 {y_eval.mean().item():.4f}, 標準偏差 {eval_std:.4f}")

# %%
# 訓練モードでバッチを通し続けると、移動平均はデータの本当の平均 5 に近づきます。
# 評価モードで使われるのは、この値です。
bn.train()
history = [bn.running_mean.item()]
for _ in range(60):
    bn(5 + 2 * torch.randn(32, 1))
    history.append(bn.running_mean.item())

fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
ax.plot(history, marker=".", label="running_mean")
ax.axhline(5, color="gray", ls="--", label="データの平均 5")
ax.set(
    xlabel="訓練モードで通したバッチの数",
    ylabel="running_mean",
    title="BatchNorm の移動平均が育つ様子",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 訓練モードの ``BatchNorm1d`` は、1 件だけのバッチ（特徴量ごとに値が 1 つしかない）では分散を計算できず、エラーになります。
# 1 件ずつ予測するときは、評価モードにしておく必要があります。
try:
    bn(torch.tensor([[4.0]]))
except ValueError as error:
    single_error = str(error)
    print(f"ValueError: {single_error}")
bn.eval()
print(f"評価モードなら 1 件でも通る: {bn(torch.tensor([[4.0]])).item():.4f}")

# %%
# eval() は勾配の記録を止めない
# -----------------------------
# 層を組み合わせたモデルで確かめます。``eval()`` は子の
# モジュールすべての ``training`` を ``False`` にしますが、
# 出力はまだ :term:`計算グラフ <Computational Graph>` につながっていて、``backward()`` もできます。
model = nn.Sequential(
    nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 1)
)
x = torch.randn(16, 4)
model.eval()
all_eval = not any(m.training for m in model.modules())
out = model(x)
out.sum().backward()
print(f"eval() 後に training が True のモジュールはない: {all_eval}")
has_grad = model[0].weight.grad is not None
print(f"eval() だけ: requires_grad={out.requires_grad}, 重みの勾配あり: {has_grad}")

with torch.no_grad():
    out_no_grad = model(x)
with torch.inference_mode():
    out_inference = model(x)
print(f"torch.no_grad(): requires_grad={out_no_grad.requires_grad}")
print(
    f"torch.inference_mode(): requires_grad={out_inference.requires_grad}, "
    f"推論テンソル: {out_inference.is_inference()}"
)
_ = model.train()  # 学習に戻るときは忘れずに（model 自身が返るので _ で受けます）

# %%
# 予測するときは、``model.eval()`` と ``torch.inference_mode()`` の両方を使います。
# 前者は層のふるまいを、後者は勾配の記録を、それぞれ切り替えます。
# 役割が違うので、片方では代わりになりません。
#
# 関連用語
# --------
# :term:`勾配計算の無効化 <no_grad / inference_mode>`、:term:`モジュール <Module>`、
# :term:`過学習 <Overfitting>`、:term:`バッチ処理 <Batch Processing>`、:term:`自動微分 <Autograd>`、
# :term:`state_dict`
#
# このページで使った API
# ----------------------
# :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :class:`torch.nn.Dropout`,
# :class:`torch.nn.BatchNorm1d`, :class:`torch.no_grad`, :class:`torch.inference_mode`,
# :meth:`torch.Tensor.is_inference`, :meth:`torch.nn.Module.modules`, :class:`torch.nn.Sequential`
#
# .. used-in-tutorials:: torch.nn.Module.eval torch.nn.Module.train torch.inference_mode torch.no_grad
