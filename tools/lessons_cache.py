"""Sphinx extension: re-execute a chapter when the ``lessons_code`` code it imports changes.

Why this exists
---------------
myst-nb's ``cache`` execution mode stores each chapter's outputs in jupyter-cache, keyed on a hash
of the chapter's *code cells*. An edit to ``lessons_code/deep.py`` changes no code cell, so the
cache would happily serve the old outputs — and Sphinx, which sees no change in the chapter's
source, would not even re-read the page. This extension closes both gaps.

How it works
------------
Before Sphinx reads documents (``env-before-read-docs``), for every page it computes a
*dependency digest*:

* the ``lessons_code`` modules the page's code cells import, read with :mod:`ast`
  (``from lessons_code.deep import ...``, ``from lessons_code import plots``, ``lc.datasets`` after
  ``import lessons_code as lc``); a bare ``import lessons_code`` counts as depending on the whole
  package, since through it any submodule can be reached, even dynamically;
* closed under the package's own imports (``deep`` imports ``activations`` → both count), read
  statically with :mod:`ast`; ``__init__.py`` always counts, and the data files count for
  ``datasets``;
* plus the Python version and the installed versions of NumPy, scikit-learn, matplotlib,
  TensorFlow and Keras (a library upgrade can change outputs too).

The digests are kept next to the execution cache (``<cache>/lessons_code_digests.json``). A page
whose digest differs from the recorded one, or has none recorded (a first build, a lost state),
has its jupyter-cache records removed and is added to the list of documents to read, so it is
executed afresh. Pages whose
dependencies did not change keep their cached outputs: a no-op rebuild executes nothing.

Kernel environment
------------------
The extension also prepares the environment every notebook kernel inherits, whichever command
starts the build:

* ``TF_CPP_MIN_LOG_LEVEL=2`` and ``TF_ENABLE_ONEDNN_OPTS=0`` (unless already set), so TensorFlow's
  start-up messages are silenced at their source in every chapter (the book installs the CPU build,
  ``tensorflow-cpu``, whose import does not look for CUDA and so prints nothing at all);
* one thread for the BLAS libraries behind NumPy (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``,
  ``MKL_NUM_THREADS``, unless already set): the book's matrices are small, where a second thread only
  adds contention (on a busy two-core machine it made training tens of times slower), and one thread
  makes floating-point reductions, hence the printed numbers, reproducible from run to run;
* ``IPYTHONDIR`` points to a fresh profile under the build directory, so a reader's personal IPython
  start-up files cannot change the book's outputs, and the kernel application logs errors only
  (its notice that a local kernel talks to the build over TCP without encryption is not a problem
  of the book; cells' own warnings still reach the build log and fail the strict build).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STATE_FILE = "lessons_code_digests.json"
VERSIONED = ("numpy", "scikit-learn", "matplotlib", "tensorflow", "tensorflow-cpu", "keras", "myst-nb", "jupyter-cache")


def module_graph(package_dir: Path, package: str) -> dict[str, set[str]]:
    """Map each submodule of ``package`` to the submodules it imports (direct imports only)."""
    modules = {p.stem for p in package_dir.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name in modules:
        tree = ast.parse((package_dir / f"{name}.py").read_text(encoding="utf-8"))
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level == 1 or base == package or base.startswith(package + "."):
                    sub = base.removeprefix(package).lstrip(".") if node.level == 0 else base
                    if sub:
                        deps.add(sub.split(".")[0])
                    else:  # from . import x, y
                        deps.update(a.name for a in node.names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(package + "."):
                        deps.add(alias.name.split(".")[1])
        graph[name] = deps & modules
    return graph


CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", flags=re.S | re.M)


def code_of_page(text: str) -> str:
    """The Python code of a MyST notebook page: its code cells, without options and magics."""
    cells = []
    for body in CODE_CELL.findall(text):
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":  # a YAML block of cell options
            closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
            lines = lines[closing + 1:]
        lines = [line for line in lines if not line.lstrip().startswith((":", "%", "!"))]
        cells.append("\n".join(lines))
    return "\n\n".join(cells)


def referenced_modules(code: str, package: str, modules: set[str]) -> set[str] | None:
    """Submodules of ``package`` that ``code`` imports; ``None`` means "the whole package".

    ``from package.deep import X``, ``import package.deep`` and ``from package import deep`` name
    ``deep``; after ``import package as lc``, so does ``lc.deep``. A bare ``import package``, a name
    imported from the package itself that is not a submodule, or code that cannot be parsed counts
    as the whole package: through it any submodule can be reached, even dynamically.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    found: set[str] = set()
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == package:
                for alias in node.names:
                    if alias.name not in modules:
                        return None
                    found.add(alias.name)
            elif node.module.startswith(package + "."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == package:
                    if alias.asname is None:
                        return None
                    aliases.add(alias.asname)
                elif alias.name.startswith(package + "."):
                    found.add(alias.name.split(".")[1])
    if aliases:
        used = {
            node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
        }
        if not used <= modules:
            return None
        found |= used
    return found & modules if found <= modules else None


def closure(start: set[str], graph: dict[str, set[str]]) -> set[str]:
    """All modules reachable from ``start`` through the import graph."""
    seen, todo = set(), list(start)
    while todo:
        mod = todo.pop()
        if mod not in seen:
            seen.add(mod)
            todo.extend(graph.get(mod, ()))
    return seen


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment_fingerprint() -> str:
    """Python version and the versions of the libraries whose upgrade can change outputs."""
    parts = [sys.version.split()[0]]
    for dist in VERSIONED:
        try:
            parts.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}==absent")
    return ";".join(parts)


def page_digests(srcdir: Path, docpaths: dict[str, Path], package: str) -> dict[str, str]:
    """The dependency digest of every page (see the module docstring)."""
    package_dir = srcdir / package
    graph = module_graph(package_dir, package)
    modules = set(graph)
    file_digest = {m: _file_digest(package_dir / f"{m}.py") for m in modules}
    data_dir = package_dir / "data"
    data_files = sorted(p for p in data_dir.rglob("*") if p.is_file()) if data_dir.is_dir() else []
    data_digest = hashlib.sha256(
        "".join(f"{p.relative_to(package_dir)}:{_file_digest(p)}" for p in data_files).encode()
    ).hexdigest()
    base = f"{environment_fingerprint()}|__init__:{_file_digest(package_dir / '__init__.py')}"
    digests = {}
    for docname, path in docpaths.items():
        text = path.read_text(encoding="utf-8")
        code = code_of_page(text) if path.suffix == ".md" else None
        refs = referenced_modules(code, package, modules) if code is not None else None
        deps = modules if refs is None else closure(refs, graph)
        parts = [base] + [f"{m}:{file_digest[m]}" for m in sorted(deps)]
        if "datasets" in deps:
            parts.append(f"data:{data_digest}")
        digests[docname] = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return digests


def _state_path(app) -> Path:
    """The jupyter-cache folder myst-nb uses (``_build/.jupyter_cache`` unless configured)."""
    config = getattr(app.env, "mystnb_config", None)
    cache = getattr(config, "execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache"
    return Path(cache)


def _remove_cache_records(cache_path: Path, paths: list[Path]) -> int:
    """Drop the jupyter-cache records (executed outputs) of the given source files."""
    if not cache_path.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    wanted = {str(p.resolve()) for p in paths}
    removed = 0
    for record in cache.list_cache_records():
        if record.uri and str(Path(record.uri).resolve()) in wanted:
            cache.remove_cache(record.pk)
            removed += 1
    return removed


def _on_before_read(app, env, docnames: list[str]) -> None:
    package = app.config.lessons_cache_package
    if not (Path(app.srcdir) / package / "__init__.py").exists():
        logger.warning(f"lessons_cache: package directory {package!r} not found in {app.srcdir}")
        return
    docpaths = {d: Path(env.doc2path(d)) for d in env.found_docs}
    docpaths = {d: p for d, p in docpaths.items() if p.suffix in {".md", ".ipynb"}}
    new = page_digests(Path(app.srcdir), docpaths, package)
    cache_dir = _state_path(app)
    state_file = cache_dir / STATE_FILE
    old = json.loads(state_file.read_text()) if state_file.exists() else {}
    # A page whose digest changed, or was never recorded (a first build, or one whose state was
    # lost), loses its cached execution: any record it has may come from other library code.
    changed = sorted(d for d, digest in new.items() if old.get(d) != digest)
    if changed:
        n = _remove_cache_records(cache_dir, [docpaths[d] for d in changed])
        if n:
            logger.info(
                f"lessons_cache: dependencies changed for {len(changed)} page(s) "
                f"({', '.join(changed)}); removed {n} cached execution(s)"
            )
    for d in changed:
        if d not in docnames:
            docnames.append(d)
    # Saving now is safe whatever happens next: from here on, every cache record of a page was
    # produced under its current digest (older ones were just removed), and a page whose execution
    # fails leaves no record, so the next build executes it again.
    cache_dir.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(new, indent=1, sort_keys=True))


BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
KERNEL_CONFIG = 'c.IPKernelApp.log_level = "ERROR"\n'


def _prepare_kernel_environment(app) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    for var in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(var, "1")
    ipython_dir = Path(app.outdir).parent / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app):
    app.add_config_value("lessons_cache_package", "lessons_code", "env")
    app.connect("builder-inited", _prepare_kernel_environment)
    app.connect("env-before-read-docs", _on_before_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
