"""Browser tests: the built book, checked the way a reader sees it, in headless Chromium.

``make test`` runs them after the strict build; ``make browser-test`` runs only them. Everything
they need (the server, the browser, one visit per page) is in ``site_browser.py``; its docstring
says how the site, Chromium and the offline sandbox are found and handled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_browser import Visitor, driver, server, shots, site  # noqa: F401  (fixtures)

#: The site's CSS renders a chapter's sections only near the screen (content-visibility: auto, see
#: test_phone.py); Chromium may then give an element of a skipped section an empty innerText. The
#: facts of a page visit are those of a reader who scrolls through it: every section rendered.
RENDER_ALL = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = 'section { content-visibility: visible !important; }';
  document.head.appendChild(style);
});"""


class RenderAllVisitor(Visitor):
    def visit(self, docname):
        if docname in self.visits:
            return self.visits[docname]
        added = self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RENDER_ALL})
        try:
            return super().visit(docname)
        finally:
            self.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]})


@pytest.fixture(scope="session")
def visitor(driver, server, shots):  # noqa: F811 - replaces site_browser's: every section rendered
    v = RenderAllVisitor(driver, server, shots)
    yield v
    v.write_external_report()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: checks the built book in headless Chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
