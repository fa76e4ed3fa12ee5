r"""
チェックポイント（Checkpoint）
==============================

.. term-card::
   :ja: チェックポイント
   :reading: ちぇっくぽいんと
   :en: Checkpoint
   :api: torch.save
   :summary: 学習の途中で、止まったところから再開するのに要るものをまとめて保存したファイルです。
      モデルの状態辞書だけでなく、オプティマイザの状態辞書、終わったエポック数、乱数の状態などを 1 つの辞書にして
      :func:`torch.save` で書き出し、:func:`torch.load` で読み戻します。

定義
----
学習の状態は、モデルのパラメータ :math:`\theta_t` だけでは決まりません。
:term:`Adam` なら勾配の移動平均 :math:`m_t` と 2 乗の移動平均 :math:`v_t`、更新回数 :math:`t` があり、
次の更新はこれらに依存します。ミニバッチの順番は乱数の状態で決まり、学習率スケジューラには自分の状態があります。
チェックポイントは、これらを次のような辞書にまとめたものです。

- ``"model"``：``model.state_dict()``
- ``"optimizer"``：``optimizer.state_dict()``（Adam なら ``exp_avg``、``exp_avg_sq``、``step``）
- ``"epoch"``：終わったエポック数
- ``"rng_state"``：:func:`torch.get_rng_state` の値（必要ならスケジューラの状態なども）

読み込むときは ``torch.load(path, weights_only=True)`` を使います（PyTorch 2.6 からはこれが既定です）。
``weights_only=True`` はテンソルや辞書、数値などだけを復元するので、読み込むだけで任意のコードが実行される
pickle の危険を避けられます。
GPU で保存したファイルを GPU のない機械で開くときは ``map_location="cpu"`` を付けます。

かみくだいた説明
----------------
ゲームのセーブデータです。主人公の位置（パラメータ）だけでなく、持ち物（オプティマイザの状態）や
進んだ章（エポック数）も保存しておかないと、続きから遊んだときに同じ展開になりません。

使われる場面
------------
- 何時間もかかる学習を、停電や時間切れで止まっても続きから再開できるようにするとき
- エポックごとに保存しておき、あとで検証損失が最小だった時点のモデルを取り出すとき
"""

# %%
# 続けて学習した場合
# ------------------
# 回帰データで小さなモデルを :class:`~torch.optim.Adam` で 20 エポック学習します。
# ミニバッチの順番は :func:`torch.randperm` で毎エポック乱数から決めます。これを比べる基準にします。
import os
import tempfile

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import make_regression
from torch import nn

X_np, y_np = make_regression(n_samples=256, n_features=8, noise=10.0, random_state=0)
X = torch.tensor(X_np, dtype=torch.float32)
y = torch.tensor(y_np / y_np.std(), dtype=torch.float32).unsqueeze(1)
criterion = nn.MSELoss()


def make(seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
    return model, torch.optim.Adam(model.parameters(), lr=0.03)


def run_epochs(model, optimizer, epochs):
    losses = []  # ミニバッチごとの損失
    for _ in range(epochs):
        order = torch.randperm(len(X))
        for i in range(0, len(X), 32):
            batch = order[i : i + 32]
            optimizer.zero_grad()
            loss = criterion(model(X[batch]), y[batch])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


full_model, full_opt = make(seed=0)
torch.manual_seed(1)  # ミニバッチの順番を決める乱数
full_losses = run_epochs(full_model, full_opt, 20)
print(f"20 エポック続けて学習したあとの損失: {full_losses[-1]:.6f}")

# %%
# 10 エポックで保存して再開する
# ------------------------------
# 10 エポック学習したところで、モデル・オプティマイザ・エポック数・乱数の状態を辞書にして保存します。
# 別の初期値で作った新しいモデルとオプティマイザに読み込み、残りの 10 エポックを学習します。
# 再開したモデルのパラメータは、続けて学習したモデルとビット単位で一致します。
tmp = tempfile.TemporaryDirectory()
path = os.path.join(tmp.name, "checkpoint.pt")

model, optimizer = make(seed=0)
torch.manual_seed(1)
first_half = run_epochs(model, optimizer, 10)
checkpoint = {
    "model": model.state_dict(),
    "optimizer": optimizer.state_dict(),
    "epoch": 10,
    "rng_state": torch.get_rng_state(),
}
torch.save(checkpoint, path)

resumed, resumed_opt = make(seed=123)  # 別のプロセスで作り直したつもり
loaded = torch.load(path, map_location="cpu", weights_only=True)
resumed.load_state_dict(loaded["model"])
resumed_opt.load_state_dict(loaded["optimizer"])
torch.set_rng_state(loaded["rng_state"])
second_half = run_epochs(resumed, resumed_opt, 20 - loaded["epoch"])


def max_diff(m):
    """m と、続けて学習したモデルの、パラメータの差の最大"""
    pairs = zip(m.parameters(), full_model.parameters(), strict=True)
    return max((a - b).abs().max().item() for a, b in pairs)


same = max_diff(resumed) == 0.0
assert same
print(f"読み込んだエポック数: {loaded['epoch']}")
print(f"再開したモデルと続けて学習したモデルのパラメータが完全に一致: {same}")
print(f"Adam が 1 つのパラメータについて持つ状態: {list(loaded['optimizer']['state'][0])}")

# %%
# オプティマイザの状態を保存しなかった場合
# ----------------------------------------
# モデルと乱数の状態だけを読み込み、オプティマイザは新しく作ると、Adam の移動平均が 0 からやり直しになります。
# 最初の数回の更新は、どのパラメータも学習率ほどの大きさで動くので、損失が一度跳ね上がり、その後の軌道も変わります。
# 乱数の状態だけを戻し忘れても、ミニバッチの順番が変わって結果は一致しません。
no_opt, fresh_opt = make(seed=123)
no_opt.load_state_dict(loaded["model"])
torch.set_rng_state(loaded["rng_state"])
no_opt_losses = run_epochs(no_opt, fresh_opt, 10)

no_rng, no_rng_opt = make(seed=123)
no_rng.load_state_dict(loaded["model"])
no_rng_opt.load_state_dict(loaded["optimizer"])
run_epochs(no_rng, no_rng_opt, 10)  # 乱数は戻さない

steps = len(first_half)  # 保存までの更新の回数
peak_full = max(full_losses[steps : steps + 8])  # 再開後の 1 エポック（8 回の更新）
peak_no_opt = max(no_opt_losses[:8])
print(f"再開後 1 エポックのミニバッチ損失の最大: 続けた場合 {peak_full:.4f}")
print(f"再開後 1 エポックのミニバッチ損失の最大: オプティマイザを作り直した場合 {peak_no_opt:.4f}")
print(f"続けた場合とのパラメータの差の最大: オプティマイザを作り直した場合 {max_diff(no_opt):.4f}")
print(f"続けた場合とのパラメータの差の最大: 乱数の状態を戻さなかった場合 {max_diff(no_rng):.4f}")
tmp.cleanup()

# %%
# ミニバッチごとの損失を並べます。正しく再開した学習（点）は続けて学習した線にぴったり重なり、
# オプティマイザを作り直した学習は再開の直後に跳ね上がります。
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
ax.plot(range(len(full_losses)), full_losses, color="0.3", label="続けて学習")
later = range(steps, len(full_losses))
ax.plot(later, second_half, "o", ms=3, color="tab:blue", label="チェックポイントから再開")
ax.plot(later, no_opt_losses, color="tab:red", label="オプティマイザを作り直して再開")
ax.axvline(steps - 0.5, color="gray", ls=":", label="保存した時点")
ax.set_yscale("log")
ax.set(
    xlabel="更新の回数",
    ylabel="ミニバッチの損失（対数目盛）",
    title="チェックポイントからの再開",
)
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 関連用語
# --------
# :term:`状態辞書 <state_dict>`、:term:`オプティマイザ <Optimizer>`、:term:`Adam`、:term:`エポック <Epoch>`、
# :term:`早期終了 <Early Stopping>`、:term:`デバイス <Device>`、:term:`学習率スケジューラ <Learning Rate Scheduler>`
#
# このページで使った API
# ----------------------
# :func:`torch.save`, :func:`torch.load`, :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`,
# :meth:`torch.optim.Optimizer.state_dict`, :meth:`torch.optim.Optimizer.load_state_dict`, :class:`torch.optim.Adam`,
# :func:`torch.get_rng_state`, :func:`torch.set_rng_state`, :func:`torch.randperm`
#
# .. used-in-tutorials:: torch.save torch.load
