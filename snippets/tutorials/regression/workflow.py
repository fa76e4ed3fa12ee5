r"""
ワークフロー全体
================

データを訓練データとテストデータに分け、学習し、予測し、保存して読み込み、使える :term:`デバイス <Device>` に載せます。この一通りの流れを、直線 :math:`y = 0.7x + 0.3` を学ぶ小さな例でたどります。

.. lesson::
   :prerequisites: :doc:`/tutorials/regression/linear_regression_module`

   - データを訓練データとテストデータに分け、両方の損失を記録する
   - :term:`評価モード <train / eval mode>` と ``torch.inference_mode()`` で予測する
   - :term:`状態辞書 <state_dict>` を保存して読み込み、同じ予測が出ることを確かめる
   - 使えるデバイスを選び、モデルとデータをそこへ送る
"""

# %%
# :doc:`/tutorials/regression/linear_regression_module` では、学習に使ったデータで結果を確かめました。このページで新しいのは、テストデータでの評価、予測のしかた、保存と読み込み、デバイスの選び方です。
#
# データを作る
# ------------
# 重み 0.7、バイアス 0.3 の直線上に 50 点を作ります。形は (50, 1) で、1 行が 1 件のデータです。前から 80% を訓練データ、残り 20% をテストデータにします。テストの 10 点は訓練データの右側です。
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

# sphinx_gallery_thumbnail_number = 2
weight, bias = 0.7, 0.3
X = torch.arange(0, 1, 0.02).unsqueeze(dim=1)
y = weight * X + bias
train_split = int(0.8 * len(X))
X_train, y_train = X[:train_split], y[:train_split]
X_test, y_test = X[train_split:], y[train_split:]
print(f"X の形: {tuple(X.shape)}, 訓練データ: {len(X_train)} 件, テストデータ: {len(X_test)} 件")

# %%
# モデルを作る
# ------------
# 重みとバイアスを 1 つずつ :class:`nn.Parameter <torch.nn.parameter.Parameter>` で持ちます。``nn.Parameter`` で包んでモジュールの属性に代入したテンソルは、
# :term:`パラメータ <Parameter>` として登録され、:term:`requires_grad` も ``True`` になります。``nn.Linear`` が中でしていることを、ここでは自分で書きます（練習問題 2 で戻ります）。


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1))
        self.bias = nn.Parameter(torch.randn(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weights * x + self.bias


torch.manual_seed(42)
model_0 = LinearRegressionModel()
initial_params = {name: round(p.item(), 4) for name, p in model_0.named_parameters()}
print(f"初期値: {initial_params}")

# %%
# 学習する
# --------
# :term:`損失関数 <Loss Function>` は平均絶対誤差 :math:`\frac{1}{n}\sum |\hat{y}_i - y_i|`（:class:`~torch.nn.L1Loss`）、オプティマイザは :term:`学習率 <Learning Rate>` 0.005 の :class:`~torch.optim.SGD` です。
# 訓練モードで更新し、評価モードでテスト損失を測るループを関数にします。訓練損失は更新前の、テスト損失とパラメータは更新後の値です。
#
# :meth:`~torch.nn.Module.eval` で評価モードにすると、ドロップアウトは止まり、バッチ正規化は学習中にためた統計を使います（このモデルにはどちらもありません）。
# ``torch.no_grad()`` は計算の記録を止めます。:class:`torch.inference_mode` は、中で作ったテンソルを自動微分に使えなくする代わりに、記録の手間をもっと省きます。
# 予測には ``inference_mode``、パラメータを手で書き換えるときは ``no_grad`` を使います（:term:`勾配計算の無効化 <no_grad / inference_mode>`）。
#
# 損失の図では、テスト損失が訓練損失より大きめです。テストの点は訓練データより右にあるので、傾きのずれが大きく表れるからです。
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.005)


def fit(model, optimizer, epochs, log_every, X_tr, y_tr, X_te, y_te):
    """学習して、(エポック, 訓練損失, テスト損失) の記録と、毎エポックのパラメータを返す。"""
    log, params = [], []
    for epoch in range(epochs):
        model.train()
        loss = loss_fn(model(X_tr), y_tr)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        model.eval()
        with torch.inference_mode():
            test_loss = loss_fn(model(X_te), y_te)
        params.append([p.item() for p in model.parameters()])
        if epoch % log_every == 0:
            log.append((epoch, loss.item(), test_loss.item()))
    return log, params


log_0, param_history = fit(model_0, optimizer, 500, 50, X_train, y_train, X_test, y_test)
for (e, tr, te), (w, b) in zip(log_0, param_history[::50], strict=True):
    print(f"エポック {e:3d} | 訓練 {tr:.6f} | テスト {te:.6f} | 重み {w:.4f}, バイアス {b:.4f}")
fig, ax = plt.subplots(layout="constrained")
ax.plot([r[0] for r in log_0], [r[1] for r in log_0], "o-", label="訓練損失")
ax.plot([r[0] for r in log_0], [r[2] for r in log_0], "s-", label="テスト損失")
ax.set(xlabel="エポック", ylabel="平均絶対誤差", title="損失の推移")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 350 エポックから先は止まっているのか
# ------------------------------------
# ログは 350 エポックから同じ値が並び、止まったように見えます。1 エポックずつ見ると、2 つの点を行き来しています。
# 理由は L1 損失の勾配です。予測がすべて正解より上なら、バイアスの勾配は 1、重みの勾配は :math:`x` の平均で、すべて下なら符号が逆です。
# 最適な点の近くでも勾配が小さくならないので、毎回同じ幅だけ動いて往復します。50 エポックごとのログは偶数のエポックだけを拾うので、止まって見えたのです。
for e in range(496, 500):
    print(f"エポック {e}: 重み {param_history[e][0]:.4f}, バイアス {param_history[e][1]:.4f}")
weight_jump, bias_jump = (abs(a - b) for a, b in zip(*param_history[-2:], strict=True))
print(f"1 エポックごとの変化: 重み {weight_jump:.5f}, バイアス {bias_jump:.5f}")
print(f"学習率 × 勾配: 重み 0.005 × x の平均 = {0.005 * X_train.mean():.5f}, バイアス 0.005 × 1")

# %%
# 予測して評価する
# ----------------
# 学習したモデルで、評価モードと ``torch.inference_mode()`` の中でテストデータを予測します。
model_0.eval()
with torch.inference_mode():
    y_pred_final = model_0(X_test)

fig, ax = plt.subplots(layout="constrained")
ax.scatter(X_train.numpy(), y_train.numpy(), s=8, label="訓練データ")
ax.scatter(X_test.numpy(), y_test.numpy(), s=20, label="テストデータ")
ax.scatter(X_test.numpy(), y_pred_final.numpy(), s=12, marker="x", label="予測")
ax.set(xlabel="x", ylabel="y", title="テストデータへの予測")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 保存して読み込む
# ----------------
# 保存するのは状態辞書です。パラメータと、バッファ（バッチ正規化の統計のように、パラメータではないがモデルが持ち続ける値）が名前つきで入っています。
# 読み込む側で同じクラスを作り、:meth:`~torch.nn.Module.load_state_dict` で流し込みます。:func:`torch.load` の ``weights_only=True`` は、テンソルの辞書のような安全なものだけを読み込みます。学習を途中から再開するには、``optimizer.state_dict()`` とエポック数も保存します（:term:`チェックポイント <Checkpoint>`）。


def save_and_load(model, new_model, map_location="cpu"):
    with tempfile.TemporaryDirectory() as tmpdir:
        path = Path(tmpdir) / "model.pth"
        torch.save(model.state_dict(), path)
        new_model.load_state_dict(torch.load(path, map_location=map_location, weights_only=True))
    return new_model.eval()


loaded_model_0 = save_and_load(model_0, LinearRegressionModel())
with torch.inference_mode():
    loaded_equal = torch.equal(loaded_model_0(X_test), y_pred_final)
print(f"状態辞書: {dict(model_0.state_dict())}")
print(f"読み込んだモデルの予測が完全に一致するか: {loaded_equal}")
print(f"バッチ正規化の層の状態辞書: {list(nn.BatchNorm1d(1).state_dict())}")

# %%
# デバイスを選ぶ
# --------------
# ``torch.accelerator`` は CUDA、Apple の MPS、Intel の XPU などを同じ書き方で見つけ、なければ CPU を使います。状態辞書は ``map_location=device`` でそのデバイスに読み込み、入力も ``.to(device)`` で送り、結果は ``.cpu()`` で戻します。
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
model_on_device = save_and_load(model_0, LinearRegressionModel().to(device), device)
with torch.inference_mode():
    device_preds = model_on_device(X_test.to(device)).cpu()
print(f"CPU での予測との差の最大値: {(device_preds - y_pred_final).abs().max():.1e}")

# %%
# .. details:: 元の記事「PyTorch：線形回帰から学ぶ機械学習」との比較
#
#    データ、シード、損失関数、学習率、エポック数（``nn.Linear`` 版の 0.01 と 200 も）はこの記事と同じです。初期値（記事: 0.3367、0.1288）、50 エポックごとの学習ログ、10 個の予測値は、記事の丸めの幅で一致します（下の出力）。
#    記事は「約350エポック付近で収束」と書き、最終パラメータとして偶数のエポックの値 0.6974、0.3048 を載せています。ループを抜けたときの値は、記事が後で読み込んだモデルの値（0.6954、0.2998）です。
#
#    記事は ``eval()`` を「ドロップアウトやバッチ正規化を無効化」と説明していますが、バッチ正規化は止まらず、ためた統計を使います。
#    ``nn.Parameter`` に渡している ``requires_grad=True`` は不要です。読み込みの確認は ``torch.allclose`` より厳しい ``torch.equal`` でも通ります。デバイスは、記事が ``"mps"`` だけを調べるのに対し、このページは ``torch.accelerator`` で選びます。
published_log = [  # (エポック, 訓練損失, テスト損失, 重み, バイアス)
    (0, 0.312881, 0.487801, 0.3386, 0.1338),
    (50, 0.064309, 0.178070, 0.4344, 0.3583),
    (100, 0.041652, 0.100242, 0.4929, 0.3841),
    (150, 0.033003, 0.076814, 0.5367, 0.3686),
    (200, 0.024416, 0.056821, 0.5793, 0.3506),
    (250, 0.015829, 0.036484, 0.6221, 0.3328),
    (300, 0.007245, 0.016491, 0.6648, 0.3148),
    *[(e, 0.001977, 0.002469, 0.6974, 0.3048) for e in (350, 400, 450)],
]
ours = [(e, tr, te, *param_history[e]) for e, tr, te in log_0]
log_gap = (torch.tensor(published_log) - torch.tensor(ours)).abs().max().item()
published_preds = [0.8561, 0.8701, 0.8840, 0.8979, 0.9118, 0.9257, 0.9396, 0.9535, 0.9674, 0.9813]
pred_gap = (y_pred_final.squeeze(1) - torch.tensor(published_preds)).abs().max().item()
print(f"学習ログとの差の最大値: {log_gap:.1e}, 予測値との差の最大値: {pred_gap:.1e}")

# %%
# まとめ
# ------
# - データは訓練データとテストデータに分け、テストデータは評価だけに使う
# - 予測は ``model.eval()`` と ``torch.inference_mode()`` の中で行う
# - 保存するのは状態辞書。同じクラスを作って ``load_state_dict`` で読み込む。再開にはオプティマイザの状態も要る
# - ``device`` を 1 か所で決め、モデルとデータを ``.to(device)`` で同じデバイスに置く
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** 学習した ``model_0`` で、訓練データの範囲外の :math:`x = 2` を予測し、真の値 1.7 と比べてください。
#
# .. hint:: 入力は 1 件でも形 (1, 1) のテンソルにします。評価モードと ``torch.inference_mode()`` も忘れずに。
#
# .. answer::
model_0.eval()
with torch.inference_mode():
    ex1_pred = model_0(torch.tensor([[2.0]])).item()
print(f"x = 2 の予測: {ex1_pred:.4f}（真の値 {weight * 2 + bias:.1f}）")

# %%
# **問題 2.** モデルを ``nn.Linear(1, 1)`` で書き直し、``device`` の上で、学習率 0.01 で 200 エポック学習してください。最後の 4 エポックの重みとバイアスも表示します。
#
# .. hint:: ``torch.manual_seed(42)`` のあと ``nn.Linear(1, 1).to(device)`` を作り、データも ``.to(device)`` で送って ``fit`` に渡します。
#
# .. answer::
#
#    ``nn.Linear`` はそれ自体がモジュールなので、クラスで包まずに使えます。こちらも最後は 2 つの点を行き来します。
torch.manual_seed(42)
model_1 = nn.Linear(in_features=1, out_features=1).to(device)
train_d, test_d = (X_train.to(device), y_train.to(device)), (X_test.to(device), y_test.to(device))
optimizer_1 = torch.optim.SGD(params=model_1.parameters(), lr=0.01)
log_1, param_history_1 = fit(model_1, optimizer_1, 200, 50, *train_d, *test_d)
for e in range(196, 200):
    print(f"エポック {e}: 重み {param_history_1[e][0]:.4f}, バイアス {param_history_1[e][1]:.4f}")

# %%
# このページで使った API
# ----------------------
# - :class:`nn.Parameter <torch.nn.parameter.Parameter>`, :class:`torch.nn.Linear`, :class:`torch.nn.L1Loss`, :func:`torch.arange`
# - :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :class:`torch.inference_mode`, :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :func:`torch.save`, :func:`torch.load`, :func:`torch.equal`
# - ``torch.accelerator.is_available``, ``torch.accelerator.current_accelerator``, :meth:`torch.nn.Module.to`, :meth:`torch.Tensor.to`
