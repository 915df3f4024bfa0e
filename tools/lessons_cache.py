"""Sphinx extension: how the chapters are executed (what Jupyter Book does not do on its own).

Never stale
-----------
myst-nb's ``cache`` execution mode stores each chapter's outputs in jupyter-cache, keyed on a hash
of the chapter's *code cells*. An edit to ``lessons_code/deep.py`` changes no code cell, so the
cache would happily serve the old outputs, and Sphinx, which sees no change in the chapter's
source, would not even re-read the page. So, before Sphinx reads the pages, this extension computes
one digest of the whole ``lessons_code`` package (every file, the data files included) and of the
versions of Python and the libraries whose upgrade can change outputs. When it differs from the
digest of the last build (or none is recorded), every cached execution is dropped and every page is
re-read, so every chapter runs afresh; otherwise a rebuild executes only the chapters whose code
changed. The digest is kept next to the cache, in ``<cache>/lessons_code_digest.txt``.

(A digest per page, of only the modules the page imports, would spare a few pages per edit, but
nearly every chapter imports the modules that change most often; see the README's "Building".)

The site's own styles and scripts
---------------------------------
Sphinx writes a page again only when its source changed, and copies the static files only when it
writes some page: an edit to ``book/_static/`` (the stylesheet), ``playground/`` (the widget, bundled
at the end of the build) or ``tools/`` (the extensions that shape every page) would leave the old
site in place ("no targets are out of date"). So a second digest covers those files; when it
changes, every page is read and written again (from the execution cache: nothing is re-executed).
It is kept in the doctree folder, ``<doctrees>/front_end_digest.txt``, and saved once the build is
done.

Kernel environment
------------------
Every notebook kernel inherits ``kernel_environment`` (``_config.yml``; ``tests/conftest.py``
reads the same mapping), unless a variable is already set: TensorFlow's start-up messages silenced
at their source, and one BLAS thread. ``IPYTHONDIR`` points to a fresh profile under the build
folder, so a reader's own IPython start-up files cannot change the book's outputs, and the kernel
logs errors only (its notice that a local kernel talks to the build over TCP without encryption is
not a problem of the book; cells' own warnings still fail the strict build).

Execution report
----------------
At the end of the build it writes ``_build/execution.json``, from myst-nb's own record of each
page read in this build: ``{page: {"executed": bool, "succeeded": bool, "seconds": float,
"error": str, "report": path}}`` ("executed" is false for a page served from the cache; "report"
is myst-nb's file with the failing cell's traceback). ``tools/build_book.py`` summarizes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from datetime import UTC
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STATE_FILE = "lessons_code_digest.txt"
VERSIONED = ("numpy", "scikit-learn", "matplotlib", "tensorflow", "tensorflow-cpu", "keras",
             "myst-nb", "jupyter-cache")


def _hash_files(digest, root: Path, entries: tuple[str, ...]) -> str:
    """Add each file under ``root / entry`` (by path and content) to ``digest``; return its hex."""
    for entry in entries:
        base = root / entry
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            rel = path.relative_to(root)
            if path.is_file() and "__pycache__" not in rel.parts and not rel.name.startswith("."):
                digest.update(f"|{rel.as_posix()}:".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def package_digest(package_dir: Path) -> str:
    """A digest of every file of the package and of the versions that can change outputs."""
    digest = hashlib.sha256(sys.version.split()[0].encode())
    for dist in VERSIONED:
        try:
            digest.update(f"|{dist}=={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{dist} absent".encode())
    return _hash_files(digest, package_dir, ("",))


#: The files that shape every page of the site without being a page (relative to the book root).
FRONT_END = ("book/_static", "playground/src", "playground/build.mjs", "tools")
FRONT_END_STATE = "front_end_digest.txt"


def _front_end_outdated(app, env, added, changed, removed) -> list[str]:
    """Every page, when the site's styles, scripts or extensions changed since the last build."""
    app.lessons_front_end = _hash_files(hashlib.sha256(), Path(app.srcdir), FRONT_END)
    state = Path(app.doctreedir) / FRONT_END_STATE
    if state.exists() and state.read_text() == app.lessons_front_end:
        return []
    logger.info("lessons_cache: the site's styles, scripts or extensions changed: every page is "
                "written again")
    return sorted(env.found_docs)


def _save_front_end_digest(app, exception) -> None:
    if exception is None and getattr(app, "lessons_front_end", None):
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        (Path(app.doctreedir) / FRONT_END_STATE).write_text(app.lessons_front_end)


def _cache_dir(app) -> Path:
    """The jupyter-cache folder myst-nb uses (``_build/.jupyter_cache`` unless configured)."""
    config = getattr(app.env, "mystnb_config", None)
    default = Path(app.outdir).parent / ".jupyter_cache"
    return Path(getattr(config, "execution_cache_path", "") or default)


def _on_before_read(app, env, docnames: list[str]) -> None:
    package_dir = Path(app.srcdir) / app.config.lessons_cache_package
    if not (package_dir / "__init__.py").exists():
        logger.warning(f"lessons_cache: package directory {package_dir} not found")
        return
    cache_dir = _cache_dir(app)
    state = cache_dir / STATE_FILE
    digest = package_digest(package_dir)
    if not state.exists() or state.read_text() != digest:
        if cache_dir.exists():
            from jupyter_cache import get_cache

            cache = get_cache(str(cache_dir))
            for record in cache.list_cache_records():
                cache.remove_cache(record.pk)
            logger.info("lessons_cache: lessons_code or a library changed: every page runs afresh")
        docnames.extend(sorted(set(env.found_docs) - set(docnames)))
        # Saving now is safe whatever happens next: no cache record is older than this digest.
        cache_dir.mkdir(parents=True, exist_ok=True)
        state.write_text(digest)


def _note_pages_read(app, env, docnames: list[str]) -> None:
    app.lessons_pages_read = list(docnames)


def _prepare_kernels(app) -> None:
    app.lessons_build_start = time.time()
    for name, value in app.config.kernel_environment.items():
        os.environ.setdefault(name, str(value))
    ipython_dir = Path(app.outdir).parent / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def _executed_this_build(app) -> set[str]:
    """The source files whose cache record this build created (jupyter-cache times are UTC)."""
    from jupyter_cache import get_cache

    start = app.lessons_build_start
    records = get_cache(str(_cache_dir(app))).list_cache_records()
    return {str(Path(r.uri).resolve()) for r in records
            if r.created.replace(tzinfo=UTC).timestamp() >= start}


def _write_execution_report(app, exception) -> None:
    from myst_nb.sphinx_ import NbMetadataCollector

    executed = _executed_this_build(app)
    pages = {}
    for docname in getattr(app, "lessons_pages_read", []):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if data is None:  # a page without code, or one not executed (build_chapter.py)
            continue
        report = Path(app.outdir, "reports", *f"{docname}.err.log".split("/"))  # written by myst-nb
        source = str(Path(app.env.doc2path(docname)).resolve())
        pages[docname] = {
            # a failed execution leaves no cache record; a successful one, a new record
            "executed": not data["succeeded"] or source in executed,
            "succeeded": data["succeeded"],
            "seconds": data["runtime"],
            "error": data["error"],
            "report": str(report) if data["traceback"] else None,
        }
    path = Path(app.outdir).parent / "execution.json"
    path.write_text(json.dumps(pages, indent=1, sort_keys=True), encoding="utf-8")


def setup(app):
    app.add_config_value("lessons_cache_package", "lessons_code", "env")
    app.add_config_value("kernel_environment", {}, "env")
    app.connect("builder-inited", _prepare_kernels)
    app.connect("env-before-read-docs", _on_before_read)
    app.connect("env-before-read-docs", _note_pages_read, priority=900)  # after every other handler
    app.connect("env-get-outdated", _front_end_outdated)
    app.connect("build-finished", _write_execution_report)
    app.connect("build-finished", _save_front_end_digest)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
