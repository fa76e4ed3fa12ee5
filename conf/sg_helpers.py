"""Callables for sphinx-gallery, named by dotted string in ``conf.py``.

They live in a module (not in ``conf.py``) so that they pickle into the worker
processes that sphinx-gallery starts when it executes snippets in parallel.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

CONF_DIR = Path(__file__).resolve().parent
ROOT = CONF_DIR.parent

# -- Ordering ----------------------------------------------------------------
# Where order matters, it is written here once. A snippet that is missing from
# its list stops the build instead of landing at a random place.
EXPLICIT_ORDER = {
    "intro": ["what_is_pytorch.py", "install.py"],
    "tutorials": [
        "linear_regression_manual.py",
        "linear_regression_module.py",
        "workflow.py",
        "watch_training.py",
        "gradient_and_learning_rate.py",
        "loading_data.py",
        "digits_classifier.py",
        "cpu_and_gpu.py",
        "common_errors.py",
    ],
}

_READING_RE = re.compile(r"^\s*:reading:\s*(.+?)\s*$", re.MULTILINE)


def term_reading(path: Path) -> str:
    """The kana reading declared in a glossary snippet's ``term-card``."""
    text = path.read_text(encoding="utf-8")
    match = _READING_RE.search(text)
    if match is None:
        card = text.find(".. term-card::")
        line = text.count("\n", 0, card) + 1 if card >= 0 else 1
        raise ValueError(f"{path}:{line}: the term-card directive needs a ':reading:' option")
    return to_hiragana(match.group(1))


# Characters of Japanese text (kana, CJK ideographs, full-width forms), which
# are written without spaces between words.
WIDE = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
WIDE_CHAR = re.compile(rf"[{WIDE}]")


def to_hiragana(text: str) -> str:
    """Katakana to hiragana, so that readings sort in gojūon order."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


class SnippetOrder:
    """Sort key for ``within_subsection_order``.

    Glossary pages sort by their Japanese reading; other galleries follow
    ``EXPLICIT_ORDER``.
    """

    def __init__(self, src_dir: str):
        self.src_dir = Path(src_dir)

    def __call__(self, filename: str):
        topic = self.src_dir.name
        if topic == "glossary":
            return term_reading(self.src_dir / filename)
        order = EXPLICIT_ORDER.get(topic)
        if order is None:
            return filename
        if filename not in order:
            raise ValueError(
                f"snippets/{topic}/{filename} is not listed in EXPLICIT_ORDER['{topic}'] "
                f"in conf/sg_helpers.py; add it where it belongs in the reading order"
            )
        return f"{order.index(filename):03d}"

    def __repr__(self) -> str:  # part of sphinx-gallery's cache key
        return f"SnippetOrder({self.src_dir.name!r})"


# -- Resetting state before every snippet -------------------------------------
def reset_japanese_matplotlib(gallery_conf, fname):
    """Reset matplotlib, then re-apply the Japanese font and the site's style.

    sphinx-gallery's own matplotlib reset (``rcdefaults``) drops the font that
    ``import matplotlib_fontja`` set in the first snippet, so it is applied
    again here, in whichever process runs the snippet.
    """
    import importlib

    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    plt.rcdefaults()
    for name in ("units", "dates", "category"):
        importlib.reload(getattr(matplotlib, name))
    import matplotlib_fontja

    matplotlib_fontja.japanize()
    matplotlib.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "figure.constrained_layout.use": True,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )


_saved_filters: list | None = None


def warnings_as_errors(gallery_conf, fname, when):
    """A snippet that warns stops the build, as it fails its test.

    Filters set in ``conf.py`` do not reach sphinx-gallery's worker processes,
    so they are set here, before each snippet, in whichever process runs it,
    and put back afterwards: a snippet that runs in Sphinx's own process (see
    ``sphinx_gallery_parallel = False``) must not turn the build's warnings,
    such as joblib's notes about its workers, into errors.
    """
    import warnings

    global _saved_filters
    if when == "before":
        _saved_filters = list(warnings.filters)
        warnings.simplefilter("error")
        # joblib/loky report on their own workers from a thread of this process.
        warnings.filterwarnings("default", module=r"joblib\.|loky\.")
    elif _saved_filters is not None:
        warnings.filters[:] = _saved_filters
        warnings._filters_mutated()
        _saved_filters = None


def reset_torch_seed(gallery_conf, fname):
    """A backstop: every snippet seeds itself, but none inherits another's RNG."""
    import torch

    if gallery_conf is not None:
        # One thread per snippet in every build, whether snippets run side by
        # side or alone: the cores do not thrash, and a float reduction sums in
        # the same order on every build, so every build prints the same digits.
        torch.set_num_threads(1)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)


# -- Build settings -----------------------------------------------------------
def stale_snippets(pattern: str = r".*\.py$") -> list[Path]:
    """Snippets that sphinx-gallery will execute: new, or changed since their last run.

    sphinx-gallery records the md5 of each snippet it ran next to the page it
    wrote (``docs/<gallery>/<name>.py.md5``).
    """
    stale = []
    for snippet in sorted((ROOT / "snippets").glob("*/*.py")):
        if snippet.name.startswith("_") or not re.search(pattern, snippet.as_posix()):
            continue
        record = ROOT / "docs" / snippet.parent.name / f"{snippet.name}.md5"
        current = hashlib.md5(snippet.read_bytes()).hexdigest()
        if not record.is_file() or record.read_text().strip() != current:
            stale.append(snippet)
    return stale


def gallery_parallelism(pattern: str = r".*\.py$") -> int | bool:
    """Workers for executing snippets.

    ``SPHX_GLR_PARALLEL`` when set; otherwise one per core, but none when at
    most one snippet needs to run: starting workers (each imports torch) would
    cost more than it saves on a one-snippet rebuild.
    """
    value = os.environ.get("SPHX_GLR_PARALLEL")
    if value is not None:
        workers = int(value)
    elif len(stale_snippets(pattern)) <= 1:
        workers = 1
    else:
        workers = len(os.sched_getaffinity(0))
    return workers if workers > 1 else False


# sphinx_gallery_conf is part of the Sphinx configuration that the build
# environment remembers: a value that differs from the last build makes Sphinx
# re-read every page. The number of workers depends on how many snippets are
# stale, so it is decided at builder-inited (before sphinx-gallery executes
# anything) and the remembered value is put back right after.
PARALLEL_PLACEHOLDER = len(os.sched_getaffinity(0))


def choose_parallelism(app) -> None:
    conf = app.config.sphinx_gallery_conf
    conf["parallel"] = gallery_parallelism(conf["filename_pattern"])


def restore_parallelism(app) -> None:
    app.config.sphinx_gallery_conf["parallel"] = PARALLEL_PLACEHOLDER


def setup(app) -> dict:
    app.connect("builder-inited", choose_parallelism, priority=5)
    app.connect("builder-inited", restore_parallelism, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def only_pattern(names: str) -> str:
    """``filename_pattern`` for the comma-separated snippet names in DOCS_ONLY."""
    stems = [
        re.escape(name.strip().removesuffix(".py")) for name in names.split(",") if name.strip()
    ]
    return r"/(" + "|".join(stems) + r")\.py$"


def intersphinx_mapping(root: Path) -> dict:
    """Inventories that resolve offline here and online elsewhere."""
    torch_url = "https://docs.pytorch.org/docs/stable/"
    local = root.parent / "shared" / "reference" / "torch-2.1-objects.inv"
    mapping = {"torch": (torch_url, str(local) if local.is_file() else None)}
    python_inv = os.environ.get("PYTHON_INVENTORY")
    if python_inv or os.environ.get("DOCS_ONLINE") == "1":
        mapping["python"] = ("https://docs.python.org/3/", python_inv or None)
    return mapping
