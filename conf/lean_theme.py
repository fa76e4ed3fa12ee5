"""The theme's stylesheet cut to what this site's pages use, in one request.

pydata-sphinx-theme ships one 370 KB stylesheet (all of Bootstrap and every
Font Awesome icon) behind an ``@import`` chain (``theme.css`` → ``basic.css``),
a 115 KB icon font that the header's icons pull in at first paint, and a 90 KB
script that renders custom icons, which this site has none of. A phone on a
slow network waits for every stylesheet before it paints anything.

When the build finishes, this module writes ``_static/styles/site-theme.css``:
Sphinx's ``basic.css``, the theme's stylesheet and every local stylesheet the
extensions add (Pygments, sphinx-gallery, KaTeX, the site's own), in the order
a page would load them, with only the rules whose class and id selectors occur
in the written pages or the scripts they load (the rule PurgeCSS applies: a
class that no page or script names cannot match), and the Font Awesome fonts
cut to the icons those rules draw, inlined, so an icon never swaps in after the
first paint and moves the text around it. A page links this one stylesheet
(``_templates/layout.html``). The written pages are read here, never rewritten;
``tests/test_site_browser.py`` draws pages with this file and with the
stylesheets it replaces and compares the screenshots.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import logging as std_logging
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

OUTPUT = "_static/styles/site-theme.css"
# What the theme loads before every other stylesheet (theme.css is only an
# @import of basic.css), relative to _static/.
THEME_SHEETS = [("basic.css", None), ("styles/pydata-sphinx-theme.css", None)]
# The local stylesheets that Sphinx and the extensions add to every page, in
# their order, as (path in _static/, media): read from a page's context.
added_sheets: list[tuple[str, str | None]] = []
# Scripts that no page of this site loads (the layout template drops them).
UNLOADED_SCRIPTS = {"fontawesome.js"}
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
# Selectors whose arguments need not all be present: :not(.x) matches without
# any .x, and :is(.a, .b) or :where(...) needs only one of them.
LENIENT_PSEUDO = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")
NAMES = re.compile(r"[.#]((?:\\.|[A-Za-z0-9_-])+)")
GROUPING_RULES = ("@media", "@supports", "@layer", "@container")
# Icon characters (Unicode's Private Use Area), escaped as Font Awesome's
# classes write them ("\f019") or literal as the theme's --pst-icon-* are.
ICON_ESCAPE = re.compile(r'"\\([ef][0-9a-f]{3})"')
ICON_CHARACTER = re.compile("[\ue000-\uf8ff]")
# Font Awesome's font files and the classes that select each of them.
ICON_FONTS = {
    "fa-solid-900": ("fa-solid", "fas"),
    "fa-regular-400": ("fa-regular", "far"),
    "fa-brands-400": ("fa-brands", "fab"),
}


def split_blocks(css: str) -> list[tuple[str, str | None]]:
    """Top-level ``(prelude, body)`` pairs; ``body`` is None for ``@x ...;``."""
    blocks: list[tuple[str, str | None]] = []
    i, end = 0, len(css)
    while i < end:
        j = _skip_to(css, i, "{;")
        if j >= end:
            break
        prelude = css[i:j].strip()
        if css[j] == ";":
            blocks.append((prelude, None))
            i = j + 1
            continue
        depth, k = 1, j + 1
        while depth:
            k = _skip_to(css, k, "{}")
            depth += 1 if css[k] == "{" else -1
            k += 1
        blocks.append((prelude, css[j + 1 : k - 1]))
        i = k
    return blocks


def _skip_to(css: str, i: int, stops: str) -> int:
    """Index of the next character in ``stops``, stepping over quoted strings."""
    while i < len(css) and css[i] not in stops:
        if css[i] in "\"'":
            quote = css[i]
            i += 1
            while css[i] != quote:
                i += 2 if css[i] == "\\" else 1
        i += 1
    return i


def split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def can_match(selector: str, words: set[str]) -> bool:
    required = LENIENT_PSEUDO.sub("", re.sub(r"\[[^\]]*\]", "", selector))
    return all(name.replace("\\", "") in words for name in NAMES.findall(required))


def purge(css: str, words: set[str]) -> str:
    """The rules of ``css`` that can match a page; at-rules other than grouping kept."""
    kept = []
    for prelude, body in split_blocks(css):
        if body is None:
            if not prelude.startswith("@import"):
                kept.append(prelude + ";")
        elif prelude.startswith(GROUPING_RULES):
            inner = purge(body, words)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if can_match(s, words)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)


def subset_font(path: Path, codepoints: set[int]) -> bytes | None:
    """The font cut to ``codepoints`` as WOFF2, or None when it has none of them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)  # no INFO per table

    font = TTFont(path)
    present = codepoints & set(font.getBestCmap())
    if not present:
        return None
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(present))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def inline_icon_fonts(css: str, styles_dir: Path, classes: set[str]) -> str:
    """Each Font Awesome ``@font-face`` the pages use, cut to their icons and inlined."""
    codepoints = {int(hexa, 16) for hexa in ICON_ESCAPE.findall(css)}
    codepoints |= {ord(char) for char in ICON_CHARACTER.findall(css)}

    def replace(match: re.Match) -> str:
        rule, url = match.group(0), match.group(1)
        stem = Path(url).stem
        if stem not in ICON_FONTS:
            return rule
        if not classes & set(ICON_FONTS[stem]):
            return ""
        data = subset_font((styles_dir / url).resolve(), codepoints)
        if data is None:
            return ""
        encoded = base64.b64encode(data).decode("ascii")
        return rule.replace(f"url({url})", f'url(data:font/woff2;base64,{encoded}) format("woff2")')

    return re.sub(r"@font-face\{[^}]*src:url\(([^)]+\.woff2)\)[^}]*\}", replace, css)


def page_words(outdir: Path) -> tuple[set[str], set[str]]:
    """Words of every written page and loaded script, and the class names pages use."""
    words: set[str] = set()
    classes: set[str] = set()
    for page in outdir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        words.update(WORD.findall(html))
        for attribute in CLASS_ATTRIBUTE.findall(html):
            classes.update(attribute.split())
    for script in (outdir / "_static").rglob("*.js"):
        if script.name not in UNLOADED_SCRIPTS:
            words.update(WORD.findall(script.read_text(encoding="utf-8", errors="ignore")))
    return words, classes


def merge_stylesheets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Every local stylesheet goes into site-theme.css; a page links that alone."""
    local, remote = [], []
    # In the order a page would load them: by priority, then as added.
    for css in sorted(context.get("css_files", []), key=lambda c: getattr(c, "priority", 500)):
        filename = str(getattr(css, "filename", css))
        if "://" in filename or filename.startswith("//"):
            remote.append(css)
        else:
            media = getattr(css, "attributes", {}).get("media")
            local.append((filename.split("?")[0].removeprefix("_static/"), media))
    if not added_sheets:
        added_sheets.extend(local)
    context["css_files"] = remote


def write_site_theme(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    target = outdir / OUTPUT
    if not added_sheets:
        logger.warning("lean_theme: no page was written in this process; %s not rewritten", OUTPUT)
        return
    words, classes = page_words(outdir)
    sheets = THEME_SHEETS + added_sheets
    parts = [f"/* {', '.join(name for name, _ in sheets)}, cut to what the pages use */"]
    for name, media in sheets:
        css = re.sub(r"/\*.*?\*/", "", (static / name).read_text(encoding="utf-8"), flags=re.S)
        css = purge(css, words)
        # url(...) is relative to the sheet's own folder.
        prefix = Path(os.path.relpath(static / name, target.parent)).parent.as_posix()
        if prefix != ".":
            css = re.sub(r"url\((['\"]?)(?!data:)", rf"url(\1{prefix}/", css)
        parts.append(f"@media {media}{{{css}}}" if media and media != "all" else css)
    css = inline_icon_fonts("\n".join(parts), target.parent, classes)
    target.write_text(css, encoding="utf-8")


@functools.cache
def digest(confdir: str, static_paths: tuple[str, ...]) -> str:
    """A query string for the stylesheet: it changes with the theme, this module
    and the site's own stylesheets, so a browser does not keep an old copy."""
    import pydata_sphinx_theme

    sources = [pydata_sphinx_theme.__version__, Path(__file__).read_text(encoding="utf-8")]
    for folder in static_paths:
        for sheet in sorted((Path(confdir) / folder).rglob("*.css")):
            sources.append(sheet.read_text(encoding="utf-8"))
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:20]


def add_digest(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    static_paths = tuple(p for p in app.config.html_static_path if isinstance(p, str))
    context["site_theme_digest"] = digest(str(app.confdir), static_paths)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_digest)
    app.connect("html-page-context", merge_stylesheets, priority=950)
    # After the theme has written its own pygments.css (also at build-finished).
    app.connect("build-finished", write_site_theme, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
