"""The built HTML, read as files: links, outputs, downloads, glossary, offline."""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
import torch

from conftest import ROOT, SITE, SNIPPETS, all_snippets, sg_helpers

pytestmark = pytest.mark.site


class Page(HTMLParser):
    """Collects what the tests need from one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []  # (tag, url)
        self.images: list[dict[str, str]] = []
        self.headings: list[int] = []
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.resources.append((tag, a["src"]))
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "preload", "icon"):
            self.resources.append((tag, a["href"]))
        if tag == "img":
            self.images.append(a)
        if tag == "main":
            self.in_main += 1
        if self.in_main and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1


def pages() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


@pytest.fixture(scope="module")
def parsed(site) -> dict[Path, Page]:
    result = {}
    for path in pages():
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        result[path] = page
    return result


def page_of(site: Path, snippet: Path) -> Path:
    return site / snippet.relative_to(SNIPPETS).with_suffix(".html")


def test_every_snippet_became_a_page(site):
    for snippet in all_snippets():
        page = page_of(site, snippet)
        assert page.is_file(), f"{snippet} has no page {page}"


def test_every_executed_page_offers_py_and_ipynb(site):
    for snippet in all_snippets():
        page = page_of(site, snippet)
        html = page.read_text(encoding="utf-8")
        for suffix in (".py", ".ipynb"):
            match = re.search(rf'href="([^"]*{re.escape(snippet.stem + suffix)})"', html)
            assert match, f"{snippet.stem}: no download link for {suffix}"
            target = (page.parent / unquote(match.group(1))).resolve()
            assert target.is_file(), f"{snippet.stem}: download {target} missing"


def test_notebooks_hold_the_code(site):
    for snippet in all_snippets():
        [notebook] = site.rglob(f"_downloads/*/{snippet.stem}.ipynb")
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert "import" in code, f"{notebook} has no code cells"


def test_a_downloaded_notebook_runs(site, tmp_path, monkeypatch):
    """The .ipynb a reader downloads runs top to bottom and computes the same."""
    [notebook] = site.rglob("_downloads/*/tensor.ipynb")
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert len(code) >= 3
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    for number, source in enumerate(code):
        exec(compile(source, f"tensor.ipynb cell {number}", "exec"), namespace)
    assert tuple(namespace["images"].shape) == (4, 3, 8, 8)
    assert namespace["shared"].tolist()[:2] == [100.0, 200.0]


def test_no_memory_address_reprs(site):
    offenders = [
        str(p.relative_to(site))
        for p in pages()
        if re.search(r"object at 0x[0-9a-f]+", p.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"pages print a memory-address repr: {offenders}"


def test_every_executed_page_shows_real_output(site):
    for snippet in all_snippets():
        html = page_of(site, snippet).read_text(encoding="utf-8")
        assert "sphx-glr-script-out" in html or "sphx-glr-single-img" in html, (
            f"{snippet.stem}: no executed output on the page"
        )


def test_internal_links_and_anchors_resolve(site, parsed):
    broken = []
    for path, page in parsed.items():
        for href in page.links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "//")):
                continue
            target, fragment = urldefrag(urljoin(path.as_uri(), href))
            file = Path(unquote(urlparse(target).path))
            if file.is_dir():
                file = file / "index.html"
            if path.name == "404.html" and href.startswith("/"):
                file = site / unquote(href.split("#")[0].lstrip("/"))
            if not file.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
                continue
            if fragment and file.suffix == ".html":
                ids = parsed[file].ids if file in parsed else set()
                if unquote(fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {href} (no anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken[:50])


def test_no_resource_from_another_host(site, parsed):
    outside = [
        f"{path.relative_to(site)}: <{tag}> {url}"
        for path, page in parsed.items()
        for tag, url in page.resources
        if urlparse(url).scheme in ("http", "https") or url.startswith("//")
    ]
    assert not outside, "resources from other hosts:\n" + "\n".join(outside[:30])


def test_every_figure_has_alt_text_that_describes_it(site, parsed):
    missing = []
    for path, page in parsed.items():
        for img in page.images:
            src, alt = img.get("src", ""), img.get("alt", "").strip()
            if "_images/sphx_glr_" not in src or src.endswith("_thumb.png"):
                continue  # gallery thumbnails sit inside a link that carries the title
            # sphinx-gallery falls back to the file name when a figure has no title.
            stem = re.sub(r"^sphx_glr_|_\d{3}$", "", Path(src).stem).replace("_", " ")
            if not alt or alt == stem:
                missing.append(f"{path.relative_to(site)}: {src} alt={alt!r}")
    assert not missing, "figures without a descriptive title:\n" + "\n".join(missing)


def test_headings_do_not_skip_levels(site, parsed):
    bad = []
    for path, page in parsed.items():
        levels = page.headings
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                bad.append(f"{path.relative_to(site)}: h{before} -> h{after}")
                break
    assert not bad, "\n".join(bad)


def test_math_is_typeset_at_build_time(site):
    math_pages = [p for p in pages() if 'class="math' in p.read_text(encoding="utf-8")]
    assert math_pages, "no page has math"
    for path in math_pages:
        html = path.read_text(encoding="utf-8")
        assert 'class="katex' in html, f"{path}: math not rendered by KaTeX"
        assert "styles/site-theme.css" in html, f"{path}: the site's stylesheet missing"
        assert "mathjax" not in html.lower(), f"{path}: loads MathJax"
    # KaTeX's rules are in the one stylesheet, its fonts beside its own CSS.
    stylesheet = (site / "_static" / "styles" / "site-theme.css").read_text(encoding="utf-8")
    assert ".katex{" in stylesheet and ".katex-display" in stylesheet
    fonts = re.findall(r"url\((\.\./katex/fonts/[^)]+\.woff2)\)", stylesheet)
    assert fonts, "KaTeX's fonts are not in the stylesheet"
    for font in fonts:
        assert (site / "_static" / "styles" / font).resolve().is_file(), font


def term_pages() -> list[Path]:
    return [p for p in all_snippets() if p.parent.name == "glossary"]


def test_glossary_lists_every_term_with_its_page(site):
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<dt id="(term-[^"]+)"', html)
    assert len(term_pages()) >= 56
    assert len(entries) >= 2 * len(term_pages()), f"only {len(entries)} glossary names"
    for page in term_pages():
        assert f'href="{page.stem}.html"' in html, f"glossary does not link {page.stem}"


def test_glossary_is_in_gojuon_order(site):
    """Voiced kana sort as plain, small as large, ー as the vowel before it."""
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    entries = html[: html.find("sphx-glr-thumbnails")]
    shown = re.findall(r'→ <a class="reference internal" href="([a-z_]+)\.html"', entries)
    readings = {p.stem: sg_helpers.term_reading(p) for p in term_pages()}
    assert shown == sorted(readings, key=lambda stem: sg_helpers.reading_key(readings[stem]))
    # The neighbours that code-point order used to swap.
    for before, after in [
        ("learning_rate", "activation_function"),  # がくしゅうりつ < かっせいかかんすう
        ("cuda_tensors", "train_eval_mode"),  # くーだ (くうた) < くんれん
        ("dtype", "device"),  # でーたがた (てえた) < でばいす (てはいす)
        ("pytorch_library", "batch_size"),  # ぱいとーち (はいと) < ばっちさいず (はつち)
    ]:
        assert shown.index(before) < shown.index(after), (before, after)


def test_term_links_carry_their_summary(site):
    html = (site / "tutorials" / "regression" / "linear_regression_manual.html").read_text(
        encoding="utf-8"
    )
    links = re.findall(r'<a class="([^"]*glossary-term[^"]*)"[^>]*title="([^"]+)"', html)
    assert links, "no glossary hover cards on the tutorial"
    assert all(re.search(r"[ぁ-ん]", title) for _, title in links)


def test_term_uses_in_prose_link_to_the_glossary(site):
    html = (site / "tutorials" / "regression" / "linear_regression_manual.html").read_text(
        encoding="utf-8"
    )
    linked = set(re.findall(r'glossary-term[^>]*><span class="xref std std-term">([^<]+)<', html))
    assert {"エポック", "学習率", "勾配", "テンソル"} <= linked, linked
    for block in re.findall(r'<div class="highlight.*?</pre>', html, flags=re.S):
        assert "glossary-term" not in block, "a term was linked inside code"
    own = (site / "glossary" / "gradient.html").read_text(encoding="utf-8")
    assert 'href="index.html#term-Gradient"' not in own.split("term-card-back")[-1]


def test_link_titles_are_plain_text_and_name_no_stale_version(site, parsed):
    """Hover cards show the summary as read (no reST), API titles no 2.1 inventory."""
    bad = []
    for path in pages():
        html = path.read_text(encoding="utf-8")
        for title in re.findall(r'<a [^>]*title="([^"]*)"', html):
            if re.search(r"`|:(term|class|func|meth|doc|ref|math):|~torch|v2\.1\b", title):
                bad.append(f"{path.relative_to(site)}: {title[:80]}")
    assert not bad, "\n".join(bad[:20])


def test_every_page_describes_itself(site):
    descriptions: dict[str, str] = {}
    for path in pages():
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html or path.relative_to(site).parts[0] == "_static":
            continue  # a redirect from a moved page, or a theme's template fragment
        match = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert match, f"{path.relative_to(site)}: no meta description"
        assert '<meta property="og:title"' in html
        descriptions.setdefault(match.group(1), str(path.relative_to(site)))
        assert descriptions[match.group(1)] == str(path.relative_to(site)), (
            f"{path.relative_to(site)} and {descriptions[match.group(1)]} share a description"
        )


def test_moved_pages_keep_their_addresses(site):
    lines = (ROOT / "docs" / "redirects.txt").read_text(encoding="utf-8").splitlines()
    moves = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert len(moves) >= 9
    for old, new in moves:
        html = (site / f"{old}.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html).group(1)
        assert (site / Path(old).parent / target).resolve() == (site / f"{new}.html").resolve()
        assert (site / f"{new}.html").is_file()


def test_every_executed_page_carries_the_verified_stamp(site):
    date = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    version = torch.__version__.split("+")[0]
    for snippet in all_snippets():
        html = page_of(site, snippet).read_text(encoding="utf-8")
        stamp = re.search(r"torch ([\d.]+)（([A-Z]+)）で実行・検証済み（([\d-]+)）", html)
        assert stamp, f"{snippet.stem}: no stamp"
        assert stamp.group(1) == version
        # Built from this commit: its date (a later uncommitted build may be older).
        assert stamp.group(3) <= date


def test_colab_links_only_where_the_repository_is_known(site):
    html = (site / "glossary" / "tensor.html").read_text(encoding="utf-8")
    if os.environ.get("GITHUB_REPOSITORY"):
        assert "colab.research.google.com/github/" in html
    else:
        assert "colab.research.google.com" not in html, "a Colab link that leads nowhere"


def test_every_tutorial_has_its_frame_and_closed_answers(site):
    for snippet in all_snippets():
        if snippet.relative_to(SNIPPETS).parts[0] != "tutorials":
            continue
        html = page_of(site, snippet).read_text(encoding="utf-8")
        name = snippet.stem
        assert "lesson-box" in html and "このページで学ぶこと" in html, f"{name}: no lesson box"
        assert re.search(r"<h2>まとめ<", html), f"{name}: no まとめ"
        assert 'class="next-page"' in html, f"{name}: no next page"
        assert re.search(r"<h2>練習問題<", html), f"{name}: no 練習問題"
        answers = re.findall(r"<details class=\"answer fold\"([^>]*)>(.*?)</details>", html, re.S)
        assert len(answers) >= 2, f"{name}: {len(answers)} answers"
        for attrs, body in answers:
            assert "open" not in attrs, f"{name}: an answer is open on load"
            assert "highlight-Python" in body, f"{name}: an answer without executed code"


def test_the_tutorials_index_is_a_roadmap(site):
    html = (site / "tutorials" / "index.html").read_text(encoding="utf-8")
    parts = re.findall(r'<p class="roadmap-title"><strong>([^<]+)</strong>', html)
    assert parts[:4] == [
        "第1部 PyTorch の基本",
        "第2部 線形回帰で学習の仕組みを知る",
        "第3部 分類と自分のデータ",
        "第4部 さらに学ぶ",
    ]
    order = sg_helpers.reading_order("tutorials")
    links = re.findall(r'<li><p><a class="reference internal" href="([^"]+)\.html"', html)
    assert [link.rsplit("/", 1)[-1] for link in links] == [p.stem for p in order]
    assert len(re.findall(r"（約 \d+ 分）", html)) == len(order)


def test_install_page_pip_line_is_the_snippets_group(site):
    """The one pip line on the install page installs what the pages import."""
    requirements = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "dependency-groups"
    ]["snippets"]
    text = unescape(re.sub(r"<[^>]+>", "", (site / "intro" / "install.html").read_text("utf-8")))
    [line] = [t for t in text.splitlines() if t.startswith("pip install torch==")]
    assert shlex.split(line)[2:] == requirements
    imported: set[str] = set()
    for snippet in all_snippets():
        imported |= set(re.findall(r"^(?:import|from) (\w+)", snippet.read_text("utf-8"), re.M))
    distributions = {"sklearn": "scikit-learn", "matplotlib_fontja": "matplotlib-fontja"}
    pinned = {re.split(r"[=<>]", r)[0].lower() for r in requirements}
    third_party = (
        imported - set(sys.stdlib_module_names) - {"__future__", "PIL"}
    )  # PIL: torchvision's
    missing = {distributions.get(m, m).lower() for m in third_party} - pinned
    assert not missing, f"pages import packages the pip line lacks: {missing}"


def test_sphinx_gallery_backreferences_format(site):
    """glossary_terms reads this private file of sphinx-gallery 0.22: pin its shape."""
    index = ROOT / "docs" / "_generated" / "backreferences" / "backreferences_all.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    entries = data["torch.nn.Linear"]
    assert entries and all(len(entry) == 5 for entry in entries)
    fname, _src, target_dir, _intro, title = entries[0]
    assert fname.endswith(".py") and Path(target_dir).is_dir() and title


def test_interface_is_japanese(site):
    english = [
        "Go to the end",
        "Download Jupyter notebook",
        "Download Python source code",
        "Total running time of the script",
        "Gallery generated by Sphinx-Gallery",
        "Collapse Sidebar",
        "Link to this heading",
        "Search the docs",
    ]
    for path in pages():
        html = path.read_text(encoding="utf-8")
        found = [s for s in english if s in html]
        assert not found, f"{path.relative_to(site)} shows English UI text: {found}"


def test_search_uses_the_japanese_splitter(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for word in ("勾配", "テンソル", "損失", "データ"):
        assert word in index["terms"], f"{word} is not a search term"
    # The Janome splitter cuts words out of running Japanese text.
    assert "降下" in index["terms"] or "勾配降下法" in index["terms"]


def test_404_page(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "ページが見つかりません" in html


def test_photographs_are_offered_as_webp(site):
    """A figure of photographs comes as WebP too, a fraction of the PNG; plots stay PNG."""
    page = (site / "glossary" / "data_augmentation.html").read_text(encoding="utf-8")
    sources = re.findall(r'<picture><source type="image/webp" srcset="([^"]+)"', page)
    assert sources, "the photographs of data_augmentation are not offered as WebP"
    for entry in sources[0].split(", "):
        webp = (site / "glossary" / entry.split(" ")[0]).resolve()
        png = webp.with_suffix(".png")
        assert webp.stat().st_size < png.stat().st_size / 3, (webp.name, png.name)
    plots = (site / "tutorials" / "regression" / "gradient_and_learning_rate.html").read_text(
        encoding="utf-8"
    )
    assert "sphx-glr-single-img" in plots and "image/webp" not in plots
