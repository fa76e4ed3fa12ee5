r"""
系列データと RNN
================

1 時間ごとに記録した気温のようなセンサーの読み取り値を作り、直前の 24 個から次の 1 個を予測します。
時間の順に分けたデータで LSTM を学習させ、「最後の値をそのまま使う」などの素朴な予測と比べます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:doc:`/tutorials/classification/image_training`

   - 系列をスライディングウィンドウで切り、入力と正解の組にする
   - 時間の順に分け、訓練データの統計だけで正規化する（シャッフルしてから分けると未来が漏れる）
   - :class:`torch.nn.LSTM` の入出力の形を確かめ、学習したモデルが素朴な予測に勝つかを確かめる

これまでのページの入力（画像、表の 1 行）は、1 件ずつ独立していました。
このページの入力は時間の順に並んだ値で、並び順そのものに意味があります。
"""

# %%
# センサーの読み取り値を作る
# --------------------------
# 1 日（24 時間）の周期と、もっと長い周期の波に、測定の雑音を足した 1500 時間分の値です。
# 過去で学習し、まだ見ていない未来で評価するので、時間の順に切ります。
# 最初の 70 % が訓練データ、次の 15 % が検証データ、最後の 15 % がテストデータです。
import itertools
import math
import time

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from torch import nn

# sphinx_gallery_thumbnail_number = 2
device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
gen = torch.Generator().manual_seed(0)
T, L = 1500, 24  # 系列の長さ、窓の長さ
t = torch.arange(T, dtype=torch.float32)
noise = 0.4 * torch.randn(T, generator=gen)
series = 20 + 3 * torch.sin(2 * math.pi * t / 24) + 1.5 * torch.sin(2 * math.pi * t / 150) + noise
cuts = [0, int(T * 0.7), int(T * 0.85), T]  # 訓練・検証・テストの境目

fig, ax = plt.subplots(figsize=(6.4, 3), layout="constrained")
for (a, b), name in zip(itertools.pairwise(cuts), ["訓練", "検証", "テスト"], strict=True):
    ax.plot(t[a:b].numpy(), series[a:b].numpy(), lw=0.8, label=name)
ax.set(xlabel="時刻（時間）", ylabel="読み取り値（℃）", title="センサーの系列と 3 つの区間")
ax.set_ylim(14, 28)  # 凡例の場所を空ける
ax.legend(ncols=3, loc="upper center")
plt.show()

# %%
# 窓に切る
# --------
# 長さ ``L + 1`` の窓を 1 つずつずらして切り、前の ``L`` 個を入力、最後の 1 個を正解にします。
# :meth:`~torch.Tensor.unfold` は、この切り出しを一度に行います。隣どうしの窓は ``L`` 個の値を共有します。
#
# そのため、全部の窓をシャッフルしてから分けると、テストの正解の値が訓練の窓の入力にそのまま入ります。
# 未来をのぞいた評価になり、実際より良い数字が出ます。窓をシャッフルして 70 % を訓練、最後の 15 % をテストにし、
# 訓練の窓の入力と時刻が重なるテストの窓と、正解の値が訓練の窓の入力にあるテストの窓を数えます。
win_idx = torch.arange(T).unfold(0, L + 1, 1)  # 窓ごとの時刻、形 (窓の数, L + 1)


def count_leaks(how, train_w, test_w):
    seen = torch.zeros(T, dtype=torch.bool)
    seen[train_w[:, :L].flatten()] = True  # 訓練の窓の入力に現れる時刻
    leaks = seen[test_w].any(dim=1).sum().item(), seen[test_w[:, L]].sum().item()
    print(f"{how}: テストの窓 {len(test_w)} 個のうち、訓練の入力と重なる窓 {leaks[0]} 個")
    print(f"{how}: 正解の値が訓練の入力にある窓 {leaks[1]} 個")
    return leaks


perm = torch.randperm(len(win_idx), generator=gen)
rand_test = win_idx[perm[int(len(perm) * 0.85) :]]
rand_leaks = count_leaks("ランダムに分けたとき", win_idx[perm[: int(len(perm) * 0.7)]], rand_test)

# %%
# そこで、先に系列を時間で 3 つに切り、それぞれの中で窓を作ります。窓は区間の境目をまたぎません。
# 平均と標準偏差は訓練区間だけから計算し、3 つの区間すべての正規化に使います。
# 全体の統計を使うと、テスト区間（未来）の値が正規化を通して訓練に混ざります。
mean, std = series[: cuts[1]].mean(), series[: cuts[1]].std()
print(f"訓練区間の平均 {mean:.3f} ℃, 標準偏差 {std:.3f} ℃")
scaled = (series - mean) / std
parts_idx = [torch.arange(a, b).unfold(0, L + 1, 1) for a, b in itertools.pairwise(cuts)]
(X_train, y_train), (X_val, y_val), (X_test, y_test) = [
    (scaled[i[:, :L]].unsqueeze(-1).to(device), scaled[i[:, L:]].to(device)) for i in parts_idx
]
for name, i in zip(["訓練", "検証", "テスト"], parts_idx, strict=True):
    print(f"{name}: 窓 {len(i)} 個, 時刻 {i.min().item()}〜{i.max().item()}")
time_leaks = count_leaks("時間で分けたとき", parts_idx[0], parts_idx[2])

# %%
# LSTM の入力と出力
# -----------------
# :term:`再帰型ニューラルネットワーク <Recurrent Neural Network>` (RNN) は、系列を 1 ステップずつ読み、
# それまでの内容を隠れ状態（長さ ``H`` のベクトル）にまとめて次のステップへ渡します。
# :class:`torch.nn.LSTM` はその代表で、``batch_first=True`` なら入力の形は (件数, 長さ, 特徴の数) です。
# 出力 ``out`` は各ステップの隠れ状態 (件数, L, H)、``h_n`` は最後のステップの隠れ状態です。
# ``h_n`` の形は ``batch_first=True`` でも (層の数, 件数, H) のままなので、注意が要ります。
# 予測には最後のステップの隠れ状態を使い、:term:`全結合層 <Linear Layer>` で 1 つの値にします。


class SensorRNN(nn.Module):
    def __init__(self, rnn_class=nn.LSTM, hidden=32):
        super().__init__()
        self.rnn = rnn_class(input_size=1, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)  # out: (N, L, H)
        return self.head(out[:, -1])  # 最後のステップだけを使う


torch.manual_seed(0)
model = SensorRNN().to(device)
out, (h_n, c_n) = model.rnn(X_train[:5])
print(f"入力 {tuple(X_train[:5].shape)} → out {tuple(out.shape)}, h_n {tuple(h_n.shape)}")
print(f"out の最後のステップと h_n は同じか: {torch.allclose(out[:, -1], h_n[0])}")

# %%
# LSTM は隠れ状態のほかにセルの状態 ``c_n`` も次のステップへ渡します。
# 状態を渡しながら 1 ステップずつ読んでも、同じ結果になります。前のステップが終わらないと次を計算できません。
state, steps = None, []
for k in range(L):
    o, state = model.rnn(X_train[:5, k : k + 1], state)  # 1 ステップだけ読み、状態を渡す
    steps.append(o)
step_by_step_same = torch.allclose(torch.cat(steps, dim=1), out, atol=1e-6)
print(f"1 ステップずつ読んだ結果と一致するか: {step_by_step_same}")

# %%
# 学習する
# --------
# どの窓も訓練区間の中にあるので、訓練の窓の中でならミニバッチを作るときにシャッフルしてかまいません。
# 損失は平均二乗誤差です。


def fit(model, epochs=15):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(X_train), generator=gen).split(64):
            loss = nn.functional.mse_loss(model(X_train[idx]), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.inference_mode():
        return nn.functional.mse_loss(model(X_val), y_val).item()


val_loss = fit(model)
print(f"検証データの損失: {val_loss:.4f}")

# %%
# 素朴な予測と比べる
# ------------------
# 「窓の最後の値をそのまま答える」「いつも訓練区間の平均（正規化後は 0）を答える」の 2 つと、テストデータの損失を比べます。
# 学習したモデルは、この 2 つに勝って初めて役に立つと言えます。
with torch.inference_mode():
    pred = model(X_test)
losses = {
    "LSTM": nn.functional.mse_loss(pred, y_test).item(),
    "最後の値": nn.functional.mse_loss(X_test[:, -1], y_test).item(),
    "平均": nn.functional.mse_loss(torch.zeros_like(y_test), y_test).item(),
}
for name, value in losses.items():
    print(f"テストデータの損失（{name}）: {value:.4f}")

fig, ax = plt.subplots(figsize=(6.4, 3), layout="constrained")
times = parts_idx[2][:, L].numpy()
ax.plot(times, (y_test.cpu() * std + mean).numpy(), ".", ms=3, color="gray", label="正解")
ax.plot(times, (pred.cpu() * std + mean).numpy(), lw=1.2, label="LSTM の予測")
ax.set(xlabel="時刻（時間）", ylabel="読み取り値（℃）", title="テスト区間の予測と正解")
ax.legend()
plt.show()

# %%
# 系列の長さと計算時間
# --------------------
# RNN はステップを順番にしか計算できないので、時間は系列の長さにつれて伸びます。
# 64 件の入力を CPU で 3 回ずつ通し、いちばん短い時間を表示します（実行するたびに少し変わります）。
cpu_rnn = nn.LSTM(1, 32, batch_first=True)  # 学習したものと同じ大きさ
with torch.inference_mode():
    for length in (100, 400, 1600):
        x, seconds = torch.randn(64, length, 1), []
        for _ in range(3):
            start = time.perf_counter()
            cpu_rnn(x)
            seconds.append(time.perf_counter() - start)
        print(f"長さ {length:4d}: {min(seconds) * 1000:.1f} ミリ秒")

# %%
# まとめ
# ------
# - 系列は長さ ``L + 1`` の窓に切り、前の ``L`` 個を入力、次の 1 個を正解にします。
# - 窓は重なるので、時間の順に区間を分けてから窓を作ります。正規化も訓練区間の統計だけで行います。
# - :class:`~torch.nn.LSTM` は ``batch_first=True`` で (件数, 長さ, 特徴) を受け取り、各ステップの隠れ状態を返します。
# - 学習したモデルは「最後の値」「平均」という素朴な予測より損失が小さくなりました。
# - RNN は 1 ステップずつ計算するので、長い系列ほど時間がかかります。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** LSTM を :class:`torch.nn.GRU` に替えて学習し、テストデータの損失とパラメータの数を比べてください。
#
# .. hint:: ``SensorRNN(nn.GRU)`` で作れます。GRU はセルの状態を持たず、``out, h_n = gru(x)`` を返します。
#
# .. answer::
#
#    GRU の重みは 3 組（LSTM は 4 組）なので、再帰部分のパラメータは LSTM の 3/4 です。
torch.manual_seed(0)
ex1_model = SensorRNN(nn.GRU).to(device)
fit(ex1_model)
with torch.inference_mode():
    ex1_loss = nn.functional.mse_loss(ex1_model(X_test), y_test).item()
ex1_params = [sum(p.numel() for p in m.rnn.parameters()) for m in (model, ex1_model)]
print(f"テストデータの損失: GRU {ex1_loss:.4f}, LSTM {losses['LSTM']:.4f}")
print(f"再帰部分のパラメータ: LSTM {ex1_params[0]}, GRU {ex1_params[1]}")

# %%
# **問題 2.** 予測した値を窓の末尾に足して次を予測する、を繰り返すと、12 時間先まで予測できます。
# テスト区間で、1 時間先と 12 時間先の損失を比べてください。
#
# .. hint:: テスト区間から長さ ``L + 12`` の窓を切り、予測を :func:`torch.cat` で末尾に足して、最後の ``L`` 個をモデルに渡します。
#
# .. answer::
#
#    予測の誤差が次の入力に入っていくので、先になるほど損失は大きくなります。
ex2_idx = torch.arange(cuts[2], T).unfold(0, L + 12, 1)
x = scaled[ex2_idx[:, :L]].unsqueeze(-1).to(device)
with torch.inference_mode():
    for _ in range(12):
        x = torch.cat([x, model(x[:, -L:]).unsqueeze(-1)], dim=1)  # 予測を末尾に足していく
ex2_losses = ((x[:, L:, 0].cpu() - scaled[ex2_idx[:, L:]]) ** 2).mean(dim=0)
print(f"1 時間先の損失 {ex2_losses[0]:.4f}, 12 時間先の損失 {ex2_losses[-1]:.4f}")

# %%
# このページで使った API
# ----------------------
# - :meth:`torch.Tensor.unfold`, :func:`torch.randperm`, :func:`torch.cat`, :func:`torch.allclose`
# - :class:`torch.nn.LSTM`, :class:`torch.nn.GRU`, :class:`torch.nn.Linear`
# - :func:`torch.nn.functional.mse_loss`, :class:`torch.optim.Adam`
