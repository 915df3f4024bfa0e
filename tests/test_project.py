"""Project plumbing: the workflows are valid and call the same make targets as a contributor."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    assert isinstance(data, dict) and "jobs" in data, f"{name} is not a workflow"
    return data


def run_lines(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def test_ci_workflow_runs_the_ci_script_which_runs_make_test():
    ci = load_workflow("ci.yml")
    assert any(".ci/run" in r for r in run_lines(ci))
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script


def test_pages_workflow_builds_with_make_book_and_deploys():
    pages = load_workflow("pages.yml")
    assert any(r.strip() == "make book" for r in run_lines(pages))
    steps = uses(pages)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in steps)
    assert any(u.startswith("actions/deploy-pages@") for u in steps)
    cache = next(s for j in pages["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("actions/cache@"))
    key = cache["with"]["key"]
    assert "requirements.txt" in key and "lessons_code" in key
    upload = next(s for j in pages["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"


def test_requirements_pin_every_package_exactly():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [l for l in lines if l and not l.startswith("#")]
    assert reqs, "requirements.txt is empty"
    loose = [r for r in reqs if "==" not in r]
    assert not loose, f"unpinned requirements: {loose}"
    names = {r.split("==")[0].lower().replace("_", "-") for r in reqs}
    for needed in ("jupyter-book", "myst-nb", "numpy", "matplotlib", "scikit-learn", "pytest", "keras"):
        assert needed in names, f"{needed} is not pinned"
    # TensorFlow's CPU build: the same library without the CUDA stubs that print to stderr on import
    assert "tensorflow-cpu" in names and "tensorflow" not in names
    assert "jupyter-book==1.0.4.post1" in reqs  # Jupyter Book 1.x, not the Node-based 2.x


def test_wheel_ships_the_package_data(tmp_path):
    """What `pip install` gives practitioners (and JupyterLite) includes the data the book uses."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("lessons_code-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("lessons_code/__init__.py", "lessons_code/py.typed", "lessons_code/data/corpus.tsv",
                   "lessons_code/data/sample_eight.png", "lessons_code/keras_bridge.py"):
        assert needed in names, f"{needed} is missing from the wheel"
    assert not [n for n in names if n.startswith(("tests/", "tools/", "book/"))]


def load_tool(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_colab_and_binder_buttons_open_the_published_notebooks():
    rx = load_tool("reader_experience")
    base = "https://colab.research.google.com/github/org/repo/blob"
    assert rx.notebook_launch_url(f"{base}/main/book/04_logistic_regression.md", "main", "notebooks") == (
        f"{base}/notebooks/book/04_logistic_regression.ipynb"
    )
    assert rx.notebook_launch_url(f"{base}/main/book/x.ipynb", "main", "notebooks") == f"{base}/main/book/x.ipynb"
    binder = "https://mybinder.org/v2/gh/org/repo"
    assert rx.notebook_launch_url(f"{binder}/main?urlpath=tree/book/x.md", "main", "notebooks") == (
        f"{binder}/notebooks?urlpath=tree/book/x.ipynb"
    )
    # the Pages workflow publishes to the branch the buttons point to
    pages = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "lite_notebooks.py --colab" in pages and "git push" in pages and " notebooks" in pages


def test_colab_notebooks_install_the_library_and_keep_every_line(tmp_path):
    import nbformat

    ln = load_tool("lite_notebooks")
    written = ln.write_colab_notebooks(ROOT, tmp_path, "https://github.com/org/repo")
    names = {p.stem for p in written}
    assert {"04_logistic_regression", "08_keras_tensorflow", "how_to_use"} <= names
    assert "glossary" not in names  # no code, no launch button
    nb = nbformat.read(tmp_path / "book" / "08_keras_tensorflow.ipynb", as_version=4)
    assert 'pip install -q "lessons_code[keras] @ git+https://github.com/org/repo"' in nb.cells[1].source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import tensorflow as tf" in code and "# [TF]" not in code
    assert "literalinclude" not in "\n".join(c.source for c in nb.cells)
    assert (tmp_path / "requirements.txt").read_text().strip() == "lessons_code[keras] @ git+https://github.com/org/repo"


def test_code_blocks_get_the_configured_repository_url():
    from docutils import nodes

    rx = load_tool("reader_experience")
    doc = nodes.document(None, None)
    doc += nodes.literal_block("", "git clone <repository-url>\ncd <repository-name>\n")
    doc += nodes.literal_block("", "print('untouched')")
    assert rx.fill_repository_url(doc, "https://github.com/org/my-book") == 1
    blocks = [b.astext() for b in doc.findall(nodes.literal_block)]
    assert blocks == ["git clone https://github.com/org/my-book\ncd my-book\n", "print('untouched')"]
    # the landing page uses the tokens, not a hand-typed URL
    intro = (ROOT / "book" / "intro.md").read_text()
    assert "git clone <repository-url>" in intro and "git+<repository-url>" in intro


def test_browser_notebooks_skip_code_that_reads_what_a_skipped_line_would_have_filled():
    ln = load_tool("lite_notebooks")
    strip = ln.TensorFlowStripper()
    first = strip("import tensorflow as tf\ndiff = {}\ndiff['f64'] = 1.0\ndiff['f32'] = float(tf.constant(1.0))\n")
    assert "# [TF] diff['f32']" in first and "\ndiff['f64'] = 1.0" in first
    later = strip("assert diff['f32'] > 0, diff\nprint('kept')")  # a hidden claim cell reading diff
    assert "# [TF] assert diff['f32']" in later and "\nprint('kept')" in later
