r"""
view と reshape（view / reshape）
=================================

.. term-card::
   :ja: view と reshape
   :reading: びゅーとりしぇいぷ
   :en: view / reshape
   :api: torch.Tensor.view, torch.Tensor.reshape
   :summary: テンソルの要素の並び（行優先の順番）を保ったまま、形だけを変えるメソッドです。
      ``view`` は必ず元のテンソルとメモリを共有し、共有したままでは新しい形を表せないとき（転置したテンソルを 1 列にするときなど）はエラーになります。
      ``reshape`` はできれば共有し、できなければコピーを作ります。どちらになるかに頼るコードは書きません。

定義
----
PyTorch のテンソルは、1 次元に並んだメモリ（ストレージ）と、その読み方である開始位置 :math:`o`、
形 :math:`(n_1, \dots, n_d)`、ストライド :math:`(s_1, \dots, s_d)` からなります。要素 :math:`(i_1, \dots, i_d)` は
ストレージの :math:`o + \sum_k i_k s_k` 番目にあります。ストライドが :math:`s_k = \prod_{j > k} n_j` のとき、
要素は行優先の順にすき間なく並んでいて、テンソルは **連続**（contiguous）であるといいます。

- ``t.view(shape)`` は、同じストレージを新しい形とストライドで読むテンソルを返します。データはコピーしません。
  新しい形を、今のストレージのままストライドで表せないときはエラーです（連続なテンソルならいつでも表せます）。
- ``t.reshape(shape)`` は、``view`` できるときは ``view`` と同じ結果を返し、できないときは
  ``t.contiguous().view(shape)`` と同じく、連続なコピーを作ってから形を変えます。
  公式ドキュメントのとおり、``reshape`` の結果がコピーか共有かには頼りません。書き換えが元に伝わってほしいなら ``view``、
  伝わってほしくないなら ``clone()`` で、はっきりさせます。

どちらも、要素を行優先の順に読んだ列は変わりません。形の 1 か所に ``-1`` を書くと、その長さは要素数から決まります。

かみくだいた説明
----------------
12 個の数が 1 列に並んだテープを思い浮かべてください。``view`` は同じテープを「4 個ずつ 3 段」や
「3 個ずつ 4 段」と読み替えるだけです。転置（``.t()``）は読む順番を飛び飛びにするので、テープを切らずに
1 列へ戻すことはできず、``view`` はエラーになります。``reshape`` は、そのときはテープを写し直して作ります。

使われる場面
------------
- 画像の束 (バッチ, 色, 縦, 横) を、:term:`全結合層 <Linear Layer>` に入れるため (バッチ, 色 × 縦 × 横) にするとき
- 1 次元のデータを (データ数, 1) の列にするとき
"""

# %%
# view はメモリを共有する
# -----------------------
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import numpy as np
import torch

flat = torch.arange(12)
m = flat.view(3, 4)
v = m.view(4, 3)
print(f"m: 形 {tuple(m.shape)}, stride {m.stride()}, 連続: {m.is_contiguous()}")
print(f"v: 形 {tuple(v.shape)}, stride {v.stride()}, 連続: {v.is_contiguous()}")
print(f"同じメモリを指すか: {v.data_ptr() == m.data_ptr() == flat.data_ptr()}")

v[0, 0] = 100
shared_value = m[0, 0].item()
print(f"v[0, 0] を 100 にすると m[0, 0] も: {shared_value}")
v[0, 0] = 0

# %%
# 転置したテンソルに view を使うと
# --------------------------------
# ``m.t()`` も同じメモリを指すテンソルですが、ストライドが入れ替わり、連続ではなくなります。
# 行優先に読むとメモリを 0, 4, 8, 1, … と飛び飛びに進むので、1 次元の ``view`` では表せません。
t = m.t()
same_memory = t.data_ptr() == m.data_ptr()
print(
    f"t: 形 {tuple(t.shape)}, stride {t.stride()}, 連続: {t.is_contiguous()}, 同じメモリ: {same_memory}"
)
try:
    t.view(12)
except RuntimeError as error:
    view_error = str(error)
    print(f"RuntimeError: {view_error}")

# %%
# ``reshape`` は、この場合コピーを作ります。コピーなので、元の ``m`` とはメモリが別で、書き換えても ``m`` は変わりません。
# 連続な ``m`` に対する ``reshape`` は、コピーせずに view を返します。
# このようにどちらになるかは入力しだいなので、``reshape`` の結果を書き換えて元が変わる（変わらない）ことを当てにしないでください。
t_flat = t.reshape(12)
m_flat = m.reshape(12)
print(f"t.reshape(12): {t_flat.tolist()}, 同じメモリ: {t_flat.data_ptr() == m.data_ptr()}")
print(f"m.reshape(12) は同じメモリ: {m_flat.data_ptr() == m.data_ptr()}")
print(f"t.contiguous().view(12) と同じ値: {torch.equal(t.contiguous().view(12), t_flat)}")

# %%
# 形の変更と転置は別物
# --------------------
# ``view(4, 3)`` と ``.t()`` はどちらも形が (4, 3) ですが、中身が違います。マスの色と数字はストレージの位置です。
# ``view`` は位置の順に詰め直すだけなので、行ごとに続けて読むと 0, 1, 2, … と並びます。
fig, axd = plt.subplot_mosaic(
    [["s", "s", "s"], ["m", "v", "t"]], figsize=(9, 4.8), height_ratios=[1, 4], layout="constrained"
)
storage = flat.numpy()[None, :]
axd["s"].imshow(storage, cmap="viridis", vmin=0, vmax=11)
for j, value in enumerate(storage[0]):
    axd["s"].text(j, 0, f"{value}", ha="center", va="center", color="w" if value < 6 else "k")
axd["s"].set(title="ストレージ（メモリ上の 12 個の並び）", xticks=[], yticks=[])
for key, tensor, name in [("m", m, "m"), ("v", v, "m.view(4, 3)"), ("t", t, "m.t()")]:
    grid = tensor.numpy()
    axd[key].imshow(grid, cmap="viridis", vmin=0, vmax=11)
    for (i, j), value in np.ndenumerate(grid):
        axd[key].text(j, i, f"{value}", ha="center", va="center", color="w" if value < 6 else "k")
    title = f"{name}\n形 {tuple(tensor.shape)}, stride {tensor.stride()}\n連続: {tensor.is_contiguous()}"
    axd[key].set(title=title, xticks=[], yticks=[])
plt.show()

# %%
# -1 で長さを任せる
# -----------------
# 画像の束を全結合層に入れる前に、1 枚ずつ 1 次元に並べ直す例です。
images = torch.zeros(8, 3, 4, 4)
flattened = images.view(images.shape[0], -1)
print(f"{tuple(images.shape)} → {tuple(flattened.shape)}")

# %%
# 関連用語
# --------
# :term:`テンソル <Tensor>`、:term:`テンソル演算 <Tensor Operations>`、:term:`ブロードキャスト <Broadcasting>`、
# :term:`全結合層 <Linear Layer>`
#
# このページで使った API
# ----------------------
# :meth:`torch.Tensor.view`, :meth:`torch.Tensor.reshape`, :meth:`torch.Tensor.contiguous`,
# :meth:`torch.Tensor.is_contiguous`, :meth:`torch.Tensor.stride`, :meth:`torch.Tensor.data_ptr`,
# :meth:`torch.Tensor.t`, :func:`torch.arange`, :func:`torch.equal`
#
# .. used-in-tutorials:: torch.Tensor.reshape torch.Tensor.view torch.Tensor.unsqueeze torch.Tensor.squeeze
