"""Sphinx extension: the network playground on the pages that embed it.

A chapter embeds the playground as raw HTML in a markdown cell::

    <nn-playground id="ch5-units" preset="ch5-units"><p>What a reader without JavaScript (or in a
    downloaded notebook) reads instead, pointing at the static figure below.</p></nn-playground>

This extension

* adds the bundle ``_static/playground/nn-playground.js`` (deferred) to exactly the pages whose body
  contains an ``<nn-playground`` element, so no other page loads it; a widget fetches its data and
  starts training only when it comes near the screen (``widget.js``), so a page that embeds one
  does no playground work while it loads;
* at the end of the build, bundles ``playground/src/`` with the pinned esbuild of
  ``playground/package-lock.json`` (``make setup`` runs ``npm ci`` there; nothing is fetched at build
  time) into ``_static/playground/``, and writes ``nn-playground-data.json`` next to it: the
  datasets and presets from :func:`lessons_code.playground.export_data` (the library's generators,
  not a re-implementation).

Without Node.js or the npm packages, a page that embeds the playground makes the build warn (so the
strict build fails and says to run ``make setup``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]  # the repository (tools/ may be a symlink to it)
PLAYGROUND = ROOT / "playground"
DEST = "playground"  # under _static/
SCRIPT = "nn-playground.js"
DATA = "nn-playground-data.json"
TAG = "<nn-playground"


def _on_builder_inited(app) -> None:
    app.playground_pages = set()


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    if TAG in (context.get("body") or ""):
        app.add_js_file(f"{DEST}/{SCRIPT}", defer="defer")
        app.playground_pages.add(pagename)


def build_bundle(dest: Path) -> str | None:
    """Bundle the playground into ``dest``; return None, or why it could not be built."""
    node = shutil.which("node")
    if node is None:
        return "node (Node.js) was not found"
    if not (PLAYGROUND / "node_modules" / "esbuild").exists():
        return f"the npm packages of {PLAYGROUND.relative_to(ROOT)}/ are not installed"
    result = subprocess.run([node, str(PLAYGROUND / "build.mjs"), str(dest)], capture_output=True, text=True)
    if result.returncode != 0 or not (dest / SCRIPT).exists():
        return f"esbuild failed: {(result.stderr or result.stdout).strip()[:500]}"
    return None


def write_data(dest: Path) -> None:
    """The datasets and presets of ``lessons_code.playground``, as the widget reads them."""
    from lessons_code.playground import export_data

    (dest / DATA).write_text(json.dumps(export_data(), separators=(",", ":")), encoding="utf-8")


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or not app.playground_pages:
        return
    dest = Path(app.outdir) / "_static" / DEST
    dest.mkdir(parents=True, exist_ok=True)
    problem = build_bundle(dest)
    if problem:
        logger.warning(f"playground: {problem}, so the playground of {sorted(app.playground_pages)} "
                       "cannot run: run 'make setup' (it runs 'npm ci' in playground/)")
        return
    write_data(dest)


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    # the pages that embed the playground are collected while pages are written: not in parallel
    return {"parallel_read_safe": True, "parallel_write_safe": False}
