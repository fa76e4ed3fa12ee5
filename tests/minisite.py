"""A small copy of the site (the real conf/, a page or two per gallery) to build in tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

TERM = '''r"""
ベクトル（Vector）
==================

.. term-card::
   :ja: ベクトル
   :reading: べくとる
   :en: Vector
   :summary: 数の並びです。

本文です。
"""

# %%
numbers = [1, 2, 3]
print(f"要素数: {len(numbers)}")
'''

OK_SNIPPET = '''"""
{title}
==============================

説明です。
"""

# %%
print("ok")
'''


def make_site(tmp_path: Path) -> Path:
    """A minimal copy of the site: real conf/, one page per gallery."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "conf", root / "conf", ignore=shutil.ignore_patterns("__pycache__"))
    os.symlink(ROOT / "node_modules", root / "node_modules")
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        os.symlink(shared, tmp_path / "shared")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(
        "# ホーム\n\n{term}`ベクトル` の説明です。\n\n"
        "```{toctree}\n:hidden:\n\nintro/index\nglossary/index\ntutorials/index\n```\n",
        encoding="utf-8",
    )
    for gallery, title in (
        ("intro", "はじめに"),
        ("glossary", "用語集"),
        ("tutorials", "チュートリアル"),
    ):
        folder = root / "snippets" / gallery
        folder.mkdir(parents=True)
        header = f"{title}\n{'=' * 20}\n\n"
        if gallery == "glossary":
            header += ".. include:: /_generated/glossary_entries.inc\n"
        (folder / "GALLERY_HEADER.rst").write_text(header, encoding="utf-8")
    (root / "snippets" / "glossary" / "vector.py").write_text(TERM, encoding="utf-8")
    for name in ("what_is_pytorch", "install"):
        (root / "snippets" / "intro" / f"{name}.py").write_text(
            OK_SNIPPET.format(title=f"ページ {len(name)}"), encoding="utf-8"
        )
    (root / "snippets" / "intro" / "order.txt").write_text("what_is_pytorch.py\ninstall.py\n")
    (root / "snippets" / "tutorials" / "order.txt").write_text("")
    return root


def build(root: Path, **env_vars: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPLBACKEND="Agg", SPHX_GLR_PARALLEL="1", **env_vars)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", "conf", "-W", "--keep-going"]
    return subprocess.run(
        [*command, "-n", "docs", "docs/_build/html"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
