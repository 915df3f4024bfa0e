"""The in-browser notebooks (JupyterLite, see tools/reader_experience.py and tools/lite_notebooks.py).

What can be tested offline, and is: the JupyterLite app loads from the book's site without
console errors of its own, opens each NumPy chapter as a notebook whose first cell installs
``lessons_code`` from the site's package index, that index serves a pure-Python wheel, and the wheel
installs and imports (with TensorFlow made unimportable) in a clean folder.

What cannot be tested offline: executing Python in the page. The Pyodide kernel loads Pyodide and
NumPy from Pyodide's CDN (jsDelivr) in the reader's browser; this sandbox resolves no external host,
so the kernel cannot start here. The failed CDN loads are the only console errors ignored, and the
test asserts that they are the Pyodide CDN (so the kernel *would* start with a network).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from site_browser import book_root, external_url, lite_built, real_errors

CONFIG = yaml.safe_load((book_root() / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
LITE_NOTEBOOKS = [docname.rsplit("/", 1)[-1] for docname in CONFIG["reader_lite_chapters"]]  # the build's list


@pytest.fixture(scope="module")
def lite(site) -> Path:
    if not lite_built(site):
        pytest.skip("the book was built without JupyterLite (BOOK_LITE=0)")
    return site / "lite"


def _notebooks(lite: Path) -> list[str]:
    return [n for n in LITE_NOTEBOOKS if (lite / "files" / f"{n}.ipynb").exists()]


def test_notebooks_are_readable_outside_sphinx(lite):
    names = _notebooks(lite)
    assert names, "no chapter notebook in the JupyterLite site"
    assert (lite / "files" / "scratch.ipynb").exists()
    for name in names:
        nb = json.loads((lite / "files" / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "%pip install -q lessons_code" in "".join(code[0]["source"]), f"{name}: no set-up cell first"
        assert len(code) > 1, f"{name}: no code cells"
        assert not any(c.get("outputs") for c in code), f"{name}: notebooks ship without outputs"
        live = [line for c in code for line in "".join(c["source"]).splitlines() if not line.lstrip().startswith("#")]
        assert not [l for l in live if re.search(r"\b(import tensorflow|from tensorflow|import keras|from keras)\b", l)], (
            f"{name}: TensorFlow is imported in the browser notebook (it cannot run there)")
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for left in ("```{", ":::{", "{glue:", "{doc}`", "{ref}`", "{term}`", "{numref}`"):
            assert left not in markdown, f"{name}: MyST markup {left!r} left in the notebook's text"


def test_wheel_is_pure_python_and_indexed(lite, server):
    index = json.loads((lite / "pypi" / "all.json").read_text(encoding="utf-8"))
    releases = index["lessons-code"]["releases"]
    (files,) = releases.values()
    wheel = files[0]["filename"]
    assert wheel.endswith("-py3-none-any.whl"), wheel
    with zipfile.ZipFile(lite / "pypi" / wheel) as zf:
        names = zf.namelist()
    assert "lessons_code/deep.py" in names and "lessons_code/checks.py" in names
    assert any(n.startswith("lessons_code/data/") for n in names), "the wheel lacks the package data"


def test_wheel_imports_without_tensorflow(lite, tmp_path):
    (wheel,) = (lite / "pypi").glob("lessons_code-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(tmp_path), str(wheel)],
        check=True,
    )
    # -S: no site hooks, so the repository's editable install cannot shadow the wheel; the
    # site-packages folder is added by hand for NumPy and scikit-learn.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); sys.path.append(sys.argv[2])\n"
        "sys.modules['tensorflow'] = None; sys.modules['keras'] = None\n"
        "import lessons_code, lessons_code.deep, lessons_code.logistic, lessons_code.shallow, lessons_code.checks\n"
        "import lessons_code.datasets as d\n"
        "assert lessons_code.__file__.startswith(sys.argv[1]), lessons_code.__file__\n"
        "print(d.load_digits_binary().X_train.shape)\n"
    )
    purelib = sysconfig.get_paths()["purelib"]
    out = subprocess.run([sys.executable, "-S", "-c", code, str(tmp_path), purelib], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("(64,"), out.stdout


@pytest.mark.parametrize("name", LITE_NOTEBOOKS)
def test_jupyterlite_opens_the_chapter(lite, driver, server, shots, name):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    if name not in _notebooks(lite):
        pytest.skip(f"{name} is not written yet")
    driver.get_log("browser")
    driver.get(server.url(f"lite/notebooks/index.html?path={name}.ipynb"))
    WebDriverWait(driver, 90).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell .jp-InputArea-editor"))
    )
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return document.querySelectorAll('.jp-Notebook .jp-Cell').length") >= 5)
    info = driver.execute_script(
        "return {cells: document.querySelectorAll('.jp-Notebook .jp-Cell').length,"
        " first_code: (document.querySelector('.jp-CodeCell .jp-InputArea-editor') || {}).innerText || '',"
        " title: document.title};"
    )
    if name == LITE_NOTEBOOKS[0] or name == _notebooks(lite)[0]:
        driver.save_screenshot(str(shots / f"lite__{name}.png"))
    nb = json.loads((lite / "files" / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert info["cells"] >= min(len(nb["cells"]), 5), info  # JupyterLab renders cells lazily: a screenful
    assert "lessons_code" in info["first_code"], info
    console = driver.get_log("browser")
    errors = real_errors(console)  # ignores the kernel's failed import of Pyodide from its CDN (offline)
    assert not errors, f"{name}: console errors in JupyterLite:\n" + "\n".join(errors)
    external = {external_url(e["message"]) for e in console} - {None}
    external |= set(re.findall(r"https?://[^\s\"']+", " ".join(e["message"] for e in console if "[unhandledrejection]" in e["message"])))
    assert all("cdn.jsdelivr.net/pyodide/" in u for u in external), f"unexpected external requests: {external}"


@pytest.mark.parametrize("name", LITE_NOTEBOOKS)
def test_notebook_runs_without_tensorflow(lite, tmp_path, name):
    """The browser notebook, executed here by a local kernel, with TensorFlow, Keras and myst_nb made
    unimportable (as in Pyodide) and ``%pip install`` left out: every cell runs. This is as close to
    running it in JupyterLite as an offline test gets (Pyodide's own packages are not checked)."""
    import nbformat
    from nbclient import NotebookClient

    if name not in _notebooks(lite):
        pytest.skip(f"{name} is not written yet")
    nb = nbformat.read(lite / "files" / f"{name}.ipynb", as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert "%pip install -q lessons_code" in setup.source
    setup.source = (
        "import sys\nfor _m in ('tensorflow', 'keras', 'myst_nb'):\n    sys.modules[_m] = None\n"
        + setup.source.replace("%pip install -q lessons_code", "# %pip install: the local environment has it")
    )
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    first = "".join(o.get("text", "") for o in nb.cells[1].outputs if o.get("name") == "stdout")
    assert "are ready" in first, first


def test_setup_cell_says_clearly_when_the_packages_did_not_load(lite, tmp_path):
    """As when Pyodide's CDN is blocked: %pip 'succeeds' but NumPy is missing. The first cell must
    fail there, naming the host to unblock, instead of printing "ready" (the next cell would fail)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(lite / "files" / "scratch.ipynb", as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    setup.source = "import sys\nsys.modules['numpy'] = None\n" + setup.source.replace(
        "%pip install -q lessons_code", "# %pip install: blocked")
    nb.cells = [setup]
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError) as err:
        client.execute()
    message = str(err.value)
    assert "could not load" in message and "cdn.jsdelivr.net" in message, message[-1500:]
    assert "ready" not in "".join(o.get("text", "") for o in setup.outputs if o.get("name") == "stdout")


def test_comm_ships_with_the_site_and_pypi_is_not_asked(lite):
    index = json.loads((lite / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert "comm" in index, f"the comm wheel is not in the site's package index: {sorted(index)}"
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert settings.get("disablePyPIFallback") is True, settings


def test_download_button_gives_the_runnable_notebook(site):
    """The page's .ipynb download is the clean notebook Colab opens: a set-up cell, no MyST markup."""
    import nbformat

    for name in ("04_logistic_regression", "08_keras_tensorflow"):
        path = site / "_sources" / "book" / f"{name}.ipynb"
        assert path.exists(), path
        nb = nbformat.read(path, as_version=4)
        assert "colab-setup" in nb.cells[1].metadata.get("tags", []), nb.cells[1].source[:200]
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{glue" not in markdown and "```{" not in markdown, name
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), name
