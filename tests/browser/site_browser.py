"""Support for the browser tests (fixtures and helpers; see conftest.py): the built book, checked the way a reader sees it, in headless Chromium.

They run against a built site (``make test`` runs them right after the strict build):

* ``BOOK_HTML`` — the folder to serve (default ``_build/html``); the book's ``_toc.yml`` is looked up
  two levels above it (``<book>/_build/html`` → ``<book>/_toc.yml``), else in the repository.
* Chromium and chromedriver come from Debian (``make browser-deps`` installs ``chromium`` and
  ``chromium-driver`` when missing); nothing is downloaded by a test tool. ``CHROMIUM`` and
  ``CHROMEDRIVER`` override their paths.
* Without Chromium, or without a built book, the tests are skipped with the reason — except in CI
  (``CI=true``), where that is an error, so CI cannot pass by silently skipping them.

One server and one browser serve every test; each page is visited once (:class:`Visitor`) and the
facts every check needs are collected in that visit. Screenshots of every page (light, and dark
for pages with figures) go to ``<build>/screenshots/`` for humans to look at.

Offline sandbox: the browser resolves no host but 127.0.0.1 (``--host-resolver-rules``), so a
request to another host fails at once instead of hanging, and the tests are the same with or
without a network. Console errors are ignored only when they are the failed load of an external URL
(a CDN or third party that a real reader's browser would reach). Every external URL a page tries
to load is listed in ``screenshots/external_requests.txt``, and the book's own pages must request
none (the site is self-contained; see ``test_pages.py``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socketserver
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
IN_CI = os.environ.get("CI", "").lower() == "true"
LOCAL = "127.0.0.1"
CHAPTER = re.compile(r"^book/\d\d_")


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env] if os.access(os.environ[env], os.X_OK) else None
    return next((p for n in names if (p := shutil.which(n))), None)


CHROMIUM = _find("CHROMIUM", "chromium", "chromium-browser")
CHROMEDRIVER = _find("CHROMEDRIVER", "chromedriver")


def _unavailable(reason: str):
    """Skip with the reason locally; fail in CI (CI=true) so a missing browser cannot go unnoticed."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------------------------------------
# The table of contents: which pages exist, which are chapters
# ------------------------------------------------------------------------------------------------
def book_root() -> Path:
    candidate = SITE.parent.parent
    return candidate if (candidate / "_toc.yml").exists() else ROOT


def toc_pages() -> list[str]:
    """Docnames in reading order: the root, then every part's chapters."""
    toc = yaml.safe_load((book_root() / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    pages += [c["file"] for c in toc.get("chapters", [])]
    return pages


def toc_parts() -> list[str]:
    toc = yaml.safe_load((book_root() / "_toc.yml").read_text(encoding="utf-8"))
    return [p["caption"] for p in toc.get("parts", []) if p.get("caption")]


PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if CHAPTER.match(p)]


# ------------------------------------------------------------------------------------------------
# Local server (records every request's status) and browser
# ------------------------------------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    statuses: list[tuple[str, int]]

    def log_message(self, format, *args):  # noqa: A002 - quiet; statuses are recorded instead
        pass

    def log_request(self, code="-", size="-"):
        self.statuses.append((self.path, int(code) if str(code).isdigit() else 0))


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class Server:
    base: str
    statuses: list[tuple[str, int]]

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def not_found(self) -> list[str]:
        return sorted({p for p, code in self.statuses if code == 404})


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        _unavailable(f"no built book at {SITE} (run 'make book', or set BOOK_HTML)")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    statuses: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"statuses": statuses})
    httpd = _Server((LOCAL, 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://{LOCAL}:{httpd.server_address[1]}", statuses)
    httpd.shutdown()
    httpd.server_close()


REJECTION_LOGGER = """
window.addEventListener('unhandledrejection', e => {
  const r = e.reason;
  console.warn('[unhandledrejection] ' + ((r && (r.stack || r.message)) || String(r)));
});
"""


@pytest.fixture(scope="session")
def driver(site):
    if not CHROMIUM or not CHROMEDRIVER:
        _unavailable("Chromium/chromedriver not found: run 'make browser-deps' (apt: chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed: run 'make setup'")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # root in containers
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOCAL}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # name the reason of every unhandled promise rejection in the console (Chromium logs only
    # "Uncaught (in promise)"), so that real_errors() can tell an offline CDN failure from a bug
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": REJECTION_LOGGER})
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def shots(site) -> Path:
    out = site.parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


# ------------------------------------------------------------------------------------------------
# One visit per page: everything the checks need
# ------------------------------------------------------------------------------------------------
WAIT_FOR_PAGE = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
async function settle() {
  // math is typeset when the book is built (KaTeX): no math engine may run in the browser
  const engines = [];
  if (window.MathJax) engines.push('MathJax');
  if (window.katex) engines.push('KaTeX');
  const mathjax = engines.length ? 'math engine loaded: ' + engines.join(', ') : 'none';
  // images: make lazy ones load now, then wait until every one has finished (loaded or failed)
  for (const img of document.images) if (!img.complete) img.loading = 'eager';  // lazy ones load now
  while ([...document.images].some(i => !i.complete) && Date.now() - t0 < 20000)
    await new Promise(r => setTimeout(r, 100));
  window.scrollTo(0, 0);
  return mathjax;
}
settle().then(done, e => done('error: ' + e));
"""

COLLECT = """
const skip = 'pre, code, script, style, .katex, .cell_output, .highlight, .math, .toggle-button';
const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
let prose = '';
const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const n = walker.currentNode;
  if (!n.parentElement || n.parentElement.closest(skip)) continue;
  prose += n.nodeValue + ' ';
}
const mathEls = [...document.querySelectorAll('span.math, div.math')];
const rawLeft = mathEls.filter(e => !e.querySelector('.katex'));
const cells = [...document.querySelectorAll('div.cell')];
const outputs = [...document.querySelectorAll('div.cell div.cell_output')];
const emptyOutputs = outputs.filter(o => o.innerText.trim() === '' && !o.querySelector('img, svg, table, iframe, video'));
const isVisible = el => {
  const cs = getComputedStyle(el);
  return el.offsetParent !== null && cs.display !== 'none' && cs.visibility !== 'hidden' && el.offsetHeight > 0;
};
const solutions = [...document.querySelectorAll('.admonition.solution')].map(s => {
  const btn = s.querySelector('button.toggle-button');
  const body = [...s.children].filter(c => !c.classList.contains('admonition-title'));
  return {
    id: s.id,
    hidden_class: s.classList.contains('toggle-hidden'),
    body_visible: body.some(isVisible),
    button: !!btn,
    hint: btn ? getComputedStyle(btn, '::before').content : '',
  };
});
return {
  title: document.title,
  url: location.href,
  prose: prose,
  images: [...document.images].map(i => ({src: i.currentSrc || i.src, complete: i.complete,
    width: i.naturalWidth, alt: i.getAttribute('alt'), in_content: !!i.closest('.bd-content'),
    figure: !!i.closest('figure, div.cell_output')})),
  math_elements: mathEls.length,
  typeset: mathEls.filter(e => e.querySelector('.katex')).length,
  math_errors: [...document.querySelectorAll('.katex-error')].map(e => e.textContent.slice(0, 80)),
  math_raw_left: rawLeft.map(e => e.textContent.slice(0, 80)),
  cells: cells.length,
  cells_with_output: cells.filter(c => c.querySelector(':scope > div.cell_output')).length,
  empty_outputs: emptyOutputs.length,
  links: [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href))],
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  reader_meta: (document.querySelector('.reader-meta') || {innerText: null}).innerText,
  try_lite: [...document.querySelectorAll('a.reader-try-lite')].map(a => a.href),
  check_hints: document.querySelectorAll('.reader-check-hint').length,
  exercises_with_checks: [...document.querySelectorAll('.admonition.exercise')].filter(e => /check_\\w+\\(/.test(e.textContent)).length,
  solutions: solutions,
  captions: [...document.querySelectorAll('.bd-sidebar-primary p.caption, .bd-sidebar-primary .caption-text')].map(c => c.innerText.trim()),
};
"""

PRINT_CHECK = """
const pres = [...document.querySelectorAll('div.cell pre, div.highlight pre, div.cell_output pre')];
return pres.filter(p => p.offsetParent !== null).map(p => ({
  cut: p.scrollWidth > p.clientWidth + 1,
  white_space: getComputedStyle(p).whiteSpace,
  text: p.innerText.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 100),
})).filter(r => r.cut);
"""

DARK_CHECK = """
document.documentElement.dataset.theme = 'dark';
document.documentElement.dataset.mode = 'dark';
const imgs = [...document.querySelectorAll('.bd-content figure img, .bd-content div.cell_output img')];
const out = imgs.map(i => ({src: i.getAttribute('src'), bg: getComputedStyle(i).backgroundColor,
  page_bg: getComputedStyle(document.body).backgroundColor}));
return out;
"""


@dataclass
class PageVisit:
    docname: str
    url: str
    mathjax: str  # the math engine the page loaded: 'none' (math is typeset at build time)
    facts: dict
    console: list[dict]
    print_cut: list[dict] = field(default_factory=list)
    dark_images: list[dict] = field(default_factory=list)


class Visitor:
    """Visits each page once, on demand, and keeps what it saw."""

    def __init__(self, driver, server: Server, shots: Path):
        self.driver, self.server, self.shots = driver, server, shots
        self.visits: dict[str, PageVisit] = {}
        self.external: dict[str, set[str]] = {}

    def page_url(self, docname: str) -> str:
        return self.server.url(f"{docname}.html")

    def console(self) -> list[dict]:
        return self.driver.get_log("browser")

    def visit(self, docname: str) -> PageVisit:
        if docname in self.visits:
            return self.visits[docname]
        d = self.driver
        self.console()  # drain
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        d.get(self.page_url(docname))
        mathjax = d.execute_async_script(WAIT_FOR_PAGE)
        facts = d.execute_script(COLLECT)
        stem = docname.replace("/", "__")
        d.save_screenshot(str(self.shots / f"{stem}.png"))
        # print: a sheet of A4 paper is about 794 CSS pixels wide
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 794, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        print_cut = d.execute_script(PRINT_CHECK)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        dark = []
        if any(i["figure"] for i in facts["images"]):
            dark = d.execute_script(DARK_CHECK)
            d.execute_script("document.querySelector('.bd-content figure img, .bd-content div.cell_output img').scrollIntoView({block: 'center'});")
            time.sleep(0.2)
            d.save_screenshot(str(self.shots / f"{stem}-dark.png"))
            d.execute_script("document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light';")
        console = self.console()
        for entry in console:
            url = external_url(entry["message"])
            if url:
                self.external.setdefault(url, set()).add(docname)
        visit = PageVisit(docname, self.page_url(docname), mathjax, facts, console, print_cut, dark)
        self.visits[docname] = visit
        return visit

    def write_external_report(self) -> None:
        lines = [f"{url}\t{', '.join(sorted(pages))}" for url, pages in sorted(self.external.items())]
        (self.shots / "external_requests.txt").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def external_url(message: str) -> str | None:
    """The URL of a failed external load in a console message, or None.

    Chromium reports a failed resource load as ``<url> - Failed to load resource: net::ERR_...``.
    """
    m = re.match(r"^(https?://\S+)", message)
    if m and urlsplit(m.group(1)).hostname not in (LOCAL, "localhost"):
        return m.group(1)
    return None


def _names_external_url(message: str) -> bool:
    return any(urlsplit(u).hostname not in (LOCAL, "localhost") for u in re.findall(r"https?://[^\s\"']+", message))


def real_errors(console: list[dict]) -> list[str]:
    """SEVERE console messages, except those caused by the offline sandbox. Exactly two kinds are ignored:

    * the failed load of a resource on another host (``<external url> - Failed to load resource``):
      a CDN or third party that a reader's browser would reach;
    * an ``Uncaught (in promise)`` whose rejection reason (logged just before it by
      ``REJECTION_LOGGER``) names an external URL: e.g. JupyterLite's kernel failing to import
      Pyodide from its CDN.
    """
    errors = []
    last_rejection = ""
    for e in console:
        msg = e["message"]
        if "[unhandledrejection]" in msg:
            last_rejection = msg
            continue
        if e.get("level") != "SEVERE" or external_url(msg):
            continue
        if msg.endswith("Uncaught (in promise)") and _names_external_url(last_rejection):
            last_rejection = ""
            continue
        errors.append(msg)
    return errors


@pytest.fixture(scope="session")
def visitor(driver, server, shots):
    v = Visitor(driver, server, shots)
    yield v
    v.write_external_report()


def local_path(site: Path, url: str) -> Path | None:
    """The file a same-origin URL serves (index.html for folders), or None for other origins."""
    parts = urlsplit(url)
    if parts.hostname != LOCAL:
        return None
    path = site / unquote(parts.path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


@functools.cache
def html_ids(path: Path) -> frozenset[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\bid="([^"]+)"', text))


def lite_built(site: Path) -> bool:
    return (site / "lite" / "index.html").exists()


def json_file(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def phone_screen(driver, width: int = 360):
    """Emulate a phone screen ``width`` CSS px wide (a desktop window when wider than 500 px)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 780, "deviceScaleFactor": 2, "mobile": width < 500})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
