"""Every snippet runs on its own, top to bottom, and has a test of what it computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, all_snippets, run_snippet

SNIPPET_IDS = [p.relative_to(ROOT / "snippets").with_suffix("").as_posix() for p in all_snippets()]


@pytest.mark.parametrize("name", SNIPPET_IDS)
def test_snippet_runs(name):
    namespace = run_snippet(name)
    assert namespace, f"{name} left no namespace"


@pytest.mark.parametrize("name", SNIPPET_IDS)
def test_snippet_has_assertions(name):
    """A snippet counts as tested only when some test reads what it computed."""
    pattern = re.compile(rf"snippet\(\s*[\"']{re.escape(name)}[\"']\s*\)")
    tests = [p for p in (ROOT / "tests").glob("test_*.py") if p.name != Path(__file__).name]
    users = [p.name for p in tests if pattern.search(p.read_text(encoding="utf-8"))]
    assert users, f"no test calls snippet({name!r}); add assertions on what it computes"


@pytest.mark.parametrize("name", SNIPPET_IDS)
def test_snippet_follows_house_style(name):
    source = (ROOT / "snippets" / f"{name}.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    assert source.startswith(('"""', 'r"""')), "open with a reST docstring title"
    assert "######" not in source, "use '# %%' cells, not ###### rules"
    assert len(lines) <= 250, f"{len(lines)} lines: split the topic"
    if "plt." in source:
        assert "plt.show()" in source, "end figures with plt.show()"
    if re.search(r"torch\.(rand|randn|randint|randperm|normal)\b|shuffle=True|Random", source):
        assert "manual_seed" in source or "Generator" in source, "seed every random draw"
