"""The in-browser notebooks when Pyodide's CDN is blocked: what the reader sees, in headless Chromium.

JupyterLite's Pyodide kernel loads Python (Pyodide) and then NumPy & co. from ``cdn.jsdelivr.net``
(lite/README.md, "Hosts"). This sandbox resolves no external host, so here the test *plays* that CDN:
it answers the browser's requests to cdn.jsdelivr.net itself, through the DevTools protocol's
``Fetch`` domain (in the tab and in the workers it starts, which make the kernel's requests), and
fails every request it does not answer, as a blocker would (``net::ERR_BLOCKED_BY_CLIENT``). Two
cases:

1. **Pyodide cached, its packages blocked.** The CDN serves Pyodide's core and the packages the
   kernel itself needs to start (micropip, IPython, Jedi and their dependencies), and nothing else.
   The set-up cell must then fail with the message that names cdn.jsdelivr.net, not print "ready".
2. **The CDN blocked entirely.** Pyodide cannot load, so the kernel never starts and no Python
   message can appear: a run cell waits at ``[*]`` with no output and no dialog; the only sign is
   the toolbar's kernel icon, red, whose log (one click) says "Failed to fetch dynamically imported
   module: https://cdn.jsdelivr.net/pyodide/v.../full/pyodide.mjs". The test pins down exactly that
   (if JupyterLite ever says more, update lite/README.md).

Where the files come from (``make lite-offline-deps`` puts them in ``.vendor/pyodide/``, pinned):

* Pyodide's core (``pyodide.mjs``, ``pyodide.asm.*``, ``python_stdlib.zip``, ``pyodide-lock.json``)
  is the npm package ``pyodide`` of the version the kernel asks for
  (``jupyterlite_pyodide_kernel.constants.PYODIDE_VERSION``): the same files as on the CDN.
* The kernel's start-up packages are their PyPI wheels, at the exact versions of Pyodide's lock
  file (run this file as a script to download them). Pyodide repackages its pure-Python wheels, so
  the lock's sha256 of those entries (which the browser checks, as ``fetch`` integrity) is replaced by
  the PyPI wheels' sha256 in the lock file served here. Same names, versions and code: a faithful
  "Pyodide and the kernel cached, NumPy not", since every other entry (NumPy, scikit-learn,
  matplotlib, ...) is untouched, and blocked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from site_browser import ROOT, _unavailable, lite_built

VENDORED = ROOT / ".vendor" / "pyodide"
PYODIDE = VENDORED / "node_modules" / "pyodide"
WHEELS = VENDORED / "wheels"
CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# what the kernel's worker loads from Pyodide's distribution before it is ready: micropip
# (loadPackage), then IPython and Jedi (piplite.install; ipykernel, comm and pyodide-kernel come
# from the site's own package index)
KERNEL_PACKAGES = ("micropip", "ipython", "jedi")
CONTENT_TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}


def kernel_closure(lock: dict) -> list[dict]:
    """The lock entries of KERNEL_PACKAGES and everything they depend on."""
    packages, todo, seen = lock["packages"], list(KERNEL_PACKAGES), []
    while todo:
        entry = packages[todo.pop().lower().replace("_", "-")]
        if entry not in seen:
            seen.append(entry)
            todo += entry["depends"]
    return seen


def pyodide_version() -> str:
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


class PlayedCDN:
    """Answers the browser's requests to cdn.jsdelivr.net: ``files`` (by name) or a blocked request.

    It speaks the DevTools protocol to the tab that Selenium drives (through the debugger address
    chromedriver opened) and stops intercepting when closed. ``served`` and ``blocked`` list URLs.
    """

    def __init__(self, driver, prefix: str, files: dict[str, bytes]):
        import websocket  # websocket-client, a dependency of Selenium

        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        tabs = json.load(urlopen(f"http://{address}/json"))
        tab = next(t for t in tabs if t["id"] == driver.current_window_handle)
        self.ws = websocket.create_connection(tab["webSocketDebuggerUrl"], suppress_origin=True)
        self.prefix, self.files = prefix, files
        self.served: list[str] = []
        self.blocked: list[str] = []
        self.ids = iter(range(1, 1 << 30))
        self.intercept(session=None)
        self.thread = threading.Thread(target=self.answer, daemon=True)
        self.thread.start()

    def send(self, method: str, session: str | None = None, **params) -> None:
        message = {"id": next(self.ids), "method": method, "params": params}
        self.ws.send(json.dumps(message | ({"sessionId": session} if session else {})))

    def intercept(self, session: str | None) -> None:
        """Intercept the CDN's requests of the tab (session None) or of one of its workers.

        JupyterLite's service worker fetches on behalf of the kernel's Web Worker, and requests made
        by a worker are not seen by the tab's interception: so attach to every worker, paused at its
        start, intercept its requests too (a dedicated worker has no Fetch domain and answers with an
        error, ignored), then let it run.
        """
        self.send("Fetch.enable", session, patterns=[{"urlPattern": "https://cdn.jsdelivr.net/*"}])
        self.send("Target.setAutoAttach", session, autoAttach=True, waitForDebuggerOnStart=True, flatten=True)
        if session:
            self.send("Runtime.runIfWaitingForDebugger", session)

    def answer(self) -> None:
        while True:
            try:
                message = json.loads(self.ws.recv())
            except Exception:  # closed
                return
            session, params = message.get("sessionId"), message.get("params", {})
            if message.get("method") == "Target.attachedToTarget":
                self.intercept(params["sessionId"])
            if message.get("method") != "Fetch.requestPaused":
                continue
            request_id, url = params["requestId"], params["request"]["url"]
            name = url.removeprefix(self.prefix)
            if url.startswith(self.prefix) and name in self.files:
                headers = [{"name": "Content-Type", "value": CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")},
                           {"name": "Access-Control-Allow-Origin", "value": "*"}]
                body = base64.b64encode(self.files[name]).decode()
                self.send("Fetch.fulfillRequest", session, requestId=request_id, responseCode=200,
                          responseHeaders=headers, body=body)
                self.served.append(url)
            else:
                self.send("Fetch.failRequest", session, requestId=request_id, errorReason="BlockedByClient")
                self.blocked.append(url)

    def close(self) -> None:
        self.ws.close()  # the DevTools session ends, and with it the interception
        self.thread.join(5)


@pytest.fixture(scope="module")
def cdn_prefix(site) -> str:
    if not lite_built(site):
        pytest.skip("the book was built without JupyterLite (BOOK_LITE=0)")
    version = pyodide_version()
    vendored = json.loads((PYODIDE / "package.json").read_text())["version"] if PYODIDE.exists() else None
    if vendored != version:
        _unavailable(f"Pyodide {version} is not vendored in {VENDORED} (found {vendored}): run 'make lite-offline-deps'")
    return f"https://cdn.jsdelivr.net/pyodide/v{version}/full/"


@pytest.fixture(scope="module")
def cached_pyodide(cdn_prefix) -> dict[str, bytes]:
    """What a browser that ran a notebook before, but never loaded NumPy, has cached from the CDN."""
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    files = {name: (PYODIDE / name).read_bytes() for name in CORE}
    missing = [e["file_name"] for e in kernel_closure(lock) if not (WHEELS / e["file_name"]).exists()]
    if missing:
        _unavailable(f"the kernel's wheels are not vendored in {WHEELS} ({missing}): run 'make lite-offline-deps'")
    for entry in kernel_closure(lock):
        wheel = (WHEELS / entry["file_name"]).read_bytes()
        entry["sha256"] = hashlib.sha256(wheel).hexdigest()  # PyPI's wheel, not Pyodide's repackaging
        files[entry["file_name"]] = wheel
    files["pyodide-lock.json"] = json.dumps(lock).encode()
    return files


NOTEBOOK_STATE = """
const cell = document.querySelector('.jp-Notebook .jp-CodeCell');
const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
return {
  kernel: status && status.getAttribute('data-status'),
  kernel_error: !!document.querySelector('.jp-KernelStatus .jp-KernelStatus-error'),
  prompt: cell ? cell.querySelector('.jp-InputPrompt').innerText : '',
  output: cell ? cell.querySelector('.jp-OutputArea').innerText : '',
  dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText),
};
"""


LOG_TEXT = "return (document.querySelector('.jp-LogConsolePanel') || {innerText: ''}).innerText;"


def open_notebook(driver, server, name: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url(f"lite/notebooks/index.html?path={name}.ipynb"))
    WebDriverWait(driver, 90).until(lambda d: d.execute_script(
        "return !!document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputArea-editor')"))


def run_first_code_cell(driver) -> None:
    """As a reader does: click into the set-up cell and press Shift+Enter."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.find_element(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell .jp-InputArea-editor").click()
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()


def test_cdn_blocked_entirely_the_kernel_never_starts(driver, server, shots, cdn_prefix):
    from selenium.webdriver.support.ui import WebDriverWait

    cdn = PlayedCDN(driver, cdn_prefix, files={})
    try:
        driver.get_log("browser")  # drain
        open_notebook(driver, server, "02_tensors")
        # the kernel's worker imports pyodide.mjs; the import fails (logged by REJECTION_LOGGER)
        console: list[dict] = []
        WebDriverWait(driver, 120).until(lambda d: console.extend(d.get_log("browser")) or any(
            "[unhandledrejection]" in e["message"] and "pyodide.mjs" in e["message"] for e in console))
        run_first_code_cell(driver)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(NOTEBOOK_STATE)["prompt"].strip() == "[*]:")
        time.sleep(5)  # the kernel does not retry: give a message time to appear, if there were one
        state = driver.execute_script(NOTEBOOK_STATE)
        # the toolbar's kernel icon turns red ("Click to open kernel logs"): the log names the module
        driver.execute_script("document.querySelector('.jp-KernelStatus').click()")
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(LOG_TEXT))
        log = driver.execute_script(LOG_TEXT)
        driver.save_screenshot(str(shots / "lite_offline__blocked.png"))
    finally:
        cdn.close()
    assert cdn.blocked == [cdn_prefix + "pyodide.mjs"] and not cdn.served, (cdn.blocked, cdn.served)
    # what the reader sees: a red kernel icon, a cell waiting at [*] for ever, no output, no dialog...
    assert state["kernel"] != "idle" and state["kernel_error"], state
    assert state["prompt"].strip() == "[*]:" and not state["output"].strip() and not state["dialogs"], state
    # ... and, one click on that icon away, the failed import, which names the host
    assert f"Failed to fetch dynamically imported module: {cdn_prefix}pyodide.mjs" in log, log


def test_packages_blocked_the_setup_cell_names_the_cdn(driver, server, shots, cdn_prefix, cached_pyodide):
    from selenium.webdriver.support.ui import WebDriverWait

    cdn = PlayedCDN(driver, cdn_prefix, files=cached_pyodide)
    try:
        open_notebook(driver, server, "scratch")
        # start-up: Pyodide, micropip, piplite, IPython... (about 30 s on a busy 2-core machine)
        WebDriverWait(driver, 300).until(lambda d: d.execute_script(NOTEBOOK_STATE)["kernel"] == "idle")
        run_first_code_cell(driver)
        WebDriverWait(driver, 300).until(lambda d: (s := d.execute_script(NOTEBOOK_STATE))["output"].strip()
                                         and s["prompt"].strip() not in ("[*]:", "[ ]:"))
        state = driver.execute_script(NOTEBOOK_STATE)
        driver.save_screenshot(str(shots / "lite_offline__cached.png"))
    finally:
        cdn.close()
    output = state["output"]
    assert "RuntimeError: The book's packages could not load (No module named 'numpy')" in output, output
    assert "cdn.jsdelivr.net" in output.rsplit("RuntimeError:", 1)[1], output  # in the message itself
    assert not re.search(r"^lessons_code .* are ready$", output, re.M), output  # (the traceback quotes the line)
    assert "ModuleNotFoundError" not in output, output  # no bare traceback from the import
    # the failure is the blocked CDN's: the kernel started from the "cached" files, NumPy was refused
    assert set(cached_pyodide) == {u.removeprefix(cdn_prefix) for u in cdn.served}, cdn.served
    assert any("/numpy-" in u for u in cdn.blocked), cdn.blocked


if __name__ == "__main__":
    # `python tests/browser/test_lite_offline.py`: download the kernel's start-up wheels from PyPI,
    # at the versions of the vendored Pyodide's lock file (make lite-offline-deps runs this once).
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    pins = [f"{e['name']}=={e['version']}" for e in kernel_closure(lock)]
    python = ".".join(lock["info"]["python"].split(".")[:2])
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version", python, "--dest", str(WHEELS), *pins], check=True)
