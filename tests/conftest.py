"""Shared fixtures: run snippets the way a reader would, and find the built site."""

from __future__ import annotations

import os
import runpy
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
SITE = ROOT / "docs" / "_build" / "html"

sys.path.insert(0, str(ROOT / "conf"))
import sg_helpers

os.environ.setdefault("MPLBACKEND", "Agg")


def all_snippets() -> list[Path]:
    """Every executed snippet, in the order the site shows them."""
    return sorted(
        (p for p in SNIPPETS.rglob("*.py") if not p.name.startswith("_")),
        key=lambda p: p.relative_to(SNIPPETS).parts,
    )


_namespaces: dict[str, dict] = {}


def run_snippet(name: str) -> dict:
    """Execute ``snippets/<name>.py`` once per test session and return its globals.

    The same reset that runs before each snippet in the build runs here, and
    every warning is an error, so a snippet that warns fails its test.
    """
    if name not in _namespaces:
        path = SNIPPETS / f"{name}.py"
        if not path.is_file():
            raise FileNotFoundError(f"no snippet {path}")
        sg_helpers.reset_japanese_matplotlib(None, None)
        sg_helpers.reset_torch_seed(None, None)
        cwd = os.getcwd()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                namespace = runpy.run_path(str(path), run_name="__main__")
        finally:
            os.chdir(cwd)
        import matplotlib.pyplot as plt

        namespace["__figures__"] = [plt.figure(n) for n in plt.get_fignums()]
        _namespaces[name] = namespace
    return _namespaces[name]


def pytest_collection_modifyitems(config, items):
    """Tests of one snippet share a worker (pytest-xdist's loadgroup), so each
    snippet runs once per test session, wherever its tests are; the site tests,
    which read the built HTML, spread over the workers one test each."""
    for item in items:
        name = Path(str(item.fspath)).stem
        if name == "test_snippets":
            snippet_name = item.callspec.params["name"]
            group = (
                "intro" if snippet_name.startswith("intro/") else snippet_name.rsplit("/", 1)[-1]
            )
        elif name.startswith("test_site_"):
            # Site tests share no snippet: each test may run on either worker.
            group = f"{name}::{item.originalname}"
        else:
            group = name.removeprefix("test_glossary_").removeprefix("test_tutorial_")
            group = group.removeprefix("test_")
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def snippet():
    """``snippet("glossary/tensor")`` returns the namespace that snippet left."""
    return run_snippet


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE}/index.html is missing: build the site first (nox -s docs)")
    return SITE
