r"""
モデルを書き出して使う
======================

学習した小さな CNN を ``torch.export`` で計算の手順ごと書き出し、ファイルに保存して読み込みます。
読み込んだモデルが、ミニバッチの大きさを変えても元のモデルと同じ出力を返すことを確かめます。

.. lesson::
   :prerequisites: :doc:`/tutorials/classification/first_cnn`、:term:`状態辞書 <state_dict>`、:term:`計算グラフ <Computational Graph>`

   - :func:`torch.export.export` で、モデルを Python のコードから切り離した計算グラフにする
   - ミニバッチの大きさを変えられるように、動的な次元を指定する
   - ``.pt2`` ファイルに保存して読み込み、元のモデルと出力が一致することを確かめる
   - 書き出したモデルを Python の外で動かす道具（AOTInductor、ExecuTorch）を知る

これまでは、学習したモデルを状態辞書として保存しました。状態辞書は重みだけなので、読み込むにはモデルを組み立てるコードが要ります。
このページでは、重みと計算の手順をまとめて 1 つのファイルにします。
"""

# %%
# 書き出すモデルを学習する
# ------------------------
# :doc:`/tutorials/classification/first_cnn` と同じ形の CNN を、手書き数字で手早く学習します。
# 書き出しはデバイスを選ばずに CPU で行います（書き出したモデルは、重みが置かれていたデバイスで動きます）。
# 書き出す前に :meth:`~torch.nn.Module.eval` で :term:`評価モード <train / eval mode>` にします。
import tempfile
from pathlib import Path

import torch
from sklearn.datasets import load_digits
from torch import nn

digits = load_digits()
X = torch.tensor(digits.images / 16, dtype=torch.float32).unsqueeze(1)
y = torch.tensor(digits.target)
gen = torch.Generator().manual_seed(0)
perm = torch.randperm(len(X), generator=gen)
train_idx, test_idx = perm[:1400], perm[1400:]
X_test, y_test = X[test_idx], y[test_idx]

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 2 * 2, 10),
)  # fmt: skip
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(5):
    for idx in train_idx[torch.randperm(len(train_idx), generator=gen)].split(64):
        loss = nn.functional.cross_entropy(model(X[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
model.eval()
with torch.inference_mode():
    test_acc = (model(X_test).argmax(dim=1) == y_test).float().mean().item()
print(f"テスト正解率: {test_acc:.4f}（{len(X_test)} 枚）")

# %%
# torch.export で書き出す
# -----------------------
# :func:`torch.export.export` に、モデルと入力の例（引数のタプル）を渡します。
# PyTorch は例の入力でモデルを 1 回たどり、通った演算をすべて記録した計算グラフを作ります。
# 結果は :class:`~torch.export.ExportedProgram` で、グラフと重みを持ちます。
#
# 何も指定しないと、入力の形は例と同じものに固定されます。
# ミニバッチの大きさを変えたいので、``torch.export.Dim`` で 0 番目の次元を「大きさの決まらない次元」にします。
# ``dynamic_shapes`` は、引数ごとに「次元の番号 → ``Dim``」の辞書を並べたものです。
example = (X_test[:8],)
batch = torch.export.Dim("batch")
exported = torch.export.export(model, example, dynamic_shapes=({0: batch},))
print(exported.graph_signature)

# %%
# グラフの入力は、パラメータ（``PARAMETER``）と、呼び出すときに渡す入力（``USER_INPUT``）です。
# グラフの中の演算を、出力の形と一緒に並べます。``s`` で始まる記号が、大きさの決まらないバッチの次元です。
ops = [node for node in exported.graph.nodes if node.op == "call_function"]
for node in ops:
    print(f"{node.name:>13}: {node.target}, 出力の形 {tuple(node.meta['val'].shape)}")

# %%
# 保存して読み込み、2 つの大きさで動かす
# --------------------------------------
# :func:`torch.export.save` で ``.pt2`` ファイルに保存し、:func:`torch.export.load` で読み込みます。
# 読み込む側には、モデルのクラスの定義は要りません。
# :meth:`~torch.export.ExportedProgram.module` で、ふつうのモジュールのように呼び出せる形にします。
# 1 枚と、テストデータ全体の 2 つの大きさで、元のモデルの出力と比べ、差の最大値を表示します。
with tempfile.TemporaryDirectory() as tmpdir:
    path = Path(tmpdir) / "digits_cnn.pt2"
    torch.export.save(exported, path)
    file_kib = path.stat().st_size / 1024
    loaded = torch.export.load(path)
print(f"ファイルの大きさ: {file_kib:.1f} KiB")

runner = loaded.module()
max_diffs = []
for xb in (X_test[:1], X_test):
    with torch.inference_mode():
        out_loaded, out_eager = runner(xb), model(xb)
    torch.testing.assert_close(out_loaded, out_eager)
    max_diffs.append((out_loaded - out_eager).abs().max().item())
    shapes = f"入力 {tuple(xb.shape)} → 出力 {tuple(out_loaded.shape)}"
    print(f"{shapes}, 差の最大値 {max_diffs[-1]:.2e}")

# %%
# :func:`torch.testing.assert_close` は、2 つのテンソルが誤差の範囲で一致しなければ例外を出します。
# 例外が出なかったので、読み込んだモデルは元のモデルと同じ計算をしています。
# 大きさを決めなかったのはバッチの次元だけなので、画像の大きさが違う入力は、呼び出したときに拒まれます。
try:
    runner(torch.zeros(2, 1, 16, 16))
    rejected = ""
except AssertionError as err:
    rejected = str(err).splitlines()[0]
print(f"16×16 の画像を渡したとき: {rejected}")

# %%
# Python の外で動かす
# -------------------
# 書き出した ``ExportedProgram`` 自体は、まだ PyTorch の入った Python から使うものです。
# Python のない環境で動かすには、これをもとに、さらに変換します。
# AOTInductor は、``ExportedProgram`` を前もってコンパイルし、C++ のプログラムから読み込める形（``.pt2`` のパッケージ）にします。サーバで推論するときに使います。
# ExecuTorch は、スマートフォンや組み込み機器のための実行環境で、``ExportedProgram`` を小さな ``.pte`` ファイルに変換して動かします。
# ONNX 形式に書き出す :func:`torch.onnx.export` も、いまは内部で ``torch.export`` を使います（``dynamo=True`` が既定）。
# 以前使われていた TorchScript（``torch.jit.script`` や ``torch.jit.trace``）は非推奨になり、使うと警告が出ます。新しく書くコードでは ``torch.export`` を使います。

# %%
# まとめ
# ------
# - ``torch.export.export`` は、例の入力でモデルをたどり、計算グラフと重みを ``ExportedProgram`` にまとめます。
# - 形は例の入力に固定されます。変えたい次元は ``torch.export.Dim`` で ``dynamic_shapes`` に指定します。
# - ``torch.export.save`` と ``torch.export.load`` でファイルにし、``.module()`` で呼び出します。モデルのコードは要りません。
# - Python の外で動かすときは、AOTInductor や ExecuTorch に渡します。
#
# .. next-page::

# %%
# 練習問題
# --------
# **問題 1.** ``dynamic_shapes`` を渡さずに書き出し、例と違う大きさのミニバッチを渡すとどうなるか確かめてください。
#
# .. hint:: 例の入力は 8 枚です。3 枚を渡してみます。
#
# .. answer::
#
#    バッチの大きさが例の 8 に固定されるので、3 枚は拒まれます。
ex1_static = torch.export.export(model, example).module()
try:
    ex1_static(X_test[:3])
    ex1_message = ""
except AssertionError as err:
    ex1_message = str(err).splitlines()[0]
print(f"3 枚を渡したとき: {ex1_message}")

# %%
# **問題 2.** 書き出したプログラムの重み ``exported.state_dict`` が、元のモデルの重みと同じであることを確かめてください。
#
# .. hint:: 名前（キー）ごとに :func:`torch.equal` で比べます。
#
# .. answer::
ex2_same = all(torch.equal(exported.state_dict[k], v) for k, v in model.state_dict().items())
print(f"重みの名前: {list(exported.state_dict)}")
print(f"すべて元のモデルと同じか: {ex2_same}")

# %%
# **問題 3.** ``torch.export.Dim("batch", max=64)`` のように上限を付けて書き出し、100 枚を渡すとどうなるか確かめてください。
#
# .. hint:: ``Dim`` には ``min`` と ``max`` を指定できます。
#
# .. answer::
ex3_runner = torch.export.export(
    model, example, dynamic_shapes=({0: torch.export.Dim("batch", max=64)},)
).module()
ex3_out = ex3_runner(X_test[:64])
try:
    ex3_runner(X_test[:100])
    ex3_message = ""
except AssertionError as err:
    ex3_message = str(err).splitlines()[0]
print(f"64 枚の出力: {tuple(ex3_out.shape)}, 100 枚を渡したとき: {ex3_message}")

# %%
# このページで使った API
# ----------------------
# - :func:`torch.export.export`, ``torch.export.Dim``, :class:`torch.export.ExportedProgram`,
#   :meth:`torch.export.ExportedProgram.module`
# - :func:`torch.export.save`, :func:`torch.export.load`, :func:`torch.testing.assert_close`
# - :func:`torch.onnx.export`, :meth:`torch.nn.Module.eval`, :func:`torch.equal`
