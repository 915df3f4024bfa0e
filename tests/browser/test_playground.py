"""The network playground (``<nn-playground>``, playground/ and tools/playground_ext.py) in the built
book, driven with the keyboard in headless Chromium: pressing play lowers the cost; changing the
width changes the number of unit maps; the URL round-trips the settings; no console errors; it
fits a 360 px phone; it loads only on the pages that embed it, and within its size budget; it
starts (fetches its data, trains) only when it comes near the screen.

Screenshots (desktop and 360 px) go to ``<build>/screenshots/playground-*.png``.
"""

from __future__ import annotations

import gzip
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from site_browser import phone_screen, real_errors

SCRIPT = "_static/playground/nn-playground.js"
DATA = "_static/playground/nn-playground-data.json"
BUNDLE_BUDGET = 60_000  # bytes, gzipped
SUMMARY = re.compile(r"Step (\d+).*?Training: cost ([\d.e+-]+), accuracy ([\d.]+) %")


def _pages_with_playground(site) -> dict[str, list[str]]:
    """docname -> ids of the playgrounds it embeds."""
    out = {}
    for page in sorted((site / "book").glob("*.html")):
        ids = re.findall(r'<nn-playground\b[^>]*\bid="([^"]+)"', page.read_text(encoding="utf-8"))
        if ids:
            out[f"book/{page.stem}"] = ids
    return out


@pytest.fixture(scope="module")
def embeds(site):
    found = _pages_with_playground(site)
    if not found:
        pytest.fail("no page of the built book embeds <nn-playground>", pytrace=False)
    return found


@pytest.fixture(scope="module")
def first(embeds):
    docname, ids = next(iter(embeds.items()))
    return docname, ids[0]


def _open(driver, url: str, pid: str):
    """Load a page, scroll to the playground `pid` (it starts when it comes near the screen) and wait
    until it has drawn its first state."""
    driver.get_log("browser")  # drain
    driver.get(url)
    driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", pid)
    deadline = time.time() + 30
    while time.time() < deadline:
        if driver.execute_script(
                "const e = document.getElementById(arguments[0]); return !!(e && e.querySelector('.nnpg-summary') "
                "&& e.querySelector('.nnpg-summary').textContent)", pid):
            return driver.find_element("id", pid)
        time.sleep(0.1)
    raise AssertionError(f"the playground #{pid} did not start on {url}: "
                         f"{driver.execute_script('return document.getElementById(arguments[0]).innerText', pid)[:300]}")


def _summary(element) -> tuple[int, float, float]:
    text = element.find_element("css selector", ".nnpg-summary").text
    m = SUMMARY.search(text)
    assert m, f"no cost in the summary: {text!r}"
    return int(m.group(1)), float(m.group(2)), float(m.group(3))


def _keys(driver, element, *keys):
    """Focus `element` the way a keyboard user would reach it, then type `keys`."""
    from selenium.webdriver.common.action_chains import ActionChains

    driver.execute_script("arguments[0].focus()", element)
    assert driver.execute_script("return document.activeElement === arguments[0]", element)
    ActionChains(driver).send_keys(*keys).perform()


def _show_all_controls(driver, element):
    from selenium.webdriver.common.keys import Keys

    more = element.find_elements("css selector", "details > summary")
    for summary in more:
        if summary.text.strip() == "More settings" and not driver.execute_script("return arguments[0].parentElement.open", summary):
            _keys(driver, summary, Keys.ENTER)


def test_loaded_only_on_pages_that_embed_it(site, embeds):
    for page in sorted((site / "book").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        docname = f"book/{page.stem}"
        if docname in embeds:
            # (Sphinx appends ?v=<digest> when the file already exists in the output)
            assert re.search(rf'<script defer="defer" src="\.\./{SCRIPT}(\?v=\w+)?"', html), \
                f"{docname} embeds the playground but does not load its script (deferred)"
        else:
            assert "nn-playground.js" not in html, f"{docname} loads the playground without using it"
    assert (site / DATA).is_file()


NOT_STARTED = """
const e = document.getElementById(arguments[0]);
return {below: e.getBoundingClientRect().top - innerHeight, started: !!e.querySelector('.nnpg'),
        data: performance.getEntriesByType('resource').some(r => r.name.includes('nn-playground-data.json'))};
"""


def test_starts_only_near_the_viewport(driver, server, embeds):
    """A playground far below the first screen does nothing while the page loads: no data request,
    no controls, no training; scrolled to, it starts."""
    far = 0
    for docname, ids in embeds.items():
        driver.get(server.url(f"{docname}.html"))
        driver.execute_script("return new Promise(r => document.readyState === 'complete' ? r() : addEventListener('load', r))")
        time.sleep(0.5)
        for pid in ids:
            state = driver.execute_script(NOT_STARTED, pid)
            if state["below"] < 1000:  # within reach of the first screen: it may start at once
                continue
            far += 1
            assert not state["started"] and not state["data"], f"{docname}#{pid} started {state['below']:.0f} px below the screen"
    assert far, "no playground lies far below the first screen of its page"
    docname, ids = next(iter(embeds.items()))
    assert _open(driver, server.url(f"{docname}.html"), ids[0])  # scrolled to, it starts


def test_bundle_within_budget(site):
    size = len(gzip.compress((site / SCRIPT).read_bytes(), compresslevel=9))
    print(f"playground bundle: {size} bytes gzipped")
    assert size <= BUNDLE_BUDGET, size


def test_every_embed_starts_without_console_errors(driver, server, shots, embeds):
    for docname, ids in embeds.items():
        for pid in ids:
            element = _open(driver, server.url(f"{docname}.html"), pid)
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
            time.sleep(0.3)
            element.screenshot(str(shots / f"playground-{pid}-desktop.png"))
        errors = real_errors(driver.get_log("browser"))
        assert not errors, f"{docname}: {errors}"


def test_play_lowers_the_cost(driver, server, first):
    from selenium.webdriver.common.keys import Keys

    docname, pid = first
    element = _open(driver, server.url(f"{docname}.html"), pid)
    step0, cost0, _ = _summary(element)
    assert step0 == 0
    play = element.find_element("css selector", ".nnpg-play")
    _keys(driver, play, Keys.SPACE)
    time.sleep(2.0)
    assert play.get_attribute("aria-label") == "Pause"
    _keys(driver, play, Keys.ENTER)  # pause: the summary is brought up to date
    steps, cost, _ = _summary(element)
    rate = driver.execute_script("return arguments[0].stepsPerSecond", element)
    print(f"{pid}: {steps} steps, cost {cost0} -> {cost}; {rate:.0f} steps/s while playing")
    assert steps > 0 and cost < cost0, (steps, cost0, cost)
    assert not real_errors(driver.get_log("browser"))


def test_step_shows_one_example_in_the_books_notation(driver, server, first):
    from selenium.webdriver.common.keys import Keys

    docname, pid = first
    element = _open(driver, server.url(f"{docname}.html"), pid)
    _keys(driver, element.find_element("css selector", ".nnpg-step"), Keys.ENTER)
    assert _summary(element)[0] == 1
    text = driver.execute_script("return arguments[0].querySelector('.nnpg-detail').textContent", element)
    for quantity in ("z[1]", "a[1]", "dz[1]", "dW[1]"):
        assert quantity in text, text


def test_width_changes_the_number_of_unit_maps(driver, server, first):
    from selenium.webdriver.common.keys import Keys

    docname, pid = first
    element = _open(driver, server.url(f"{docname}.html"), pid)
    _show_all_controls(driver, element)
    depth = int(element.find_element("css selector", "select[name=depth]").get_attribute("value"))
    if depth == 0:  # give it a hidden layer first
        _keys(driver, element.find_element("css selector", "select[name=depth]"), Keys.ARROW_DOWN)
        depth = 1
    units = element.find_element("css selector", "select[name=units]")
    before = int(units.get_attribute("value"))
    maps_before = len(element.find_elements("css selector", "canvas.nnpg-unit"))
    assert maps_before == depth * before
    _keys(driver, units, Keys.ARROW_UP if before == 8 else Keys.ARROW_DOWN)
    after = int(units.get_attribute("value"))
    maps_after = len(element.find_elements("css selector", "canvas.nnpg-unit"))
    assert after != before and maps_after == depth * after, (before, after, maps_before, maps_after)


def test_url_round_trips_the_settings(driver, server, first):
    from selenium.webdriver.common.keys import Keys

    docname, pid = first
    element = _open(driver, server.url(f"{docname}.html"), pid)
    _show_all_controls(driver, element)
    for name in ("dataset", "activation", "init", "batch"):
        _keys(driver, element.find_element("css selector", f"select[name={name}]"), Keys.ARROW_DOWN)
    seed = element.find_element("css selector", "input[name=seed]")
    _keys(driver, seed, Keys.END, *[Keys.BACKSPACE] * 6, "42", Keys.TAB)
    names = ("dataset", "depth", "units", "activation", "learning-rate", "init", "batch", "seed")
    read = "return [...arguments[0].querySelectorAll('select, input')].map(c => [c.name, c.value])"
    chosen = dict(driver.execute_script(read, element))
    url = driver.current_url
    assert pid in parse_qs(urlsplit(url).query), url
    assert chosen["seed"] == "42"
    element = _open(driver, url, pid)  # the shared link, opened afresh
    restored = dict(driver.execute_script(read, element))
    assert {k: restored[k] for k in names} == {k: chosen[k] for k in names}, url
    assert not real_errors(driver.get_log("browser"))


def test_reduced_motion_is_respected(driver, server, first):
    docname, pid = first
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        element = _open(driver, server.url(f"{docname}.html"), pid)
        assert driver.execute_script("return arguments[0].reduced", element) is True
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_fits_a_360px_phone(driver, server, shots, embeds):
    with phone_screen(driver):
        for docname, ids in embeds.items():
            for pid in ids:
                element = _open(driver, server.url(f"{docname}.html"), pid)
                driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
                time.sleep(0.3)
                m = driver.execute_script(
                    "const r = arguments[0].getBoundingClientRect();"
                    "const wide = [...arguments[0].querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 1);"
                    "return {right: r.right, viewport: innerWidth, scroll: document.documentElement.scrollWidth,"
                    " wide: wide.slice(0, 3).map(e => e.tagName + '.' + e.className)}", element)
                assert m["right"] <= m["viewport"] + 1 and not m["wide"], (pid, m)
                assert m["scroll"] <= m["viewport"] + 1, (pid, m)
                element.screenshot(str(shots / f"playground-{pid}-360px.png"))
