"""The content of the book's in-browser notebooks (JupyterLite): chapters as notebooks + a wheel.

Usage: ``python tools/lite_notebooks.py OUT_DIR [CHAPTER.md ...]`` (by default the chapters of
``reader_lite_chapters`` in ``_config.yml``; the book's build calls :func:`write_lite_content`
through ``tools/reader_experience.py``; this CLI is for trying it out).

What it writes into ``OUT_DIR`` (a git-ignored folder under ``_build/``):

* ``contents/<chapter>.ipynb`` — each NumPy chapter converted from its MyST source with the same
  reader the book's build uses (``myst_nb``), outputs empty (the reader runs them). The first cell
  installs ``lessons_code`` from the site's own package index and provides ``glue`` (the build's
  way of putting numbers into prose), so every code cell runs unchanged. Sphinx-only markup is made
  readable in plain Jupyter: ``literalinclude`` of a library function becomes that function's
  source, directives become quoted blocks with a bold title, roles become their text. Statements
  that need TensorFlow (a few comparisons in the NumPy chapters) are commented out, marked
  ``[TF]``: TensorFlow does not run in the browser (:class:`TensorFlowStripper`).
* ``contents/scratch.ipynb`` — an empty notebook with the same first cell, for exercises of
  chapters that do not run in the browser.
* ``wheels/lessons_code-<version>-py3-none-any.whl`` — the library as a pure-Python wheel, built
  offline (``pip wheel --no-deps --no-build-isolation``) from a copy of the package. In the browser
  ``%pip install lessons_code`` (piplite) installs it from this site; its dependencies (NumPy,
  scikit-learn, matplotlib, Pillow) are Pyodide packages, loaded from Pyodide's CDN at run time.
  Importing it never needs TensorFlow (only ``lessons_code.keras_bridge`` does, inside functions).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

SETUP_MARKDOWN = """\
**Running in your browser.** This notebook runs on
[JupyterLite](https://jupyterlite.readthedocs.io): Python (Pyodide) runs inside this browser tab,
nothing is installed on your computer and nothing you do leaves it. Run the first cell once: it
installs the book's library, `lessons_code`, from this website, and checks that NumPy really loads.
Python itself and NumPy, scikit-learn and matplotlib come from Pyodide's CDN, **cdn.jsdelivr.net**,
the only other site this notebook needs (the first time takes a little while). A network or blocker
that stops that site stops the notebook: if the first cell waits at `[*]` and the kernel icon at
the right of the toolbar turns red, Python could not load (click the icon: its log names the site);
if Python was cached, the first cell says that NumPy could not load. Your edits are kept in this
browser's storage; use *File → Download* to keep a copy.
"""

#: What the first cell says when the packages did not load (Colab's version replaces it).
LOAD_FAILURE_HINT = (
    "In the browser, Python's scientific packages come from cdn.jsdelivr.net (Pyodide's CDN): "
    "check your connection and that no blocker or firewall stops that site, then restart the kernel "
    "and run this cell again. Or run the chapter locally or in Colab (see its page in the book)."
)

SETUP_CODE = """\
# Set-up for the in-browser notebook: the book's library and the `glue` helper of its build.
%pip install -q lessons_code
try:
    from myst_nb import glue
except ImportError:  # in the browser: glue(name, value) simply shows the value
    import sys, types
    from IPython.display import display as _show

    def glue(name, variable, display=True):
        if display:
            _show(variable)

    sys.modules["myst_nb"] = types.ModuleType("myst_nb")
    sys.modules["myst_nb"].glue = glue
# Check that the packages really load before any chapter code runs.
try:
    import numpy
    import lessons_code
    import lessons_code.checks
    import lessons_code.deep
except ImportError as err:
    raise RuntimeError(
        f"The book's packages could not load ({err}). "
HINT
    ) from None
print("lessons_code", lessons_code.__version__, "and NumPy", numpy.__version__, "are ready")
"""


def _quoted_lines(text: str, indent: int = 8) -> str:
    """``text`` as adjacent string literals, one short line each (readable in a notebook cell)."""
    import textwrap

    return "\n".join(" " * indent + json.dumps(line + " ") for line in textwrap.wrap(text, 72))


SETUP_CODE = SETUP_CODE.replace("HINT", _quoted_lines(LOAD_FAILURE_HINT))

# ``(label)=`` target lines, ``% comment`` lines
TARGET_LINE = re.compile(r"^\(([\w\-.:]+)\)=\s*$")
COMMENT_LINE = re.compile(r"^%.*$")
# a role: {name}`content`
ROLE = re.compile(r"\{([\w:\-]+)\}`([^`]*)`")
# an opening fence of a directive: ```{name} args   or   :::{name} args
DIRECTIVE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[\w\-:]+)\}\s*(?P<arg>.*)$")


def _role_text(name: str, content: str) -> str:
    """What a role shows in plain Markdown."""
    label = content
    if m := re.match(r"^(.*?)\s*<([^>]+)>$", content):  # "text <target>"
        label = m.group(1)
    if name == "math":
        return f"${content}$"
    if name.startswith("glue"):
        key = content.split(":", 1)[0]
        return f"`{key}` *(a number computed by the chapter's code)*"
    if name.startswith("py:") or name in {"func", "class", "mod", "meth"}:
        return f"`{label.lstrip('~')}`"
    if name in {"ref", "numref", "eq"} and label == content:  # a bare label: make it readable
        return {"fig": "the figure", "eq": "the equation", "tab": "the table"}.get(
            re.split(r"[-:]", label)[0], label.replace("-", " ")) if name != "eq" else "the equation"
    if name == "doc" and (m := re.match(r"^(?:\.\./)?(?:book/)?(\d\d)_(\w+)$", label)):
        return f"chapter {int(m.group(1))} ({m.group(2).replace('_', ' ')})"
    return label.lstrip("~")


def _pyobject_source(path: Path, qualname: str) -> str:
    """The source of a top-level function/class (or Class.method) of a Python file."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    nodes: list[ast.AST] = list(tree.body)
    node = None
    for part in qualname.split("."):
        node = next((n for n in nodes if getattr(n, "name", None) == part), None)
        if node is None:
            return f"# (source of {qualname} not found in {path.name})"
        nodes = list(getattr(node, "body", []))
    return ast.get_source_segment(text, node, padded=True) or ""


def _directive_block(name: str, arg: str, options: dict[str, str], body: list[str], md_dir: Path) -> list[str]:
    """Plain-Markdown rendering of one directive block."""
    if name == "literalinclude":
        path = (md_dir / arg.strip()).resolve()
        if "pyobject" in options and path.exists():
            code = _pyobject_source(path, options["pyobject"])
        elif path.exists():
            code = path.read_text(encoding="utf-8")
        else:
            code = f"# see {arg.strip()}"
        caption = options.get("caption", arg.strip())
        return [f"*{caption}*", "", "```python", *code.rstrip().splitlines(), "```"]
    if name in {"math"}:
        return ["$$", *body, "$$"]
    if name in {"code-block", "code", "sourcecode"}:
        return [f"```{arg.strip()}", *body, "```"]
    if name in {"solution-end", "toctree", "tableofcontents", "glossary"}:
        return []
    if name in {"figure", "image"}:
        alt = options.get("alt", "figure")
        return [f"*[Figure: {alt}]*", *(["", *body] if body else [])]
    if name == "glue:figure" or name.startswith("glue"):
        return [f"*(figure `{arg.strip()}`: shown by the code cell that computes it)*"]
    title = {
        "exercise": "Exercise",
        "solution-start": "Solution",
        "solution": "Solution",
        "admonition": "",
    }.get(name, name.capitalize())
    if name in {"solution-start", "solution"}:
        title = "Solution (try the exercise first)"
        arg = ""
    head = " — ".join(t for t in (title, _inline(arg.strip())) if t)
    out = [f"> **{head}**" if head else ">"]
    if body:
        out.append(">")
        out.extend(f"> {line}" if line.strip() else ">" for line in body)
    return out


def _inline(text: str) -> str:
    return ROLE.sub(lambda m: _role_text(m.group(1), m.group(2)), text)


def markdown_for_jupyter(source: str, md_dir: Path) -> str:
    """Turn a MyST markdown cell into Markdown that plain Jupyter (and JupyterLite) renders."""
    lines = source.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = DIRECTIVE_OPEN.match(line)
        if m:
            fence = m["fence"]
            closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            j = i + 1
            body: list[str] = []
            while j < len(lines) and not closing.match(lines[j]):
                body.append(lines[j])
                j += 1
            options: dict[str, str] = {}
            # options: ":key: value" lines at the start, or a "---" YAML block
            if body and body[0].strip() == "---":
                end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), 0)
                for opt in body[1:end]:
                    if ":" in opt:
                        k, v = opt.split(":", 1)
                        options[k.strip()] = v.strip()
                body = body[end + 1 :]
            while body and (om := re.match(r"^\s*:([\w\-]+):\s*(.*)$", body[0])):
                options[om.group(1)] = om.group(2)
                body = body[1:]
            while body and not body[0].strip():
                body = body[1:]
            inner = markdown_for_jupyter("\n".join(body), md_dir).splitlines() if body else []
            out.extend(_directive_block(m["name"], m["arg"], options, inner, md_dir))
            i = j + 1
            continue
        if TARGET_LINE.match(line) or COMMENT_LINE.match(line):
            i += 1
            continue
        if line.startswith("~~~"):  # MyST's ~~~ fences are plain code fences
            line = line.replace("~~~", "```", 1)
        out.append(_inline(line))
        i += 1
    return "\n".join(out).strip("\n")


TF_MODULES = {"tensorflow", "keras", "tf_keras"}
TF_NOTE = "# [TF] "


class TensorFlowStripper:
    """Comment out the statements that need TensorFlow, which cannot run in the browser.

    A statement is dropped when it imports TensorFlow/Keras or uses a name that a dropped statement
    bound (``tf``, ``x_tf = tf.constant(...)``, ...), across the cells of a notebook; a name rebound
    by a kept statement is clean again. What remains is the chapter's NumPy code, runnable as is.
    """

    def __init__(self):
        self.tainted: set[str] = set()

    @staticmethod
    def _imports_tf(node: ast.AST) -> bool:
        if isinstance(node, ast.Import):
            return any(a.name.split(".")[0] in TF_MODULES for a in node.names)
        if isinstance(node, ast.ImportFrom):
            return (node.module or "").split(".")[0] in TF_MODULES
        return False

    @staticmethod
    def _bound(stmt: ast.AST) -> set[str]:
        names = set()
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
            elif isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, ast.Store):
                base = n.value  # `d[k] = ...` or `obj.x = ...` changes d / obj: a later use needs TF too
                while isinstance(base, (ast.Subscript, ast.Attribute)):
                    base = base.value
                if isinstance(base, ast.Name):
                    names.add(base.id)
            elif isinstance(n, ast.alias):
                names.add((n.asname or n.name).split(".")[0])
            elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
                names.add(n.name)
        return names

    @staticmethod
    def _modified(stmt: ast.AST) -> set[str]:
        """Names whose contents the statement changes: ``d`` in ``d["k"] = ...`` or ``d.x = ...``.

        When such a statement is skipped, the object lacks what it would have held, so later code that
        reads it must be skipped too.
        """
        names = set()
        for n in ast.walk(stmt):
            if isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, ast.Store):
                base = n.value
                while isinstance(base, (ast.Subscript, ast.Attribute)):
                    base = base.value
                if isinstance(base, ast.Name):
                    names.add(base.id)
        return names

    def __call__(self, source: str) -> str:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # IPython magics: leave the cell alone
            return source
        lines = source.splitlines()
        dropped: list[tuple[int, int]] = []
        for stmt in tree.body:
            used = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)}
            if any(self._imports_tf(n) for n in ast.walk(stmt)) or used & self.tainted:
                self.tainted |= self._bound(stmt) | self._modified(stmt)
                dropped.append((stmt.lineno - 1, stmt.end_lineno))
            else:
                self.tainted -= self._bound(stmt)
        if not dropped:
            return source
        for start, end in dropped:
            for i in range(start, end):
                lines[i] = TF_NOTE + lines[i]
        head = ("# In the browser, the lines marked [TF] are skipped: TensorFlow does not run here.\n"
                "# The book's page shows what they print; run the chapter locally to try them.")
        if all(line.startswith(TF_NOTE) or not line.strip() or line.lstrip().startswith("#") for line in lines):
            lines.append('print("(this cell needs TensorFlow: skipped in the browser)")')
        return head + "\n" + "\n".join(lines)


BINDER_PYTHON = "3.11"  # runtime.txt of the notebooks branch

COLAB_MARKDOWN = """\
**Running in Colab or Jupyter.** This notebook is a chapter of *Neural Networks, from NumPy to
Keras*. Run the first cell once: it installs the book's library, `lessons_code` (with TensorFlow for
the Keras chapters), from the book's repository. Outside Colab, the book's own environment
(`make setup` in a clone of the repository) already has it.
"""


def colab_setup_code(repository_url: str) -> str:
    """The first cell of a Colab notebook: install lessons_code from the repository, then as above."""
    install = f'%pip install -q "lessons_code[keras] @ git+{repository_url}"'
    setup = SETUP_CODE.replace("%pip install -q lessons_code", install).replace(
        _quoted_lines(LOAD_FAILURE_HINT), _quoted_lines("Run this cell again; if it fails again, restart the runtime."))
    return setup.replace("in-browser notebook", "Colab notebook").replace("# in the browser:", "# outside the book's build:")


def chapter_to_notebook(md_path: Path, colab_repository: str | None = None) -> nbformat.NotebookNode:
    """Read a MyST chapter with the build's own reader; return a runnable, output-free notebook.

    By default the notebook is for JupyterLite (the library comes from the site, lines that need
    TensorFlow are commented out). With ``colab_repository`` (the repository's URL) it is for Colab:
    the first cell installs ``lessons_code[keras]`` from the repository and every line is kept.
    """
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(md_path.read_text(encoding="utf-8"), path=md_path)
    if colab_repository:
        cells = [
            nbformat.v4.new_markdown_cell(COLAB_MARKDOWN),
            nbformat.v4.new_code_cell(colab_setup_code(colab_repository), metadata={"tags": ["colab-setup"]}),
        ]
        strip_tf = lambda source: source  # noqa: E731 - Colab runs TensorFlow
    else:
        cells = [
            nbformat.v4.new_markdown_cell(SETUP_MARKDOWN),
            nbformat.v4.new_code_cell(SETUP_CODE, metadata={"tags": ["lite-setup"]}),
        ]
        strip_tf = TensorFlowStripper()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = markdown_for_jupyter(cell.source, md_path.parent)
            if text.strip():
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            meta = {k: v for k, v in cell.metadata.items() if k == "tags"}
            cells.append(nbformat.v4.new_code_cell(strip_tf(cell.source), metadata=meta))
    out = nbformat.v4.new_notebook(cells=cells)
    if colab_repository:
        out.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    else:
        out.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    out.metadata["language_info"] = {"name": "python"}
    return out


def write_colab_notebooks(root: Path, out: Path, repository_url: str) -> list[Path]:
    """Write every page with code as a notebook to ``out/book/<page>.ipynb``, plus the
    ``requirements.txt`` Binder needs (the Pages workflow publishes ``out`` as the ``notebooks``
    branch, where the Colab and Binder launch buttons point)."""
    target = out / "book"
    target.mkdir(parents=True, exist_ok=True)
    # Binder builds its environment from this file (the notebooks' first cell is then a no-op)
    (out / "requirements.txt").write_text(f"lessons_code[keras] @ git+{repository_url}\n", encoding="utf-8")
    # ... with a Python that lessons_code supports (requires-python >= 3.11; repo2docker's default is older)
    (out / "runtime.txt").write_text(f"python-{BINDER_PYTHON}\n", encoding="utf-8")
    (out / "README.md").write_text(
        "# The chapters as notebooks\n\nGenerated from the MyST chapters of the `main` branch by the\n"
        "Pages workflow (`tools/lite_notebooks.py --colab`) for the book's Colab and Binder buttons.\n"
        "Edit the chapters on `main`, not these files.\n",
        encoding="utf-8",
    )
    written = []
    for md in sorted((root / "book").glob("*.md")):
        if "{code-cell}" not in md.read_text(encoding="utf-8"):
            continue  # a page without code has no launch button
        path = target / f"{md.stem}.ipynb"
        nbformat.write(chapter_to_notebook(md, colab_repository=repository_url), path)
        written.append(path)
    return written


def scratch_notebook() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell(SETUP_MARKDOWN),
        nbformat.v4.new_code_cell(SETUP_CODE, metadata={"tags": ["lite-setup"]}),
        nbformat.v4.new_markdown_cell("Paste an exercise's code below (for example a `lessons_code.checks` self-check) and run it."),
        nbformat.v4.new_code_cell(""),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    return nb


def build_wheel(root: Path, out_dir: Path, package: str = "lessons_code") -> Path:
    """Build the library's pure-Python wheel offline, from a temporary copy (the tree stays clean)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        shutil.copy(root / "pyproject.toml", src / "pyproject.toml")
        shutil.copytree(root / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        readme = root / "README.md"
        if readme.exists():
            shutil.copy(readme, src / "README.md")
        else:  # pyproject names a README; the wheel only needs it to exist
            (src / "README.md").write_text(f"# {package}\n", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
             "--quiet", "--wheel-dir", str(out_dir), str(src)],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"building the {package} wheel failed:\n{proc.stdout}\n{proc.stderr}")
    wheels = sorted(out_dir.glob("*.whl"))
    if len(wheels) != 1 or not wheels[0].name.endswith("-py3-none-any.whl"):
        raise RuntimeError(f"expected one pure-Python wheel in {out_dir}, found {[w.name for w in wheels]}")
    return wheels[0]


def write_lite_content(root: Path, out: Path, chapters: list[Path]) -> tuple[Path, Path]:
    """Write ``out/contents/*.ipynb`` and ``out/wheels/*.whl``; return (contents dir, wheel)."""
    contents = out / "contents"
    if contents.exists():
        shutil.rmtree(contents)
    contents.mkdir(parents=True)
    for md in chapters:
        nbformat.write(chapter_to_notebook(md), contents / f"{md.stem}.ipynb")
    nbformat.write(scratch_notebook(), contents / "scratch.ipynb")
    wheel = build_wheel(root, out / "wheels")
    return contents, wheel


if __name__ == "__main__":
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    if len(sys.argv) == 3 and sys.argv[1] == "--colab":  # python tools/lite_notebooks.py --colab OUT
        for nb_path in write_colab_notebooks(ROOT, Path(sys.argv[2]), config["repository"]["url"]):
            print(nb_path)
        sys.exit(0)
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    target = Path(sys.argv[1])
    lite_chapters = [ROOT / f"{d}.md" for d in config["sphinx"]["config"]["reader_lite_chapters"]]
    mds = [Path(p) for p in sys.argv[2:]] or lite_chapters
    c, w = write_lite_content(ROOT, target, mds)
    print(json.dumps({"contents": sorted(p.name for p in c.iterdir()), "wheel": str(w)}, indent=1))
