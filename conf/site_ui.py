"""What a Japanese reader meets around the content.

* KaTeX's stylesheet and fonts, served from ``_static/katex/`` (the formulas
  themselves are typeset at build time by ``katex_math``);
* the English strings that sphinx-gallery writes into every executed page,
  put into Japanese as the page source is read;
* one description per page (a term's summary, else the page's opening
  sentence), as parsed: the page's meta description and Open Graph tags, the
  hover card of every link to a glossary entry and the tooltip of gallery
  thumbnails all show it;
* every use of a glossary term's Japanese name in prose becomes a reference
  to its entry, resolved and checked by Sphinx like any ``:term:``;
* figures below the first load lazily, and phones get the 1x figure;
* a line break in the source between two Japanese characters does not turn
  into a space on the page (Japanese is written without spaces);
* a sitemap, when the site's address is known.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from html import escape as html_escape
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.index_entries import split_index_msg
from sphinx_gallery.directives import imgsgnode, visit_imgsg_html

from sg_helpers import JOIN_LINES, RUNNING_TIME, WIDE_CHAR, galleries, plain_text

GALLERIES = galleries()

# (pattern, replacement) applied to the reST that sphinx-gallery generates.
GALLERY_STRINGS = [
    (
        re.compile(
            r":ref:`Go to the end <(sphx_glr_download_[^>]+)>`\s*\n\s*to download the full example code[^\n]*"
        ),
        r"コードは :ref:`ページの末尾 <\1>` から .py または Jupyter ノートブックとしてダウンロードできます。",
    ),
    (
        re.compile(r":download:`Download Python source code: ([^<]+) <"),
        r":download:`Python ソースコードをダウンロード: \1 <",
    ),
    (
        re.compile(r":download:`Download Jupyter notebook: ([^<]+) <"),
        r":download:`Jupyter ノートブックをダウンロード: \1 <",
    ),
    (re.compile(r":download:`Download zipped: ([^<]+) <"), r":download:`ZIP でダウンロード: \1 <"),
    (
        RUNNING_TIME,
        r"**このページのコードの実行時間:** \1 分 \2 秒",
    ),
]


def translate_gallery_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.split("/", 1)[0] not in GALLERIES:
        return
    text = source[0]
    for pattern, replacement in GALLERY_STRINGS:
        text = pattern.sub(replacement, text)
    source[0] = text


def copy_katex_assets(app: Sphinx) -> None:
    """Stage KaTeX's CSS and woff2 fonts as a static directory ``katex/``."""
    root = Path(app.confdir).parent
    dist = root / "node_modules" / "katex" / "dist"
    css = dist / "katex.min.css"
    if not css.is_file():
        raise ExtensionError(
            f"{css} is missing: run `npm ci` in the repository root "
            "(nox -s docs does it) to install KaTeX's stylesheet and fonts"
        )
    stage = Path(app.srcdir) / "_generated" / "static"
    target = stage / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(css, target / "katex.min.css")
    # Browsers that run this site all take woff2, the first source in the CSS.
    for font in (dist / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)
    app.config.html_static_path.append(str(stage))


def join_japanese_lines(app: Sphinx, doctree: nodes.document) -> None:
    """Drop source line breaks next to Japanese characters in prose."""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(
            parent, (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw)
        ):
            continue
        if text.astext().strip() == "" and "\n" in text:
            # MyST writes a soft line break as a text node of its own.
            index = parent.index(text)
            left = parent[index - 1].astext()[-1:] if index > 0 else ""
            right = parent[index + 1].astext()[:1] if index + 1 < len(parent) else ""
            if WIDE_CHAR.match(left) or WIDE_CHAR.match(right):
                parent.remove(text)
        elif "\n" in text and JOIN_LINES.search(text):
            parent.replace(text, nodes.Text(JOIN_LINES.sub("", text)))


# -- One description per page -------------------------------------------------------
# Boxes whose text does not describe the page: the stamp, the lesson box, the
# term card's names, sphinx-gallery's download note.
NOT_DESCRIPTIVE = {"page-info", "lesson-box", "term-card-names", "sphx-glr-download-link-note"}
PAGE_DESCRIPTIONS = {
    "search": "PyTorch 日本語ドキュメントのサイト内を検索します。",
    "genindex": "PyTorch 日本語ドキュメントの索引です。用語と API の名前から、説明のあるページへ進めます。",
}


def describe_page(app: Sphinx, doctree: nodes.document) -> None:
    """Remember the page's description: a term's summary, else its first sentence(s)."""
    env = app.env
    text = getattr(env, "glossary_summary_text", {}).get(env.docname)
    if not text:
        text = next(
            (
                p.astext().strip()
                for p in doctree.findall(nodes.paragraph)
                if not _inside(p, NOT_DESCRIPTIVE) and len(p.astext().strip()) >= 10
            ),
            "",
        )
    env.page_descriptions = getattr(env, "page_descriptions", {})
    env.page_descriptions[env.docname] = plain_text(text)


def _inside(node: nodes.Node, classes: set[str], types: tuple[type, ...] = ()) -> bool:
    """True when the node or an ancestor is of one of the types or has one of the classes."""
    while node is not None:
        if isinstance(node, types) or (
            isinstance(node, nodes.Element) and classes.intersection(node.get("classes", []))
        ):
            return True
        node = node.parent
    return False


def forget_description(app: Sphinx, env, docname: str) -> None:
    getattr(env, "page_descriptions", {}).pop(docname, None)


def merge_descriptions(app: Sphinx, env, docnames, other) -> None:
    env.page_descriptions = getattr(env, "page_descriptions", {})
    env.page_descriptions.update(getattr(other, "page_descriptions", {}))


def shorten(text: str, limit: int = 120) -> str:
    """At most ``limit`` characters, cut after a full stop where there is one."""
    if len(text) <= limit:
        return text
    cut = text.rfind("。", 0, limit)
    return text[: cut + 1] if cut > limit // 3 else text[: limit - 1] + "…"


# -- Glossary terms in prose -----------------------------------------------------------
# Where prose must not grow links: code, math, titles, existing links, the
# glossary's own entries and the term card.
NO_LINK_PARENTS = (
    nodes.reference,
    nodes.literal,
    nodes.FixedTextElement,
    nodes.math,
    nodes.raw,
    nodes.title,
    nodes.rubric,
    nodes.term,
    nodes.field_name,
    addnodes.pending_xref,
    addnodes.desc_signature,
)
NO_LINK_CLASSES = {"term-card", "sphx-glr-script-out", "page-info"}
KATAKANA = re.compile(r"[ァ-ヺー]")
KANJI = re.compile(r"[\u3400-\u9fff]")


def _extends_word(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer katakana or kanji word."""
    for inside, outside in (
        (text[start], text[start - 1 : start]),
        (text[end - 1], text[end : end + 1]),
    ):
        if not outside:
            continue
        for script in (KATAKANA, KANJI):
            if script.match(inside) and script.match(outside):
                return True
    return False


def term_reference(name: str, docname: str) -> addnodes.pending_xref:
    """A ``:term:`` reference, as the role would make it."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="term",
        reftarget=name,
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
    )
    ref += nodes.inline(name, name, classes=["xref", "std", "std-term"])
    return ref


def link_term_uses(app: Sphinx, doctree: nodes.document) -> None:
    """Link every use of a glossary term's Japanese name in prose to its entry.

    Longest names first ("勾配降下法" before "勾配"); a name inside a longer
    katakana or kanji word ("ハイパーパラメータ", "勾配計算") is left alone, and
    so is a term on its own page. The links are pending references: Sphinx
    resolves them (for any builder) and ``-n`` checks them.
    """
    docname = app.env.docname
    if docname == "glossary/index":
        return
    pages = getattr(app.env, "glossary_page_by_name", {})
    names = sorted((n for n, page in pages.items() if page != docname), key=len, reverse=True)
    if not names:
        return
    pattern = re.compile("|".join(re.escape(n) for n in names))
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or _inside(parent, NO_LINK_CLASSES, NO_LINK_PARENTS):
            continue
        value = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in pattern.finditer(value):
            if _extends_word(value, match.start(), match.end()):
                continue
            pieces.append(nodes.Text(value[last : match.start()]))
            pieces.append(term_reference(match.group(0), docname))
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(value[last:]))
            parent.replace(text, [p for p in pieces if not (isinstance(p, nodes.Text) and not p)])


# -- Titles of links: hover cards, API links, thumbnails -------------------------------
STALE_VERSION = re.compile(r"\s*v\d+(?:\.\d+)+")
TOOLTIP = re.compile(r'tooltip="[^"]*"')


def term_text_by_anchor(app: Sphinx) -> dict[str, str]:
    """Glossary anchor (``term-...``) -> the term's summary as the reader sees it."""
    summaries = getattr(app.env, "glossary_summary_text", {})
    pages = getattr(app.env, "glossary_page_by_alias", {})
    by_anchor = {}
    for (objtype, name), (_docname, labelid) in app.env.domains.standard_domain.objects.items():
        if objtype == "term" and pages.get(name) in summaries:
            by_anchor[labelid] = summaries[pages[name]]
    return by_anchor


def titles_for_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Hover cards on term links; no stale version in API link titles; thumbnail tooltips."""
    by_anchor = term_text_by_anchor(app)
    for ref in doctree.findall(nodes.reference):
        inner = ref.children[0] if ref.children else None
        if isinstance(inner, nodes.inline) and "std-term" in inner.get("classes", []):
            target = ref.get("refuri", "") or ""
            anchor = ref.get("refid") or target.partition("#")[2]
            if anchor in by_anchor:
                ref["reftitle"] = by_anchor[anchor]
                ref["classes"].append("glossary-term")
        elif ref.get("reftitle"):
            # Intersphinx names the inventory's version (2.1), not the docs linked.
            ref["reftitle"] = STALE_VERSION.sub("", ref["reftitle"])
    descriptions = getattr(app.env, "page_descriptions", {})
    for raw in list(doctree.findall(nodes.raw)):
        if "sphx-glr-thumbnail-title" in raw.astext() and "\\_" in raw.astext():
            # A title written for reST ("state\_dict") shown as HTML.
            raw.replace_self(nodes.raw("", raw.astext().replace("\\_", "_"), format="html"))
            continue
        if "sphx-glr-thumbcontainer" not in raw.astext():
            continue
        link = raw.next_node(nodes.reference, include_self=False, descend=True, siblings=True)
        if link is None or not link.get("refuri"):
            continue
        page = posixpath.normpath(
            posixpath.join(posixpath.dirname(docname), link["refuri"].partition("#")[0])
        ).removesuffix(".html")
        if page in descriptions:
            tooltip = html_escape(shorten(descriptions[page]), quote=True)
            html = TOOLTIP.sub(lambda _m, t=tooltip: f'tooltip="{t}"', raw.astext())
            raw.replace_self(nodes.raw("", html, format="html"))


# -- Figures: lazy below the first, sized for the screen ---------------------------------
class LazyImages(SphinxPostTransform):
    """Every image of a page but its first loads lazily."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs) -> None:
        images = list(self.document.findall(lambda n: isinstance(n, (nodes.image, imgsgnode))))
        for node in images[1:]:
            node["loading"] = "lazy"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def srcset_files(srcset: str) -> list[str]:
    """The file of each entry of a srcset ("a.png, b.png 2.00x")."""
    return [entry.strip().split(" ")[0] for entry in srcset.split(",")]


# A figure with more colours than this is a photograph (a plot has far fewer):
# PNG keeps it several times larger than a WebP of the same look.
PHOTO_COLOURS = 1 << 15


def webp_copy(source: Path, target: Path) -> bool:
    """Write a WebP copy of a photograph-like PNG once; False for other figures."""
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return True
    from PIL import Image

    with Image.open(source) as image:
        rgba = image.convert("RGBA")
    if rgba.getcolors(PHOTO_COLOURS) is not None:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    rgba.save(target, "WEBP", quality=85, method=4)
    return True


def visit_figure(self, node: imgsgnode) -> None:
    """sphinx-gallery's figure, with width descriptors, its size, and lazy loading.

    With ``1x`` / ``2x`` descriptors a phone (whose screen has 2–3 device
    pixels per CSS pixel) downloads the 2x file though it shows the figure
    narrower than the 1x file; width descriptors with ``sizes`` let it take
    the file that fits. Width and height keep the layout from jumping. A
    figure of photographs is offered as WebP too (a fifth of the PNG's bytes).
    """
    visit_imgsg_html(self, node)
    html = self.body[-1]
    match = re.search(r' srcset="([^"]*)"', html) if html.startswith("<img ") else None
    if match is None:
        return
    # Sizes from the figures sphinx-gallery saved in the source tree.
    sources = srcset_files(node["srcset"])
    size_of = {
        Path(src).name: png_size(Path(self.builder.srcdir) / src.lstrip("/")) for src in sources
    }
    files = srcset_files(match.group(1))
    sizes = [size_of[Path(unquote(f)).name] for f in files]
    width, height = min(sizes)
    srcset = ", ".join(f"{f} {w}w" for f, (w, _h) in zip(files, sizes, strict=True))
    attrs = (
        f' srcset="{srcset}" sizes="(max-width: {width}px) 100vw, {width}px"'
        f' width="{width}" height="{height}"'
    )
    if node.get("loading") == "lazy":
        attrs += ' loading="lazy" decoding="async"'
    html = html.replace(match.group(0), attrs, 1)
    srcdir, images = Path(self.builder.srcdir), Path(self.builder.outdir) / self.builder.imagedir
    if all(
        webp_copy(srcdir / src.lstrip("/"), images / Path(src).with_suffix(".webp").name)
        for src in sources
    ):
        webp = ", ".join(
            f"{f.rsplit('.', 1)[0]}.webp {w}w" for f, (w, _h) in zip(files, sizes, strict=True)
        )
        html = (
            f'<picture><source type="image/webp" srcset="{webp}"'
            f' sizes="(max-width: {width}px) 100vw, {width}px">{html}</picture>'
        )
    self.body[-1] = html


def depart_figure(self, node: imgsgnode) -> None:
    pass


# -- Meta tags and sitemap -----------------------------------------------------------------
def page_meta(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A unique meta description and Open Graph tags on every page."""
    descriptions = getattr(app.env, "page_descriptions", {})
    text = descriptions.get(pagename) or PAGE_DESCRIPTIONS.get(pagename, app.config.html_title)
    description = html_escape(shorten(text), quote=True)
    title = html_escape(re.sub(r"<[^>]+>", "", context.get("title") or app.config.html_title))
    tags = [
        f'<meta name="description" content="{description}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{description}">',
        f'<meta property="og:type" content="{"website" if pagename == "index" else "article"}">',
        f'<meta property="og:site_name" content="{html_escape(app.config.html_title)}">',
        '<meta property="og:locale" content="ja_JP">',
    ]
    if app.config.html_baseurl:
        tags.append(f'<meta property="og:url" content="{app.config.html_baseurl}{pagename}.html">')
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


# -- What a page loads ----------------------------------------------------------------
# Scripts that extensions add to every page, and what a page must contain to
# need them. (Stylesheets are merged into one by lean_theme.)
SCRIPT_NEEDS = {"sg-tags.js": None, "design-tabs.js": "sd-tab"}
# Read by inline scripts of the theme while the page is parsed: not deferred.
SCRIPT_NOW = "documentation_options.js"


def _needed(filename: str, needs: dict, html: str) -> bool:
    name = filename.rsplit("/", 1)[-1]
    for prefix, marker in needs.items():
        if name.startswith(prefix):
            return marker is not None and marker in html
    return True


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load only the scripts a page uses, every one deferred.

    Deferred scripts run in order after the page is parsed, so the first paint
    waits for the stylesheet alone.
    """
    html = context.get("body", "") or ""
    scripts = []
    for js in context.get("script_files", []):
        if not _needed(str(js.filename), SCRIPT_NEEDS, html):
            continue
        deferred = "async" in js.attributes or "defer" in js.attributes
        now = str(js.filename).endswith(SCRIPT_NOW)
        if js.filename and not deferred and not now:
            js = type(js)(js.filename, priority=js.priority, **js.attributes, defer="defer")
        scripts.append(js)
    context["script_files"] = scripts


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sitemap.xml and robots.txt, when the site's address is known."""
    base = app.config.html_baseurl
    if exception is not None or app.builder.format != "html" or not base:
        return
    out = Path(app.outdir)
    urls = "".join(
        f"  <url><loc>{html_escape(base + doc)}.html</loc></url>\n"
        for doc in sorted(app.env.found_docs)
    )
    (out / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n",
        encoding="utf-8",
    )
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")


# -- Search index on incremental builds --------------------------------------------
def keep_index_entries(app: Sphinx, env) -> None:
    """Give the search index back the index entries of pages not rewritten.

    Sphinx 9 reloads the previous ``searchindex.js`` on an incremental build
    but not its index entries (``IndexBuilder.load``), so a rebuild that
    rewrites only some pages loses the others' entries, and the search page
    stops finding a term's page first. They are rebuilt here from the
    environment, exactly as ``IndexBuilder.feed`` derives them.
    """
    builder = app.builder
    original = builder.load_indexer

    def load_indexer(docnames):
        original(docnames)
        entries = builder.indexer._index_entries
        by_doc = env.domains.index_domain.entries
        for docname in env.all_docs:
            if docname in entries or docname in docnames or docname not in by_doc:
                continue
            found: set[tuple[str, str, str]] = set()
            for entry_type, value, target_id, main, _key in by_doc[docname]:
                try:
                    parts = split_index_msg(entry_type, value)
                except ValueError:
                    continue
                if entry_type in {"see", "seealso"}:
                    found.add((parts[0], target_id or "", main))
                found |= {(part, target_id or "", main) for part in parts}
            entries[docname] = sorted(found)

    if hasattr(builder, "load_indexer"):
        builder.load_indexer = load_indexer


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", copy_katex_assets)
    app.connect("source-read", translate_gallery_source)
    app.connect("doctree-read", join_japanese_lines)
    app.connect("doctree-read", link_term_uses)
    app.connect("doctree-read", describe_page, priority=900)
    app.connect("env-purge-doc", forget_description)
    app.connect("env-merge-info", merge_descriptions)
    app.connect("doctree-resolved", titles_for_links)
    app.connect("html-page-context", page_meta)
    app.connect("html-page-context", trim_assets, priority=900)
    app.connect("build-finished", write_sitemap)
    app.connect("env-updated", keep_index_entries)
    app.add_post_transform(LazyImages)
    app.add_node(imgsgnode, override=True, html=(visit_figure, depart_figure))
    app.add_js_file("term-tooltips.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
