"""Math typeset at build time with KaTeX: no math JavaScript on the pages.

Each formula goes to one long-lived ``node conf/katex_render.js`` process per
Sphinx process (over stdin/stdout, so forked parallel writers start their own).
A formula KaTeX cannot parse is a build warning at its file and line, which
``-W`` turns into an error. Pages with math get KaTeX's stylesheet, served from
``_static/katex/`` (see ``site_ui.copy_katex_assets``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)
SCRIPT = Path(__file__).resolve().parent / "katex_render.js"


class KaTeX:
    process: ClassVar[subprocess.Popen | None] = None
    pid: ClassVar[int | None] = None
    cache: ClassVar[dict[tuple[str, bool], dict]] = {}

    @classmethod
    def render(cls, latex: str, display: bool) -> dict:
        key = (latex, display)
        if key not in cls.cache:
            if cls.process is None or cls.pid != os.getpid():
                node = shutil.which("node")
                if node is None:
                    raise ExtensionError("KaTeX needs Node.js: install `node` (Debian: nodejs)")
                cls.process = subprocess.Popen(
                    [node, str(SCRIPT)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                    encoding="utf-8",
                )
                cls.pid = os.getpid()
            assert cls.process.stdin and cls.process.stdout
            cls.process.stdin.write(json.dumps({"latex": latex, "display": display}) + "\n")
            cls.process.stdin.flush()
            cls.cache[key] = json.loads(cls.process.stdout.readline())
        return cls.cache[key]

    @classmethod
    def close(cls) -> None:
        """End this process's node process: closing its stdin lets it exit."""
        if cls.process is not None and cls.pid == os.getpid():
            assert cls.process.stdin
            cls.process.stdin.close()
            cls.process.wait(timeout=10)
        cls.process = None


def close_katex(app: Sphinx, exception: Exception | None) -> None:
    KaTeX.close()


def _typeset(self, node: nodes.Element, latex: str, display: bool) -> str:
    """KaTeX's HTML; on a parse error, a build warning and the source as code."""
    answer = KaTeX.render(latex, display)
    if "error" in answer:
        logger.warning("KaTeX cannot typeset %r: %s", latex, answer["error"], location=node)
        tag = "pre" if display else "code"
        return f"<{tag}>{self.encode(node.astext())}</{tag}>"
    return answer["html"]


def visit_math(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_typeset(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def display_latex(text: str) -> str:
    """Wrap a display block the way Sphinx's MathJax renderer does.

    A block with ``\\`` line breaks becomes ``split`` (so ``&`` aligns), and
    several blank-line-separated equations become one ``aligned`` block.
    """
    parts = [part for part in text.split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) == 1:
        return parts[0]
    return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"


def visit_displaymath(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    self.body.append(_typeset(self, node, display_latex(node.astext()), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_html_math_renderer("katex_prerender", (visit_math, None), (visit_displaymath, None))
    # Part of the one stylesheet every page loads (lean_theme); a page without
    # math downloads none of KaTeX's fonts.
    app.add_css_file("katex/katex.min.css")
    app.connect("build-finished", close_katex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
