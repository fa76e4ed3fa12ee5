r"""
早期終了（Early Stopping）
==========================

.. term-card::
   :ja: 早期終了
   :reading: そうきしゅうりょう
   :en: Early Stopping
   :summary: 学習中にエポックごとに検証損失を測り、決めた回数（patience）続けて最良の値を更新できなかったら、
      学習を打ち切る方法です。打ち切ったあと、検証損失が最小だったときのパラメータに戻します。
      過学習が進む前のモデルが手に入り、無駄なエポックも省けます。

定義
----
エポック :math:`t` のあとの検証損失を :math:`L_\text{val}(t)` とします。早期終了は、それまでの最小値
:math:`L^* = \min_{s \le t} L_\text{val}(s)` と、それを出したエポック :math:`t^*` を覚えておき、
:math:`t - t^* \ge P`（:math:`P` は patience）になった時点で学習を止めます。
最後に、エポック :math:`t^*` のパラメータを読み込みます。このため :math:`t^*` が更新されるたびに、
その時点の :term:`状態辞書 <state_dict>` の複製を取っておきます。
改善とみなす最小の幅 :math:`\delta`（:math:`L_\text{val}(t) < L^* - \delta` のときだけ更新）を設けることもあります。

止める時点を検証データで選んでいるので、:math:`L^*` は新しいデータでの損失より少し甘く出ます。
最終的な成績はテストデータで測ります。

かみくだいた説明
----------------
模擬試験の点数を毎回記録し、しばらく（patience 回）自己ベストが出なくなったら勉強法の見直しをやめ、
自己ベストを出したときの状態に戻す、というやり方です。1 回点が下がっただけで止めないのは、
点数には偶然の上下があるからです。

使われる場面
------------
- エポック数をあらかじめ決めにくいとき（多めに上限を決めておき、早期終了に任せます）
- 小さなデータで大きなモデルを学習し、:term:`過学習 <Overfitting>` しやすいとき
"""

# %%
# 過学習する小さな問題
# --------------------
# 正解は :math:`\sin(\pi x)` に雑音を足したもので、訓練データは 15 点だけです。
# モデルは 12 次のルジャンドル多項式を特徴量にした :class:`~torch.nn.Linear` で、15 点に対しては表現力が高すぎます。
# 1 エポックは全 15 点での 1 回の更新です。``train`` は patience を受け取り、早期終了つきで学習します
# （``patience=None`` なら上限の 300 エポックまで続けます）。
import copy
import math

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

torch.manual_seed(1)
x_train = torch.rand(15) * 2 - 1
y_train = torch.sin(math.pi * x_train) + 0.3 * torch.randn(15)
x_val = torch.rand(100) * 2 - 1
y_val = torch.sin(math.pi * x_val) + 0.3 * torch.randn(100)


def features(x):
    return torch.stack([torch.special.legendre_polynomial_p(x, k) for k in range(1, 13)], dim=1)


X_train, X_val = features(x_train), features(x_val)
criterion = nn.MSELoss()


def val_loss_of(model):
    with torch.no_grad():
        return criterion(model(X_val).squeeze(1), y_val).item()


def train(patience, max_epochs=300):
    torch.manual_seed(0)
    model = nn.Linear(12, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    history, best_loss, best_epoch, best_state, waited = [], math.inf, -1, None, 0
    for epoch in range(max_epochs):
        optimizer.zero_grad()
        criterion(model(X_train).squeeze(1), y_train).backward()
        optimizer.step()
        with torch.no_grad():
            train_loss = criterion(model(X_train).squeeze(1), y_train).item()
        history.append((train_loss, val_loss_of(model)))
        if history[-1][1] < best_loss:
            best_loss, best_epoch, waited = history[-1][1], epoch, 0
            best_state = copy.deepcopy(model.state_dict())  # その時点の値を複製して残す
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    model.load_state_dict(best_state)  # 最良のパラメータに戻す
    return model, history, best_epoch, best_loss


# %%
# patience を 20 にして学習する
# -----------------------------
# 最良のエポックから 20 エポック続けて更新がなかったところで止まり、最良のパラメータに戻ります。
# 戻したモデルの検証損失は、記録した最小値と一致します。
model, history, best_epoch, best_loss = train(patience=20)
restored_loss = val_loss_of(model)
assert restored_loss == best_loss
print(f"止まったエポック: {len(history)}, 最良のエポック: {best_epoch + 1}")
print(f"記録した最小の検証損失: {best_loss:.6f}, 戻したモデルの検証損失: {restored_loss:.6f}")

# %%
# 止めなかった場合と比べる
# ------------------------
# 同じ学習を 300 エポック続けると、訓練損失はその後も下がりますが、検証損失は最良のエポックのあと上がっていきます。
# 最初の 1 回の悪化は最良のエポックよりずっと前に起きるので、patience が 1 だと早く止まりすぎます。
_, full_history, _, _ = train(patience=None)
stops = {}
for patience in (1, 5, 20):
    _, h, b, loss = train(patience=patience)
    stops[patience] = (len(h), b + 1, loss)
    print(
        f"patience={patience:2d}: {len(h):3d} エポックで停止、最良のエポック {b + 1}、検証損失 {loss:.4f}"
    )
print(f"止めずに 300 エポック学習したときの最後の検証損失: {full_history[-1][1]:.4f}")

fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
epochs = range(1, len(full_history) + 1)
ax.plot(epochs, [h[0] for h in full_history], label="訓練損失")
ax.plot(epochs, [h[1] for h in full_history], label="検証損失")
ax.axvline(best_epoch + 1, color="tab:green", ls="--", label=f"最良のエポック {best_epoch + 1}")
ax.axvline(len(history), color="tab:red", ls=":", label=f"patience 20 で停止 {len(history)}")
ax.set(xlabel="エポック", ylabel="平均二乗誤差", ylim=(0, 0.35), title="早期終了で止める時点")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 複製を取る理由
# --------------
# ``state_dict()`` が返すテンソルは、モデルのパラメータと同じメモリを指しています。
# 複製せずに ``best_state = model.state_dict()`` と書くと、学習を続けるうちに中身が書き換わり、
# 「最良の時点の値」が残りません。``copy.deepcopy`` で中身ごと複製すると、その時点の値が残ります。
probe = nn.Linear(12, 1)
probe_opt = torch.optim.SGD(probe.parameters(), lr=0.05)
live = probe.state_dict()
snapshot = copy.deepcopy(probe.state_dict())
shares_memory = live["weight"].data_ptr() == probe.weight.data_ptr()
probe_opt.zero_grad()
criterion(probe(X_train).squeeze(1), y_train).backward()
probe_opt.step()  # 1 回更新する
live_follows = torch.equal(live["weight"], probe.weight)
snapshot_kept = not torch.equal(snapshot["weight"], probe.weight)
print(f"state_dict の重みとパラメータが同じメモリか: {shares_memory}")
print(f"更新後、複製しない state_dict が新しい値になったか: {live_follows}")
print(f"更新後、deepcopy した値が元のまま残っているか: {snapshot_kept}")

# %%
# 関連用語
# --------
# :term:`過学習 <Overfitting>`、:term:`検証データ <Validation Data>`、:term:`状態辞書 <state_dict>`、
# :term:`エポック <Epoch>`、:term:`チェックポイント <Checkpoint>`、:term:`重み減衰 <Weight Decay>`
#
# このページで使った API
# ----------------------
# :meth:`torch.nn.Module.state_dict`, :meth:`torch.nn.Module.load_state_dict`, :class:`torch.nn.Linear`,
# :class:`torch.nn.MSELoss`, :class:`torch.optim.SGD`, :meth:`torch.Tensor.data_ptr`, ``copy.deepcopy``
#
# .. used-in-tutorials:: torch.nn.Module.state_dict torch.nn.Module.load_state_dict
