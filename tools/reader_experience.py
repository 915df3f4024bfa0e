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

* typesets the **math at build time** with KaTeX (``make setup`` installs the pinned npm package
  ``katex`` into the git-ignored ``.vendor/``; one Node process renders every formula of the build,
  :class:`KatexRenderer`), so no math engine runs in the reader's browser: a page with math gets
  KaTeX's stylesheet and fonts (``_static/katex/``), nothing else. A formula KaTeX cannot typeset
  is a build warning (so the strict build fails and names the page). Without ``node`` or
  ``.vendor/`` the book falls back to MathJax from its CDN (an info message, not a warning);
* makes every page **light on a phone** (:func:`optimize_html`, applied as each page is written):
  the theme's icons become inline SVGs (no FontAwesome JavaScript), Sphinx's search scripts and
  index load on the search page only, unused theme scripts (Thebe) are dropped and the others are
  deferred, images get ``loading="lazy"`` (except the first), ``decoding="async"``, their width
  and height, and figures a minimum width at which their labels stay legible (they scroll sideways
  inside their box on a narrow screen); each page gets a ``<meta name="description">``. A chapter's
  sections are styled and laid out only when they come near the screen (``content-visibility`` in
  ``reader-experience.css``); the theme's script that measured every code block on load, and so
  laid out the whole page anyway, is patched to leave those sections alone
  (:data:`THEME_TAB_STOPS`);
* builds the **JupyterLite** site into ``_build/html/lite`` with ``jupyterlite-sphinx``: chapters
  converted to notebooks and the ``lessons_code`` wheel, built offline at build time (Pyodide
  itself is loaded by the reader's browser from its CDN, at run time). ``BOOK_LITE=0`` in the
  environment (``make book LITE=0``) builds the book without it; if the JupyterLite build fails
  the build fails with a warning that says so and how to build without it;
* points the **Colab** and **Binder** launch buttons of each page at its ready-to-run notebook on the
  ``notebooks`` branch (published by the Pages workflow), since neither can open MyST markdown;
* replaces the **.ipynb download** of each page with the clean, runnable notebook that Colab opens
  (``tools/lite_notebooks.py``), instead of the build's executed copy of the MyST source;
* adds ``book/_static/reader-experience.css`` (pages that fit a 360 px screen, visible keyboard
  focus, figures readable in dark mode, print styles that do not cut code cells, the box above, a
  clear "Show solution" toggle) and, on the search page, ``reader-search.js`` (search snippets
  show the text of formulas, not their TeX source).
"""

from __future__ import annotations

import html as html_lib
import json
import math
import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]  # the repository (tools/ may be a symlink to it)
STATIC = ROOT / "book" / "_static"
CSS_FILE = "reader-experience.css"
SEARCH_JS = "reader-search.js"
KATEX_DIR = ROOT / ".vendor" / "node_modules" / "katex"
KATEX_DEST = "katex"  # under _static/

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
    # our stylesheet (absent from the build pipeline's small test books, which copy tools/ only)
    if (STATIC / CSS_FILE).exists():
        if str(STATIC) not in [str(p) for p in config.html_static_path]:
            config.html_static_path.append(str(STATIC))
        app.add_css_file(CSS_FILE)
        app.add_js_file("reader-drawers.js", defer="defer")  # the header's drawer buttons on a phone
        # reader-search.js is in the same folder: the search page loads it (optimize_html)
    # math typeset at build time by KaTeX (see module docstring); else MathJax from its CDN
    if app.reader_katex:
        config.html_math_renderer = "katex_prerender"
    else:
        logger.info("reader_experience: KaTeX is not vendored (.vendor/ or node missing: run 'make setup'); "
                    "math is typeset in the browser by MathJax from its CDN")
    config.reader_lite = app.reader_lite
    if app.reader_lite:
        lite = _lite_root(app)
        # everything JupyterLite builds from lives under _build/ (git-ignored, one per build folder)
        config.jupyterlite_dir = str(lite / "site")
        config.jupyterlite_content_dir = os.path.relpath(lite / "staging", app.srcdir)
        config.jupyterlite_contents = [str(lite / "contents" / "*.ipynb")]
        config.jupyterlite_bind_ipynb_suffix = False


def _on_builder_inited(app) -> None:
    _install_optimizer(app)
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
    # the Pyodide kernel's `comm` comes from the site, not from PyPI at run time (make setup downloads
    # the pinned wheel into .vendor/wheels/); with it, PyPI is never asked (jupyter-lite.json)
    extras = sorted((ROOT / ".vendor" / "wheels").glob("comm-*.whl"))
    if not extras:
        logger.warning("reader_experience: the comm wheel is not vendored (.vendor/wheels/): run 'make setup'; "
                       "without it the in-browser notebooks cannot start their kernel")
    for extra in extras:
        shutil.copy(extra, site / "pypi" / extra.name)
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
    title = next(iter(doctree.findall(nodes.title)), None)
    _DESCRIPTIONS[docname] = page_description(
        doctree, f"{title.astext() if title else docname} — a chapter of {app.config.project}.")
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
        if keras:  # the Keras chapters' checks need TensorFlow: not in the browser
            where += [nodes.emphasis("", "in Colab"), ": open this chapter with the launch button at the top of the "
                      "page, run its first cell, then paste the code and run it; "]
        elif app.reader_lite_active:
            nb = f"{stem}.ipynb" if lite else "scratch.ipynb"
            label = "this chapter as a notebook" if lite else "a blank notebook"
            where += [nodes.emphasis("", "in your browser"), ": open ", _link(label, _lite_uri(app, docname, nb)),
                      " (JupyterLite), run its first cell, then paste the code and run it; "]
        where += [nodes.emphasis("", "locally"), ": paste it into a notebook or ", _code(".venv/bin/python"),
                  " session of the book's environment (", _code("make setup"), ")."]
        ex += _para(nodes.strong("", "Run the check — "), *where, classes=["reader-check-hint"])


# ------------------------------------------------------------------------------------------------
# headings numbered once
# ------------------------------------------------------------------------------------------------
MANUAL_NUMBER = re.compile(r"^\d+\.\s+(?=\S)")


class HeadingsNumberedOnce(SphinxTransform):
    """In a numbered chapter, drop a number typed at the start of a section title ("### 2. Linear
    forward"): the book numbers sections itself, and "6.7.2. 2. Linear forward" says it twice."""

    default_priority = 500  # before the table of contents and the labels record the titles

    def apply(self, **kwargs) -> None:
        if not CHAPTER.match(self.env.docname):
            return
        for title in self.document.findall(nodes.title):
            if not isinstance(title.parent, nodes.section) or not title.children:
                continue
            first = title[0]
            if isinstance(first, nodes.Text) and MANUAL_NUMBER.match(str(first)):
                title.replace(first, nodes.Text(MANUAL_NUMBER.sub("", str(first), count=1)))


# ------------------------------------------------------------------------------------------------
# math: KaTeX at build time
# ------------------------------------------------------------------------------------------------
#: The Node side of :class:`KatexRenderer`: one JSON request per line in, one JSON answer per line out.
KATEX_SERVER = r"""
const katex = require(process.argv[1]);
const rl = require('readline').createInterface({input: process.stdin});
rl.on('line', line => {
  const q = JSON.parse(line);
  let out;
  try {
    out = {html: katex.renderToString(q.tex, {displayMode: q.display, throwOnError: true, strict: 'ignore',
                                              output: 'htmlAndMathml'})};
  } catch (e) {
    out = {error: String((e && e.message) || e)};
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
"""


def katex_available() -> bool:
    return (KATEX_DIR / "dist" / "katex.min.css").exists() and shutil.which("node") is not None


class KatexRenderer:
    """Typesets TeX to HTML (with MathML for screen readers) in one long-lived ``node`` process."""

    def __init__(self, katex_dir: Path = KATEX_DIR):
        self.katex_dir = katex_dir
        self.proc: subprocess.Popen | None = None
        self.pid = 0
        self.cache: dict[tuple[str, bool], str] = {}

    def _start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None or self.pid != os.getpid():  # a forked worker: its own
            self.proc = subprocess.Popen(
                ["node", "-e", KATEX_SERVER, str(self.katex_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            )
            self.pid = os.getpid()
        return self.proc

    def render(self, tex: str, display: bool = False) -> str:
        """The HTML of ``tex``; raises ValueError with KaTeX's message when it cannot typeset it."""
        key = (tex, display)
        if key not in self.cache:
            proc = self._start()
            proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("the KaTeX process (node) stopped")
            answer = json.loads(line)
            if "error" in answer:
                raise ValueError(answer["error"])
            self.cache[key] = answer["html"]
        return self.cache[key]


_KATEX = KatexRenderer()


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display-math block, as Sphinx's MathJax renderer would send it (KaTeX dialect)."""
    tex = node.astext()
    if node.get("nowrap"):  # amsmath environments (\begin{align} ...) are typeset as written
        return tex
    parts = [p for p in tex.split("\n\n") if p.strip()]
    parts = [rf"\begin{{aligned}}{p}\end{{aligned}}" if r"\\" in p else p for p in parts]
    return r"\begin{gathered}" + r"\\".join(parts) + r"\end{gathered}" if len(parts) > 1 else "".join(parts)


def _katex_html(translator, node, tex: str, display: bool) -> str:
    try:
        return _KATEX.render(tex, display)
    except ValueError as err:
        logger.warning(f"KaTeX cannot typeset {tex!r}: {err}", location=node)
        return f'<span class="katex-error">{html_lib.escape(tex)}</span>'


def html_visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_katex_html(self, node, node.astext(), False))
    self.body.append("</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_katex_html(self, node, display_tex(node), True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _copy_katex(app) -> None:
    """KaTeX's stylesheet (fonts swap in, WOFF2 only: every browser that runs the site reads it) and fonts."""
    if app.config.html_math_renderer != "katex_prerender":
        return
    dest = Path(app.outdir) / "_static" / KATEX_DEST
    (dest / "fonts").mkdir(parents=True, exist_ok=True)
    css = (KATEX_DIR / "dist" / "katex-swap.min.css").read_text(encoding="utf-8")
    css = re.sub(r'(url\(fonts/[\w-]+\.woff2\) format\("woff2"\)),url\([^)]*\.woff\) format\("woff"\),'
                 r'url\([^)]*\.ttf\) format\("truetype"\)', r"\1", css)
    (dest / "katex.min.css").write_text(css, encoding="utf-8")
    for font in (KATEX_DIR / "dist" / "fonts").glob("*.woff2"):
        shutil.copy2(font, dest / "fonts" / font.name)


# ------------------------------------------------------------------------------------------------
# pages light enough for a phone: icons, scripts, images, description (see optimize_html)
# ------------------------------------------------------------------------------------------------
FA_PREFIX = {"fab": "fa-brands", "far": "fa-regular", "fas": "fa-solid"}
FA_MODIFIERS = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-1x", "fa-2x", "fa-3x",
                "fa-spin", "fa-pulse", "fa-border", "fa-inverse", "fa-li", "fa-ul", "fas", "far", "fab", "fa"}
FA_ICON_DEF = re.compile(r'(?:"([\w-]+)"|([A-Za-z_$][\w$]*)|(\d+)):\[(\d+),(\d+),\[([^\]]*)\],"[^"]*","([^"]*)"\]')


def fontawesome_icons(js_path: Path) -> dict[tuple[str, str], tuple[int, int, str]]:
    """``{("fa-solid", "download"): (width, height, svg path)}`` read from the theme's FontAwesome bundle."""
    text = js_path.read_text(encoding="utf-8")
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    for end in re.finditer(r'd\("(fa[brs])",p\)', text):
        start = text.rfind("var p={", 0, end.start())
        for m in FA_ICON_DEF.finditer(text, start, end.start()):
            names = [m.group(1) or m.group(2) or m.group(3), *re.findall(r'"([\w-]+)"', m.group(6))]  # + aliases
            for name in names:
                icons.setdefault((FA_PREFIX[end.group(1)], name), (int(m.group(4)), int(m.group(5)), m.group(7)))
    return icons


def _theme_fontawesome_js() -> Path | None:
    try:
        import pydata_sphinx_theme
    except ImportError:
        return None
    path = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
    return path if path.exists() else None


#: a FontAwesome icon the theme writes as ``<i class="fa-...">`` or ``<span class="fa-...">``; group 3
#: holds its other attributes (e.g. the colour-mode switch's ``data-mode``, which its CSS needs)
ICON_TAG = re.compile(r'<(i|span) class="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')
FA_SCRIPT = re.compile(r'\s*<(?:script defer src|link rel="preload" as="script" href)="[^"]*/scripts/fontawesome\.js[^"]*"\s*/?>(?:</script>)?')
SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')
IMG_TAG = re.compile(r"<img\b[^>]*>")
#: sphinx-thebe writes its configuration into every page's body; the book has no Thebe button
THEBE_BODY = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>|\s*<script>kernelName = \'[^\']*\'</script>', re.S)
LABEL_PT = 10  # matplotlib's default size of tick labels, legends and axis labels (font.size)
LEGIBLE_PX = 9  # the smallest label, in CSS pixels, that a phone reader can read


def icon_svg(classes: str, icons: dict, attributes: str = "") -> str | None:
    """The inline SVG for a FontAwesome ``<i class="...">``, keeping its classes (the theme styles them)
    and its other ``attributes`` (e.g. ``data-mode``)."""
    names = classes.split()
    prefix = "fa-brands" if {"fa-brands", "fab"} & set(names) else "fa-regular" if {"fa-regular", "far"} & set(names) else "fa-solid"
    for name in names:
        if name.startswith("fa-") and name not in FA_MODIFIERS and (prefix, name[3:]) in icons:
            w, h, path = icons[(prefix, name[3:])]
            extra = re.sub(r'\s(?:aria-hidden|focusable|role)="[^"]*"', "", attributes).rstrip()
            return (f'<svg class="{classes} svg-inline--fa"{extra} aria-hidden="true" focusable="false" role="img" '
                    f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}"><path fill="currentColor" d="{path}"/></svg>')
    return None


def image_facts(path: Path) -> tuple[int, int, float | None] | None:
    """(width, height, dpi or None) of an image file, or None when it cannot be read."""
    try:
        from PIL import Image

        with Image.open(path) as im:
            dpi = im.info.get("dpi")
            return im.width, im.height, (float(dpi[0]) if dpi else None)
    except Exception:  # noqa: BLE001 - an SVG or an unreadable file: leave the tag alone
        return None


def _attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return m.group(1) if m else None


def optimize_img(tag: str, facts: tuple[int, int, float | None] | None, lazy: bool) -> str:
    """Add loading/decoding, width/height and, for a figure saved with its dpi, a legible minimum width."""
    extra = []
    if _attr(tag, "loading") is None and lazy:
        extra.append('loading="lazy"')
    if _attr(tag, "decoding") is None:
        extra.append('decoding="async"')
    if facts:
        w, h, dpi = facts
        if _attr(tag, "width") is None and _attr(tag, "height") is None:
            extra.append(f'width="{w}" height="{h}"')
        if dpi and dpi > 1:
            label_px = LABEL_PT * dpi / 72  # a 10 pt label in the image's own pixels
            legible = math.ceil(w * LEGIBLE_PX / label_px)
            if legible < w:
                cls = _attr(tag, "class")
                tag = (tag.replace(f'class="{cls}"', f'class="{cls} reader-legible"') if cls is not None
                       else tag.replace("<img", '<img class="reader-legible"', 1))
                extra.append(f'data-label-px="{label_px:.1f}" style="--reader-legible-width: {legible}px"')
    if not extra:
        return tag
    end = -2 if tag.endswith("/>") else -1
    return tag[:end].rstrip() + " " + " ".join(extra) + tag[end:]


class PageOptimizer:
    """What :func:`optimize_html` needs to know about the build (icons, image files)."""

    def __init__(self, app):
        self.app = app
        js = _theme_fontawesome_js()
        self.icons = fontawesome_icons(js) if js else {}
        self.missing_icons: set[str] = set()
        self._images: dict[str, Path] | None = None
        self._facts: dict[Path, tuple | None] = {}
        self._docopts: str | None = None

    def image_file(self, name: str) -> Path | None:
        """The source file of an image that the builder copies to ``_images/<name>``."""
        if self._images is None or name not in self._images:
            self._images = {dest: Path(self.app.srcdir) / src for src, dest in self.app.builder.images.items()}
        return self._images.get(name)

    def facts(self, page: str, src: str):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), src.split("?")[0]))
        if not target.startswith("_images/"):
            return None
        path = self.image_file(target[len("_images/"):])
        if path is None:
            return None
        if path not in self._facts:
            self._facts[path] = image_facts(path)
        return self._facts[path]


def optimize_html(html: str, pagename: str, optimizer: PageOptimizer, katex_css: str | None = None,
                  search_js: str | None = None) -> str:
    """The written page, lighter: see the module docstring. Idempotent."""
    html = FA_SCRIPT.sub("", html)
    html = THEBE_BODY.sub("", html)

    def svg(m):
        out = icon_svg(m.group(2), optimizer.icons, m.group(3))
        if out is None:
            optimizer.missing_icons.add(m.group(2))
            return m.group(0)
        return out

    html = ICON_TAG.sub(svg, html)
    if pagename != "search":
        html = SEARCH_SCRIPTS.sub("", html)
    else:  # deferred, in order: the index calls Search.setIndex, which runs a query made before it arrived
        html = SEARCH_SCRIPTS.sub(lambda m: m.group(0).replace("<script src=", "<script defer src="), html)
        if search_js and search_js not in html:
            html = html.replace('searchindex.js"></script>', f'searchindex.js"></script>\n<script defer src="{search_js}"></script>', 1)
    article = html.find('<article class="bd-article"')
    seen = {"first": False}

    def img(m):
        tag = m.group(0)
        src = _attr(tag, "src") or ""
        in_article = article >= 0 and m.start() > article
        lazy = not in_article or seen["first"]
        if in_article:
            seen["first"] = True
        return optimize_img(tag, optimizer.facts(pagename, src), lazy)

    html = IMG_TAG.sub(img, html)
    if katex_css and 'class="katex' in html and katex_css not in html:
        html = html.replace("</head>", f'<link rel="stylesheet" href="{katex_css}" />\n</head>', 1)
    return html


def _install_optimizer(app) -> None:
    """Wrap the HTML builder's template rendering so every page is optimized as it is written."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "templates"):
        return
    app.reader_optimizer = optimizer = PageOptimizer(app)
    render = builder.templates.render

    def render_and_optimize(template, context):
        out = render(template, context)
        if not template.endswith(".html") or "pagename" not in context:
            return out
        pathto = context["pathto"]
        katex_css = pathto(f"_static/{KATEX_DEST}/katex.min.css", 1) if app.config.html_math_renderer == "katex_prerender" else None
        search_js = pathto(f"_static/{SEARCH_JS}", 1) if (STATIC / SEARCH_JS).exists() else None
        return optimize_html(out, context["pagename"], optimizer, katex_css, search_js)

    builder.templates.render = render_and_optimize


#: Scripts of the theme's extensions that no page of this book uses.
UNUSED_SCRIPTS = ("sphinx-thebe.js", "THEBE_JS_URL", "x-thebe-config", "kernelName = ")
UNUSED_CSS = ("sphinx-thebe.css",)


def _lighter_assets(app, pagename, templatename, context, doctree) -> None:
    """Drop unused scripts and stylesheets; defer the others; inline the few lines of Sphinx's
    ``documentation_options.js`` (the theme's inline scripts read them before deferred ones run)."""
    from sphinx.builders.html._assets import _JavaScript

    files = context.get("script_files")
    if files is not None:
        out = []
        for js in files:
            name = getattr(js, "filename", js) or ""
            attrs = dict(getattr(js, "attributes", {}) or {})
            body = attrs.get("body", "")
            if any(u in name or u in body or u == attrs.get("type") for u in UNUSED_SCRIPTS):
                continue
            if name.endswith("design-tabs.js") and "sd-tab-set" not in context.get("body", ""):
                continue
            if name.endswith("documentation_options.js"):
                optimizer = getattr(app, "reader_optimizer", None)
                if optimizer is not None:
                    if optimizer._docopts is None:
                        import sphinx

                        jinja = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "documentation_options.js.jinja"
                        optimizer._docopts = app.builder.templates.render_string(jinja.read_text(encoding="utf-8"), context)
                    out.append(_JavaScript("", priority=getattr(js, "priority", 200), body=optimizer._docopts))
                    continue
            if name and not name.startswith("data:") and "async" not in attrs and "defer" not in attrs:
                attrs["defer"] = "defer"
                js = _JavaScript(name, priority=getattr(js, "priority", 500), **attrs)
            out.append(js)
        files[:] = out
    css = context.get("css_files")
    if css is not None:
        unused = UNUSED_CSS + (() if 'class="sd-' in context.get("body", "") else ("sphinx-design.min.css",))
        css[:] = [c for c in css if not any(u in (getattr(c, "filename", c) or "") for u in unused)]
    # a description for search engines and link previews (unless the page sets one)
    description = _DESCRIPTIONS.get(pagename)
    if description and 'name="description"' not in context.get("metatags", ""):
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html_lib.escape(description)}" />'


_DESCRIPTIONS: dict[str, str] = {}
DESCRIPTION_CHARS = 155


def page_description(doctree: nodes.document, fallback: str = "") -> str:
    """The page's first paragraph of prose, shortened at a word to about 155 characters."""
    for para in doctree.findall(nodes.paragraph):
        parent = para.parent
        if not isinstance(parent, (nodes.section, nodes.document)):
            continue
        text = " ".join(para.astext().split())
        if len(text) >= 40:
            break
    else:
        text = fallback
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


FA_FONTS = {"fa-solid-900": "Font Awesome 6 Free", "fa-regular-400": "Font Awesome 6 Free", "fa-brands-400": "Font Awesome 6 Brands"}
FA_SUBSET = "reader-fa"  # under _static/: the subset fonts (reader-experience.css points there)
PRIVATE_USE = re.compile(r"[\uf000-\uf8ff]|\\(f[0-9a-f]{3})(?![0-9a-f])")


def subset_fontawesome(static: Path) -> dict[str, int]:
    """Cut the theme's FontAwesome fonts down to the glyphs its stylesheets draw (admonition and
    link icons: about 20 of 2,000), as small WOFF files; return {font: glyph count}.

    The theme's CSS still uses the font for those icons (its JavaScript, for the others, is gone:
    they are inline SVGs). ``reader-experience.css`` declares the subsets after the theme's own
    ``@font-face`` rules, so browsers fetch a few KB instead of 150 KB.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    wanted: set[int] = set()
    for css in static.rglob("*.css"):
        if KATEX_DEST in css.parts or FA_SUBSET in css.parts:
            continue
        text = css.read_text(encoding="utf-8", errors="replace")
        # the .fa-<name>:before rules only draw on <i class="fa-..."> elements, which are SVGs now
        text = re.sub(r"\.fa-[\w-]+:+(?:before|after)\{content:[^}]*\}", "", text)
        for m in PRIVATE_USE.finditer(text):
            wanted.add(int(m.group(1), 16) if m.group(1) else ord(m.group(0)))
    out_dir = static / FA_SUBSET
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FA_FONTS:
        source = static / "vendor" / "fontawesome" / "webfonts" / f"{name}.ttf"
        if not source.exists():
            continue
        font = TTFont(source)
        codepoints = sorted(wanted & set(font.getBestCmap()))
        options = subset.Options()
        options.flavor = "woff"  # zlib: needs no brotli module
        options.layout_features = []
        options.name_IDs = []
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints or [0xF000])
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(out_dir / f"{name}.woff")
        counts[name] = len(codepoints)
    return counts


FA_CONTENT_RULES = re.compile(r"(?:\.fa-[\w-]+:+(?:before|after),?)+\{content:[^}]*\}")


def strip_fontawesome_css(css: Path) -> int:
    """Drop the theme stylesheet's ``.fa-<icon>:before{content: ...}`` rules (about 1,400, a third
    of its gzipped size): they only draw ``<i class="fa-...">`` icons, which are inline SVGs now.
    Returns the bytes saved."""
    text = css.read_text(encoding="utf-8")
    lighter = FA_CONTENT_RULES.sub("", text)
    if lighter != text:
        css.write_text(lighter, encoding="utf-8")
    return len(text) - len(lighter)


#: pydata-sphinx-theme's code (pinned version, minified) that, on load and after every change in the
#: page, reads the width of every code block and output to decide which can scroll (they get a tab
#: stop): that lays out the whole page, the sections the stylesheet skips until they come near the
#: screen included (content-visibility: auto). Patched to skip elements not rendered yet, and to
#: look again when a section is shown.
THEME_TAB_STOPS = (
    ("forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})",
     "forEach(e=>{e.checkVisibility&&!e.checkVisibility({contentVisibilityAuto:!0})||"
     "(e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1)})"),
    ('window.addEventListener("resize",t),',
     'window.addEventListener("resize",t),document.addEventListener("contentvisibilityautostatechange",t,!0),'),
)


def patch_theme_tab_stops(js: Path) -> bool:
    """Apply :data:`THEME_TAB_STOPS` to the built theme script; False when its code is not found."""
    text = js.read_text(encoding="utf-8")
    if all(new in text for _, new in THEME_TAB_STOPS):
        return True
    if not all(text.count(old) == 1 for old, _ in THEME_TAB_STOPS):
        return False
    for old, new in THEME_TAB_STOPS:
        text = text.replace(old, new)
    js.write_text(text, encoding="utf-8")
    return True


def _write_download_notebooks(app) -> None:
    """The page's .ipynb download = the notebook Colab opens (clean, runnable), not the build's copy."""
    sources = Path(app.outdir) / "_sources"
    url = _repo(app)
    if not sources.exists() or not url.startswith("http"):
        return
    from lite_notebooks import chapter_to_notebook  # tools/ is on the path (local extension)
    import nbformat

    for ipynb in sources.rglob("*.ipynb"):
        md = Path(app.srcdir) / ipynb.relative_to(sources).with_suffix(".md")
        if md.exists():
            nbformat.write(chapter_to_notebook(md, colab_repository=url), ipynb)


# ------------------------------------------------------------------------------------------------
# build-finished: MathJax files, JupyterLite
# ------------------------------------------------------------------------------------------------
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
    optimizer = getattr(app, "reader_optimizer", None)
    if optimizer is not None and optimizer.missing_icons:
        logger.warning(f"reader_experience: no inline SVG for the icons {sorted(optimizer.missing_icons)} "
                       "(not in the theme's FontAwesome set)")
    _copy_katex(app)
    _write_download_notebooks(app)
    static = Path(app.outdir) / "_static"
    theme_js = static / "scripts" / "pydata-sphinx-theme.js"
    if theme_js.exists() and not patch_theme_tab_stops(theme_js):
        logger.warning("reader_experience: pydata-sphinx-theme.js has changed (a new version?): its code that "
                       "lays out the whole page on load was not found; update THEME_TAB_STOPS")
    if (static / "vendor" / "fontawesome").exists():
        subset_fontawesome(static)
    if (static / "styles" / "pydata-sphinx-theme.css").exists():
        strip_fontawesome_css(static / "styles" / "pydata-sphinx-theme.css")
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
    # the chapter lists live in _config.yml (the tests read them there too)
    app.add_config_value("reader_lite_chapters", [], "html")
    app.add_config_value("reader_keras_chapters", [], "html")
    app.add_config_value("reader_notebooks_branch", "notebooks", "html")
    app.add_config_value("reader_lite", True, "html")  # set from BOOK_LITE; here so a change rebuilds pages
    app.reader_lite = lite_enabled()
    app.reader_katex = katex_available()
    if app.reader_katex:
        app.add_html_math_renderer("katex_prerender", (html_visit_math, None), (html_visit_displaymath, None))
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
    app.add_transform(HeadingsNumberedOnce)
    app.connect("config-inited", _on_config_inited, priority=400)  # before jupyterlite_sphinx reads it
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("build-finished", _on_build_finished)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _launch_notebooks, priority=900)
    app.connect("html-page-context", _lighter_assets, priority=950)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
