"""The glossary, built from the term pages themselves.

Every glossary snippet (``snippets/glossary/*.py``) declares its entry once, in
its docstring::

    .. term-card::
       :ja: テンソル
       :reading: てんそる
       :en: Tensor
       :api: torch.Tensor
       :summary: One paragraph of reST that defines the term.

From those cards this extension

* writes ``docs/_generated/glossary_entries.inc``: one Sphinx ``glossary`` per
  kana row (あ行, か行, ...), entries in gojūon order, each with its Japanese
  name, English name and API name as aliases, its definition and a link to the
  term's page; ``snippets/glossary/GALLERY_HEADER.rst`` includes it;
* renders the card at the top of the term page (names, linked API, summary),
  and keeps the summary's text as parsed (``site_ui`` shows it in hover cards,
  thumbnails and the page's meta description).

A card that lacks an option, a duplicate alias, or a reading that is not kana
stops the build with the file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sg_helpers import SNIPPETS, parse_card, plain_text, reading_key, reading_order, to_hiragana

logger = logging.getLogger(__name__)

REQUIRED = ("ja", "reading", "en", "summary")
OPTIONAL = ("api",)
TORCHVISION_URL = "https://docs.pytorch.org/vision/stable/generated/{}.html"
TORCHVISION_PAGES = {
    "torchvision.transforms.v2": "https://docs.pytorch.org/vision/stable/transforms.html"
}
# Public names whose reference page the torch 2.1 inventory files under another
# name, and attributes that have no reference entry of their own.
API_TARGETS = {"torch.nn.Parameter": "torch.nn.parameter.Parameter"}
API_WITHOUT_PAGE = {"torch.Tensor.grad_fn"}

# Kana rows in gojūon order; each row lists the hiragana that open it.
ROWS = [
    ("あ行", "ぁあぃいぅうぇえぉおゔ"),
    ("か行", "かがきぎくぐけげこご"),
    ("さ行", "さざしじすずせぜそぞ"),
    ("た行", "ただちぢっつづてでとど"),
    ("な行", "なにぬねの"),
    ("は行", "はばぱひびぴふぶぷへべぺほぼぽ"),
    ("ま行", "まみむめも"),
    ("や行", "ゃやゅゆょよ"),
    ("ら行", "らりるれろ"),
    ("わ行", "ゎわゐゑをん"),
]


def split_apis(value: str) -> list[str]:
    """The comma-separated API names of a term card's ``:api:`` option."""
    return [api.strip() for api in value.split(",") if api.strip()]


@dataclass
class Term:
    docname: str  # e.g. "glossary/tensor"
    source: Path
    line: int
    options: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Japanese name, English name and API names: every alias, once."""
        names: list[str] = []
        for name in (self.options["ja"], self.options["en"], *self.apis):
            if name not in names:
                names.append(name)
        return names

    @property
    def apis(self) -> list[str]:
        return split_apis(self.options.get("api", ""))

    @property
    def reading(self) -> str:
        return to_hiragana(self.options["reading"])

    @property
    def sort_key(self) -> tuple[str, str]:
        return reading_key(self.options["reading"])


def collect_terms(snippet_dir: Path) -> list[Term]:
    terms: list[Term] = []
    seen: dict[str, Term] = {}
    for path in sorted(snippet_dir.glob("*.py")):
        if path.name.startswith("_"):
            continue
        parsed = parse_card(path)
        if parsed is None:
            raise ExtensionError(f"{path}:1: a glossary snippet needs a '.. term-card::' block")
        line, options = parsed
        missing = [key for key in REQUIRED if not options.get(key)]
        unknown = sorted(set(options) - set(REQUIRED) - set(OPTIONAL))
        if missing or unknown:
            raise ExtensionError(
                f"{path}:{line}: term-card: missing option(s) {missing}, unknown {unknown}"
            )
        term = Term(f"glossary/{path.stem}", path, line, options)
        if not re.fullmatch(r"[ぁ-ゖァ-ヺー・]+", options["reading"]):
            raise ExtensionError(f"{path}:{line}: ':reading:' must be kana: {options['reading']!r}")
        for name in term.names:
            key = name.lower()
            if key in seen:
                other = seen[key]
                raise ExtensionError(
                    f"{path}:{line}: term name {name!r} is already used by {other.source}:{other.line}"
                )
            seen[key] = term
        terms.append(term)
    return sorted(terms, key=lambda t: t.sort_key)


def row_of(term: Term) -> str:
    first = term.sort_key[0][0]
    for row, kana in ROWS:
        if first in kana:
            return row
    raise ValueError(f"no kana row for reading {term.reading!r}")


WIDE_NAME = re.compile(r"[ぁ-ゖァ-ヺ\u3400-\u9fff]")


def escape(name: str) -> str:
    return name.replace("_", "\\_")


def glossary_rst(terms: list[Term]) -> str:
    """The reST of the glossary index, one ``glossary`` per kana row."""
    out: list[str] = []
    for row, _ in ROWS:
        members = [t for t in terms if row_of(t) == row]
        if not members:
            continue
        out += [row, "-" * (len(row) * 2), "", ".. glossary::", ""]
        for term in members:
            # Character-level inline markup (conf/docutils.conf) would read the
            # "state_" of "state_dict" as a reference: escape underscores.
            out += [f"   {escape(name)}" for name in term.names]
            out.append(f"      {term.options['summary']}")
            out.append(f"      → :doc:`{term.options['ja']}のページへ </{term.docname}>`")
            out.append("")
    return "\n".join(out) + "\n"


def on_builder_inited(app: Sphinx) -> None:
    root = Path(app.confdir).parent
    terms = collect_terms(root / "snippets" / "glossary")
    out = Path(app.srcdir) / "_generated" / "glossary_entries.inc"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = glossary_rst(terms)
    # Rewrite only on change, so that an unchanged glossary is not re-read.
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    # Japanese names (they hold at least one kana or kanji) -> the term's page,
    # for linking every use of a term in prose (site_ui.link_term_uses).
    by_name = {t.options["ja"]: t.docname for t in terms if WIDE_NAME.search(t.options["ja"])}
    if getattr(app.env, "glossary_page_by_name", by_name) != by_name:
        # A term was added, renamed or removed: every page may link it now.
        app.env.glossary_terms_changed = True
    app.env.glossary_page_by_name = by_name
    # Any name of a term (lower case, as the glossary resolves it) -> its page.
    app.env.glossary_page_by_alias = {name.lower(): t.docname for t in terms for name in t.names}


def outdated_when_terms_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read every page when the set of terms changed (its prose links them)."""
    if getattr(env, "glossary_terms_changed", False):
        env.glossary_terms_changed = False
        return sorted(env.found_docs)
    return []


class TermCard(SphinxDirective):
    """Renders the names, API links and summary at the top of a term page."""

    has_content = False
    option_spec: ClassVar = {key: directives.unchanged_required for key in REQUIRED + OPTIONAL}

    def run(self) -> list[nodes.Node]:
        opts = self.options
        card = nodes.container(classes=["term-card"])
        table = nodes.field_list(classes=["term-card-names"])
        rows = [("日本語", [nodes.Text(opts["ja"])]), ("英語", [nodes.Text(opts["en"])])]
        apis = split_apis(opts.get("api", ""))
        if apis:
            links: list[nodes.Node] = []
            for i, api in enumerate(apis):
                if i:
                    links.append(nodes.Text(", "))
                links.append(self.api_link(api))
            rows.append(("API", links))
        for label, body in rows:
            field_node = nodes.field()
            field_node += nodes.field_name(text=label)
            para = nodes.paragraph()
            para.extend(body)
            field_node += nodes.field_body("", para)
            table += field_node
        card += table
        summary, messages = self.parse_inline(opts["summary"], lineno=self.lineno)
        lead = nodes.paragraph(classes=["term-card-summary"])
        lead.extend(summary)
        card += lead
        # The summary as a reader sees it, markup resolved (hover cards, meta).
        self.env.glossary_summary_text = getattr(self.env, "glossary_summary_text", {})
        self.env.glossary_summary_text[self.env.docname] = plain_text(lead.astext())
        back, _ = self.parse_inline(f"用語集の一覧で見る: :term:`{opts['ja']}`", lineno=self.lineno)
        nav = nodes.paragraph(classes=["term-card-back"])
        nav.extend(back)
        card += nav
        # Main index entries for every name of the term: the search page then
        # finds this page first for "損失関数", "DataLoader" or "zero_grad",
        # however the query is segmented.
        names = [opts["ja"], opts["en"], *apis]
        target = nodes.target("", "", ids=["term-card"])
        index = addnodes.index(
            entries=[("single", name, "term-card", "main", None) for name in dict.fromkeys(names)]
        )
        return [index, target, card, *messages]

    def api_link(self, api: str) -> nodes.Node:
        literal = nodes.literal(api, api)
        if api in API_WITHOUT_PAGE:
            return literal
        if api.startswith("torchvision."):
            # No torchvision inventory can be read offline; its pages follow one pattern.
            url = TORCHVISION_PAGES.get(api, TORCHVISION_URL.format(api))
            return nodes.reference("", "", literal, refuri=url)
        xref = pending_xref(
            "",
            refdomain="py",
            reftype="obj",
            reftarget=API_TARGETS.get(api, api),
            refexplicit=False,
            refwarn=True,
        )
        xref += literal
        self.set_source_info(xref)
        return xref


class UsedInTutorials(SphinxDirective):
    """Lists the tutorials whose executed code uses any of the given APIs.

    Reads the backreferences that sphinx-gallery records while it executes the
    snippets, so the list follows the code, not a hand-kept index. A page whose
    APIs no tutorial uses gets a warning (and the build stops).
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        conf = self.config.sphinx_gallery_conf
        index = Path(conf["src_dir"], conf["backreferences_dir"], "backreferences_all.json")
        backrefs = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}
        found: dict[str, tuple[str, list[str]]] = {}  # docname -> (title, apis)
        apis = self.arguments[0].split()
        for api in apis:
            for fname, _src, target_dir, _intro, title in backrefs.get(api, []):
                folder = Path(target_dir).resolve().relative_to(Path(self.env.srcdir).resolve())
                if folder.parts[0] != "tutorials":
                    continue
                docname = (folder / Path(fname).stem).as_posix()
                found.setdefault(docname, (title, []))[1].append(api)
        if not found:
            logger.warning(
                "used-in-tutorials: no tutorial uses any of %s",
                ", ".join(apis),
                location=self.get_location(),
            )
            return []
        items = nodes.bullet_list()
        for docname in sorted(found, key=tutorial_position):
            title, used = found[docname]
            text = f":doc:`/{docname}` （{'、'.join(f'``{a}``' for a in used)}）"
            para, _messages = self.parse_inline(text, lineno=self.lineno)
            item = nodes.list_item()
            item += nodes.paragraph("", "", *para)
            items += item
        return [nodes.rubric(text="同じ API を使っているチュートリアル"), items]


def tutorial_position(docname: str) -> int:
    order = [p.relative_to(SNIPPETS).with_suffix("").as_posix() for p in reading_order("tutorials")]
    return order.index(docname) if docname in order else len(order)


def purge_summary(app: Sphinx, env, docname: str) -> None:
    getattr(env, "glossary_summary_text", {}).pop(docname, None)


def merge_summaries(app: Sphinx, env, docnames, other) -> None:
    env.glossary_summary_text = getattr(env, "glossary_summary_text", {})
    env.glossary_summary_text.update(getattr(other, "glossary_summary_text", {}))


def setup(app: Sphinx) -> dict:
    app.add_directive("term-card", TermCard)
    app.add_directive("used-in-tutorials", UsedInTutorials)
    # After sphinx-gallery (registered earlier) has generated the galleries.
    app.connect("builder-inited", on_builder_inited, priority=600)
    app.connect("env-get-outdated", outdated_when_terms_change)
    app.connect("env-purge-doc", purge_summary)
    app.connect("env-merge-info", merge_summaries)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
