"""The book on a phone: every page fits a 360 px (and a 390 px) screen, figures stay legible, the
solution toggles do not cover their titles, every control shows keyboard focus, one search box,
headings numbered once, and search snippets without TeX source; a chapter's sections are rendered
only when they come near the screen (content-visibility), and nothing lays them out on load.

Headless Chromium's window is at least 500 px wide, so a phone is emulated with the DevTools
protocol (``Emulation.setDeviceMetricsOverride``, ``mobile: true``).
"""

from __future__ import annotations

import re

import pytest
from site_browser import CHAPTERS, PAGES, phone_screen

PHONES = {"360px": 360, "390px": 390}
LEGIBLE_PX = 9  # smallest label (CSS px) on a phone; tools/reader_experience.py sizes figures for it

WAIT = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(async () => {
  for (const img of document.images) if (!img.complete) img.loading = 'eager';  // lazy ones load now
  while ([...document.images].some(i => !i.complete) && Date.now() - t0 < 20000)
    await new Promise(r => setTimeout(r, 100));
  await document.fonts.ready;
  window.scrollTo(0, 0);
})().then(() => done(true), () => done(false));
"""

MEASURE = """
// lay out every section (the site's CSS skips off-screen ones: content-visibility), so that all count
const all = document.createElement('style');
all.textContent = 'section { content-visibility: visible !important; }';
document.head.appendChild(all);
const doc = document.documentElement;
const wide = [...document.querySelectorAll('.bd-article *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > arguments[0] + 1 && !e.closest('[style*="overflow"], .cell_output, .highlight, figure, div.math, .katex-display, .table-wrapper, .pst-scrollable-table-container');
}).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ': ' + (e.textContent || '').trim().slice(0, 60));
const solutions = [...document.querySelectorAll('.admonition.solution.toggle > .admonition-title')].map(title => {
  const btn = title.querySelector('button.toggle-button');
  if (!btn) return null;
  const b = btn.getBoundingClientRect();
  const range = document.createRange();
  const rects = [];
  for (const n of title.childNodes) {
    if (n === btn || (n.nodeType === 1 && n.contains(btn))) continue;
    range.selectNodeContents(n);
    rects.push(...range.getClientRects());
  }
  const overlap = rects.some(r => r.width > 0 && r.left < b.right - 1 && r.right > b.left + 1 && r.top < b.bottom - 1 && r.bottom > b.top + 1);
  return {id: title.parentElement.id, overlap: overlap, text: title.innerText.slice(0, 60)};
}).filter(Boolean);
const figures = [...document.querySelectorAll('.bd-content img[data-label-px]')].map(img => ({
  src: img.getAttribute('src'), label: img.getBoundingClientRect().width / img.naturalWidth * parseFloat(img.dataset.labelPx),
}));
return {scroll: doc.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth, wide: wide,
        solutions: solutions, figures: figures};
"""


@pytest.fixture(scope="module")
def phone(driver, server):
    """Visit a page as a phone of the given width; returns the measurements of MEASURE."""
    seen: dict[tuple[str, int], dict] = {}

    def visit(docname: str, width: int) -> dict:
        if (docname, width) not in seen:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 780, "deviceScaleFactor": 2, "mobile": True})
            driver.get(server.url(f"{docname}.html"))
            driver.execute_async_script(WAIT)
            seen[(docname, width)] = driver.execute_script(MEASURE, width)
        return seen[(docname, width)]

    yield visit
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("width", PHONES.values(), ids=PHONES.keys())
@pytest.mark.parametrize("docname", PAGES)
def test_page_fits_a_phone(phone, docname, width):
    m = phone(docname, width)
    # a mobile browser widens its layout viewport to fit wide content, so compare with the screen
    assert m["scroll"] <= width and m["viewport"] <= width, (
        f"{docname} is {max(m['scroll'], m['viewport'])} px wide on a {width} px screen; too wide: {m['wide']}")


@pytest.mark.parametrize("docname", PAGES)
def test_solution_toggles_do_not_cover_their_titles(phone, docname):
    m = phone(docname, 360)
    if not m["solutions"]:
        pytest.skip("no solutions on this page")
    covered = [s for s in m["solutions"] if s["overlap"]]
    assert not covered, f"{docname}: the solution toggle covers the title on a 360 px screen: {covered}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_figures_legible_on_a_phone(phone, docname):
    """A figure's 10 pt labels are at least 9 CSS px on a 360 px screen (it scrolls sideways instead)."""
    m = phone(docname, 360)
    if not m["figures"]:
        pytest.skip("no figures on this page")
    small = [f"{f['src']}: {f['label']:.1f} px" for f in m["figures"] if f["label"] < LEGIBLE_PX - 0.05]
    assert not small, f"{docname}: figure labels below {LEGIBLE_PX} px on a 360 px screen: {small}"


FOCUS_WALK = """
const out = [];
for (const el of document.querySelectorAll(arguments[0])) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
  out.push(el);
}
return out;
"""

CONTROLS = ("header .btn, .bd-header-article .btn, .bd-header-article .dropdown-toggle, button.sidebar-toggle, "
            "label.sidebar-toggle, .search-button, .theme-switch-button, .admonition.toggle > .admonition-title, "
            ".bd-sidebar-primary a, .prev-next-area a")


def test_every_control_shows_keyboard_focus(driver, server):
    """Tab through a chapter: each control that takes focus shows a visible outline or ring."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    docname = next((c for c in CHAPTERS if "06_" in c), CHAPTERS[0])
    driver.get(server.url(f"{docname}.html"))
    controls = driver.execute_script(FOCUS_WALK, CONTROLS)
    assert controls, "no controls found"
    ids = {c.id for c in controls}
    seen, missing = set(), []
    for _ in range(80):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        el = driver.switch_to.active_element
        if el.id not in ids or el.id in seen:
            continue
        seen.add(el.id)
        style = driver.execute_script(
            "const cs = getComputedStyle(arguments[0]);"
            "return {outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,"
            " ring: cs.boxShadow !== 'none', html: arguments[0].outerHTML.slice(0, 100)};", el)
        if not (style["outline"] or style["ring"]):
            missing.append(style["html"])
    assert len(seen) >= 5, f"only {len(seen)} controls took keyboard focus"
    assert not missing, "controls without a visible keyboard focus:\n" + "\n".join(missing)


def test_one_search_box(driver, server):
    driver.get(server.url(f"{CHAPTERS[0]}.html"))
    visible = driver.execute_script(
        "return [...document.querySelectorAll('form.bd-search, .search-button, .search-button-field')]"
        ".filter(e => e.offsetParent !== null && e.getBoundingClientRect().width > 0 && !e.closest('dialog'))"
        ".map(e => e.outerHTML.slice(0, 80));")
    assert len(visible) == 1, f"{len(visible)} search boxes/buttons on the page: {visible}"


def test_headings_numbered_once(site):
    doubled = []
    for docname in CHAPTERS:
        html = (site / f"{docname}.html").read_text(encoding="utf-8")
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, flags=re.S):
            text = re.sub(r"<[^>]+>", "", heading).strip()
            if re.match(r"^(\d+\.)+\s+\d+\.\s", text):
                doubled.append(f"{docname}: {text[:60]}")
    assert not doubled, "headings numbered twice:\n" + "\n".join(doubled)


def test_search_snippets_show_no_tex(driver, server):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url("search.html?q=sigmoid"))
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "return document.querySelectorAll('#search-results li p.context').length >= 3"
        " || /search finished/i.test((document.querySelector('#search-results') || {}).innerText || '')"))
    snippets = driver.execute_script(
        "return [...document.querySelectorAll('#search-results li p.context')].map(p => p.textContent);")
    assert snippets, "no search snippets"
    tex = [s[:120] for s in snippets if re.search(r"\\[a-zA-Z]+|\^\{|_\{", s)]
    assert not tex, f"raw TeX in search snippets: {tex}"


SKIPPED = """
const done = arguments[arguments.length - 1];
const sections = [...document.querySelectorAll('.bd-article > section > section')];
const rendered = () => sections.map(s => s.firstElementChild.checkVisibility({contentVisibilityAuto: true}));
(async () => {
  if (document.readyState !== 'complete') await new Promise(r => addEventListener('load', r));
  await new Promise(r => setTimeout(r, 1000));  // the theme's scripts run on load (and 300 ms after changes)
  const atLoad = rendered();
  const last = sections[sections.length - 1];
  last.scrollIntoView();
  await new Promise(r => setTimeout(r, 500));
  return {atLoad: atLoad, lastShown: last.firstElementChild.checkVisibility({contentVisibilityAuto: true}),
          style: sections.map(s => getComputedStyle(s).contentVisibility)};
})().then(done, e => done({error: String(e)}));
"""


@pytest.mark.parametrize("docname", CHAPTERS)
def test_sections_rendered_only_near_the_screen(driver, server, docname):
    """On a phone, a chapter's sections far below the first screen are skipped (not styled, laid out or
    painted) while the page loads, and still are once its scripts ran on load; scrolled to, they show."""
    with phone_screen(driver):
        driver.get(server.url(f"{docname}.html"))
        m = driver.execute_async_script(SKIPPED)
    assert "error" not in m, m
    assert m["style"] and set(m["style"]) == {"auto"}, f"{docname}: sections without content-visibility: auto: {m['style']}"
    assert not m["atLoad"][-1], f"{docname}: the last section was rendered while the page loaded: {m['atLoad']}"
    assert m["lastShown"], f"{docname}: the last section did not show when scrolled to"


def test_theme_script_measures_only_rendered_sections(site):
    """pydata-sphinx-theme's tab-stop code (on load) would lay out every skipped section; the build patches it."""
    js = (site / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    assert "checkVisibility({contentVisibilityAuto:!0})" in js and "contentvisibilityautostatechange" in js


DRAWERS = """
const done = arguments[arguments.length - 1];
const wait = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  await wait(500);
  const result = {};
  for (const [kind, id] of [["primary-toggle", "pst-primary-sidebar-modal"], ["secondary-toggle", "pst-secondary-sidebar-modal"]]) {
    const button = document.querySelector(".bd-header-article ." + kind);
    const dialog = document.getElementById(id);
    if (!button || !dialog) { result[kind] = {missing: true}; continue; }
    button.click();
    await wait(300);
    const links = [...dialog.querySelectorAll("a")].filter(a => a.getBoundingClientRect().width > 0);
    const entry = {visible: button.getBoundingClientRect().width > 0, open: dialog.open, links: links.length};
    const inPage = links.find(a => a.getAttribute("href").startsWith("#"));
    if (inPage) { inPage.click(); await wait(300); entry.closedAfterLink = !dialog.open; }
    if (dialog.open) dialog.close();
    result[kind] = entry;
  }
  return result;
})().then(done, e => done({error: String(e)}));
"""

HEADER_ICONS = """
return [...document.querySelectorAll('.bd-header-article button, .bd-header-article .dropdown-toggle')]
  .filter(b => b.getBoundingClientRect().width > 0)
  .map(b => ({label: b.getAttribute('aria-label') || b.title || b.className,
              icon: Math.max(0, ...[...b.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width))}));
"""


@pytest.mark.parametrize("docname", ["book/04_logistic_regression", "book/06_deep_networks"])
def test_header_drawers_open_on_a_phone(driver, server, docname):
    """On a phone the header's menu (the chapters) and "On this page" buttons open their drawers, and a
    tap on an in-page link in a drawer closes it (pydata-sphinx-theme 0.17 listened on hidden copies)."""
    with phone_screen(driver):
        driver.get(server.url(f"{docname}.html"))
        m = driver.execute_async_script(DRAWERS)
    assert "error" not in m, m
    menu, toc = m["primary-toggle"], m["secondary-toggle"]
    assert menu.get("visible") and menu.get("open") and menu["links"] >= 10, f"menu drawer: {menu}"
    assert toc.get("visible") and toc.get("open") and toc["links"] >= 3, f"'On this page' drawer: {toc}"
    assert toc.get("closedAfterLink"), f"'On this page' drawer stays open over the page after a link: {toc}"


@pytest.mark.parametrize("width", [360, 1280])
def test_every_header_button_shows_its_icon(driver, server, width):
    """Each visible button of the article header draws an icon (the FontAwesome replacement covers the
    theme's <span> icons and keeps the colour switch's data-mode, which decides which icon shows)."""
    with phone_screen(driver, width):
        driver.get(server.url("book/06_deep_networks.html"))
        buttons = driver.execute_script(HEADER_ICONS)
    assert len(buttons) >= 3, buttons
    blank = [b["label"] for b in buttons if b["icon"] < 8]
    assert not blank, f"header buttons without a visible icon at {width} px: {blank} (all: {buttons})"
