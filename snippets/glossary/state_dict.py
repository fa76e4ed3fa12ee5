r"""
状態辞書（state\_dict）
=======================

.. term-card::
   :ja: 状態辞書
   :reading: じょうたいじしょ
   :en: state_dict
   :api: torch.nn.Module.state_dict
   :summary: モデルの :term:`パラメータ <Parameter>` とバッファを集めた辞書です。
      キーは名前、値はテンソルです。
      ``model.state_dict()`` で取り出して :func:`torch.save` で保存し、同じ形のモデルに
      ``load_state_dict()`` で読み込みます。これが PyTorch でモデルを保存する基本の方法です。

定義
----
:meth:`torch.nn.Module.state_dict` は、モジュールの木にあるすべてのパラメータと、
保存対象のバッファ（BatchNorm の移動平均など）を、``"層の名前.属性名"`` をキーとする順序付き辞書で
返します。
値はテンソルで、計算グラフから切り離されています（``requires_grad=False``）が、
中身のメモリはモデルと共有しています。

:meth:`~torch.nn.Module.load_state_dict` は、辞書の値をモデルの同じ名前のテンソルに上書きします。
既定（``strict=True``）では、キーが 1 つでも足りなかったり余ったりするとエラーです。
同じキーで形が違うテンソルは、``strict`` の値によらずエラーになります。

:term:`オプティマイザ <Optimizer>` も :meth:`torch.optim.Optimizer.state_dict` を持ち、
学習を途中から再開するときは、モデルとオプティマイザの両方を保存します。

かみくだいた説明
----------------
状態辞書は、モデルの「中身の数字の一覧表」です。
モデルの設計図（クラスの定義）はコードに、中身の数字は状態辞書に、と分けて扱います。
保存するのは一覧表だけです。読み込むときは、設計図から同じ形のモデルを作り、
そこへ数字を流し込みます。

使われる場面
------------
- 学習したモデルをファイルに保存し、あとで予測に使うとき
- 学習の途中経過（:term:`チェックポイント <Checkpoint>`）を残し、止まったところから再開するとき
- 学習済みの重みを別のモデルの初期値として使うとき
"""

# %%
# 学習したモデルの状態辞書を見る
# ------------------------------
# 全結合層と BatchNorm を持つ小さな回帰モデルを、少しだけ学習させます。
import os
import tempfile

import torch
from sklearn.datasets import make_regression
from torch import nn


def make_model():
    return nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))


X_np, y_np = make_regression(n_samples=200, n_features=3, noise=5.0, random_state=0)
X = torch.tensor(X_np, dtype=torch.float32)
y = torch.tensor(y_np, dtype=torch.float32).unsqueeze(1) / 100

torch.manual_seed(0)
model = make_model()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
num_steps = 50
for _ in range(num_steps):
    loss = nn.functional.mse_loss(model(X), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(f"学習後の損失: {loss.item():.4f}")

state = model.state_dict()
for name, tensor in state.items():
    print(f"{name:22s} 形 {tuple(tensor.shape)}")
n_params = len(list(model.parameters()))
print(f"state_dict のキー: {len(state)} 個, parameters(): {n_params} 個（差はバッファ）")
shares_memory = state["0.weight"].data_ptr() == model[0].weight.data_ptr()
print(f"state_dict の値はモデルとメモリを共有している: {shares_memory}")

# %%
# メモリを共有しているので、このあと学習を続けると ``state`` の中身も一緒に変わります。
# 途中の状態を取っておきたいときは、``copy.deepcopy(model.state_dict())`` で複製します。

# %%
# 保存して読み込む
# ----------------
# 一時ディレクトリに :func:`torch.save` で保存し、初期値の違う新しいモデルに読み込みます。
# 予測を比べるときは、どちらも :term:`評価モード <train / eval mode>` にします（BatchNorm が
# 移動平均を使うため）。
model.eval()
with torch.inference_mode():
    original_pred = model(X)

with tempfile.TemporaryDirectory() as tmpdir:
    path = os.path.join(tmpdir, "model.pt")
    torch.save(model.state_dict(), path)
    file_size = os.path.getsize(path)

    torch.manual_seed(123)
    restored = make_model().eval()
    with torch.inference_mode():
        before_pred = restored(X)
    result = restored.load_state_dict(torch.load(path, weights_only=True))
    with torch.inference_mode():
        restored_pred = restored(X)

print(f"ファイルの大きさ: {file_size} バイト")
print(f"読み込み前の予測は元と同じ: {torch.equal(before_pred, original_pred)}")
print(f"読み込みの結果: {result}")
print(f"読み込み後の予測は元と同じ: {torch.equal(restored_pred, original_pred)}")

# %%
# 形が合わないモデルには読み込めない
# ----------------------------------
# 隠れ層の幅が違うモデルに読み込もうとすると、どのキーの形が違うかを示すエラーになります。
wider = nn.Sequential(nn.Linear(3, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 1))
try:
    wider.load_state_dict(state)
except RuntimeError as error:
    mismatch_error = str(error)
    print(mismatch_error.splitlines()[1].strip())

# %%
# ``weights_only`` での読み込み
# -----------------------------
# :func:`torch.load` は Python の pickle を使います。pickle は読み込むだけで任意のコードを実行で
# きるので、
# PyTorch 2.6 から ``weights_only=True`` が既定になり、テンソルや数値、
# 辞書などしか復元しなくなりました。
# 状態辞書はこの範囲に収まりますが、``torch.save(model, ...)`` でモデルのオブジェクトごと
# 保存したファイルは、
# 既定のままでは読み込めません。これも、状態辞書で保存することを勧める理由の 1 つです。
with tempfile.TemporaryDirectory() as tmpdir:
    whole_path = os.path.join(tmpdir, "whole_model.pt")
    torch.save(model, whole_path)
    try:
        torch.load(whole_path)
    except Exception as error:  # pickle.UnpicklingError
        whole_error = str(error)
        reason = next(li for li in whole_error.splitlines() if "Unsupported global" in li)
        print(f"{type(error).__name__}: {reason.strip().split('. Please')[0]}")

# %%
# チェックポイント
# ----------------
# 学習を再開できるように、モデルとオプティマイザの状態辞書を 1 つの辞書にまとめて保存します。
# オプティマイザの状態辞書も ``weights_only=True`` で読み込めます。
# GPU で保存したファイルを GPU のない機械で読むときは、``map_location="cpu"`` を渡してテンソルを CPU に置き直します
# （渡さないと、保存したときのデバイスに戻そうとしてエラーになります）。読み込む側のデバイスに合わせるなら ``map_location=device`` です。
with tempfile.TemporaryDirectory() as tmpdir:
    ckpt_path = os.path.join(tmpdir, "checkpoint.pt")
    torch.save(
        {"step": num_steps, "model": model.state_dict(), "optimizer": optimizer.state_dict()},
        ckpt_path,
    )
    checkpoint = torch.load(ckpt_path, map_location="cpu", weights_only=True)
print(f"チェックポイントのキー: {list(checkpoint)}, 保存した step: {checkpoint['step']}")
print(f"読み込んだ重みの置き場所: {checkpoint['model']['0.weight'].device}")
print(f"オプティマイザの state_dict のキー: {list(checkpoint['optimizer'])}")

# %%
# 関連用語
# --------
# :term:`パラメータ <Parameter>`、:term:`モジュール <Module>`、
# :term:`訓練モードと評価モード <train / eval mode>`、:term:`オプティマイザ <Optimizer>`、
# :term:`勾配計算の無効化 <no_grad / inference_mode>`
#
# このページで使った API
# ----------------------
# :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :func:`torch.save`,
# :func:`torch.load`, :meth:`torch.optim.Optimizer.state_dict`, :class:`torch.nn.BatchNorm1d`,
# :class:`torch.inference_mode`
#
# .. used-in-tutorials:: torch.nn.Module.state_dict torch.save torch.load
