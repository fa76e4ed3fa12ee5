r"""
バッチ正規化（Batch Normalization）
===================================

.. term-card::
   :ja: バッチ正規化
   :reading: ばっちせいきか
   :en: Batch Normalization
   :api: torch.nn.BatchNorm1d
   :summary: 層への入力を、特徴量（チャンネル）ごとにミニバッチの平均と分散で標準化し、
      学習できる倍率 :math:`\gamma` とずらし :math:`\beta` をかけ直す層です。学習を安定させ、大きめの学習率を使いやすくします。
      訓練モードではミニバッチの統計量を使いながら移動平均を更新し、評価モードではその移動平均を使います。
      :class:`torch.nn.BatchNorm1d`、``BatchNorm2d`` などで使えます。

定義
----
ミニバッチ :math:`\{x_1, \dots, x_B\}` の、ある特徴量について

.. math::

   \mu_B = \frac{1}{B}\sum_{i=1}^{B} x_i, \qquad
   \sigma_B^2 = \frac{1}{B}\sum_{i=1}^{B} (x_i - \mu_B)^2, \qquad
   y_i = \gamma\, \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta

を計算します。:math:`\gamma`（``weight``、初期値 1）と :math:`\beta`（``bias``、初期値 0）は学習するパラメータ、
:math:`\epsilon` は 0 割りを防ぐ小さな値（``eps``、既定 :math:`10^{-5}`）です。
訓練モードでは同時に、移動平均 :math:`\hat\mu \leftarrow (1-m)\,\hat\mu + m\,\mu_B` と
:math:`\hat\sigma^2 \leftarrow (1-m)\,\hat\sigma^2 + m\,s_B^2` を更新します
（:math:`m` は ``momentum``、既定 0.1。:math:`s_B^2` は :math:`B-1` で割った不偏分散）。
評価モードでは :math:`\mu_B, \sigma_B^2` の代わりに :math:`\hat\mu, \hat\sigma^2`（``running_mean``、``running_var``）を使います。
``BatchNorm1d`` は (N, C) か (N, C, L) の入力を、``BatchNorm2d`` は画像の (N, C, H, W) を受け取り、
どちらもチャンネル :math:`C` ごとに、それ以外のすべての次元をまとめて統計量を取ります。

かみくだいた説明
----------------
層ごとに「平均 0、ばらつき 1」にそろえ直してから次の層に渡す仕組みです。前の層の重みが変わって入力の大きさが揺れても、
次の層はいつも似た範囲の値を受け取れます。そろえたままでは困る場合に備えて、:math:`\gamma` と :math:`\beta` で好きな大きさと位置に戻せます。

使われる場面
------------
- 畳み込みニューラルネットワークで、:term:`畳み込み <Convolution>` 層と活性化関数の間に ``BatchNorm2d`` を置きます。
- 全結合層の間に ``BatchNorm1d`` を置きます。
- ミニバッチが小さいと統計量が不安定になります。Transformer などでは、1 件ごとに正規化する :class:`torch.nn.LayerNorm` が使われます。
"""

# %%
# 訓練モード: ミニバッチの統計量で正規化する
# ------------------------------------------
# 3 つの特徴量の大きさと位置がばらばらなデータを、8 件ずつのミニバッチで入れます。
# 出力は、定義の式を手で計算した値と一致し、どの特徴量も平均 0、標準偏差 1 になります。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(0)
scale = torch.tensor([1.0, 10.0, 100.0])
shift = torch.tensor([0.0, 5.0, -50.0])


def make_batch(n):
    return torch.randn(n, 3) * scale + shift


def show(t):
    return "[" + ", ".join(f"{v:.4f}" for v in t.tolist()) + "]"


bn = nn.BatchNorm1d(3)
x = make_batch(8)
y = bn(x)
mu, var = x.mean(dim=0), x.var(dim=0, unbiased=False)
y_hand = (x - mu) / torch.sqrt(var + bn.eps) * bn.weight + bn.bias
train_gap = (y - y_hand).abs().max().item()
print(f"入力の平均: {show(mu)}")
print(f"出力の平均の絶対値（最大）: {y.mean(dim=0).abs().max():.1e}")
print(f"出力の標準偏差: {show(y.std(dim=0, unbiased=False))}")
print(f"手で計算した値との差（最大）: {train_gap:.2e}")

# %%
# 移動平均の更新
# --------------
# 1 回の順伝播で、``running_mean``（初期値 0）と ``running_var``（初期値 1）が ``momentum=0.1`` で更新されています。
# ``running_var`` に入るのは不偏分散です。PyTorch の ``momentum`` は「新しい値の重み」で、
# :term:`オプティマイザ <Optimizer>` のモーメンタムとは意味が逆です。
m = bn.momentum
expected_mean = (1 - m) * 0 + m * mu
expected_var = (1 - m) * 1 + m * x.var(dim=0, unbiased=True)
print(f"running_mean: {show(bn.running_mean)}（式の値 {show(expected_mean)}）")
print(f"running_var:  {show(bn.running_var)}（式の値 {show(expected_var)}）")

# %%
# さらに 32 件のミニバッチを 60 個入れます。1 回ごとのバッチ平均は揺れますが、``running_mean`` はなめらかに本当の平均へ近づきます。
batch_means, running = [], []
for _ in range(60):
    xb = make_batch(32)
    bn(xb)
    batch_means.append(xb[:, 1].mean().item())
    running.append(bn.running_mean[1].item())
print(f"61 バッチ後の running_mean: {show(bn.running_mean)}（本当の平均 {show(shift)}）")
batches_tracked = bn.num_batches_tracked.item()
print(f"処理したバッチ数 num_batches_tracked: {batches_tracked}")

fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
steps = range(2, 62)
ax.plot(steps, batch_means, "o", ms=3, alpha=0.6, label=r"各ミニバッチの平均 $\mu_B$")
ax.plot(steps, running, lw=2, label="running_mean")
ax.axhline(shift[1].item(), color="k", ls="--", label="本当の平均")
ax.set(xlabel="ミニバッチ", ylabel="特徴量 2 の平均", title="running_mean はバッチ平均の移動平均")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 評価モード: 移動平均で正規化する
# --------------------------------
# ``eval()`` のあとは ``running_mean`` と ``running_var`` を使うので、出力はミニバッチのほかの件に左右されません。
# 1 件だけでも計算でき、式の値と一致します。
bn.eval()
single = make_batch(1)
with torch.no_grad():
    y_eval = bn(single)
    normalized = (single - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
    y_eval_hand = normalized * bn.weight + bn.bias
eval_gap = (y_eval - y_eval_hand).abs().max().item()
print(f"評価モードで 1 件: {show(y_eval[0])}（式との差 {eval_gap:.1e}）")

# %%
# 訓練モードで 1 件だけ入れると、分散が計算できないのでエラーになります。
# 最後のミニバッチが 1 件になるときは、``DataLoader(..., drop_last=True)`` で捨てるのが手軽です。
bn.train()
try:
    bn(single)
except ValueError as err:
    error_message = str(err)
    print(f"ValueError: {error_message}")

# %%
# パラメータとバッファ
# --------------------
# :math:`\gamma` と :math:`\beta` は :term:`パラメータ <Parameter>` なので勾配を受け取り、オプティマイザが学習します。
# 移動平均は勾配を持たない「バッファ」です。どちらも :term:`状態辞書 <state_dict>` に入るので、
# ``state_dict`` を保存すれば、評価モードで使う統計量もいっしょに保存されます。
parameter_names = [name for name, _ in bn.named_parameters()]
buffer_names = [name for name, _ in bn.named_buffers()]
state_keys = list(bn.state_dict())
print(f"パラメータ: {parameter_names}")
print(f"バッファ:   {buffer_names}")
print(f"state_dict のキー: {state_keys}")

restored = nn.BatchNorm1d(3)
restored.load_state_dict(bn.state_dict())
restored.eval()
with torch.no_grad():
    restored_same = torch.equal(restored(single), y_eval)
print(f"読み込んだ層の評価モードの出力が同じ: {restored_same}")

# %%
# 関連用語
# --------
# :term:`訓練モードと評価モード <train / eval mode>`、:term:`バッチサイズ <Batch Size>`、:term:`ドロップアウト <Dropout>`、
# :term:`状態辞書 <state_dict>`、:term:`パラメータ <Parameter>`、:term:`学習率 <Learning Rate>`
#
# このページで使った API
# ----------------------
# :class:`torch.nn.BatchNorm1d`, :class:`torch.nn.BatchNorm2d`, :class:`torch.nn.LayerNorm`,
# :meth:`torch.nn.Module.named_parameters`, :meth:`torch.nn.Module.named_buffers`,
# :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :meth:`torch.nn.Module.eval`
#
# .. used-in-tutorials:: torch.nn.BatchNorm1d
