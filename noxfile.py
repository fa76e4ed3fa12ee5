"""The one entry point for building and testing the site.

    nox -s docs             build the HTML site into docs/_build/html
    nox -s docs -- tensor   execute only snippets whose name matches (others render without output)
    nox -s tests            build the site, then run every test (snippets, built HTML, browser)
    nox -s tests -- -k adam forward arguments to pytest
    nox -s lint             ruff, formatting, and the GitHub workflow against its schema
    nox -s serve            build, serve on http://127.0.0.1:8000 and rebuild on change
    nox -s bench            time clean, no-op and one-snippet builds against the budgets
    nox -s lighthouse       Lighthouse (mobile) on five pages of the built site, against the targets
    nox -s linkcheck        check every external link (needs the internet)

TORCH_NEWEST=1 makes docs and tests use the newest torch and torchvision
instead of the pinned ones (the scheduled CI job does).

Environments are reused between runs; they are reinstalled only when the
dependency groups in pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "conf"))
from sg_helpers import galleries

BUILD_DIR = ROOT / "docs" / "_build" / "html"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "virtualenv"  # uv would ignore the local torch wheels
nox.options.reuse_venv = "yes"
nox.options.sessions = ["docs", "tests", "lint"]
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"


def install_groups(session: nox.Session, *groups: str) -> None:
    """Install dependency groups once; again only when they change."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    stamp = Path(session.virtualenv.location) / f".installed-{digest}"
    if stamp.exists():
        session.log(f"dependency groups {', '.join(groups)} are up to date")
        return
    session.install("--upgrade", "pip")
    session.install(*requirements)
    stamp.write_text("\n".join(requirements) + "\n")


def install_newest_torch(session: nox.Session) -> None:
    """TORCH_NEWEST=1: the newest torch and torchvision over the pinned ones."""
    if os.environ.get("TORCH_NEWEST") == "1":
        session.install("--upgrade", "torch", "torchvision")
        session.run(
            "python",
            "-c",
            "import torch, torchvision; print(torch.__version__, torchvision.__version__)",
        )


def install_node_assets(session: nox.Session) -> None:
    """KaTeX's CSS and fonts, and axe-core, from package-lock.json."""
    lock = ROOT / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    stamp = ROOT / "node_modules" / f".installed-{digest}"
    if stamp.exists():
        return
    if shutil.which("npm") is None:
        session.error("npm is missing: install Node.js (Debian: apt-get install nodejs npm)")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    stamp.write_text(digest + "\n")


# Warnings are errors, every reference is checked, the build goes on to report
# every problem before it fails, and an error shows its full traceback.
SPHINX_ARGS = ["-b", "html", "-c", "conf", "-W", "--keep-going", "-n", "-T", "-j", "auto"]
BUILD_ENV = {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}


def only_pattern(names: list[str]) -> str:
    """sphinx-gallery's filename_pattern for the snippets named on the command line."""
    stems = [re.escape(name.strip().removesuffix(".py")) for name in names if name.strip()]
    return r"/(" + "|".join(stems) + r")\.py$"


def sphinx_build(session: nox.Session, only: list[str]) -> None:
    args = list(SPHINX_ARGS)
    if only:
        # Execute only these snippets; the others render without output.
        args += ["-D", f"sphinx_gallery_conf.filename_pattern={only_pattern(only)}"]
        session.log(f"executing only snippets named: {', '.join(only)}")
    session.run("sphinx-build", *args, "docs", str(BUILD_DIR), env=BUILD_ENV)


def build_site(session: nox.Session, only: list[str]) -> None:
    install_node_assets(session)
    sphinx_build(session, only)
    session.log(f"The site is in {BUILD_DIR / 'index.html'}")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML site (snippets execute); posargs name snippets to execute alone."""
    install_groups(session, "docs")
    install_newest_torch(session)
    build_site(session, list(session.posargs))


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Build the site, then run every test suite; posargs go to pytest."""
    install_groups(session, "test")
    install_newest_torch(session)
    if not Path("/usr/bin/chromium").exists():
        session.error(
            "Browser tests need Debian's Chromium at /usr/bin/chromium: "
            "sudo apt-get install -y chromium"
        )
    build_site(session, [])
    results = ROOT / "docs" / "_build" / "test-results"
    # One worker per core; the tests of one snippet (or one site test file)
    # stay on one worker, so each snippet runs once (tests/conftest.py).
    workers = ["-n", str(len(os.sched_getaffinity(0))), "--dist", "loadgroup"]
    session.run(
        "pytest",
        *workers,
        f"--junitxml={results / 'pytest.xml'}",
        *session.posargs,
        env={"MPLBACKEND": "Agg"},
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time a clean build, a no-op rebuild and a one-snippet rebuild against budgets."""
    install_groups(session, "bench")
    install_node_assets(session)
    session.run("python", "conf/bench.py", *SPHINX_ARGS, env=BUILD_ENV)


@nox.session(python=PYTHON)
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site (needs the internet; CI runs it weekly)."""
    install_groups(session, "docs")
    install_node_assets(session)
    session.run(
        "sphinx-build",
        "-b",
        "linkcheck",
        "-c",
        "conf",
        "-q",
        "docs",
        "docs/_build/linkcheck",
        env=BUILD_ENV,
    )


@nox.session(python=PYTHON)
def lighthouse(session: nox.Session) -> None:
    """Lighthouse 12 (mobile, slow 4G, gzip) on five pages of the built site, against targets."""
    install_groups(session, "bench")
    prefix = ROOT / ".nox" / "lighthouse-node"
    if not (prefix / "node_modules" / ".bin" / "lighthouse").exists():
        session.run(
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(prefix),
            "lighthouse@12.8.2",
            external=True,
        )
    if not (BUILD_DIR / "index.html").is_file():
        build_site(session, [])
    session.run(
        "python",
        "conf/lighthouse.py",
        str(prefix / "node_modules" / ".bin" / "lighthouse"),
        *session.posargs,
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check; the CI workflow against GitHub's schema (offline)."""
    install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml")),
    )


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Build, then serve on 127.0.0.1:8000 and rebuild whatever changes."""
    install_groups(session, "serve")
    install_node_assets(session)
    session.run(
        "sphinx-autobuild",
        "-b",
        "html",
        "-c",
        "conf",
        "-n",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "snippets",
        "--watch",
        "conf",
        *(arg for gallery in galleries() for arg in ("--ignore", f"docs/{gallery}")),
        "--ignore",
        "docs/_generated",
        *session.posargs,
        "docs",
        str(BUILD_DIR),
        env={"MPLBACKEND": "Agg"},
    )
