"""What the build does to the site's assets, checked on small inputs.

The stylesheet trimming (conf/lean_theme.py) and the search index's word
splitting (conf/ja_splitter.py); the built site's own checks are in
test_site_html.py and test_site_browser.py.
"""

from __future__ import annotations

from lean_theme import can_match, purge, split_blocks

WORDS = {"bd-header", "highlight", "s2", "toctree-l1", "fa-house"}


def test_a_selector_is_kept_only_when_every_class_it_needs_is_used():
    assert can_match(".bd-header .highlight", WORDS)
    assert not can_match(".bd-header .unused", WORDS)
    assert can_match('html[data-theme="dark"] .highlight .s2', WORDS)  # attributes aside
    assert can_match(".highlight:not(.unused)", WORDS)  # :not needs no .unused
    assert can_match(":is(.unused, .highlight) > p", WORDS)  # :is needs only one
    assert can_match("a:hover::before", WORDS)  # elements and pseudo-classes stay


def test_purge_keeps_used_rules_inside_at_rules_and_drops_the_rest():
    css = (
        "@font-face{font-family:x;src:url(a.woff2)}"
        '.fa-house{--fa:"\\f015"}.fa-unused{--fa:"\\f000"}'
        "@media (min-width:1200px){.bd-header{width:1px}.gone{width:2px}}"
        "@media print{.gone{display:none}}"
        '.highlight:before{content:"{not a block}"}'
        "@import url(x.css);"
    )
    out = purge(css, WORDS)
    assert "@font-face" in out and ".fa-house" in out and ".fa-unused" not in out
    assert "@media (min-width:1200px){.bd-header{width:1px}}" in out
    assert "@media print" not in out  # nothing left inside it
    assert '.highlight:before{content:"{not a block}"}' in out  # braces in strings
    assert "@import" not in out


def test_blocks_split_at_top_level_braces_only():
    blocks = split_blocks("@media x{.a{b:c}}.d{e:f}@charset 'u';")
    assert blocks == [("@media x", ".a{b:c}"), (".d", "e:f"), ("@charset 'u'", None)]


def test_search_splitter_finds_the_words_janome_finds():
    """The index's splitter hands only Japanese text to Janome, with the same words."""
    from ja_splitter import JapaneseRunsSplitter
    from sphinx.search.ja import JanomeSplitter

    text = (
        "テンソルの形を変えるには x.view(2, 3) や torch.reshape を使います。"
        "学習率 lr=0.01 で optimizer.step() を呼び、勾配を 0 に戻します。"
    )
    ours = [w for w in JapaneseRunsSplitter({}).split(text) if len(w.strip()) > 1]
    janome = [w for w in JanomeSplitter({}).split(text) if len(w.strip()) > 1]
    assert ours == janome
    assert {"テンソル", "torch", "reshape", "optimizer", "勾配"} <= set(ours)
