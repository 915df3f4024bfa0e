"""Sphinx extension: what a reader sees around the chapters (no chapter file needs editing).

Each numbered chapter (``book/NN_*``) gets, under its title, a short box with

* its **estimated reading time**: prose words at :data:`WORDS_PER_MINUTE` plus
  :data:`SECONDS_PER_CELL` per code cell (reading a cell and its output), rounded up;
* a **"run locally"** hint (clone, ``make setup``, open the chapter's notebook);
* on the NumPy chapters (``reader_lite_chapters``), a **"Try it in your browser"** link that opens
  the chapter as a notebook in JupyterLite (see ``tools/lite_notebooks.py``);
* on the Keras chapters (``reader_keras_chapters``), a note that they need a local install or Colab
  (TensorFlow does not run in the browser).

Every exercise that calls a ``lessons_code.checks`` self-check gets a line saying how to run it
locally and in the browser.

It also

* vendors **MathJax** (``make setup`` installs the npm package ``mathjax@3`` into the git-ignored
  ``.vendor/``; the build copies the few files MathJax needs into ``_static/mathjax`` and points
  ``mathjax_path`` there), so the site is self-contained and math typesets offline. Without
  ``.vendor/`` the book falls back to the CDN copy (an info message, not a warning);
* builds the **JupyterLite** site into ``_build/html/lite`` with ``jupyterlite-sphinx``: chapters
  converted to notebooks and the ``lessons_code`` wheel, built offline at build time (Pyodide
  itself is loaded by the reader's browser from its CDN, at run time). ``BOOK_LITE=0`` in the
  environment (``make book LITE=0``) builds the book without it; if the JupyterLite build fails
  the build fails with a warning that says so and how to build without it;
* points the **Colab** and **Binder** launch buttons of each page at its ready-to-run notebook on the
  ``notebooks`` branch (published by the Pages workflow), since neither can open MyST markdown;
* adds ``book/_static/reader-experience.css`` (figures readable in dark mode, print styles that do
  not cut code cells, the box above, a clear "Show solution" toggle).
"""

from __future__ import annotations

import math
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]  # the repository (tools/ may be a symlink to it)
STATIC = ROOT / "book" / "_static"
CSS_FILE = "reader-experience.css"
MATHJAX_SRC = ROOT / ".vendor" / "node_modules" / "mathjax" / "es5"
MATHJAX_DEST = "mathjax"  # under _static/
# What tex-mml-chtml.js loads: itself, its fonts, the TeX extensions it autoloads on demand, and the
# accessibility/menu components the right-click menu can switch on.
MATHJAX_PARTS = ("tex-mml-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "a11y", "ui", "sre")

WORDS_PER_MINUTE = 200  # careful reading of technical prose
SECONDS_PER_CELL = 15  # a short code cell and its output
CHAPTER = re.compile(r"^book/\d\d_")
LITE_APP = "lite/notebooks/index.html"


def lite_enabled() -> bool:
    """JupyterLite is part of the build unless ``BOOK_LITE=0`` (or the packages are missing)."""
    if os.environ.get("BOOK_LITE", "1").strip().lower() in {"0", "no", "false", "off"}:
        return False
    try:
        import jupyterlite_sphinx  # noqa: F401
    except ImportError:
        return False
    return True


# ------------------------------------------------------------------------------------------------
# configuration
# ------------------------------------------------------------------------------------------------
def _lite_root(app) -> Path:
    return Path(app.outdir).parent / "lite_src"


def _on_config_inited(app, config) -> None:
    # The theme's colour mode for a first visit: without it pydata-sphinx-theme logs a console error
    # ("Got invalid theme mode") on every reader's first page view.
    config.html_context.setdefault("default_mode", "auto")
    # a favicon (without one, browsers ask for /favicon.ico and log a 404 on every site visit)
    if not config.html_favicon:
        config.html_favicon = str(_favicon(Path(app.outdir).parent))
    # our stylesheet (absent from the build pipeline's small test books, which copy tools/ only)
    if (STATIC / CSS_FILE).exists():
        if str(STATIC) not in [str(p) for p in config.html_static_path]:
            config.html_static_path.append(str(STATIC))
        app.add_css_file(CSS_FILE)
    # MathJax from this site instead of a CDN (only when vendored; see module docstring)
    if (MATHJAX_SRC / "tex-mml-chtml.js").exists():
        if not config.mathjax_path or "cdn.jsdelivr.net/npm/mathjax@3" in config.mathjax_path:
            config.mathjax_path = f"{MATHJAX_DEST}/tex-mml-chtml.js"
    else:
        logger.info("reader_experience: MathJax is not vendored (.vendor/ missing: run 'make setup'); using the CDN")
    config.reader_lite = app.reader_lite
    if app.reader_lite:
        lite = _lite_root(app)
        # everything JupyterLite builds from lives under _build/ (git-ignored, one per build folder)
        config.jupyterlite_dir = str(lite / "site")
        config.jupyterlite_content_dir = os.path.relpath(lite / "staging", app.srcdir)
        config.jupyterlite_contents = [str(lite / "contents" / "*.ipynb")]
        config.jupyterlite_bind_ipynb_suffix = False


def _favicon(folder: Path) -> Path:
    """Draw the book's icon (a tiny 3-2-1 network) as a .ico file; return its path."""
    from PIL import Image, ImageDraw

    path = folder / "favicon.ico"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    size, ink = 64, (37, 99, 235, 255)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    layers = [[(12, 12), (12, 32), (12, 52)], [(32, 22), (32, 42)], [(52, 32)]]
    for left, right in zip(layers, layers[1:]):
        for a in left:
            for b in right:
                draw.line([a, b], fill=ink, width=3)
    for layer in layers:
        for x, y in layer:
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(255, 255, 255, 255), outline=ink, width=3)
    img.save(path, sizes=[(16, 16), (32, 32), (48, 48)])
    return path


def _on_builder_inited(app) -> None:
    app.reader_lite_notebooks = set()
    app.reader_lite_active = False
    if not app.reader_lite or app.builder.format != "html":
        return
    chapters = [Path(app.srcdir) / f"{d}.md" for d in app.config.reader_lite_chapters]
    chapters = [c for c in chapters if c.exists()]
    if not chapters:  # a book without the NumPy chapters (e.g. the build pipeline's test books)
        return
    from lite_notebooks import write_lite_content  # tools/ is on the path (local extension)

    lite = _lite_root(app)
    site = lite / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(ROOT / "lite", site, ignore=shutil.ignore_patterns("_output", ".cache", "*.md"))
    _, wheel = write_lite_content(ROOT, lite, chapters)
    (site / "pypi").mkdir(exist_ok=True)
    shutil.copy(wheel, site / "pypi" / wheel.name)
    app.reader_lite_notebooks = {c.relative_to(app.srcdir).with_suffix("").as_posix() for c in chapters}
    app.reader_lite_active = True


# ------------------------------------------------------------------------------------------------
# the box under each chapter's title, and the exercise hints
# ------------------------------------------------------------------------------------------------
SKIP_TEXT = (nodes.literal_block, nodes.math_block, nodes.math, nodes.raw, nodes.comment, nodes.image)


def _in(node: nodes.Node, kinds) -> bool:
    while node is not None:
        if isinstance(node, kinds) or (
            isinstance(node, nodes.container) and str(node.get("nb_element", "")).startswith("cell_code_output")
        ):
            return True
        node = node.parent
    return False


def reading_stats(doctree: nodes.document) -> tuple[int, int, int]:
    """(prose words, code cells, minutes): words outside code, outputs and math."""
    words = sum(len(re.findall(r"\w+", t.astext())) for t in doctree.findall(nodes.Text) if not _in(t.parent, SKIP_TEXT))
    cells = sum(1 for n in doctree.findall(nodes.container) if n.get("nb_element") == "cell_code")
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE + cells * SECONDS_PER_CELL / 60))
    return words, cells, minutes


def _para(*parts, classes=()) -> nodes.paragraph:
    p = nodes.paragraph(classes=list(classes))
    for part in parts:
        p += nodes.Text(part) if isinstance(part, str) else part
    return p


def _link(text: str, uri: str, classes=()) -> nodes.reference:
    return nodes.reference("", text, refuri=uri, internal=False, classes=list(classes))


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _lite_uri(app, docname: str, notebook: str) -> str:
    base = app.builder.get_target_uri(docname)
    return relative_uri(base, LITE_APP) + f"?path={notebook}"


def _repo(app) -> str:
    return (app.config.html_theme_options or {}).get("repository_url", "") or "<repository URL>"


#: Written in a page's code blocks where the repository's URL goes (the URL lives in _config.yml only).
#: ``<repository-name>`` is the folder that ``git clone`` makes.
REPOSITORY_TOKEN = "<repository-url>"
REPOSITORY_NAME_TOKEN = "<repository-name>"


def fill_repository_url(doctree: nodes.document, url: str) -> int:
    """Replace ``REPOSITORY_TOKEN`` in the page's code blocks by ``url``; return how many blocks changed."""
    name = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    changed = 0
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if REPOSITORY_TOKEN in text or REPOSITORY_NAME_TOKEN in text:
            text = text.replace(REPOSITORY_TOKEN, url).replace(REPOSITORY_NAME_TOKEN, name)
            new = nodes.literal_block(text, text)
            new.attributes.update({k: v for k, v in block.attributes.items() if k not in ("ids", "backrefs")})
            new["ids"] = block["ids"]
            block.replace_self(new)
            changed += 1
    return changed


def _on_doctree_resolved(app, doctree: nodes.document, docname: str) -> None:
    fill_repository_url(doctree, _repo(app))
    if app.builder.format != "html":
        return
    lite = docname in app.reader_lite_notebooks
    keras = docname in app.config.reader_keras_chapters
    stem = docname.rsplit("/", 1)[-1]
    if CHAPTER.match(docname):
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            words, cells, minutes = reading_stats(doctree)
            box = nodes.container(classes=["reader-meta"])
            box += _para(
                nodes.strong("", f"About {minutes} min read"),
                f" · {words:,} words · {cells} code cell{'s' if cells != 1 else ''}",
                classes=["reader-time"],
            )
            if lite:
                box += _para(
                    _link("▶ Try it in your browser", _lite_uri(app, docname, f"{stem}.ipynb"), ["reader-try-lite"]),
                    " — this chapter as a notebook in JupyterLite: Python runs in your browser tab, nothing to install.",
                    classes=["reader-lite"],
                )
            if keras:
                box += _para(
                    nodes.strong("", "Needs TensorFlow: "),
                    "this chapter does not run in the browser. Run it locally (below), or open it in Google Colab "
                    "with the launch button at the top of the page: the notebook's first cell installs ",
                    _code("lessons_code[keras]"),
                    ".",
                    classes=["reader-keras"],
                )
            box += _para(
                nodes.strong("", "Run it locally: "),
                _code(f"git clone {_repo(app)}"),
                ", then ",
                _code("make setup"),
                " in the clone, and open this chapter's notebook (",
                _code(".ipynb"),
                " in the download menu at the top of the page) in Jupyter or VS Code with the ",
                _code(".venv"),
                " Python.",
                classes=["reader-local"],
            )
            section.insert(1, box)

    from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

    for ex in doctree.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node))):
        if "check_" not in ex.astext():
            continue
        where = []
        if app.reader_lite_active:
            nb = f"{stem}.ipynb" if lite else "scratch.ipynb"
            label = "this chapter as a notebook" if lite else "a blank notebook"
            where += [nodes.emphasis("", "in your browser"), ": open ", _link(label, _lite_uri(app, docname, nb)),
                      " (JupyterLite), run its first cell, then paste the code and run it; "]
        where += [nodes.emphasis("", "locally"), ": paste it into a notebook or ", _code(".venv/bin/python"),
                  " session of the book's environment (", _code("make setup"), ")."]
        ex += _para(nodes.strong("", "Run the check — "), *where, classes=["reader-check-hint"])


# ------------------------------------------------------------------------------------------------
# build-finished: MathJax files, JupyterLite
# ------------------------------------------------------------------------------------------------
def _copy_mathjax(app) -> None:
    if not (MATHJAX_SRC / "tex-mml-chtml.js").exists() or not app.config.mathjax_path.startswith(MATHJAX_DEST):
        return
    dest = Path(app.outdir) / "_static" / MATHJAX_DEST
    for part in MATHJAX_PARTS:
        src = MATHJAX_SRC / part
        if src.is_dir():
            shutil.copytree(src, dest / part, dirs_exist_ok=True)
        elif src.exists():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)


def _build_lite(app, exception) -> None:
    from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build

    try:
        jupyterlite_build(app, exception)
    except Exception as err:  # noqa: BLE001 - report any failure as one clear build warning
        logger.warning(
            f"JupyterLite build failed ({type(err).__name__}: {err}); the book's pages are built but "
            "their 'Try it in your browser' links are broken. Build without the in-browser notebooks "
            "with 'make book LITE=0' (BOOK_LITE=0)."
        )
        return
    index = Path(app.outdir) / "lite" / "pypi" / "all.json"
    if not index.exists() or "lessons" not in index.read_text():
        logger.warning("JupyterLite build: the lessons_code wheel is missing from lite/pypi/all.json")


def _on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    _copy_mathjax(app)
    favicon = Path(app.outdir) / "_static" / Path(app.config.html_favicon or "").name
    if favicon.is_file() and favicon.suffix == ".ico":  # also at the root, where browsers look for it
        shutil.copy2(favicon, Path(app.outdir) / "favicon.ico")
    if app.reader_lite_active:
        _build_lite(app, exception)


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated inline scripts from a page.

    Sphinx 7.4 registers an inline script added after the builder started (``add_js_file(None,
    body=...)``, as sphinx-thebe and sphinx-togglebutton do) twice, once with filename ``None`` and
    once with ``''``. sphinx-thebe's script declares ``const THEBE_JS_URL``, so the copy is a
    JavaScript error on every page ("Identifier 'THEBE_JS_URL' has already been declared").
    """
    files = context.get("script_files")
    if not files:
        return
    seen, unique = set(), []
    for js in files:
        key = (getattr(js, "filename", js) or "", tuple(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    files[:] = unique


def notebook_launch_url(url: str, branch: str, notebooks_branch: str) -> str:
    """Point a Colab or Binder launch link at the chapter's published notebook, not its MyST source.

    Colab and Binder open notebooks from GitHub but cannot read MyST markdown, so the theme's links
    to ``book/NN_x.md`` on ``branch`` would fail. The Pages workflow publishes every page with code
    as a ready-to-run ``.ipynb`` (``tools/lite_notebooks.py --colab``), with a ``requirements.txt``
    for Binder, on ``notebooks_branch``.
    """
    if not url.endswith(".md"):
        return url
    colab, binder = f"/blob/{branch}/", f"/{branch}?urlpath="
    if colab in url:
        head, path = url.split(colab, 1)
        return f"{head}/blob/{notebooks_branch}/{path[:-3]}.ipynb"
    if binder in url:
        head, path = url.split(binder, 1)
        return f"{head}/{notebooks_branch}?urlpath={path[:-3]}.ipynb"
    return url


def _launch_notebooks(app, pagename, templatename, context, doctree) -> None:
    branch = (app.config.html_theme_options or {}).get("repository_branch", "main")
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            if button.get("text") in {"Colab", "Binder"} and "url" in button:
                button["url"] = notebook_launch_url(button["url"], branch, app.config.reader_notebooks_branch)


def setup(app):
    app.add_config_value(
        "reader_lite_chapters",
        ["book/02_tensors", "book/03_vectorization", "book/04_logistic_regression", "book/05_shallow_networks",
         "book/06_deep_networks"],
        "html",
    )
    app.add_config_value("reader_keras_chapters", ["book/08_keras_tensorflow", "book/09_deeper_and_text"], "html")
    app.add_config_value("reader_notebooks_branch", "notebooks", "html")
    app.add_config_value("reader_lite", True, "html")  # set from BOOK_LITE; here so a change rebuilds pages
    app.reader_lite = lite_enabled()
    if app.reader_lite:
        app.setup_extension("jupyterlite_sphinx")
        # We build JupyterLite ourselves (after MathJax, with a clear message on failure) ...
        for listener in list(app.events.listeners.get("build-finished", [])):
            if getattr(listener.handler, "__name__", "") == "jupyterlite_build":
                app.disconnect(listener.id)
        # ... and use none of its directives, so its page assets would be dead weight; its Google
        # Fonts stylesheet would also make every page contact a third party.
        app.registry.css_files = [
            (name, attrs) for name, attrs in app.registry.css_files
            if "fonts.googleapis.com" not in name and "jupyterlite_sphinx" not in name
        ]
        app.registry.js_files = [(name, attrs) for name, attrs in app.registry.js_files if "jupyterlite_sphinx" not in (name or "")]
    app.connect("config-inited", _on_config_inited, priority=400)  # before jupyterlite_sphinx reads it
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("build-finished", _on_build_finished)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _launch_notebooks, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
