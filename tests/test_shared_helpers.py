"""The training and evaluation helpers read the same on every page that defines them.

A learner meets ``train_one_epoch`` and ``evaluate`` on the CSV page and then
again on later pages and the cheat sheet; each page defines them itself (a
page runs on its own when copied), so this checks they never drift apart.
"""

from __future__ import annotations

import ast

from conftest import SNIPPETS

PAGES = [
    "tutorials/classification/csv_data.py",
    "tutorials/classification/image_training.py",
    "tutorials/classification/first_cnn.py",
    "cheatsheet/cheatsheet.py",
]
SIGNATURES = {
    "train_one_epoch": ["model", "loader", "loss_fn", "optimizer", "device"],
    "evaluate": ["model", "loader", "loss_fn", "device"],
}


def definitions(page: str) -> dict[str, str]:
    tree = ast.parse((SNIPPETS / page).read_text(encoding="utf-8"))
    return {
        node.name: ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in SIGNATURES
    }


def test_every_page_defines_the_same_helpers():
    first = definitions(PAGES[0])
    assert set(first) == set(SIGNATURES)
    for name, params in SIGNATURES.items():
        assert [a.arg for a in ast.parse(first[name]).body[0].args.args] == params
    for page in PAGES[1:]:
        assert definitions(page) == first, f"{page}: train_one_epoch/evaluate differ from csv_data"
