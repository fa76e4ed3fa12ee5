"""Bad input stops the build with a message that names the file and line.

Each test builds a small site with the real configuration (conf/) in a
temporary directory, with one mistake in it, and reads what sphinx-build says.
"""

from __future__ import annotations

import re

import pytest

from minisite import OK_SNIPPET, TERM, build, make_site


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def test_mistakes_in_pages_stop_the_build_and_name_file_and_line(site):
    """One build with three mistakes: --keep-going reports every one of them."""
    # A snippet that raises.
    bad = site / "snippets" / "intro" / "install.py"
    bad.write_text(
        OK_SNIPPET.format(title="インストール") + '\nraise ValueError("壊れたスニペット")\n',
        encoding="utf-8",
    )
    # A link to a term the glossary does not have.
    index = site / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n\n{term}`存在しない用語` を参照します。\n",
        encoding="utf-8",
    )
    # A reference to an API that does not exist.
    term = site / "snippets" / "glossary" / "vector.py"
    term.write_text(
        TERM.replace("本文です。", "本文です。:class:`torch.nn.NoSuchLayer` を使います。"),
        encoding="utf-8",
    )
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/intro/install.py" in output
    assert "壊れたスニペット" in output
    assert re.search(r"index\.md:\d+: WARNING: term not in glossary: '存在しない用語'", output)
    assert re.search(
        r"glossary/vector\.rst:\d+: WARNING: py:class reference target not found: torch\.nn\.NoSuchLayer",
        output,
    )


def test_a_term_card_without_reading_stops_the_build(site):
    snippet = site / "snippets" / "glossary" / "vector.py"
    snippet.write_text(TERM.replace("   :reading: べくとる\n", ""), encoding="utf-8")
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/glossary/vector.py:5" in output
    assert "reading" in output


def test_a_tutorial_missing_from_the_reading_order_stops_the_build(site):
    stray = site / "snippets" / "tutorials" / "stray.py"
    stray.write_text(OK_SNIPPET.format(title="迷子のページ"), encoding="utf-8")
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/tutorials/stray.py is not listed in snippets/tutorials/order.txt" in output


def test_a_reading_order_that_lists_a_missing_page_stops_the_build(site):
    order = site / "snippets" / "intro" / "order.txt"
    order.write_text(order.read_text() + "ghost.py\n")
    result = build(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "snippets/intro/order.txt: lists 'ghost.py', which does not exist" in output
