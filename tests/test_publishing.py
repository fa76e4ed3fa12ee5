"""What the published site gets that a local build leaves out, and the course frame.

A small copy of the site is built once as GitHub Actions builds it for Pages:
with GITHUB_REPOSITORY (Colab and feedback links) and SITE_URL on a project
site (a path prefix), and with one tutorial in a part (a nested gallery).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from minisite import build, make_site

REPO = "example-org/pytorch-ja-docs"
SITE_URL = "https://example-org.github.io/pytorch-ja-docs/"

LESSON = '''r"""
部の中のページ
==============

入れ子になったギャラリーのページです。

.. lesson::
   :prerequisites: :doc:`/intro/install`

   - 答えを隠して表示すること
"""

# %%
# 本文
# ----
total = sum(range(4))
print(f"合計: {total}")

# %%
# 練習問題
# --------
# **問題 1.** 0 から 4 までを足してください。
#
# .. answer::

ex1_total = sum(range(5))
print(f"答え: {ex1_total}")

# %%
# 答えのあとの文です。
'''


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("published"))
    part = root / "snippets" / "tutorials" / "part1"
    part.mkdir()
    (part / "GALLERY_HEADER.rst").write_text("第1部\n-----\n\n部の説明です。\n", encoding="utf-8")
    (part / "order.txt").write_text("lesson.py\n")
    (part / "lesson.py").write_text(LESSON, encoding="utf-8")
    (root / "snippets" / "tutorials" / "order.txt").write_text("part1\n")
    # Outside a git checkout, the date comes from SOURCE_DATE_EPOCH (2026-11-30).
    result = build(root, GITHUB_REPOSITORY=REPO, SITE_URL=SITE_URL, SOURCE_DATE_EPOCH="1796000000")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root


def html_of(root: Path, page: str) -> str:
    return (root / "docs" / "_build" / "html" / page).read_text(encoding="utf-8")


def test_every_executed_page_links_its_notebook_in_colab(published):
    pages = ["intro/install.html", "glossary/vector.html", "tutorials/part1/lesson.html"]
    for page in pages:
        docname = page.removesuffix(".html")
        url = f"https://colab.research.google.com/github/{REPO}/blob/notebooks/{docname}.ipynb"
        assert f'href="{url}"' in html_of(published, page), page
        # The workflow publishes docs/**/*.ipynb at those paths on the notebooks branch.
        assert (published / "docs" / f"{docname}.ipynb").is_file()


def test_pages_link_a_prefilled_issue(published):
    html = html_of(published, "tutorials/part1/lesson.html")
    match = re.search(r'href="(https://github\.com/[^"]+/issues/new\?[^"]+)"', html)
    assert match and match.group(1).startswith(f"https://github.com/{REPO}/issues/new?title=")
    assert "tutorials/part1/lesson.html" in match.group(1).replace("%2F", "/")


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def test_404_page_resolves_under_the_project_prefix(published):
    """GitHub Pages serves 404.html for any missing URL below /pytorch-ja-docs/."""
    out = published / "docs" / "_build" / "html"
    refs = Refs()
    refs.feed(html_of(published, "404.html"))
    local = [u for u in refs.urls if not urlparse(u).scheme and not u.startswith("#")]
    assert local, "the 404 page links nothing"
    prefix = urlparse(SITE_URL).path
    for url in local:
        assert url.startswith(prefix), f"404 page: {url} is not under {prefix}"
        target = out / urlparse(url).path.removeprefix(prefix)
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"404 page: {url} does not resolve"


def test_sitemap_canonical_and_open_graph(published):
    sitemap = html_of(published, "sitemap.xml")
    assert f"<loc>{SITE_URL}tutorials/part1/lesson.html</loc>" in sitemap
    html = html_of(published, "tutorials/part1/lesson.html")
    assert f'<link rel="canonical" href="{SITE_URL}tutorials/part1/lesson.html"' in html
    assert f'<meta property="og:url" content="{SITE_URL}tutorials/part1/lesson.html">' in html


def test_lesson_box_stamp_and_answer(published):
    html = html_of(published, "tutorials/part1/lesson.html")
    assert "このページで学ぶこと" in html and "前提" in html and "目安の時間" in html
    assert re.search(r"torch \d+\.\d+\.\d+（[A-Z]+）で実行・検証済み（2026-11-30）", html)
    details = re.search(r'<details class="answer fold">(.*?)</details>', html, flags=re.S)
    assert details, "the answer is not in a closed box"
    assert "ex1_total" in details.group(1) and "答え: 10" in details.group(1)
    assert "答えのあとの文です。" not in details.group(1)


def test_notebook_first_cell_sets_up_a_fresh_environment(published):
    """The first code cell installs what Colab lacks; where all is installed, it does nothing."""
    notebook = json.loads((published / "docs" / "tutorials" / "part1" / "lesson.ipynb").read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "matplotlib-fontja" in code[0]
    result = subprocess.run(
        [sys.executable, "-c", "\n\n".join(code)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "合計: 6" in result.stdout and "答え: 10" in result.stdout
    assert "pip" not in result.stdout + result.stderr  # nothing was installed
