"""The numbers on a page are the numbers its code prints, on any run.

A snippet is run again in a fresh interpreter, as a reader who copies it would,
and every output block on its built page must appear in what it prints.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.site

# Pages whose output involves no timing or machine-specific value.
PAGES = ["tutorials/regression/linear_regression_manual", "glossary/adam", "glossary/broadcasting"]


def page_outputs(page: str) -> list[str]:
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(
        r'<div class="sphx-glr-script-out[^"]*">.*?<pre>(.*?)</pre>', text, flags=re.S
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", b)).strip() for b in blocks]


@pytest.mark.parametrize("name", PAGES)
def test_page_output_is_what_a_fresh_run_prints(site, name):
    outputs = page_outputs(site / f"{name}.html")
    assert outputs, f"{name}: no output blocks on the page"
    env = dict(os.environ, MPLBACKEND="Agg", OMP_NUM_THREADS="1", PYTHONHASHSEED="0")
    result = subprocess.run(
        [sys.executable, str(ROOT / "snippets" / f"{name}.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    printed = result.stdout
    for block in outputs:
        assert block in printed, f"{name}: the page shows output this run did not print:\n{block}"
