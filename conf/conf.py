"""Sphinx configuration for the Japanese PyTorch documentation site.

Build with ``sphinx-build -c conf docs docs/_build/html`` (``nox -s docs`` does it).
Every callable that sphinx-gallery needs is named by a dotted string from
``sg_helpers`` so that it pickles into the parallel workers.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

CONF_DIR = Path(__file__).resolve().parent
ROOT = CONF_DIR.parent
sys.path.insert(0, str(CONF_DIR))

import sg_helpers

# -- Project -----------------------------------------------------------------
project = "PyTorch 日本語ドキュメント"
author = "PyTorch 日本語ドキュメントの執筆者"
copyright = "2026, PyTorch 日本語ドキュメントの執筆者"
language = "ja"
root_doc = "index"
# Japanese for the strings that Sphinx and the theme leave in English.
locale_dirs = [str(CONF_DIR / "locale")]
gettext_compact = False

# -- Extensions --------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
    "sphinx_design",
    "notfound.extension",
    # Local extensions in conf/
    "sg_helpers",
    "glossary_terms",
    "site_ui",
    "lean_theme",
    "katex_math",
    "course",
]

# Warnings fail the build (-W --keep-going -n from noxfile); references are checked.
nitpicky = True

# -- Sources -----------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
# Every top-level folder of snippets/ with a GALLERY_HEADER.rst is a gallery,
# generated into docs/<the same name>/ (sg_helpers.galleries).
GALLERIES = sg_helpers.galleries()
exclude_patterns = [
    "_build",
    "_generated",
    # sphinx-gallery writes a notebook next to every generated page; myst-nb
    # would parse it and shadow the page that carries the real outputs.
    *(f"{gallery}/**.ipynb" for gallery in GALLERIES),
    "**/*.codeobj.json",
]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "fieldlist", "substitution"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # only sphinx-gallery executes code

# -- sphinx-gallery ----------------------------------------------------------
# Paths are relative to the source directory (docs/).
sphinx_gallery_conf = {
    "examples_dirs": [f"../snippets/{gallery}" for gallery in GALLERIES],
    "gallery_dirs": GALLERIES,
    "filename_pattern": r".*\.py$",  # execute every snippet, not only plot_*
    "ignore_pattern": r"/_[^/]*\.py$",
    # Reading order: each folder's order.txt (parts of a gallery likewise).
    "within_subsection_order": "sg_helpers.SnippetOrder",
    "subsection_order": "sg_helpers.subsection_key",
    "reset_modules": (
        "matplotlib",
        "sg_helpers.reset_japanese_matplotlib",
        "sg_helpers.reset_torch_seed",
        "sg_helpers.warnings_as_errors",
    ),
    "reset_modules_order": "both",
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "expected_failing_examples": [],
    "capture_repr": ("_repr_html_", "__repr__"),
    # Never show the repr of a matplotlib artist (e.g. "<matplotlib.legend.Legend
    # object at 0x...>") even when a cell ends with one.
    "ignore_repr_types": r"matplotlib[\w.]*|mpl_toolkits[\w.]*",
    "image_srcset": ["2x"],
    "thumbnail_size": (400, 280),
    "doc_module": ("torch", "torchvision"),
    "backreferences_dir": "_generated/backreferences",
    "inspect_global_variables": True,
    "prefer_full_module": {r"torch\..*"},
    "write_computation_times": False,  # its tables load scripts from a CDN
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "show_signature": False,
    "min_reported_time": 0,
    "default_thumb_file": str(CONF_DIR / "_static" / "thumb-default.png"),
    # Decided at builder-inited from the number of stale snippets (sg_helpers).
    "parallel": False,
    # What Colab and other fresh environments lack, installed by the first cell
    # of every downloaded notebook (it does nothing where all is installed).
    "first_notebook_cell": sg_helpers.FIRST_NOTEBOOK_CELL,
    # Each snippet's result as a JUnit test case, for CI.
    "junit": "../test-results/sphinx-gallery.xml",
    # optipng (Debian package) shrinks every figure; builds without it still work.
    # -o1: a figure 8 % larger than with the default -o2, in a third of the time
    # (measured on one figure: 0.27 s against 0.77 s for some 230 figures a build).
    "compress_images": ("images", "thumbnails", "-o1") if shutil.which("optipng") else (),
}
# `nox -s docs -- tensor adam` overrides filename_pattern with -D: only those
# snippets execute; the others render without output and every link resolves.

# -- Cross-references --------------------------------------------------------
# The machines that build this site have no internet. The PyTorch inventory is
# read from ../shared/reference/ where it exists; elsewhere the live one is used.
intersphinx_mapping = sg_helpers.intersphinx_mapping(ROOT)
intersphinx_timeout = 10

# -- Math --------------------------------------------------------------------
# KaTeX (npm's katex, see package.json) typesets every formula at build time
# (conf/katex_math.py); its CSS and fonts are served from _static/katex/.
# No request leaves the site, and pages carry no math JavaScript.
html_math_renderer = "katex_prerender"

# -- Where the site is published (CI sets these; local builds leave them empty) --
# SITE_URL: the site's public address, e.g. https://owner.github.io/repo/ as
# actions/configure-pages reports it: canonical URLs, Open Graph and sitemap.
# GITHUB_REPOSITORY (owner/repo, as GitHub Actions sets it): the Colab and
# feedback links; without it, no such link is drawn.
html_baseurl = (
    os.environ.get("SITE_URL", "").rstrip("/") + "/" if os.environ.get("SITE_URL") else ""
)
site_repository = os.environ.get("GITHUB_REPOSITORY", "")
notebook_branch = os.environ.get("NOTEBOOK_BRANCH", "notebooks")

# Pages that moved keep their old address (docs/redirects.txt: "old new" a line).
redirects = (
    dict(
        line.split()
        for line in (ROOT / "docs" / "redirects.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    if (ROOT / "docs" / "redirects.txt").is_file()
    else {}
)

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "PyTorch 日本語ドキュメント"
html_short_title = "PyTorch 日本語"
html_static_path = ["_static"]  # site_ui adds KaTeX's CSS and fonts
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_search_language = "ja"
html_search_options = {"type": "ja_splitter.JapaneseRunsSplitter"}  # Janome, faster
html_search_scorer = str(CONF_DIR / "search_scorer.js")  # the page named by the query first
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "show_prev_next": True,
    # WCAG AA contrast for code (accessible-pygments, a theme dependency).
    "pygments_light_style": "a11y-light",
    "pygments_dark_style": "a11y-dark",
    "icon_links": [],
    "search_bar_text": "サイト内を検索…",
    "article_footer_items": ["feedback.html"],
}
html_sidebars = {"index": [], "about": [], "404": []}
html_context = {"default_mode": "auto", "site_repository": site_repository}

# -- 404 page ----------------------------------------------------------------
# Served for any missing URL, so its links are absolute from the site root
# (the path of SITE_URL on a project site, such as /repo/).
notfound_urls_prefix = urlparse(html_baseurl).path or "/"
notfound_context = {
    "title": "ページが見つかりません",
    "body": (
        "<h1>ページが見つかりません</h1>"
        "<p>お探しのページは移動したか、削除された可能性があります。</p>"
        '<p>上の検索ボックスで探すか、<a href="'
        + notfound_urls_prefix
        + 'index.html">トップページ</a>、'
        '<a href="' + notfound_urls_prefix + 'glossary/index.html">用語集</a>、'
        '<a href="'
        + notfound_urls_prefix
        + 'tutorials/index.html">チュートリアル</a>から辿ってください。</p>'
    ),
}

# -- Copy button -------------------------------------------------------------
# Copy code only: no ">>> " or "$ " prompts, and never a block of output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False
copybutton_exclude = ".linenos, .gp, .go"
copybutton_selector = "div.highlight:not(.sphx-glr-script-out *) pre"

os.environ.setdefault("MPLBACKEND", "Agg")
