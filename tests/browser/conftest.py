"""Browser tests: the built book, checked the way a reader sees it, in headless Chromium.

``make test`` runs them after the strict build; ``make browser-test`` runs only them. Everything
they need (the server, the browser, one visit per page) is in ``site_browser.py``; its docstring
says how the site, Chromium and the offline sandbox are found and handled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_browser import driver, server, shots, site, visitor  # noqa: F401  (fixtures)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: checks the built book in headless Chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
