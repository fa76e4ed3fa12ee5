"""計算グラフ: the graph walked from grad_fn, its drawing, and the chain rule on it."""

import math
from itertools import pairwise

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/computational_graph")


def names(nodes):
    return sorted(fn.name().split("::")[-1] for fn in nodes)


def test_seed_gradients(ns):
    assert ns["z"].item() == pytest.approx(13.0)
    assert ns["dz_dx"] == pytest.approx(4.0)
    assert ns["dz_dy"] == pytest.approx(6.0)


def test_seed_graph_structure(ns):
    nodes, edges = ns["seed_nodes"], ns["seed_edges"]
    assert names(nodes) == [
        "AccumulateGrad",
        "AccumulateGrad",
        "AddBackward0",
        "PowBackward0",
        "PowBackward0",
    ]
    assert len(edges) == 4
    leaves = {id(fn.variable) for fn in nodes if ns["is_leaf_node"](fn)}
    assert leaves == {id(ns["x"]), id(ns["y"])}


def test_shared_input_receives_two_edges_and_constant_is_absent(ns):
    nodes, edges = ns["shared_nodes"], ns["shared_edges"]
    assert names(nodes) == [
        "AccumulateGrad",
        "AccumulateGrad",
        "AddBackward0",
        "MulBackward0",
        "MulBackward0",
        "SinBackward0",
    ]
    assert len(edges) == 6
    (acc_x,) = [fn for fn in nodes if ns["is_leaf_node"](fn) and fn.variable is ns["x"]]
    assert sum(child is acc_x for _, child in edges) == 2
    assert all(fn.variable is not ns["c"] for fn in nodes if ns["is_leaf_node"](fn))


def test_layout_puts_output_on_top_and_leaves_at_the_bottom(ns):
    for key, nodes_key in [("seed_pos", "seed_nodes"), ("shared_pos", "shared_nodes")]:
        pos, nodes = ns[key], ns[nodes_key]
        bottom = min(y for _, y in pos.values())
        assert pos[nodes[0]][1] == 0
        assert all(pos[fn][1] == bottom for fn in nodes if ns["is_leaf_node"](fn))
        for level in {y for _, y in pos.values()}:
            xs = sorted(x for x, y in pos.values() if y == level)
            assert all(b - a >= 2.6 - 1e-9 for a, b in pairwise(xs))


def test_chain_rule_sums_both_paths(ns):
    expected = 3.0 + 0.5 * math.cos(2.0)
    assert ns["x"].grad.item() == pytest.approx(expected, rel=1e-6)
    assert ns["y"].grad.item() == pytest.approx(2.0)


def test_two_graph_figures(ns):
    figures = ns["__figures__"]
    assert len(figures) == 2
    box_counts = [sum(t.get_bbox_patch() is not None for t in f.axes[0].texts) for f in figures]
    assert box_counts == [5, 6]
