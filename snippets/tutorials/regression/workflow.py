r"""
ワークフロー全体
================

データを作り、モデルを作り、学習し、予測し、保存して読み込みます。
この一通りの流れを、直線 :math:`y = 0.7x + 0.3` を学ぶ小さな例でたどります。
最後に同じことを :class:`nn.Linear <torch.nn.Linear>` で書き直し、GPU があれば GPU で学習します。

データ、シード、損失関数、学習率、エポック数は、記事「PyTorch：線形回帰から学ぶ機械学習」と同じです。
記事が載せている学習ログと予測値を、このページの実行結果と数値で比べます。
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# データを作る
# ------------
# 真の重み 0.7 とバイアス 0.3 で 50 点を作ります。形は (50, 1) で、1 行が 1 件のデータです。
# 前から 80% を訓練用、残り 20% をテスト用にします。テストの 10 点は訓練データの右側です。
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

print(f"PyTorch のバージョン: {torch.__version__}")
weight, bias = 0.7, 0.3
X = torch.arange(0, 1, 0.02).unsqueeze(dim=1)
y = weight * X + bias
train_split = int(0.8 * len(X))
X_train, y_train = X[:train_split], y[:train_split]
X_test, y_test = X[train_split:], y[train_split:]
print(f"X の形: {tuple(X.shape)}, 訓練データ: {len(X_train)} 件, テストデータ: {len(X_test)} 件")


def plot_predictions(predictions=None, title="データ"):
    """訓練データ、テストデータ、テストデータへの予測を 1 枚に描く。"""
    _, ax = plt.subplots()
    ax.scatter(X_train.numpy(), y_train.numpy(), s=10, c="tab:blue", label="訓練データ")
    ax.scatter(X_test.numpy(), y_test.numpy(), s=10, c="tab:green", label="テストデータ")
    if predictions is not None:
        ax.scatter(X_test.numpy(), predictions.cpu().numpy(), s=10, c="tab:red", label="予測")
    ax.set(xlabel="x", ylabel="y", title=title)
    ax.legend()
    plt.show()


# %%
# モデルを作る
# ------------
# 重みとバイアスを 1 つずつ :class:`nn.Parameter <torch.nn.parameter.Parameter>` で持ちます。
# ``nn.Parameter`` で包んでモジュールの属性に代入したテンソルは、:term:`モジュール <Module>` の
# :term:`パラメータ <Parameter>` として登録されます。:term:`requires_grad` も ``True`` になります。
# 記事のように ``torch.randn`` に ``requires_grad=True`` を渡す必要はありません。
# ``torch.manual_seed(42)`` はモデルを作る直前に置きます。記事と同じ初期値になります。


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(1, dtype=torch.float))
        self.bias = nn.Parameter(torch.randn(1, dtype=torch.float))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.weights * x + self.bias


torch.manual_seed(42)
model_0 = LinearRegressionModel()
initial_params = {name: round(p.item(), 4) for name, p in model_0.state_dict().items()}
print(f"初期値: {initial_params}（記事: weights 0.3367, bias 0.1288）")

# %%
# 学習前のモデルで予測します。
# :meth:`~torch.nn.Module.eval` はモデルを :term:`評価モード <train / eval mode>` にします。
# :class:`torch.inference_mode` の中では計算グラフを記録しません（:term:`勾配計算の無効化`）。
# 記事は ``eval()`` を「ドロップアウトやバッチ正規化を無効化する」と説明しています。
# 正確には、ドロップアウトは止まり、バッチ正規化は学習中にためた統計を使うようになります。
# このモデルにはどちらもないので結果は変わりませんが、予測の前に呼ぶ習慣にします。
model_0.eval()
with torch.inference_mode():
    y_preds = model_0(X_test)
plot_predictions(y_preds, "学習前の予測")

# %%
# 学習する
# --------
# :term:`損失関数 <Loss Function>` は平均絶対誤差 :math:`\frac{1}{n}\sum |\hat{y}_i - y_i|`
# （:class:`~torch.nn.L1Loss`）、:term:`オプティマイザ <Optimizer>` は :term:`学習率 <Learning Rate>` 0.005 の :class:`~torch.optim.SGD` です。
# 訓練モードで更新し、評価モードでテスト損失を測るループを、あとでも使うので関数にします。
# 訓練損失は更新する前のパラメータでの値、テスト損失とパラメータは更新した後の値です。
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.005)


def fit(model, optimizer, epochs, log_every, train_data, test_data):
    """学習して、(エポック, 訓練損失, テスト損失) の記録と、毎エポックのパラメータを返す。"""
    (X_tr, y_tr), (X_te, y_te) = train_data, test_data
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
            values = ", ".join(f"{v:.4f}" for v in params[-1])
            print(f"エポック {epoch:3d} | 訓練 {loss:.6f} | テスト {test_loss:.6f} | {values}")
    return log, params


log_0, param_history = fit(model_0, optimizer, 500, 50, (X_train, y_train), (X_test, y_test))

# %%
# 記事の学習ログと比べます。各行は訓練損失、テスト損失、重み、バイアスです。
# 記事は損失を小数 6 桁、パラメータを 4 桁に丸めているので、差はその丸めの幅に収まるはずです。
published_log = {
    0: (0.312881, 0.487801, 0.3386, 0.1338),
    50: (0.064309, 0.178070, 0.4344, 0.3583),
    100: (0.041652, 0.100242, 0.4929, 0.3841),
    150: (0.033003, 0.076814, 0.5367, 0.3686),
    200: (0.024416, 0.056821, 0.5793, 0.3506),
    250: (0.015829, 0.036484, 0.6221, 0.3328),
    300: (0.007245, 0.016491, 0.6648, 0.3148),
    **dict.fromkeys([350, 400, 450], (0.001977, 0.002469, 0.6974, 0.3048)),
}
ours = {e: (tr, te, *param_history[e]) for e, tr, te in log_0}
log_gap = max(abs(a - b) for e, r in published_log.items() for a, b in zip(r, ours[e], strict=True))
print(f"記事の学習ログとの差の最大値: {log_gap:.1e}")

# %%
# テスト損失は訓練損失より大きめです。
# テストの点は訓練データより右にあるので、傾きのずれが大きく表れるからです。
fig, ax = plt.subplots()
ax.plot([r[0] for r in log_0], [r[1] for r in log_0], "o-", label="訓練損失")
ax.plot([r[0] for r in log_0], [r[2] for r in log_0], "s-", label="テスト損失")
ax.set(xlabel="エポック", ylabel="平均絶対誤差", title="損失の推移")
ax.legend()
plt.show()

# %%
# 350 エポックから先は止まっているのか
# ------------------------------------
# ログは 350 エポックから同じ値が並び、記事は「約 350 エポックで収束」と書いています。
# ところが 1 エポックずつ見ると、パラメータは 2 つの点を行き来しています。
for e in range(496, 500):
    print(f"エポック {e}: 重み {param_history[e][0]:.4f}, バイアス {param_history[e][1]:.4f}")
weight_jump, bias_jump = (abs(a - b) for a, b in zip(*param_history[-2:], strict=True))
print(f"1 エポックごとの変化: 重み {weight_jump:.5f}, バイアス {bias_jump:.5f}")
print(f"見込み: 重み 0.005 × (x の平均) = {0.005 * X_train.mean().item():.5f}, バイアス 0.005")

# %%
# 理由は L1 損失の勾配にあります。予測がすべて正解より上にあると、バイアスの勾配は 1、
# 重みの勾配は訓練データの :math:`x` の平均です。すべて下にあると符号が逆になります。
# 最適な点の近くでも勾配が小さくならないので、毎回同じ幅だけ動き、最適な点をまたいで往復します。
# 50 エポックごとのログは、エポック番号が偶数のときの値だけを拾うので、止まって見えたのです。
#
# 記事が最後に載せている「最終パラメータ 0.6974、0.3048」も、エポック番号が偶数のときの値です。
# ループを抜けたときの値は、記事が後で読み込んだモデルの値（0.6954、0.2998）と一致します。
#
# 予測して評価する
# ----------------
# 学習したモデルで、テストデータを予測します。記事が載せている 10 個の予測値と比べます。
model_0.eval()
with torch.inference_mode():
    y_pred_final = model_0(X_test)
published_preds = [0.8561, 0.8701, 0.8840, 0.8979, 0.9118, 0.9257, 0.9396, 0.9535, 0.9674, 0.9813]
pred_gap = (y_pred_final.squeeze(1) - torch.tensor(published_preds)).abs().max().item()
final_weight, final_bias = param_history[-1]
print(f"学習後の重み: {final_weight:.4f}, バイアス: {final_bias:.4f}（真の値 {weight}, {bias}）")
print(f"記事の予測値との差の最大値: {pred_gap:.1e}")
plot_predictions(y_pred_final, "学習後の予測")

# %%
# 保存して読み込む
# ----------------
# 保存するのはモデルそのものではなく、パラメータの名前と値をまとめた :term:`状態辞書 <state_dict>` です。
# 読み込む側で同じクラスを作り、:meth:`~torch.nn.Module.load_state_dict` で値を流し込みます。
# ファイルは一時ディレクトリに書くので、使い終わると消えます。
# :func:`torch.load` は PyTorch 2.6 から ``weights_only=True`` が既定で、テンソルの辞書のような
# 安全なものだけを読み込みます。``map_location`` は、読み込んだテンソルを置くデバイスです。


def save_and_load(model, new_model, map_location="cpu"):
    """model の state_dict をファイルに保存し、new_model に読み込んで返す。"""
    with tempfile.TemporaryDirectory() as tmpdir:
        path = Path(tmpdir) / "model.pth"
        torch.save(model.state_dict(), path)
        new_model.load_state_dict(torch.load(path, map_location=map_location))
    return new_model.eval()


loaded_model_0 = save_and_load(model_0, LinearRegressionModel())  # 初期値はすぐ上書きされる
with torch.inference_mode():
    loaded_equal = torch.equal(loaded_model_0(X_test), y_pred_final)
print(f"読み込んだ値: {[round(p.item(), 4) for p in loaded_model_0.parameters()]}")
print(f"予測が完全に一致するか（torch.equal）: {loaded_equal}")

# %%
# 記事は :func:`torch.allclose` で確かめていますが、より厳しい :func:`torch.equal` でも一致します。
#
# nn.Linear で書き直し、デバイスを選ぶ
# ------------------------------------
# 2 つの ``nn.Parameter`` の代わりに :term:`全結合層 <Linear Layer>` を使います。
# ``nn.Linear`` はそれ自体がモジュールなので、クラスで包まずに使います。初期値は記事と同じです。
# GPU があればそれを、なければ CPU を使います（:term:`デバイス <Device>`）。
# 記事は Apple シリコンの ``"mps"`` を調べていますが、ここでは CUDA を調べます。
# 記事に合わせて、学習率は 0.01、エポック数は 200 に変えます。
device = "cuda" if torch.cuda.is_available() else "cpu"
note = "（GPU が見つからないので、このページは CPU で実行しています）" if device == "cpu" else ""
print(f"使用するデバイス: {device}{note}")
torch.manual_seed(42)
model_1 = nn.Linear(in_features=1, out_features=1).to(device)
print(f"モデルのデバイス: {model_1.weight.device}")
train_d = (X_train.to(device), y_train.to(device))
test_d = (X_test.to(device), y_test.to(device))
optimizer_1 = torch.optim.SGD(params=model_1.parameters(), lr=0.01)
log_1, param_history_1 = fit(model_1, optimizer_1, 200, 20, train_d, test_d)

# %%
# ログの値は途中から変わらなくなります。こちらも 2 つの点を行き来していて、どちらも 0.7 と 0.3 の近くです。
# 保存と読み込みも、同じ関数で確かめます。
loaded_model_1 = save_and_load(model_1, nn.Linear(1, 1).to(device), device)
with torch.inference_mode():  # fit の最後で model_1 も評価モードになっている
    loaded_equal_v2 = torch.equal(loaded_model_1(test_d[0]), model_1(test_d[0]))
v2_weight, v2_bias = param_history_1[-1]
print(f"nn.Linear 版: 重み {v2_weight:.4f}, バイアス {v2_bias:.4f}, 予測の一致 {loaded_equal_v2}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.arange`, :meth:`torch.Tensor.unsqueeze`, :func:`torch.manual_seed`
# - :class:`torch.nn.Module`, :class:`nn.Parameter <torch.nn.parameter.Parameter>`,
#   :class:`torch.nn.Linear`, :class:`torch.nn.L1Loss`, :class:`torch.optim.SGD`
# - :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`, :class:`torch.inference_mode`
# - :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`,
#   :func:`torch.save`, :func:`torch.load`, :func:`torch.equal`
# - :func:`torch.cuda.is_available`, :meth:`torch.nn.Module.to`, :meth:`torch.Tensor.to`
