r"""
過学習を抑える
==============

訓練データを 150 枚に減らした手書き数字で、大きすぎるモデルをわざと過学習させます。
そこに重み減衰、ドロップアウト、データ拡張を 1 つずつ加え、検証データでの損失と正解率を並べて比べます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_classifier`、:doc:`/tutorials/classification/image_training`、:term:`過学習 <Overfitting>`、:term:`検証データ <Validation Data>`

   - 訓練損失と検証損失の推移から、過学習を数値と図で確かめる
   - ``AdamW`` の ``weight_decay``、:class:`torch.nn.Dropout`、訓練データへのランダムな変換を加える
   - ドロップアウトが訓練モードでだけ働き、``model.eval()`` で止まることを確かめる
   - 3 つの対策の効果を、同じ条件で表と図にして比べる
"""

# %%
# :doc:`/tutorials/classification/image_training` では、検証損失が最小のエポックの重みを残す :term:`早期終了 <Early Stopping>` で過学習に対処しました。
# このページでは、過学習そのものを抑える 3 つの道具を加え、その効果を測ります。
#
# 訓練データを減らして過学習させる
# --------------------------------
# 手書き数字 1797 枚のうち、訓練には 150 枚だけを使い、残りの 1647 枚を検証データにします。
# 訓練データが少ないほど、モデルは 1 枚 1 枚の癖まで覚えやすくなります。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from sklearn.datasets import load_digits
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision.transforms import v2

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"使用するデバイス: {device}")
digits = load_digits()
X = torch.tensor(digits.images / 16, dtype=torch.float32).unsqueeze(1).to(device)
y = torch.tensor(digits.target).to(device)
perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
X_train, y_train = X[perm[:150]], y[perm[:150]]
X_val, y_val = X[perm[150:]], y[perm[150:]]
print(f"訓練 {len(X_train)} 枚, 検証 {len(X_val)} 枚")

# %%
# モデルは、幅 128 の隠れ層を 2 つ持つ :term:`全結合層 <Linear Layer>` のネットワークで、150 枚に対しては大きすぎます。
# 引数 ``dropout`` は、あとで使うドロップアウトの確率です（0 なら何もしません）。
# 関数 ``fit`` は、どの対策でも同じシード・同じミニバッチの順番で 50 エポック学習し、
# エポックごとに (訓練損失, 検証損失, 検証正解率) を記録します。
# オプティマイザは :class:`torch.optim.AdamW` です。``weight_decay`` の既定値は 0.01 なので、対策なしでは 0 を渡します。
loss_fn = nn.CrossEntropyLoss()


def make_model(dropout=0.0):
    hidden = [nn.Linear(64, 128), nn.ReLU(), nn.Dropout(dropout)]
    hidden += [nn.Linear(128, 128), nn.ReLU(), nn.Dropout(dropout)]
    return nn.Sequential(nn.Flatten(), *hidden, nn.Linear(128, 10))


def evaluate(model, X, y):
    model.eval()
    with torch.inference_mode():
        logits = model(X)
    return loss_fn(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def fit(weight_decay=0.0, dropout=0.0, augment=None, n_epochs=50):
    torch.manual_seed(0)
    model = make_model(dropout).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=weight_decay)
    order = torch.Generator().manual_seed(0)
    loader = DataLoader(TensorDataset(X_train, y_train), 50, shuffle=True, generator=order)
    history = []
    for _ in range(n_epochs):
        model.train()
        for xb, yb in loader:
            if augment is not None:
                xb = augment(xb)  # 訓練のときだけ変換する
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        history.append((evaluate(model, X_train, y_train)[0], *evaluate(model, X_val, y_val)))
    return model, history


print(f"パラメータの数: {sum(p.numel() for p in make_model().parameters())}")
plain_model, plain = fit()
plain_best = min(range(len(plain)), key=lambda e: plain[e][1])
for e in (0, plain_best, len(plain) - 1):
    print(f"エポック {e + 1:2d}: 訓練損失 {plain[e][0]:.4f}, 検証損失 {plain[e][1]:.4f}")

# %%
# 訓練損失はほぼ 0 まで下がる一方で、検証損失は途中でいちばん小さくなり、そのあとは上がっていきます。
# モデルが 150 枚を覚えてしまい、新しい画像に対して自信を持って間違えるようになったためです。
epochs = range(1, len(plain) + 1)
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
ax.plot(epochs, [h[0] for h in plain], label="訓練損失")
ax.plot(epochs, [h[1] for h in plain], label="検証損失")
ax.axvline(plain_best + 1, color="gray", ls="--", label=f"検証損失が最小（{plain_best + 1}）")
ax.set(xlabel="エポック", ylabel="損失（対数目盛）", yscale="log", title="対策なしの学習曲線")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# 重み減衰
# --------
# :term:`重み減衰 <Weight Decay>` は、更新のたびにパラメータを少しずつ 0 に近づけます。
# ``AdamW`` は、通常の更新に加えて :math:`w \leftarrow w - \eta\lambda w`（:math:`\eta` は学習率、:math:`\lambda` は ``weight_decay``）を行います。
# :class:`torch.optim.SGD` や :class:`torch.optim.Adam` の ``weight_decay`` は、代わりに :math:`\lambda w` を勾配に足します。
# モーメンタムのない SGD では同じ更新になりますが、Adam では勾配の大きさで割られて効き方が変わるため、重み減衰には ``AdamW`` がよく使われます。
wd_model, wd = fit(weight_decay=0.5)
models = {"対策なし": plain_model, "重み減衰": wd_model}
norms = [torch.cat([p.flatten() for p in m.parameters()]).norm().item() for m in models.values()]
print(f"重みの大きさ（2 乗和の平方根）: 対策なし {norms[0]:.2f}, 重み減衰 {norms[1]:.2f}")

# %%
# 重み減衰を加えたほうが、重みが小さく保たれています。
#
# ドロップアウト
# --------------
# :term:`ドロップアウト <Dropout>` は、訓練モードのあいだ各要素を確率 :math:`p` で 0 にし、残りを :math:`1/(1-p)` 倍します。
# 特定のニューロンに頼った丸暗記がしにくくなります。
# :term:`評価モード <train / eval mode>` では何もしないので、検証や推論の前には必ず ``model.eval()`` を呼びます。
drop = nn.Dropout(p=0.5)
dropped = drop.train()(torch.ones(8))  # train() と eval() はモジュール自身を返す
kept = drop.eval()(torch.ones(8))
print(f"訓練モード: {dropped.tolist()}\n評価モード: {kept.tolist()}")
_, dropout = fit(dropout=0.5)

# %%
# データ拡張
# ----------
# :term:`データ拡張 <Data Augmentation>` では、読み込むたびに訓練画像へランダムな変換を加えます。
# ここでは ``v2.GaussianNoise`` で、各画素に標準偏差 0.2 の雑音を足します（結果は 0〜1 に収めます）。
# 雑音は画素ごとに引くので、ミニバッチの 50 枚はそれぞれ違う画像になります。検証データには変換を加えません。
noise = v2.GaussianNoise(sigma=0.2)
_, augmented = fit(augment=noise)

# %%
# 3 つの対策を比べる
# ------------------
# 最小の検証損失（とそのエポック）、最後のエポックの検証損失・検証正解率・訓練損失を表にします。
runs = {"対策なし": plain, "重み減衰": wd, "ドロップアウト": dropout, "データ拡張": augmented}
summary = {}  # 条件 -> (最小の検証損失, そのエポック, 最後の検証損失, 検証正解率, 訓練損失)
print("条件　　　　　  最小の検証損失（エポック）  最後の検証損失  検証正解率  訓練損失")
for name, hist in runs.items():
    best = min(range(len(hist)), key=lambda e: hist[e][1])
    summary[name] = (hist[best][1], best + 1, hist[-1][1], hist[-1][2], hist[-1][0])
    row = "{:.4f}（{:2d}）           {:.4f}          {:.3f}       {:.4f}"
    print(f"{name:　<7}  " + row.format(*summary[name]))

# %%
# どの対策でも、最小の検証損失も最後の検証損失も、対策なしより小さくなりました。
# そのかわり、最後の訓練損失は対策なしより大きくなっています。訓練データを覚えきらないようにするのが、3 つに共通する働きです。
# 一方、最後の検証正解率の差は 0.02 より小さく、損失ほどはっきりしません。
# 損失は正解のクラスにどれだけ自信を持てたかまで測るので、過学習の影響が正解率より先に表れます。
#
# 検証損失がいちばん小さかった時点のパラメータを使う早期終了は、これらと組み合わせて使えます。
# 表の「最小の検証損失」は、早期終了で選べる値です。対策を加えると、その値自体が下がります。
# 図では、違いが見えるように縦軸を 0.2〜0.8 に絞っています。
fig, ax = plt.subplots(figsize=(6.4, 4), layout="constrained")
for name, hist in runs.items():
    ax.plot(epochs, [h[1] for h in hist], label=name)
ax.set(xlabel="エポック", ylabel="検証損失", ylim=(0.2, 0.8), title="対策ごとの検証損失")
ax.grid(alpha=0.3)
ax.legend()
plt.show()

# %%
# まとめ
# ------
# - 訓練データが少なくモデルが大きいと、訓練損失が下がり続けるのに検証損失は途中から上がります。
# - 重み減衰（``AdamW`` の ``weight_decay``）は重みを小さく保ちます。
# - ドロップアウトは訓練モードでだけ働きます。検証や推論の前には ``model.eval()`` を呼びます。
# - データ拡張の変換は訓練データにだけ加えます。どの対策も、早期終了と組み合わせて使えます。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``nn.Dropout(p=0.25)`` に 1 が 1 万個並んだテンソルを訓練モードで通し、0 になった割合、0 でない値、平均を調べてください。
#
# .. hint:: 0 でない値の種類は ``out[out > 0].unique()`` で取り出せます。
#
# .. answer::
#
#    約 25% が 0 になり、残りは :math:`1/(1-0.25) = 4/3` 倍されます。そのため平均はほぼ 1 のままです。
torch.manual_seed(0)
ex1_out = nn.Dropout(p=0.25)(torch.ones(10_000))
ex1_zero_rate = (ex1_out == 0).float().mean().item()
ex1_values = [round(v, 4) for v in ex1_out[ex1_out > 0].unique().tolist()]
print(f"0 の割合 {ex1_zero_rate:.4f}, 0 でない値 {ex1_values}, 平均 {ex1_out.mean():.4f}")

# %%
# **問題 2.** ``v2.RandomCrop(8, padding=1)``（周りを 1 画素広げてから 8×8 を切り抜き、最大 1 画素ずらす変換）を、
# 同じ画像を 4 枚重ねたミニバッチ (4, 1, 8, 8) に 1 回で適用すると、4 枚のずれ方はそろうでしょうか。1 枚ずつ適用した場合と比べてください。
#
# .. hint:: 4 枚が 1 枚目と同じかどうかは ``torch.equal`` で比べられます。
#
# .. answer::
#
#    ``v2`` のランダムな変換は 1 回の呼び出しで乱数を 1 組だけ引くので、まとめて渡すと 4 枚が同じだけずれます。
#    1 枚ごとに変えたいときは、:term:`データセット <Dataset>` の ``__getitem__`` の中などで 1 枚ずつ適用します。
#    ``GaussianNoise`` の雑音は画素ごとに引くので、まとめて渡しても 1 枚ごとに違います。
torch.manual_seed(0)
ex2_shift = v2.RandomCrop(8, padding=1)
ex2_batch = X_train[:1].cpu().repeat(4, 1, 1, 1)
ex2_together = ex2_shift(ex2_batch)
ex2_one_by_one = torch.stack([ex2_shift(img) for img in ex2_batch])
ex2_same = [all(torch.equal(i, b[0]) for i in b) for b in (ex2_together, ex2_one_by_one)]
print(f"4 枚が同じか: まとめて適用 {ex2_same[0]}, 1 枚ずつ適用 {ex2_same[1]}")

# %%
# **問題 3.** 重み減衰、ドロップアウト、データ拡張を 3 つ同時に使って学習し、最後の検証正解率を表の値と比べてください。
#
# .. hint:: ``fit(weight_decay=0.5, dropout=0.5, augment=noise)`` です。
#
# .. answer::
#
#    1 つずつ加えたどの場合よりも、最後の検証正解率が低くなりました。対策を重ねると、抑えすぎになることがあります。
#    ``weight_decay`` や ``p``、雑音の大きさは、検証データで確かめながら選びます。
_, ex3_all = fit(weight_decay=0.5, dropout=0.5, augment=noise)
ex3_final_acc = ex3_all[-1][2]
print(f"3 つ同時: 最後の検証損失 {ex3_all[-1][1]:.4f}, 最後の検証正解率 {ex3_final_acc:.3f}")

# %%
# このページで使った API
# ----------------------
# - :class:`torch.optim.AdamW`, :class:`torch.optim.Adam`, :class:`torch.optim.SGD`（``weight_decay``）
# - :class:`torch.nn.Dropout`, :meth:`torch.nn.Module.train`, :meth:`torch.nn.Module.eval`
# - ``torchvision.transforms.v2.GaussianNoise``, ``torchvision.transforms.v2.RandomCrop``
# - :class:`torch.nn.Sequential`, :class:`torch.nn.Linear`, :class:`torch.nn.CrossEntropyLoss`
# - :class:`torch.utils.data.DataLoader`, :class:`torch.utils.data.TensorDataset`, :func:`torch.randperm`
