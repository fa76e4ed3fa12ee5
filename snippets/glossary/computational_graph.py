r"""
計算グラフ（Computational Graph）
=================================

.. term-card::
   :ja: 計算グラフ
   :reading: けいさんぐらふ
   :en: Computational Graph
   :api: torch.Tensor.grad_fn
   :summary: 計算を「演算のノード」と「値の流れの辺」で表した有向非巡回グラフ（DAG）です。
      PyTorch は計算を実行しながらこのグラフを記録し（define-by-run）、:term:`自動微分 <Autograd>` はそれを出力から入力へ逆にたどって勾配を求めます。
      演算の結果のテンソルが持つ ``grad_fn`` が、グラフを逆にたどるときの入口です。

定義
----
計算グラフは、計算を基本演算に分解して、演算（または変数）をノード、値の受け渡しを辺とした
有向非巡回グラフ（directed acyclic graph, DAG）です。たとえば :math:`z = x^2 + y^2` は、
入力 :math:`x, y`、中間の値 :math:`x^2, y^2`、出力 :math:`z` からなるグラフになります。

グラフの上では、連鎖律は「出力から各ノードまでの道をたどり、辺ごとの微分を掛けて、道ごとに足す」
という形になります。ノード :math:`v` の値を使うノードの集合を :math:`\mathrm{ch}(v)` とすると、

.. math::

   \frac{\partial z}{\partial v} = \sum_{u \in \mathrm{ch}(v)} \frac{\partial z}{\partial u}\,\frac{\partial u}{\partial v}

です。出力に近いノードから順にこの式を計算するのが逆伝播です。

PyTorch が記録するグラフでは、ノードは「演算の逆向きの計算」を表すオブジェクト
（``MulBackward0`` など）です。``requires_grad=True`` のテンソルを使って演算すると、結果の ``grad_fn`` にそのノードが入ります。
``grad_fn.next_functions`` は、その演算の入力側のノードの組です。
勾配が必要な葉テンソル（:term:`requires_grad` が ``True`` の入力）には ``AccumulateGrad`` が対応し、
勾配のいらない入力は ``None`` になります。

かみくだいた説明
----------------
計算グラフは、計算の「作業の流れ図」です。順伝播では下（入力）から上（出力）へ値が流れ、
逆伝播では同じ図を上から下へたどって、各入力が結果にどれだけ効いたかを配っていきます。
同じ入力を 2 か所で使えば、その入力には 2 本の道から勾配が届き、足し合わされます。

使われる場面
------------
- :meth:`~torch.Tensor.backward` による誤差逆伝播（グラフがあるから勾配が計算できます）
- 計算の途中で勾配が途切れていないかを調べるとき（途中の結果なのに ``grad_fn`` が ``None`` なら、そこで記録が途切れています）
"""

# %%
# グラフを記録する
# ----------------
# 定義で例にした :math:`z = x^2 + y^2` を :math:`x = 2, y = 3` で計算します。
# 結果の ``grad_fn`` から ``next_functions`` をたどると、記録されたグラフが見えます。
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  (グラフの日本語表示)
import torch
from matplotlib.patches import FancyArrowPatch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = x**2 + y**2
print(f"z.grad_fn: {z.grad_fn.name()}")
print(f"その入力側: {[fn.name() for fn, _ in z.grad_fn.next_functions]}")
print(f"x は葉テンソルか: {x.is_leaf}, x.grad_fn: {x.grad_fn}")

z.backward()
dz_dx, dz_dy = x.grad.item(), y.grad.item()
print(f"dz/dx = {dz_dx:.1f}（2x）, dz/dy = {dz_dy:.1f}（2y）")

# %%
# グラフを描く
# ------------
# ``grad_fn`` から ``next_functions`` をたどってノードと辺を集め、出力からの段数で高さを決めます。
# 葉（``AccumulateGrad``）はいちばん下にそろえ、各ノードは親の真下あたりに置きます。
# 矢印は ``next_functions`` の向き、つまり逆伝播がたどる向きです。


def collect_graph(output):
    """output.grad_fn からたどれるノードと、辺（出力側 → 入力側）の一覧を返します。"""
    nodes, edges, queue = [output.grad_fn], [], [output.grad_fn]
    while queue:
        fn = queue.pop(0)
        for child, _ in fn.next_functions:
            if child is None:  # 勾配の要らない入力（定数）
                continue
            edges.append((fn, child))
            if child not in nodes:
                nodes.append(child)
                queue.append(child)
    return nodes, edges


def is_leaf_node(fn):
    return fn.name().endswith("AccumulateGrad")


def layout(nodes, edges, gap=2.6):
    """各ノードの (x, y) 座標。y は出力からの最長の段数、x は親の x の平均（間隔は gap 以上）。"""
    depth = dict.fromkeys(nodes, 0)
    for _ in nodes:
        for parent, child in edges:
            depth[child] = max(depth[child], depth[parent] + 1)
    bottom = max(depth.values())
    depth.update({fn: bottom for fn in nodes if is_leaf_node(fn)})
    pos = {}
    for level in range(bottom + 1):
        row = [fn for fn in nodes if depth[fn] == level]
        parents_x = {fn: [pos[p][0] for p, c in edges if c is fn] or [0.0] for fn in row}
        want = {fn: sum(xs) / len(xs) for fn, xs in parents_x.items()}
        row.sort(key=want.get)
        xs = [want[row[0]]]
        for fn in row[1:]:
            xs.append(max(want[fn], xs[-1] + gap))
        shift = (sum(want.values()) - sum(xs)) / len(row)
        pos.update({fn: (x + shift, -level) for fn, x in zip(row, xs, strict=True)})
    return pos


def draw_graph(output, leaves, title):
    nodes, edges = collect_graph(output)
    pos = layout(nodes, edges)
    levels = 1 - min(y for _, y in pos.values())
    _, ax = plt.subplots(figsize=(6.4, 1.0 * levels + 0.8), layout="constrained")
    boxes = {}
    for fn in nodes:
        if is_leaf_node(fn):
            name = next(n for n, t in leaves.items() if t is fn.variable)
            label, color = f"{name} = {fn.variable.item():g}（葉）\nAccumulateGrad", "#d3f9d8"
        else:
            label, color = fn.name(), "#ffd8a8" if fn is output.grad_fn else "#d0ebff"
        style = {"boxstyle": "round,pad=0.4", "fc": color, "ec": "0.5"}
        boxes[fn] = ax.text(*pos[fn], label, ha="center", va="center", fontsize=10, bbox=style)
    for parent, child in edges:
        a, b = boxes[parent], boxes[child]
        arrow = FancyArrowPatch(
            a.get_position(),
            b.get_position(),
            arrowstyle="-|>",
            color="0.4",
            mutation_scale=14,
            lw=1.4,
            zorder=4,
            patchA=a.get_bbox_patch(),
            patchB=b.get_bbox_patch(),
        )
        ax.add_patch(arrow)
    note = "矢印: grad_fn → next_functions（逆伝播でたどる向き）"
    ax.text(0, 0, note, transform=ax.transAxes, fontsize=9, color="0.35")
    ax.set(xlim=(-3.8, 3.8), ylim=(-levels + 0.5, 0.5), title=title)
    ax.axis("off")
    plt.show()
    return nodes, edges, pos


seed_nodes, seed_edges, seed_pos = draw_graph(z, {"x": x, "y": y}, "z = x**2 + y**2 の計算グラフ")

# %%
# 同じ入力を 2 回使うと
# ---------------------
# :math:`w = x y + c \sin x`（:math:`c = 0.5` は勾配の要らない定数）では、:math:`x` を 2 か所で使います。
# ``AccumulateGrad`` (x) に 2 本の矢印が届き、勾配は 2 本の道の和
# :math:`\partial w / \partial x = y + c \cos x` になります。定数 :math:`c` は ``None`` なので描かれません。
c = torch.tensor(0.5)
w = x * y + c * torch.sin(x)
scaled_sin = w.grad_fn.next_functions[1][0]
print(f"c * sin(x) のノードの入力側: {[fn and fn.name() for fn, _ in scaled_sin.next_functions]}")
shared_nodes, shared_edges, shared_pos = draw_graph(
    w, {"x": x, "y": y}, "w = x * y + c * sin(x) の計算グラフ"
)

x.grad, y.grad = None, None
w.backward()
print(f"dw/dx = {x.grad.item():.4f}, y + c cos x = {(y + c * torch.cos(x)).item():.4f}")

# %%
# 関連用語
# --------
# :term:`自動微分 <Autograd>`、:term:`backward メソッド <Backward Method>`、:term:`requires_grad`、
# :term:`勾配 <Gradient>`、:term:`勾配計算の無効化 <no_grad / inference_mode>`
#
# このページで使った API
# ----------------------
# ``torch.Tensor.grad_fn``, :attr:`torch.autograd.graph.Node.next_functions`,
# :meth:`torch.autograd.graph.Node.name`, :attr:`torch.Tensor.is_leaf`, :meth:`torch.Tensor.backward`,
# ``matplotlib.patches.FancyArrowPatch``
#
# .. used-in-tutorials:: torch.Tensor.backward
