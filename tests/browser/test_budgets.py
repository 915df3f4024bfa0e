"""The site's size budgets (the numbers `make site-report` prints), checked on the built site."""

from __future__ import annotations

import sys

from site_browser import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import site_report  # noqa: E402


def test_size_budgets(site):
    r = site_report.report(site)
    missed = [f"{name}: {measured}" for name, measured, ok in site_report.budgets(r) if not ok]
    big = [f"{n} ({site_report.human(s)})" for n, s in r["images"] if s > site_report.IMAGE_BUDGET]
    detail = (f"\nimages over budget: {big}" if big else "") + (
        f"\nimages without alt: {r['missing_alt']}" if r["missing_alt"] else "") + (
        f"\nchapter HTML sizes: { {k: site_report.human(v) for k, v in r['chapters'].items()} }")
    assert not missed, "size budgets missed:\n" + "\n".join(missed) + detail


def test_images_are_lazy_and_sized(site):
    """Every image of a page has its width and height (no layout shift); all but the first load lazily."""
    import re

    problems = []
    for page in sorted((site / "book").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        article = html[html.find('<article class="bd-article"'):]
        imgs = re.findall(r"<img\b[^>]*>", article)
        for i, tag in enumerate(imgs):
            if ' width="' not in tag or ' height="' not in tag:
                problems.append(f"{page.name}: no width/height: {tag[:100]}")
            if i > 0 and 'loading="lazy"' not in tag:
                problems.append(f"{page.name}: not lazy: {tag[:100]}")
    assert not problems, "\n".join(problems[:20])
