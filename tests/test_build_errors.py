"""Bad input stops the build with a message that names the file and line.

Each test builds a small site with the real configuration (conf/) in a
temporary directory, with one mistake in it, and reads what sphinx-build says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def build(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPLBACKEND="Agg", SPHX_GLR_PARALLEL="1")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", "conf", "-W", "--keep-going"]
    return subprocess.run(
        [*command, "-n", "docs", "docs/_build/html"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def test_mistakes_in_pages_stop_the_build_and_name_file_and_line(site):
    """One build with three mistakes: --keep-going reports every one of them."""
    # A snippet that raises.
    bad = site / "snippets" / "intro" / "install.py"
    bad.write_text(
        OK_SNIPPET.format(title="インストール") + '\nraise ValueError("壊れたスニペット")\n',
        encoding="utf-8",
    )
    # A link to a term the glossary does not have.
    index = site / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n\n{term}`存在しない用語` を参照します。\n",
        encoding="utf-8",
    )
    # A reference to an API that does not exist.
    term = site / "snippets" / "glossary" / "vector.py"
    term.write_text(
        TERM.replace("本文です。", "本文です。:class:`torch.nn.NoSuchLayer` を使います。"),
        encoding="utf-8",
    )
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/intro/install.py" in output
    assert "壊れたスニペット" in output
    assert re.search(r"index\.md:\d+: WARNING: term not in glossary: '存在しない用語'", output)
    assert re.search(
        r"glossary/vector\.rst:\d+: WARNING: py:class reference target not found: torch\.nn\.NoSuchLayer",
        output,
    )


def test_a_term_card_without_reading_stops_the_build(site):
    snippet = site / "snippets" / "glossary" / "vector.py"
    snippet.write_text(TERM.replace("   :reading: べくとる\n", ""), encoding="utf-8")
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/glossary/vector.py:5" in output
    assert "reading" in output


def test_a_tutorial_missing_from_the_reading_order_stops_the_build(site):
    stray = site / "snippets" / "tutorials" / "stray.py"
    stray.write_text(OK_SNIPPET.format(title="迷子のページ"), encoding="utf-8")
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/tutorials/stray.py is not listed in snippets/tutorials/order.txt" in output
