"""The course around the lessons: what a page teaches, where to go next, answers.

Directives for tutorial pages (written in a snippet's reST):

``.. lesson::``
    The box at the top: 「このページで学ぶこと」 (the directive's bullet list),
    「前提」 (the ``:prerequisites:`` option, inline reST) and an estimated
    reading time, computed from the snippet itself.
``.. next-page::``
    Under 「まとめ」: a link to the next page in the reading order (the
    folders' ``order.txt``) and to the cheat sheet.
``.. answer::`` and ``.. details:: title``
    A closed box (``<details>``) that holds the directive's own content and the
    code, output and figures of the cells right after it: an exercise's
    executed answer, or a note the lesson reads on without.
``.. roadmap::``
    The tutorials index: parts, pages and reading times, from the same files.

Every executed page also gets, under its title, the version, device and date
it was executed with, and where the repository is known, a Colab link to its
notebook. Pages that moved leave a redirect at their old address.
"""

from __future__ import annotations

import ast
import math
import os
import posixpath
import re
import shlex
import subprocess
import tomllib
from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sg_helpers import HEADER, ROOT, SNIPPETS, reading_order

logger = logging.getLogger(__name__)

CHEATSHEET = "cheatsheet/cheatsheet"


# -- Reading time ---------------------------------------------------------------
def snippet_of(docname: str) -> Path:
    return SNIPPETS / f"{docname}.py"


@cache
def reading_minutes(path: Path) -> int:
    """Minutes to read a page and follow its code, at an unhurried pace.

    Japanese prose (docstring and comment cells) at about 400 characters a
    minute, code at about 12 lines a minute (reading it, not typing it).
    """
    source = path.read_text(encoding="utf-8")
    prose = len(re.sub(r"\s", "", ast.get_docstring(ast.parse(source)) or ""))
    code = 0
    for line in source.split('"""', 2)[-1].splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            prose += len(stripped.lstrip("# "))
        elif stripped:
            code += 1
    return max(1, math.ceil(prose / 400 + code / 12))


def doc_link(docname: str, text: str | None = None) -> addnodes.pending_xref:
    """A checked cross-reference to a page (its title unless text is given)."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refexplicit=text is not None,
        refwarn=True,
    )
    ref += nodes.inline(text or docname, text or docname)
    return ref


# -- The lesson box ---------------------------------------------------------------
class Lesson(SphinxDirective):
    has_content = True
    option_spec = {"prerequisites": directives.unchanged_required}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=["lesson-box"])
        box += nodes.rubric(text="このページで学ぶこと")
        self.state.nested_parse(self.content, self.content_offset, box)
        if not any(isinstance(n, nodes.bullet_list) for n in box.children):
            logger.warning(
                "lesson: list what the page teaches as bullets", location=self.get_location()
            )
        facts = nodes.field_list(classes=["lesson-facts"])
        if "prerequisites" in self.options:
            inline, messages = self.parse_inline(self.options["prerequisites"], lineno=self.lineno)
            facts += field("前提", inline)
            box += messages
        path = snippet_of(self.env.docname)
        if path.is_file():
            facts += field("目安の時間", [nodes.Text(f"約 {reading_minutes(path)} 分")])
        box += facts
        return [box]


def field(name: str, body: list[nodes.Node]) -> nodes.field:
    item = nodes.field()
    item += nodes.field_name(text=name)
    item += nodes.field_body("", nodes.paragraph("", "", *body))
    return item


# -- What to read next --------------------------------------------------------------
class NextPage(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        gallery = docname.split("/", 1)[0]
        pages = [p.relative_to(SNIPPETS).with_suffix("").as_posix() for p in reading_order(gallery)]
        if docname not in pages:
            logger.warning(
                "next-page: %s is in no reading order", docname, location=self.get_location()
            )
            return []
        index = pages.index(docname)
        para = nodes.paragraph(classes=["next-page"])
        if index + 1 < len(pages):
            para += nodes.Text("次に読むページ: ")
            para += doc_link(pages[index + 1])
        else:
            para += nodes.Text("これでチュートリアルはすべてです。")
            para += doc_link(f"{gallery}/index", "チュートリアルの一覧")
            para += nodes.Text(" から、気になるページを読み返してください。")
        sheet = nodes.paragraph(classes=["next-page"])
        sheet += nodes.Text("学習と評価のループや、よく使うテンソル操作は ")
        sheet += doc_link(CHEATSHEET, "チートシート")
        sheet += nodes.Text(" にまとめてあります。")
        return [para, sheet]


# -- Closed boxes: answers and notes --------------------------------------------
class fold(nodes.General, nodes.Element):
    """A ``<details>`` box; the code cells after its directive move into it."""


def visit_fold_html(self, node: fold) -> None:
    self.body.append(self.starttag(node, "details", CLASS="fold"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>\n")
    self.body.append('<div class="fold-body">\n')


def depart_fold_html(self, node: fold) -> None:
    self.body.append("</div>\n</details>\n")


def visit_fold_other(self, node: fold) -> None:
    pass


def depart_fold_other(self, node: fold) -> None:
    pass


class Answer(SphinxDirective):
    has_content = True
    summary = "解答例を見る"
    kind = "answer"

    def run(self) -> list[nodes.Node]:
        box = fold(summary=self.summary_text(), classes=[self.kind])
        self.set_source_info(box)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        return [box]

    def summary_text(self) -> str:
        return self.summary


class Details(Answer):
    required_arguments = 1
    final_argument_whitespace = True
    kind = "note-fold"

    def summary_text(self) -> str:
        return self.arguments[0]


def is_cell_output(node: nodes.Node) -> bool:
    """Code, its printed output and its figures: what a code cell leaves."""
    if isinstance(node, (nodes.literal_block, nodes.image, nodes.raw, nodes.comment)):
        return True
    if node.tagname in ("imgsgnode", "code_links_block"):
        return True
    return isinstance(node, nodes.bullet_list) and "sphx-glr-horizontal" in node["classes"]


class FoldCells(SphinxTransform):
    """Move the cells that follow an answer or a note into its box."""

    default_priority = 800  # after rst-class has set the classes of the cells

    def apply(self) -> None:
        for box in list(self.document.findall(fold)):
            parent = box.parent
            moved = 0
            while (index := parent.index(box) + 1) < len(parent):
                following = parent[index]
                if not is_cell_output(following):
                    break
                parent.remove(following)
                box += following
                moved += not isinstance(following, nodes.comment)
            if not moved and box["classes"] == ["answer"]:
                logger.warning("answer: no code cell follows this answer", location=box)


# -- The one pip line ------------------------------------------------------------
class PipLine(SphinxDirective):
    """``pip install`` with every package the pages import, from pyproject.toml.

    The ``snippets`` dependency group is what the build and the tests install
    to run the pages, so the line a reader copies cannot drift from it.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        command = "pip install " + " ".join(shlex.quote(r) for r in snippet_requirements())
        block = nodes.literal_block(command, command, language="bash")
        self.set_source_info(block)
        return [block]


def snippet_requirements() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["dependency-groups"]["snippets"]


# -- Tutorials index: the roadmap -----------------------------------------------
class Roadmap(SphinxDirective):
    """Each part of the tutorials, its pages and their reading times, in order."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        # The parts, in order, each with its pages: one walk of the order files.
        parts: dict[Path, list[Path]] = {}
        for page in reading_order("tutorials"):
            parts.setdefault(page.parent, []).append(page)
        out: list[nodes.Node] = []
        total = 0
        for part, pages in parts.items():
            minutes = sum(reading_minutes(p) for p in pages)
            total += minutes
            item = nodes.container(classes=["roadmap-part"])
            head = nodes.paragraph(classes=["roadmap-title"])
            head += nodes.strong(text=header_title(part))
            head += nodes.Text(f"（{len(pages)} ページ、約 {minutes} 分）")
            item += head
            steps = nodes.enumerated_list()
            for page in pages:
                docname = page.relative_to(SNIPPETS).with_suffix("").as_posix()
                para = nodes.paragraph()
                para += doc_link(docname)
                para += nodes.Text(f"（約 {reading_minutes(page)} 分）")
                steps += nodes.list_item("", para)
            item += steps
            out.append(item)
        lead = nodes.paragraph(
            text=f"全 {len(parts)} 部、合わせて約 {math.ceil(total / 60)} 時間です。"
        )
        return [lead, *out]


def header_title(folder: Path) -> str:
    lines = [line.strip() for line in (folder / HEADER).read_text("utf-8").splitlines()]
    return next(line for line in lines if line and not line.startswith(".."))


# -- The stamp under every executed page's title ----------------------------------
@cache
def build_facts() -> tuple[str, str, str]:
    """(torch version, device, date of the commit being built)."""
    import torch

    version = torch.__version__.split("+")[0]
    if torch.accelerator.is_available():
        device = torch.accelerator.current_accelerator().type.upper()
    else:
        device = "CPU"
    date = ""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        import datetime

        date = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    else:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True
        )
        date = result.stdout.strip() if result.returncode == 0 else ""
    return version, device, date


def add_stamp(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    # Executed pages are exactly the documents that have a snippet.
    if docname.endswith("/index") or not snippet_of(docname).is_file():
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    version, device, date = build_facts()
    when = f"（{date}）" if date else ""
    info = nodes.container(classes=["page-info"])
    stamp = nodes.paragraph(classes=["verified-stamp"])
    stamp += nodes.Text(f"torch {version}（{device}）で実行・検証済み{when}")
    info += stamp
    repo = app.config.site_repository
    if repo:
        url = (
            f"https://colab.research.google.com/github/{repo}/blob/"
            f"{app.config.notebook_branch}/{docname}.ipynb"
        )
        colab = nodes.paragraph(classes=["colab-link"])
        colab += nodes.reference("", "Colab で開く", refuri=url, classes=["colab"])
        info += colab
    title = section.next_node(nodes.title)
    section.insert(section.index(title) + 1, info)


# -- Redirects from old addresses ---------------------------------------------------
def redirect_pages(app: Sphinx):
    for old, new in app.config.redirects.items():
        if new not in app.env.all_docs:
            logger.warning("redirect: %s points to %s, which is not a page", old, new)
            continue
        target = posixpath.relpath(f"{new}.html", posixpath.dirname(old) or ".")
        canonical = f"{app.config.html_baseurl}{new}.html" if app.config.html_baseurl else ""
        yield old, {"target": target, "canonical": canonical, "title": new}, "redirect.html"


def setup(app: Sphinx) -> dict:
    app.add_config_value("site_repository", "", "html", str)
    app.add_config_value("notebook_branch", "notebooks", "html", str)
    app.add_config_value("redirects", {}, "html", dict)
    app.add_directive("lesson", Lesson)
    app.add_directive("next-page", NextPage)
    app.add_directive("answer", Answer)
    app.add_directive("details", Details)
    app.add_directive("roadmap", Roadmap)
    app.add_directive("pip-line", PipLine)
    app.add_node(
        fold,
        html=(visit_fold_html, depart_fold_html),
        latex=(visit_fold_other, depart_fold_other),
        text=(visit_fold_other, depart_fold_other),
    )
    app.add_transform(FoldCells)
    app.connect("doctree-read", add_stamp)
    app.connect("html-collect-pages", redirect_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
