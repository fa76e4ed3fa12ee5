"""The built site as a reader sees it, in Debian's Chromium driven by Playwright.

The site is served from docs/_build/html on 127.0.0.1; any request to another
host is recorded (and aborted) and fails the test.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, SITE
from static_host import serve

pytestmark = [pytest.mark.site, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: sudo apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One page load with everything that went wrong recorded."""

    def __init__(self, browser, server, path, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.bytes = 0
        host = urlparse(server).netloc

        def route(route):
            if urlparse(route.request.url).netloc != host:
                self.outside.append(route.request.url)
                return route.abort()
            return route.continue_()

        self.page.route("**/*", route)
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: self.problems.append(f"failed: {r.url} {r.failure}"),
        )
        self.page.on("response", self._count)
        self.response = self.page.goto(f"{server}/{path}", wait_until="load")

    def _count(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")
        length = response.headers.get("content-length")
        if length:
            self.bytes += int(length)

    def close(self):
        self.context.close()


def site_pages() -> list[str]:
    if not SITE.is_dir():
        return []
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if not p.relative_to(SITE).parts[0].startswith("_")
        and p.name not in ("genindex.html", "search.html")
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")  # moved pages
    )


def test_every_page_loads_cleanly_and_fits_a_phone(browser, server):
    pages = site_pages()
    assert len(pages) > 50
    report = []
    weights = {}
    for path in pages:
        visit = Visit(browser, server, path, viewport={"width": 390, "height": 844})
        page = visit.page
        weights[path] = visit.bytes  # what the first view transfers
        # Scroll through the page so that lazy figures load, then check each decoded.
        page.evaluate(
            """async () => {
                for (const img of document.images) {
                    img.scrollIntoView();
                    if (!img.complete) await new Promise(r => { img.onload = img.onerror = r; });
                }
                window.scrollTo(0, 0);
            }"""
        )
        undecoded = page.evaluate(
            "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        problems = list(visit.problems)
        problems += [f"outside request: {u}" for u in visit.outside]
        problems += [f"image did not decode: {u}" for u in undecoded]
        if overflow > 0:
            problems.append(f"scrolls sideways by {overflow}px at 390px width")
        report += [f"{path}: {p}" for p in problems]
        visit.close()
    median = statistics.median(weights.values())
    largest = max(weights, key=weights.get)
    print(f"\npages checked: {len(pages)}")
    print(f"transferred on first view (gzip): median {median / 1024:.0f} KiB,", end=" ")
    print(f"largest {largest} {weights[largest] / 1024:.0f} KiB")
    assert not report, "\n".join(report[:40])
    assert median < 1024 * 1024, f"median page weight {median / 1024:.0f} KiB"


SEARCHES = {
    "勾配": "glossary/gradient.html",
    "テンソル": "glossary/tensor.html",
    "損失関数": "glossary/loss_function.html",
    "データローダ": "glossary/dataloader.html",
    "DataLoader": "glossary/dataloader.html",
    "zero_grad": "glossary/zero_grad.html",
}


@pytest.mark.parametrize("query", list(SEARCHES))
def test_search_finds_the_right_page_first(browser, server, query):
    visit = Visit(browser, server, f"search.html?q={query}")
    page = visit.page
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    first = page.eval_on_selector("#search-results ul.search li a", "a => a.href")
    print(f"\n{query}: {first}")
    visit.close()
    assert first.split("#")[0].split("?")[0].endswith(SEARCHES[query])


def test_copy_button_copies_runnable_code_only(browser, server):
    visit = Visit(
        browser,
        server,
        "glossary/tensor.html",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = visit.page
    blocks = page.locator("div.highlight-Python")
    assert blocks.count() > 0
    first = blocks.first
    first.hover()
    first.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = first.locator("pre").inner_text()
    visit.close()
    assert copied.strip() == shown.strip()
    assert "import torch" in copied
    namespace: dict = {}
    exec(compile(copied, "copied-from-page", "exec"), namespace)  # it runs
    assert "torch" in namespace
    # Output blocks have no copy button: only code is ever copied.
    visit = Visit(browser, server, "glossary/tensor.html")
    outputs = visit.page.locator("div.sphx-glr-script-out button.copybtn").count()
    visit.close()
    assert outputs == 0


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "glossary/index.html",
        "glossary/tensor.html",
        "tutorials/regression/linear_regression_manual.html",
    ],
)
def test_no_serious_accessibility_violations(browser, server, path):
    visit = Visit(browser, server, path)
    page = visit.page
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
        }"""
    )
    visit.close()
    by_impact: dict[str, list] = {}
    for v in violations:
        by_impact.setdefault(v["impact"], []).append(f"{v['id']} ({v['nodes']})")
    print(f"\n{path}: " + ", ".join(f"{k}: {len(v)}" for k, v in by_impact.items()))
    serious = by_impact.get("serious", []) + by_impact.get("critical", [])
    assert not serious, f"{path}: {serious}"


def test_glossary_term_shows_its_card_on_hover_and_focus(browser, server):
    visit = Visit(browser, server, "tutorials/regression/linear_regression_manual.html")
    page = visit.page
    link = page.locator("a.glossary-term").first
    link.hover()
    card = page.locator("#term-tooltip")
    card.wait_for(state="visible")
    hovered = card.inner_text()
    page.mouse.move(0, 0)
    card.wait_for(state="hidden")
    link.focus()
    card.wait_for(state="visible")
    focused = card.inner_text()
    described = link.get_attribute("aria-describedby")
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    visit.close()
    assert hovered and hovered == focused
    assert described == "term-tooltip"


def test_math_renders_with_local_fonts(browser, server):
    visit = Visit(browser, server, "tutorials/regression/linear_regression_manual.html")
    page = visit.page
    page.evaluate("document.fonts.ready")
    sizes = page.eval_on_selector_all(
        ".katex", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    loaded = page.evaluate("document.fonts.check('16px KaTeX_Main')")
    problems = visit.problems + visit.outside
    visit.close()
    assert sizes and min(sizes) > 0
    assert loaded
    assert not problems


def test_dark_mode_puts_figures_on_a_light_card(browser, server):
    visit = Visit(browser, server, "glossary/tensor.html", color_scheme="dark")
    page = visit.page
    theme = page.evaluate("document.documentElement.dataset.theme")
    background = page.eval_on_selector(
        "img.sphx-glr-single-img", "img => getComputedStyle(img).backgroundColor"
    )
    visit.close()
    assert theme == "dark"
    assert background == "rgb(255, 255, 255)"


def test_answers_are_closed_until_opened_by_click_or_keyboard(browser, server):
    visit = Visit(browser, server, "tutorials/regression/linear_regression_manual.html")
    page = visit.page
    answers = page.locator("details.answer")
    assert answers.count() >= 2
    assert page.evaluate("[...document.querySelectorAll('details.answer')].every(d => !d.open)")
    first, second = answers.nth(0), answers.nth(1)
    assert not first.locator(".sphx-glr-script-out").first.is_visible()
    first.locator("summary").click()
    assert first.evaluate("d => d.open")
    assert first.locator(".sphx-glr-script-out").first.is_visible()
    second.locator("summary").focus()
    page.keyboard.press("Enter")
    assert second.evaluate("d => d.open")
    problems = visit.problems + visit.outside
    visit.close()
    assert not problems


def test_display_math_is_centred(browser, server):
    visit = Visit(browser, server, "tutorials/regression/gradient_and_learning_rate.html")
    offsets = visit.page.eval_on_selector_all(
        "div.math",
        """els => els.map(el => {
            const box = el.getBoundingClientRect();
            const k = el.querySelector('.katex-html').getBoundingClientRect();
            return (k.left - box.left) - (box.right - k.right);
        })""",
    )
    visit.close()
    assert offsets, "no display math"
    assert max(abs(o) for o in offsets) < 4, offsets


def test_no_code_block_scrolls_sideways_on_a_laptop(browser, server):
    """At 1280 and 1440 px (one load per page, then the window is widened)."""
    clipped = {1280: [], 1440: []}
    script = (
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.innerText.split('\\n').sort((a, b) => b.length - a.length)[0])"
    )
    for path in site_pages():
        if not path.startswith(("glossary/", "tutorials/", "intro/", "cheatsheet/")):
            continue
        visit = Visit(browser, server, path, viewport={"width": 1280, "height": 900})
        for width in clipped:
            visit.page.set_viewport_size({"width": width, "height": 900})
            found = visit.page.eval_on_selector_all("div.highlight-Python pre", script)
            clipped[width] += [f"{width}px {path}: {line}" for line in found]
        visit.close()
    print(
        "\n" + ", ".join(f"{w}px: {len(c)} code blocks scroll sideways" for w, c in clipped.items())
    )
    problems = clipped[1280] + clipped[1440]
    assert not problems, "\n".join(problems[:30])


def test_trimmed_stylesheet_draws_pages_as_the_full_theme_does(browser, server):
    """conf/lean_theme.py keeps only the theme's rules that the pages can use.

    Each page is drawn twice, once with the trimmed stylesheet and once with
    the stylesheets it was made from, whole and in their order, on a phone and
    a laptop, in light and dark mode, with the phone's navigation drawer open;
    the screenshots must be the same. The icon font is cut to the icons in use,
    so its glyphs may differ by a shade.
    """
    from io import BytesIO

    from PIL import Image, ImageChops

    merged = (SITE / "_static" / "styles" / "site-theme.css").read_text(encoding="utf-8")
    header = re.match(r"/\* (.*), cut to what the pages use \*/", merged)
    assert header, "site-theme.css does not name the stylesheets it merges"
    sources = header.group(1).split(", ")
    assert sources[:2] == ["basic.css", "styles/pydata-sphinx-theme.css"]
    full = "".join(f'@import url("../{name}");\n' for name in sources)
    phone, laptop = {"width": 412, "height": 900}, {"width": 1440, "height": 900}
    views = [  # (page, window, colour scheme, navigation drawer open)
        ("index.html", phone, "light", False),
        ("index.html", laptop, "light", False),
        ("glossary/tensor.html", phone, "light", False),
        ("glossary/tensor.html", laptop, "dark", False),
        ("tutorials/index.html", phone, "light", True),
        ("tutorials/index.html", laptop, "light", False),
        ("tutorials/regression/gradient_and_learning_rate.html", phone, "light", False),
        ("tutorials/regression/gradient_and_learning_rate.html", laptop, "light", False),
        ("search.html?q=勾配", phone, "light", False),
        ("404.html", laptop, "light", False),
    ]

    def shoot(path, viewport, scheme, drawer, stylesheet):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        if stylesheet is not None:
            page.route(
                "**/_static/styles/site-theme.css*",
                lambda route: route.fulfill(body=stylesheet, content_type="text/css"),
            )
        page.goto(f"{server}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        if path.startswith("search.html"):  # results and their excerpts arrive one by one
            page.wait_for_function(
                "document.querySelector('p.search-summary') && [...document.querySelectorAll("
                "'ul.search li')].every(li => li.querySelector('p.context'))"
            )
        if drawer:
            page.click("button.primary-toggle")
            page.wait_for_timeout(400)
        shot = Image.open(BytesIO(page.screenshot(full_page=not drawer))).convert("RGB")
        context.close()
        return shot

    differences = []
    for path, viewport, scheme, drawer in views:
        trimmed = shoot(path, viewport, scheme, drawer, None)
        theirs = shoot(path, viewport, scheme, drawer, full)
        where = f"{path} {viewport['width']}px {scheme}{' drawer' if drawer else ''}"
        if trimmed.size != theirs.size:
            differences.append(f"{where}: size {trimmed.size} != {theirs.size}")
            continue
        difference = ImageChops.difference(trimmed, theirs)
        largest = max(high for _, high in difference.getextrema())
        if largest > 24:
            differences.append(f"{where}: differs in {difference.getbbox()} by {largest}")
    assert not differences, "\n".join(differences)
