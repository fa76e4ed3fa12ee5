"""Where the pages are and in which order, and what runs before each snippet.

The layout of ``snippets/`` is the one source of these facts:

* every top-level folder with a ``GALLERY_HEADER.rst`` is a gallery (``intro``,
  ``glossary``, ``tutorials``, ...); a sub-folder with one is a part of its
  gallery (``tutorials/basics``, ...);
* a folder whose pages (or parts) come in a reading order lists them, one
  name a line, in its ``order.txt``; a page or part missing from that list
  stops the build. A folder without ``order.txt`` holds glossary pages, sorted
  by the reading of their term card in gojūon order.

The callables that sphinx-gallery needs are named by dotted string in
``conf.py`` so that they pickle into its worker processes.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from pathlib import Path

CONF_DIR = Path(__file__).resolve().parent
ROOT = CONF_DIR.parent
SNIPPETS = ROOT / "snippets"
HEADER = "GALLERY_HEADER.rst"
ORDER_FILE = "order.txt"


# -- Galleries and their order ---------------------------------------------------
def galleries() -> list[str]:
    """The galleries: top-level folders of ``snippets/`` that have a header."""
    return sorted(p.parent.name for p in SNIPPETS.glob(f"*/{HEADER}"))


def read_order(folder: Path) -> list[str] | None:
    """The names listed in ``folder/order.txt`` (``#`` starts a comment), or None."""
    path = folder / ORDER_FILE
    if not path.is_file():
        return None
    names = [line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines()]
    names = [name for name in names if name]
    for number, name in enumerate(names, start=1):
        if not (folder / name).exists():
            raise ValueError(
                f"{path.relative_to(ROOT)}: lists {name!r}, which does not exist in "
                f"{folder.relative_to(ROOT)}/ (line {number})"
            )
    return names


def position(folder: Path, name: str) -> int:
    """Index of ``name`` in the folder's reading order; a name not listed stops the build."""
    order = read_order(folder) or []
    if name not in order:
        where = (folder / ORDER_FILE).relative_to(ROOT)
        raise ValueError(
            f"{(folder / name).relative_to(ROOT)} is not listed in {where}; "
            "add it on the line where it belongs in the reading order"
        )
    return order.index(name)


def reading_order(gallery: str) -> list[Path]:
    """Every page of an ordered gallery, parts included, in reading order."""

    def walk(folder: Path) -> list[Path]:
        pages: list[Path] = []
        for name in read_order(folder) or []:
            path = folder / name
            pages += walk(path) if path.is_dir() else [path]
        return pages

    return walk(SNIPPETS / gallery)


class SnippetOrder:
    """``within_subsection_order``: the folder's ``order.txt``, or gojūon by reading."""

    def __init__(self, src_dir: str):
        self.src_dir = Path(src_dir).resolve()

    def __call__(self, filename: str):
        if read_order(self.src_dir) is None:
            return reading_key(term_reading(self.src_dir / filename))
        return f"{position(self.src_dir, filename):03d}"


def subsection_key(subsection: str) -> str:
    """``subsection_order``: parts follow their gallery's ``order.txt``."""
    path = (ROOT / "docs" / subsection).resolve()
    return f"{position(path.parent, path.name):03d}"


# -- Term cards ---------------------------------------------------------------
CARD = ".. term-card::"
CARD_OPTION = re.compile(r"^ {3}:([\w-]+):\s*(.*)$")

# Characters of Japanese text (kana, CJK ideographs, full-width forms), which
# are written without spaces between words.
WIDE = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
WIDE_CHAR = re.compile(rf"[{WIDE}]")


# A source line break next to Japanese text, which joins without a space.
JOIN_LINES = re.compile(rf"(?<=[{WIDE}])\n\s*|\n\s*(?=[{WIDE}])")


def plain_text(text: str) -> str:
    """Text as one line: no space between two Japanese characters, others single."""
    text = JOIN_LINES.sub("", text)
    return re.sub(rf"(?<=[{WIDE}])\s+(?=[{WIDE}])", "", " ".join(text.split()))


def join_lines(before: str, after: str) -> str:
    """Join two source lines: no space where either side is Japanese."""
    if not before or WIDE_CHAR.match(before[-1]) or WIDE_CHAR.match(after[:1]):
        return before + after
    return f"{before} {after}"


def parse_card(path: Path) -> tuple[int, dict[str, str]] | None:
    """(line number, options) of the ``term-card`` in a snippet's docstring, or None."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next((i for i, line in enumerate(lines) if line.strip() == CARD), None)
    if index is None:
        return None
    options: dict[str, str] = {}
    current = None
    for line in lines[index + 1 :]:
        if not line.strip():
            break
        match = CARD_OPTION.match(line)
        if match:
            current = match.group(1)
            options[current] = match.group(2).strip()
        elif line.startswith("    ") and current is not None:
            options[current] = join_lines(options[current], line.strip())
        else:
            break
    return index + 1, options


def term_reading(path: Path) -> str:
    """The kana reading declared in a glossary snippet's ``term-card``."""
    line, options = parse_card(path) or (1, {})
    if not options.get("reading"):
        raise ValueError(f"{path}:{line}: the term-card directive needs a ':reading:' option")
    return options["reading"]


def to_hiragana(text: str) -> str:
    """Katakana to hiragana."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
VOWEL_OF = {}
for _vowel, _row in zip(
    "あいうえお",
    (
        "あかさたなはまやらわがざだばぱゃぁ",
        "いきしちにひみりぎじぢびぴぃ",
        "うくすつぬふむゆるぐずづぶぷゅぅゔ",
        "えけせてねへめれげぜでべぺぇ",
        "おこそとのほもよろをごぞどぼぽょぉ",
    ),
    strict=True,
):
    VOWEL_OF.update(dict.fromkeys(_row, _vowel))


def reading_key(reading: str) -> tuple[str, str]:
    """Sort key for gojūon order, as Japanese dictionaries sort.

    Voiced and semi-voiced kana sort with their plain kana (が as か), small kana
    with large ones (っ as つ), and the long-vowel mark as the vowel before it
    (くーだ as くうた). Ties keep plain before voiced (the original reading).
    """
    text = to_hiragana(reading)
    plain = []
    for char in text:
        if char == "ー" and plain:
            char = VOWEL_OF.get(plain[-1], plain[-1])
        else:
            char = unicodedata.normalize("NFD", char)[0].translate(SMALL)
        plain.append(char)
    return "".join(plain), text


# The line sphinx-gallery writes under every executed page (reST).
RUNNING_TIME = re.compile(
    r"\*\*Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)"
)


# -- Notebooks ------------------------------------------------------------------
# The first cell of every downloaded notebook: Colab (or any fresh environment)
# lacks the Japanese font package; where everything is installed it does nothing.
FIRST_NOTEBOOK_CELL = """\
# 必要なパッケージが入っていない環境（Google Colab など）では、ここで入れます。
# すでに入っていれば何もしません。
import importlib.util
import subprocess
import sys

for package, module in [("matplotlib-fontja", "matplotlib_fontja")]:
    if importlib.util.find_spec(module) is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)"""


# -- Resetting state before every snippet -------------------------------------
def reset_japanese_matplotlib(gallery_conf, fname):
    """matplotlib's defaults plus the Japanese font: what a reader's script gets.

    sphinx-gallery resets matplotlib with ``rcdefaults`` before each snippet,
    which drops the font that ``import matplotlib_fontja`` set in an earlier
    snippet; this puts that font back, and nothing else, so that a figure on
    the page looks like the one a reader's downloaded script draws.
    """
    import matplotlib.pyplot as plt
    import matplotlib_fontja

    if gallery_conf is None:  # tests: sphinx-gallery's reset does not run there
        plt.close("all")
        plt.rcdefaults()
    matplotlib_fontja.japanize()


_caught: warnings.catch_warnings | None = None


def warnings_as_errors(gallery_conf, fname, when):
    """A snippet that warns stops the build, as it fails its test.

    Filters set in ``conf.py`` do not reach sphinx-gallery's worker processes,
    so every snippet runs inside its own ``warnings.catch_warnings()``, opened
    before it and closed after it, in whichever process runs it: a snippet run
    in Sphinx's own process leaves the build's filters as they were.
    """
    global _caught
    if when == "before":
        _caught = warnings.catch_warnings()
        _caught.__enter__()
        warnings.simplefilter("error")
        # joblib/loky report on their own workers from a thread of this process.
        warnings.filterwarnings("default", module=r"joblib\.|loky\.")
    elif _caught is not None:
        _caught.__exit__(None, None, None)
        _caught = None


def reset_torch_seed(gallery_conf, fname):
    """A backstop: every snippet seeds itself, but none inherits another's RNG."""
    import torch

    # One thread per snippet in every build and test run, whether snippets run
    # side by side or alone: the cores do not thrash, and a float reduction
    # sums in the same order every time, so every run prints the same digits.
    torch.set_num_threads(1)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)


# -- Build settings -----------------------------------------------------------
def stale_snippets(pattern: str = r".*\.py$") -> list[Path]:
    """Snippets that sphinx-gallery will execute: new, or changed since their last run.

    sphinx-gallery records the md5 of each snippet it ran next to the page it
    wrote (``docs/<gallery>/.../<name>.py.md5``), hashed in text mode.
    """
    from sphinx_gallery.utils import get_md5sum

    stale = []
    for snippet in sorted(SNIPPETS.rglob("*.py")):
        if snippet.name.startswith("_") or not re.search(pattern, snippet.as_posix()):
            continue
        record = ROOT / "docs" / snippet.relative_to(SNIPPETS).with_suffix(".py.md5")
        if not record.is_file() or record.read_text().strip() != get_md5sum(snippet, mode="t"):
            stale.append(snippet)
    return stale


def choose_parallelism(app) -> None:
    """Workers for executing snippets, decided before sphinx-gallery runs any.

    ``SPHX_GLR_PARALLEL`` when set; otherwise one per core, but none when at
    most one snippet needs to run: starting workers (each imports torch) would
    cost more than it saves on a one-snippet rebuild.
    """
    conf = app.config.sphinx_gallery_conf
    value = os.environ.get("SPHX_GLR_PARALLEL")
    if value is not None:
        workers = int(value)
    elif len(stale_snippets(conf["filename_pattern"])) <= 1:
        workers = 1
    else:
        workers = len(os.sched_getaffinity(0))
    conf["parallel"] = workers if workers > 1 else False


def setup(app) -> dict:
    app.connect("builder-inited", choose_parallelism, priority=5)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def intersphinx_mapping(root: Path) -> dict:
    """Inventories that resolve offline here and online elsewhere."""
    local = root.parent / "shared" / "reference" / "torch-2.1-objects.inv"
    mapping = {
        "torch": ("https://docs.pytorch.org/docs/stable/", str(local) if local.is_file() else None)
    }
    python_inv = os.environ.get("PYTHON_INVENTORY")
    if python_inv or os.environ.get("DOCS_ONLINE") == "1":
        mapping["python"] = ("https://docs.python.org/3/", python_inv or None)
    return mapping
