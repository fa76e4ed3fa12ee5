"""Time the site build: clean, no-op and one-snippet rebuilds (``nox -s bench``).

Prints wall time, the snippets' own run time (from sphinx-gallery), peak memory
of the whole process tree (sampled), and checks the budgets of this 2-core
machine. Exits non-zero when a budget is missed.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "conf"))
from sg_helpers import RUNNING_TIME, galleries

GALLERIES = galleries()
CORES = len(os.sched_getaffinity(0))
# The sphinx-build options come from noxfile.py (SPHINX_ARGS) on the command line.
BUILD = [sys.executable, "-m", "sphinx", *sys.argv[1:], "-q", "docs", "docs/_build/html"]
EDITED = ROOT / "snippets" / "glossary" / "tensor.py"


def run(label: str) -> dict:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    start = time.perf_counter()
    proc = psutil.Popen(BUILD, cwd=ROOT, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    done.set()
    thread.join()
    wall = time.perf_counter() - start
    if code:
        sys.exit(f"{label}: the build failed (exit {code})")
    return {"label": label, "wall": wall, "peak": peak}


def snippet_seconds() -> float:
    total = 0.0
    for gallery in GALLERIES:
        for rst in (DOCS / gallery).rglob("*.rst"):
            match = RUNNING_TIME.search(rst.read_text(encoding="utf-8"))
            if match:
                total += int(match.group(1)) * 60 + float(match.group(2))
    return total


def clean() -> None:
    for path in [DOCS / "_build", DOCS / "_generated", *(DOCS / g for g in GALLERIES)]:
        shutil.rmtree(path, ignore_errors=True)


def main() -> None:
    clean()
    results = [run("clean build")]
    snippets = snippet_seconds()
    results.append(run("no-op rebuild"))
    original = EDITED.read_text(encoding="utf-8")
    try:
        EDITED.write_text(original + "\n# edited by nox -s bench\n", encoding="utf-8")
        results.append(run("one-snippet rebuild"))
    finally:
        EDITED.write_text(original, encoding="utf-8")
    results.append(run("rebuild after restoring the snippet"))

    clean_wall = results[0]["wall"]
    budgets = {
        "clean build": 1.5 * (snippets / 2) + 30,
        "no-op rebuild": 15,
        "one-snippet rebuild": 30,
    }
    print(f"\ncores: {CORES}")
    print(f"snippets' own run time (sum): {snippets:.1f} s")
    print(f"{'build':<38}{'wall':>9}{'budget':>9}{'peak memory':>14}")
    failed = []
    for r in results:
        budget = budgets.get(r["label"])
        mark = "" if budget is None or r["wall"] <= budget else "  OVER"
        if mark:
            failed.append(r["label"])
        budget_text = f"{budget:.1f}" if budget else "-"
        print(
            f"{r['label']:<38}{r['wall']:>8.1f}s{budget_text:>9}{r['peak'] / 2**30:>12.2f} GB{mark}"
        )
    ratio = clean_wall / (snippets / CORES) if snippets else float("nan")
    print(f"clean build / (snippets' run time / {CORES} cores): {ratio:.2f}")
    peak = max(r["peak"] for r in results)
    if peak > 6 * 2**30:
        failed.append(f"peak memory {peak / 2**30:.2f} GB > 6 GB")
    if failed:
        sys.exit(f"budgets missed: {failed}")


if __name__ == "__main__":
    main()
