"""The PDF edition (``tools/build_pdf.py``), checked as a reader would open it.

``make test`` runs these after it has built the PDF (they are not part of the first pytest run);
``make pdf`` builds it alone. Without a PDF the tests are skipped locally, and fail in CI (``CI=true``).
``BOOK_PDF`` points them at another PDF (its book is looked up three folders above it,
``<book>/_build/pdf/<name>.pdf``). Text positions come from poppler's ``pdftotext -bbox`` (Debian's
``poppler-utils``, installed by ``make pdf-deps``), the rest from ``pypdf``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_pdf  # noqa: E402

PDF = Path(os.environ.get("BOOK_PDF", ROOT / "_build" / "pdf" / build_pdf.PDF_NAME)).resolve()
BOOK = PDF.parents[2] if (PDF.parents[2] / "_toc.yml").exists() else ROOT
IN_CI = os.environ.get("CI", "").lower() == "true"
MM = 72 / 25.4  # points per millimetre
TOLERANCE = 1.0  # points: glyph boxes may overhang their advance a little
V_TOLERANCE = 3.0  # points: a fraction or an exponent in a page's first or last line reaches past its line box


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"the PDF edition cannot be checked in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pdf() -> Path:
    if not PDF.exists():
        _unavailable(f"no PDF at {PDF} (run 'make pdf')")
    return PDF


@pytest.fixture(scope="module")
def reader(pdf):
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def bookmarks(reader) -> list[tuple[int, str, int]]:
    """The outline, flattened: (depth, title, 1-based page)."""
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module")
def words(pdf) -> list[dict]:
    """Per page: its size and its words with their boxes (points, origin top left), from pdftotext -bbox."""
    if not shutil.which("pdftotext"):
        _unavailable("pdftotext not found: run 'make pdf-deps' (apt: poppler-utils)")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        ws = [
            (float(m[1]), float(m[2]), float(m[3]), float(m[4]), html.unescape(m[5]))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', chunk)
        ]
        pages.append({"width": float(size[1]), "height": float(size[2]), "words": ws})
    return pages


def page_text(words, first: int, last: int) -> str:
    """The text of pages first..last (1-based, inclusive), words joined by single spaces."""
    return " ".join(w[4] for p in words[first - 1:last] for w in p["words"])


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2212", "-")).strip().lower()


# ------------------------------------------------------------------------------------------------
# the book: its pages, their titles, their glued numbers
# ------------------------------------------------------------------------------------------------
@cache
def toc_pages() -> list[str]:
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    pages += [c["file"] for c in toc.get("chapters", [])]
    return pages


def chapters() -> list[str]:
    return [p for p in toc_pages() if build_pdf.CHAPTER.match(p)]


def source_title(docname: str) -> str:
    """The page's title as written in its source (the first '# ' heading), without MyST markup."""
    text = (BOOK / f"{docname}.md").read_text(encoding="utf-8")
    title = next(line[2:] for line in text.splitlines() if line.startswith("# "))
    title = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", title)  # {term}`x <y>` -> x
    return re.sub(r"[`*]", "", title).strip()


GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`")


def glued_numbers(docname: str) -> list[tuple[str, str]]:
    """(key, text as printed) of every number the page's prose glues in as text.

    The values are read from the executed notebook's glue store that the build wrote next to it
    (``_build/jupyter_execute/<page>.glue.json``), formatted as myst-nb formats them.
    """
    from myst_nb.core.variables import format_plain_text

    store = BOOK / "_build" / "jupyter_execute" / f"{docname}.glue.json"
    if not store.exists():
        return []
    glue = json.loads(store.read_text(encoding="utf-8"))
    source = (BOOK / f"{docname}.md").read_text(encoding="utf-8")
    found = []
    for key, spec in dict.fromkeys(GLUE_ROLE.findall(source)):
        plain = glue.get(key, {}).get("data", {}).get("text/plain")
        if plain is None or not re.fullmatch(r"-?\d[\d_]*(\.\d+)?(e-?\d+)?", plain.strip()):
            continue
        try:
            text = format_plain_text(plain, spec)
        except (TypeError, ValueError):
            continue
        found.append((key, text))
    return found


def is_bookmark_of(title: str, docname: str) -> bool:
    """Whether a bookmark's title is the page's title ("Glossary"), numbered for a chapter ("6. Deep neural networks")."""
    want = normalize(source_title(docname))
    return bool(re.fullmatch(rf"(\d+\. )?{re.escape(want)}", normalize(title)))


def chapter_pages(bookmarks, docname: str) -> tuple[int, int]:
    """First and last page of a chapter: from its bookmark to the page before the next bookmark at its depth or above."""
    idx = next(i for i, (_, t, _) in enumerate(bookmarks) if is_bookmark_of(t, docname))
    depth, _, first = bookmarks[idx]
    nxt = next((p for d, _, p in bookmarks[idx + 1:] if d <= depth), None)
    return first, (nxt - 1 if nxt else first)


# ------------------------------------------------------------------------------------------------
# the tests
# ------------------------------------------------------------------------------------------------
def test_pdf_opens_with_its_title_and_pages(pdf, reader):
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    assert len(reader.pages) > 50, f"{pdf} has only {len(reader.pages)} pages"
    assert reader.metadata.title == config["title"], reader.metadata
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (build_pdf.PAGE_WIDTH_MM, build_pdf.PAGE_HEIGHT_MM)
    if shutil.which("pdfinfo"):  # poppler opens it too
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        assert info.returncode == 0 and f"Pages:           {len(reader.pages)}" in info.stdout, info.stdout + info.stderr


def test_outline_lists_every_page_of_the_toc_in_order(bookmarks):
    titles = [normalize(t) for _, t, _ in bookmarks]
    pages = []
    for docname in toc_pages()[1:]:  # the landing page is the preface, "About this book"
        hits = [i for i, (_, t, _) in enumerate(bookmarks) if is_bookmark_of(t, docname)]
        assert hits, f"no bookmark for {docname} ({source_title(docname)!r}) among {titles[:40]}"
        pages.append((bookmarks[hits[0]][2], docname))
    assert pages == sorted(pages), f"bookmarks out of the order of _toc.yml: {pages}"
    assert "about this book" in titles and "contents" in titles and "colophon" in titles


def test_contents_page_numbers_match_the_bookmarks(words, bookmarks):
    """The printed contents give each chapter the page its bookmark (its heading) is on."""
    contents = next(p for _, t, p in bookmarks if t == "Contents")
    about = next(p for _, t, p in bookmarks if t == "About this book")
    lines = _lines(words, contents, about - 1)
    for docname in chapters():
        title = normalize(source_title(docname))
        first, _ = chapter_pages(bookmarks, docname)
        line = next((l for l in lines if re.match(rf"\d+ {re.escape(title)} ", normalize(l))), None)
        assert line is not None, f"{docname} is not in the contents: {lines[:10]}"
        assert line.rstrip().endswith(f" {first}"), f"contents line {line!r}: the chapter starts on page {first}"


def _lines(words, first: int, last: int) -> list[str]:
    lines: dict[tuple[int, int], list] = {}
    for n in range(first, last + 1):
        for w in words[n - 1]["words"]:
            lines.setdefault((n, round(w[3])), []).append(w)
    return [" ".join(w[4] for w in sorted(ws)) for _, ws in sorted(lines.items())]


@pytest.mark.parametrize("docname", chapters())
def test_chapter_title_and_glued_numbers_are_in_its_pages(words, bookmarks, docname):
    first, last = chapter_pages(bookmarks, docname)
    text = normalize(page_text(words, first, last))
    assert normalize(source_title(docname)) in text, f"the title of {docname} is not on pages {first}-{last}"
    numbers = glued_numbers(docname)
    assert numbers, f"no glued number found for {docname} (is _build/jupyter_execute/{docname}.glue.json there?)"
    missing = [(k, v) for k, v in numbers if normalize(v) not in text]
    assert not missing, f"{docname}: glued numbers not on pages {first}-{last}: {missing[:10]} (of {len(numbers)})"


def test_no_text_outside_the_margins(words, bookmarks):
    """Body text stays inside the margins; the top margin holds only the running head, the bottom only the page number."""
    m = build_pdf.MARGIN_MM
    heads = {normalize(re.sub(r"^(\d+)\. ", r"\1 · ", t)) for d, t, _ in bookmarks}
    problems = []
    for n, page in enumerate(words, 1):
        left, right = m["left"] * MM - TOLERANCE, page["width"] - m["right"] * MM + TOLERANCE
        top, bottom = m["top"] * MM - V_TOLERANCE, page["height"] - m["bottom"] * MM + V_TOLERANCE
        head, foot = [], []
        for x0, y0, x1, y1, w in page["words"]:
            if x0 < left or x1 > right:
                problems.append(f"page {n}: {w!r} at x {x0:.0f}-{x1:.0f} pt (text area {left:.0f}-{right:.0f})")
            elif y1 <= top:
                head.append(w)
            elif y0 >= bottom:
                foot.append(w)
            elif y0 < top or y1 > bottom:
                problems.append(f"page {n}: {w!r} crosses a margin at y {y0:.0f}-{y1:.0f} pt")
        if head and normalize(" ".join(head)) not in heads:
            problems.append(f"page {n}: text in the top margin that is no running head: {' '.join(head)!r}")
        if foot and foot != [str(n)]:
            problems.append(f"page {n}: the bottom margin holds {' '.join(foot)!r}, not the page number {n}")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:30])


def test_text_is_printed_at_full_size(words, bookmarks):
    """Body text is about 10 pt: Chromium shrinks every page when something is wider than the text area."""
    import statistics

    first, last = chapter_pages(bookmarks, chapters()[0])
    heights = [w[3] - w[1] for p in words[first - 1:last] for w in p["words"]]
    assert 9.5 < statistics.median(heights) < 14, f"median word height {statistics.median(heights):.1f} pt on pages {first}-{last}"


def test_internal_links_are_clickable(reader, bookmarks):
    """Link annotations lead to named destinations that exist: the contents and the cross-references."""
    from pypdf.generic import NameObject

    dests = build_pdf.destinations(reader)
    internal, broken, per_page = 0, [], {}
    for n, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            target = a.get("/Dest")
            if target is None and a.get("/A", {}).get("/S") == "/GoTo":
                target = a["/A"].get("/D")
            if target is None:
                continue
            name = str(target)[1:] if isinstance(target, NameObject) else str(target)
            internal += 1
            per_page[n] = per_page.get(n, 0) + 1
            if isinstance(target, (str, NameObject)) and name not in dests:
                broken.append(f"page {n}: {name}")
    assert not broken, f"links to missing destinations: {broken[:10]}"
    contents = next(p for _, t, p in bookmarks if t == "Contents")
    assert per_page.get(contents, 0) >= 20, f"the contents page has {per_page.get(contents, 0)} links"
    for docname in chapters():
        first, last = chapter_pages(bookmarks, docname)
        assert sum(per_page.get(p, 0) for p in range(first, last + 1)), f"{docname}: no internal link on pages {first}-{last}"
    assert internal > 200, internal


def test_colophon_names_the_build_date_and_the_versions(words, bookmarks):
    page = next(p for _, t, p in bookmarks if t == "Colophon")
    text = page_text(words, page, len(words))
    assert re.search(r"built on \d{1,2} \w+ \d{4} at \d\d:\d\d UTC", text), text[:300]
    for dist in ("numpy", "keras", "jupyter-book"):
        assert f"{dist} {metadata.version(dist)}" in text, f"{dist} {metadata.version(dist)} not in the colophon"


def test_published_with_the_site(pdf):
    site_copy = BOOK / "_build" / "html" / build_pdf.PDF_NAME
    if not (BOOK / "_build" / "html" / "index.html").exists():
        pytest.skip("no built site")
    assert site_copy.exists() and site_copy.read_bytes() == pdf.read_bytes(), f"{site_copy} is not the PDF edition"
