"""The built HTML, read as files: links, outputs, downloads, glossary, offline."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

from conftest import SITE, all_snippets

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


def test_every_snippet_became_a_page(site):
    for snippet in all_snippets():
        page = site / snippet.parent.name / f"{snippet.stem}.html"
        assert page.is_file(), f"{snippet} has no page {page}"


def test_every_executed_page_offers_py_and_ipynb(site):
    for snippet in all_snippets():
        html = (site / snippet.parent.name / f"{snippet.stem}.html").read_text(encoding="utf-8")
        for suffix in (".py", ".ipynb"):
            match = re.search(rf'href="([^"]*{re.escape(snippet.stem + suffix)})"', html)
            assert match, f"{snippet.stem}: no download link for {suffix}"
            target = (site / snippet.parent.name / unquote(match.group(1))).resolve()
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
        html = (site / snippet.parent.name / f"{snippet.stem}.html").read_text(encoding="utf-8")
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
        assert "katex/katex.min.css" in html, f"{path}: KaTeX stylesheet missing"
        assert "mathjax" not in html.lower(), f"{path}: loads MathJax"
    assert (site / "_static" / "katex" / "katex.min.css").is_file()


def test_glossary_has_forty_terms_with_pages(site):
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<dt id="(term-[^"]+)"', html)
    assert len(entries) >= 40 * 2, f"only {len(entries)} glossary names"
    term_pages = [p for p in all_snippets() if p.parent.name == "glossary"]
    assert len(term_pages) >= 40
    for page in term_pages:
        assert f'href="{page.stem}.html"' in html, f"glossary does not link {page.stem}"


def test_term_links_carry_their_summary(site):
    html = (site / "tutorials" / "linear_regression_manual.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="([^"]*glossary-term[^"]*)"[^>]*title="([^"]+)"', html)
    assert links, "no glossary hover cards on the tutorial"
    assert all(re.search(r"[ぁ-ん]", title) for _, title in links)


def test_term_uses_in_prose_link_to_the_glossary(site):
    html = (site / "tutorials" / "linear_regression_manual.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'glossary-term[^>]*><span class="xref std std-term">([^<]+)<', html))
    assert {"エポック", "学習率", "勾配", "テンソル"} <= linked, linked
    for block in re.findall(r'<div class="highlight.*?</pre>', html, flags=re.S):
        assert "glossary-term" not in block, "a term was linked inside code"
    own = (site / "glossary" / "gradient.html").read_text(encoding="utf-8")
    assert 'href="index.html#term-Gradient"' not in own.split("term-card-back")[-1]


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
