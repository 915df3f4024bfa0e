"""Every page of the table of contents, as a reader's browser shows it (see conftest.py)."""

from __future__ import annotations

import functools
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from selenium.webdriver.support.ui import WebDriverWait
from site_browser import (
    CHAPTERS,
    PAGES,
    book_root,
    external_url,
    html_ids,
    lite_built,
    local_path,
    real_errors,
    toc_parts,
)

# which chapters run in the browser and which need TensorFlow: the build's lists (_config.yml)
CONFIG = yaml.safe_load((book_root() / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
KERAS_CHAPTERS = set(CONFIG["reader_keras_chapters"])
LITE_CHAPTERS = set(CONFIG["reader_lite_chapters"])

page = pytest.mark.parametrize("docname", PAGES)
chapter = pytest.mark.parametrize("docname", CHAPTERS)


@page
def test_page_loads_without_console_errors(visitor, docname):
    visit = visitor.visit(docname)
    assert visit.facts["title"], f"{docname}: empty <title>"
    errors = real_errors(visit.console)
    assert not errors, f"{docname}: JavaScript console errors:\n" + "\n".join(errors)


@page
def test_page_loads_nothing_from_other_hosts(visitor, docname):
    """The site is self-contained: KaTeX's stylesheet and fonts are served by the book itself."""
    visit = visitor.visit(docname)
    external = sorted({u for e in visit.console if (u := external_url(e["message"]))})
    assert not external, f"{docname} requests resources from other hosts: {external}"


@page
def test_images_load_and_have_alt_text(visitor, docname):
    visit = visitor.visit(docname)
    broken = [i["src"] for i in visit.facts["images"] if not i["complete"] or i["width"] == 0]
    no_alt = [i["src"] for i in visit.facts["images"] if not (i["alt"] or "").strip()]
    assert not broken, f"{docname}: images that did not load: {broken}"
    assert not no_alt, f"{docname}: images without alt text (add `image: alt:` in the cell's mystnb metadata): {no_alt}"


@page
def test_math_is_typeset(visitor, docname):
    visit = visitor.visit(docname)
    facts = visit.facts
    raw = re.findall(r".{0,30}(?:\$\$|\\\(|\\\[|\\begin\{).{0,30}", facts["prose"])
    assert not raw, f"{docname}: raw TeX delimiters left in the text (math that MyST did not parse): {raw[:5]}"
    assert visit.mathjax == "none", f"{docname}: {visit.mathjax} (math is typeset at build time: is KaTeX vendored? 'make setup')"
    if facts["math_elements"]:
        assert not facts["math_raw_left"], f"{docname}: math not typeset by KaTeX at build time: {facts['math_raw_left'][:5]}"
        assert facts["typeset"] == facts["math_elements"], facts
        assert not facts["math_errors"], f"{docname}: TeX errors in math: {facts['math_errors'][:5]}"


def _source_code_cells(site: Path, docname: str) -> int:
    src = site.parent.parent / f"{docname}.md"
    if not src.exists():
        return -1
    text = src.read_text(encoding="utf-8")
    cells = re.findall(r"^(`{3,})\{code-cell\}[^\n]*\n(.*?)^\1\s*$", text, flags=re.M | re.S)
    return sum(1 for _, body in cells if not re.search(r"(tags:.*remove-cell|^\s*-\s*remove-cell)", body, flags=re.M))


@page
def test_code_cells_show_their_outputs(visitor, site, docname):
    """Pages with code cells show them, and their outputs (no page built without execution)."""
    visit = visitor.visit(docname)
    facts = visit.facts
    expected = _source_code_cells(site, docname)
    if expected > 0:
        assert facts["cells"] >= expected, f"{docname}: source has {expected} code cells, page shows {facts['cells']}"
        assert facts["cells_with_output"] > 0, f"{docname}: {facts['cells']} code cells but not one output: was it executed?"
    assert facts["empty_outputs"] == 0, f"{docname}: {facts['empty_outputs']} empty output blocks"


@functools.cache
def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


@page
def test_internal_links_resolve(visitor, site, docname):
    visit = visitor.visit(docname)
    problems = []
    for url in visit.facts["links"]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or external_url(url):
            continue
        if url.endswith("#") or parts.path.endswith("/#"):
            continue  # "#" buttons of the theme
        target = url.split("#", 1)[0]
        status = _status(target)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        path = local_path(site, target)
        if parts.fragment and path is not None and path.suffix == ".html":
            if parts.fragment not in html_ids(path):
                problems.append(f"{url}: no element with id {parts.fragment!r} in {path.relative_to(site)}")
        if "lite/" in parts.path and "path" in parse_qs(parts.query):
            notebook = parse_qs(parts.query)["path"][0]
            if not (site / "lite" / "files" / notebook).exists():
                problems.append(f"{url}: JupyterLite has no notebook {notebook!r}")
    assert not problems, f"{docname}: broken internal links:\n" + "\n".join(problems)


def test_no_request_got_a_404(visitor, server):
    for docname in PAGES:
        visitor.visit(docname)
    assert not server.not_found(), f"the local server answered 404 for: {server.not_found()}"


@page
def test_print_does_not_cut_code(visitor, docname):
    visit = visitor.visit(docname)
    assert not visit.print_cut, (
        f"{docname}: code or output lines cut off when printed (A4 width): "
        + "; ".join(f"{c['white_space']}: {c['text']!r}" for c in visit.print_cut[:5])
    )


def _luminance(css_color: str) -> float:
    nums = [float(x) for x in re.findall(r"[\d.]+", css_color)[:3]]
    if len(nums) < 3:
        return 0.0
    r, g, b = (c / 255 for c in nums)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@page
def test_figures_readable_in_dark_mode(visitor, docname):
    visit = visitor.visit(docname)
    if not visit.dark_images:
        pytest.skip("no figures on this page")
    assert _luminance(visit.dark_images[0]["page_bg"]) < 0.3, "dark mode did not switch the page to a dark background"
    dark_bg = [i["src"] for i in visit.dark_images if _luminance(i["bg"]) < 0.8]
    assert not dark_bg, f"{docname}: figures without a light background in dark mode: {dark_bg}"


@chapter
def test_chapter_shows_reading_time_and_how_to_run_it(visitor, docname):
    visit = visitor.visit(docname)
    meta = visit.facts["reader_meta"]
    assert meta, f"{docname}: no reading-time box under the title"
    assert re.search(r"About \d+ min read", meta), meta
    assert "Run it locally" in meta and "make setup" in meta, meta
    if docname in KERAS_CHAPTERS:
        assert "Needs TensorFlow" in meta and "Colab" in meta, meta


@chapter
def test_numpy_chapters_offer_jupyterlite(visitor, site, docname):
    if docname not in LITE_CHAPTERS:
        pytest.skip("not a NumPy chapter")
    if not lite_built(site):
        pytest.skip("the book was built without JupyterLite (BOOK_LITE=0)")
    visit = visitor.visit(docname)
    links = visit.facts["try_lite"]
    stem = docname.rsplit("/", 1)[-1]
    assert links and links[0].endswith(f"lite/notebooks/index.html?path={stem}.ipynb"), links


@page
def test_exercises_with_a_check_say_how_to_run_it(visitor, docname):
    visit = visitor.visit(docname)
    n = visit.facts["exercises_with_checks"]
    assert visit.facts["check_hints"] >= n, f"{docname}: {n} exercises use a self-check, {visit.facts['check_hints']} say how to run it"


@page
def test_solutions_hidden_with_a_clear_toggle(visitor, driver, docname):
    visit = visitor.visit(docname)
    solutions = visit.facts["solutions"]
    if not solutions:
        pytest.skip("no solutions on this page")
    for s in solutions:
        assert s["hidden_class"] and not s["body_visible"], f"{docname}: solution {s['id']} is visible before a click"
        assert s["button"] and "Show solution" in s["hint"], f"{docname}: solution {s['id']} has no clear toggle ({s['hint']!r})"
    # a click shows it (and says how to hide it again)
    first = solutions[0]["id"]
    driver.get(visit.url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "const s = document.getElementById(arguments[0]); return !!(s && s.querySelector('button.toggle-button'));", first))
    driver.execute_script("document.getElementById(arguments[0]).querySelector('.admonition-title').click();", first)
    state = driver.execute_script(
        "const s = document.getElementById(arguments[0]);"
        "const body = [...s.children].filter(c => !c.classList.contains('admonition-title'));"
        "const shown = c => getComputedStyle(c).visibility !== 'hidden' && c.offsetHeight > 0;"
        "return {hidden: s.classList.contains('toggle-hidden'), visible: body.some(shown),"
        " hint: getComputedStyle(s.querySelector('button.toggle-button'), '::before').content};",
        first,
    )
    assert not state["hidden"] and state["visible"], f"{docname}: clicking the solution's title did not show it"
    assert "Hide solution" in state["hint"], state


def test_sidebar_shows_the_parts(visitor):
    visit = visitor.visit(PAGES[0])
    captions = visit.facts["captions"]
    for part in toc_parts():
        assert part in captions, f"part {part!r} missing from the left table of contents: {captions}"
    for expected in ("Foundations", "Networks from scratch", "Keras", "Reference"):
        if expected in toc_parts():
            assert expected in captions


def test_search_finds_a_known_term(driver, server, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    glossary = site.parent.parent / "book" / "glossary.md"
    term = "gradient"
    if glossary.exists():
        terms = re.findall(r"^([a-z][\w -]+)\n  \S", glossary.read_text(encoding="utf-8"), flags=re.M)
        term = terms[0].split()[0] if terms else term
    driver.get(server.url(f"search.html?q={term}"))
    WebDriverWait(driver, 30).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "#search-results ul.search li, #search-results li"))
    )
    hits = driver.execute_script("return [...document.querySelectorAll('#search-results li a')].map(a => a.href);")
    assert hits, f"search for {term!r} found nothing"
    assert any("glossary" in h or "book/" in h for h in hits), hits
