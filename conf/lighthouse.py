"""Lighthouse 12 on the built site, as a phone on a slow network sees it (``nox -s lighthouse``).

Serves ``docs/_build/html`` gzip-compressed on 127.0.0.1 (as GitHub Pages
serves it), runs Lighthouse's mobile preset (simulated slow 4G, a mid-range
phone) with Debian's Chromium on five pages: the home page, the glossary index,
the heaviest glossary page, the heaviest tutorial and the search page, and
compares each score with its target. Exits non-zero when one is missed.

    python conf/lighthouse.py PATH/TO/lighthouse [PAGE ...]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_host import serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "docs" / "_build" / "html"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def weight(page: Path) -> int:
    """Bytes of a page and the figures it shows (what makes a page heavy)."""
    html = page.read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    return len(html.encode()) + sum(
        (page.parent / src).stat().st_size for src in images if (page.parent / src).is_file()
    )


def heaviest(folder: str) -> str:
    pages = [p for p in (SITE / folder).rglob("*.html") if p.name != "index.html"]
    return max(pages, key=weight).relative_to(SITE).as_posix()


def audit(lighthouse: str, url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                lighthouse,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            check=True,
            env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
    failed = [
        f"{audit['id']} ({audit['score']})"
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    scores["_failing"] = failed[:12]
    scores["_metrics"] = "  ".join(
        f"{name} {data['audits'][key]['displayValue']}"
        for name, key in METRICS.items()
        if data["audits"].get(key, {}).get("displayValue")
    )
    return scores


def main() -> None:
    lighthouse, *pages = sys.argv[1:]
    if not pages:
        pages = [
            "index.html",
            "glossary/index.html",
            heaviest("glossary"),
            heaviest("tutorials"),
            "search.html?q=勾配",
        ]
    missed = []
    with serve(SITE) as base:
        for page in pages:
            scores = audit(lighthouse, f"{base}/{page}")
            line = "  ".join(f"{k} {scores[k]:>3}" for k in TARGETS)
            print(f"{page:<48} {line}")
            print(f"{'':<48} {scores['_metrics']}")
            if scores["_failing"]:
                print(f"{'':<48} below 0.9: {', '.join(scores['_failing'])}")
            missed += [
                f"{page}: {k} {scores[k]} < {t}" for k, t in TARGETS.items() if scores[k] < t
            ]
    if missed:
        sys.exit("targets missed:\n" + "\n".join(missed))


if __name__ == "__main__":
    main()
