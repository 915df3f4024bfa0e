"""Build the PDF edition of the book: ``_build/pdf/neural-networks-from-numpy-to-keras.pdf``.

Usage: ``python tools/build_pdf.py [BOOK_DIR]`` (``make pdf`` runs the strict HTML build first, then
this; ``make test`` runs it right after its strict build). ``--tagged`` makes a tagged (accessible)
PDF, about 2.5 times the size.

The route: the strict HTML build (``tools/build_book.py``) has already executed every chapter
(through the execution cache) and written ``_build/html``. This script binds those pages, in the
order of ``_toc.yml``, into one print document and has Debian's headless Chromium print it, so the
PDF shows exactly the outputs, figures and numbers of the site, and nothing is executed again.

1. **Compose** (:func:`compose`): the article of every page of ``_toc.yml`` goes into one HTML
   document, behind a title page and a table of contents. Each page's element ids get the page's
   name as a prefix (``06_deep_networks--cost``), and every link between pages becomes a link inside
   the document, so cross-references, glossary terms and API links stay clickable; a link to a file
   of the site that is no page (a download) points to the published site. For print: every page
   starts on a new sheet, with its title as running head; the parts get a divider page; the
   solutions of a chapter's exercises move to the chapter's end, and each exercise says on which
   page its solution is; other folded content (the recap's answers) is opened, but the library's
   source, folded on the site after the exercise that asks for the same function, stays folded to a
   line that says where to read it; hidden plotting code stays hidden (its figure is shown); the
   reading-time box, the "Try it in your browser" and "Run the check" hints, buttons and widgets
   (the network playground: its fallback text points at the static figure next to it) are dropped.
   A colophon ends the book: build date, commit, and the versions of Python, the libraries and the
   tools that computed and printed it.
2. **Print** (:func:`print_pdf`): the document is served on 127.0.0.1 together with the site's
   assets and printed with the Chrome DevTools Protocol's ``Page.printToPDF``. The browser resolves
   no other host, so nothing is downloaded. Before printing it waits for every image, the web fonts,
   and MathJax's typesetting when the page uses MathJax (math rendered at build time, with KaTeX,
   needs no wait); untypeset math, a math error or a missing image stops the build. Chromium cannot
   compute page numbers for a table of contents, so the document is printed twice: the first PDF
   tells on which page every heading landed (its named destinations), those numbers are written
   into the contents and the "page N" references (their space is reserved, so the layout does not
   move), and the second print is the book; the script checks that no reference moved.
3. **Finish** (:func:`finish`): the bookmarks (parts, pages, their sections and subsections, each
   pointing at its heading), the document properties, the bookmarks panel shown on opening. A copy
   goes into ``_build/html/`` so that the site publishes it next to the pages.

Exit status 0 when the PDF was written; 1 (or a message) otherwise.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import functools
import http.server
import io
import logging
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "neural-networks-from-numpy-to-keras.pdf"
PRINT_CSS = Path(__file__).resolve().parent / "pdf" / "print.css"
#: Where the composed document is served from: a page of the site's ``book/`` folder, so the
#: relative URLs of the chapters' images and of the site's assets work unchanged.
PRINT_PATH = "book/__pdf_edition__.html"

#: The page: A4, margins in millimetres. The running head and the page number sit in the top and
#: bottom margins; nothing else may (tests/test_pdf.py checks every word's position).
PAGE_SIZE = "A4"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
MARGIN_MM = {"top": 20.0, "right": 17.0, "bottom": 20.0, "left": 17.0}

#: Versions named in the colophon (distribution names; absent ones are skipped).
COLOPHON_PACKAGES = (
    "lessons_code", "numpy", "scikit-learn", "matplotlib", "tensorflow-cpu", "tensorflow", "keras", "pillow",
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "sphinx-exercise", "jupyter-cache", "pypdf",
)
#: Chapters are the numbered pages ``book/NN_*`` (the same rule as the browser tests).
CHAPTER = re.compile(r"^book/\d\d_")
PAGEREF_PLACEHOLDER = "000"


# ------------------------------------------------------------------------------------------------
# the book's structure and metadata
# ------------------------------------------------------------------------------------------------
@dataclass
class Part:
    caption: str
    numbered: bool
    docnames: list[str]


@dataclass
class Book:
    root: Path
    title: str
    author: str
    copyright: str
    repository: str
    site_url: str
    first_page: str  # the landing page's docname (_toc.yml's root)
    parts: list[Part] = field(default_factory=list)

    @property
    def docnames(self) -> list[str]:
        return [self.first_page] + [d for p in self.parts for d in p.docnames]


def read_book(root: Path) -> Book:
    """Title, author and parts from ``_config.yml`` and ``_toc.yml``; the site's URL from ``pyproject.toml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [
        Part(p.get("caption", ""), bool(p.get("numbered")), [c["file"] for c in p.get("chapters", [])])
        for p in toc.get("parts", [])
    ]
    if toc.get("chapters"):
        parts.append(Part("", False, [c["file"] for c in toc["chapters"]]))
    repository = (config.get("repository") or {}).get("url", "")
    site_url = ""
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        site_url = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("urls", {}).get("Homepage", "")
    if not site_url and (m := re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", repository)):
        site_url = f"https://{m[1]}.github.io/{m[2]}/"
    return Book(
        root=root, title=config.get("title", "Book"), author=config.get("author", ""),
        copyright=str(config.get("copyright", "")), repository=repository,
        site_url=site_url.rstrip("/") + "/" if site_url else "", first_page=toc["root"], parts=parts,
    )


def slug(docname: str) -> str:
    """The id prefix of a page: its file name (``book/06_deep_networks`` -> ``06_deep_networks``)."""
    return re.sub(r"[^\w-]+", "_", docname.rsplit("/", 1)[-1])


def versions() -> list[tuple[str, str]]:
    found = []
    for dist in COLOPHON_PACKAGES:
        try:
            found.append((dist, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            pass
    return found


def git_commit(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)


# ------------------------------------------------------------------------------------------------
# 1. compose the print document
# ------------------------------------------------------------------------------------------------
def _soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def _new(soup, tag_name: str, text: str | None = None, /, **attrs):
    tag = soup.new_tag(tag_name, attrs={k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        tag.string = text
    return tag


KEEP_SCRIPT = re.compile(r"mathjax|katex|renderMathInElement", re.I)


class PageLinks:
    """Maps the site's URLs to anchors of the print document."""

    def __init__(self, book: Book):
        self.book = book
        self.pages = {f"{d}.html": d for d in book.docnames}
        self.base = "http://book.invalid/"

    def resolve(self, href: str, docname: str) -> str:
        """``href`` (as written on page ``docname``) as a link in the print document."""
        if href.startswith("#"):
            return f"#{slug(docname)}--{href[1:]}" if len(href) > 1 else f"#{slug(docname)}"
        url = urljoin(self.base + docname + ".html", href)
        if not url.startswith(self.base):  # another site, mailto:, ...
            return href
        parts = urlsplit(url)
        path = unquote(parts.path[len("/"):])
        if path in ("", "index.html"):
            path = f"{self.book.first_page}.html"
        if path in self.pages:
            target = slug(self.pages[path])
            return f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"
        # a file of the site that is not a page of the book (a download, the in-browser notebooks):
        # the published copy
        return self.book.site_url + path + (f"#{parts.fragment}" if parts.fragment else "") if self.book.site_url else href


def _prefix_ids(article, prefix: str) -> None:
    for el in article.find_all(id=True):
        el["id"] = f"{prefix}--{el['id']}"
    for el in article.find_all(attrs={"aria-labelledby": True}):
        el["aria-labelledby"] = " ".join(f"{prefix}--{i}" for i in el["aria-labelledby"].split())


def _clean_for_print(soup, article, web_page: str = "") -> None:
    """Drop what only makes sense on screen; open what the site folds away."""
    for sel in (
        ".reader-meta", ".reader-check-hint", ".reader-lite", "a.headerlink", "button", ".toggle-button",
        "script", "noscript", "iframe", ".thebe-launch-button", ".sd-summary-state-marker", ".copybtn",
        "div.widget-area", ".jupyter-widgets", "form",
    ):
        for el in article.select(sel):
            el.decompose()
    # myst-nb's folded cells: hidden source (hide-input) stays hidden (its output, usually a figure,
    # is shown); hidden outputs and hidden cells are shown
    for det in article.select("details.hide"):
        if "above-input" in (det.get("class") or []):
            det.decompose()
        else:
            if det.summary:
                det.summary.decompose()
            det.unwrap()
    # sphinx-design dropdowns: the library's source, folded on the site (it may follow an exercise that
    # asks for the same function), stays folded: a line says where to read it; other dropdowns (the
    # recap's answers) are opened
    for det in article.select("details.sd-dropdown"):
        caption = det.select_one(".code-block-caption .caption-text, .code-block-caption")
        source = caption.get_text(" ", strip=True) if caption else ""
        if "lessons_code/" in source:
            summary = det.select_one(".sd-summary-text")
            note = _new(soup, "p", class_="pdf-folded")
            note.append(_new(soup, "strong", summary.get_text(" ", strip=True) if summary else "The library's source"))
            note.append(f" is in {source[source.index('lessons_code/'):].split()[0]}")
            if web_page:
                note.append(" and on ")
                note.append(_new(soup, "a", "this chapter’s web page", href=web_page))
            note.append(".")
            det.replace_with(note)
    for det in article.select("details"):
        det["open"] = ""
    for el in article.select(".toggle-hidden"):
        el["class"] = [c for c in el["class"] if c != "toggle-hidden"]
    for img in article.select("img"):
        img["loading"] = "eager"
        img.attrs.pop("decoding", None)
    # widgets (custom elements such as the network playground) run only with their scripts, which the
    # print document does not load: what remains is their fallback text, pointing at the static figure
    # the chapter draws next to them
    for el in article.find_all(lambda t: "-" in t.name):
        el.unwrap()


def _demote_headings(article, by: int = 1) -> None:
    """Shift the headings ``by`` levels (h1 -> h2 under a part); ``pdf-hN`` keeps the page's own level for styling."""
    for h in article.find_all(re.compile(r"^h[1-6]$")):
        level = int(h.name[1])
        h["class"] = (h.get("class") or []) + [f"pdf-h{level}"]
        h.name = f"h{min(6, level + by)}"


def _move_solutions(soup, chapter, prefix: str, heading: str) -> int:
    """Solutions of the chapter's exercises move to the end of the chapter, each exercise pointing to its own."""
    solutions = [s for s in chapter.select("div.solution") if not s.find_parent("div", class_="solution")]
    if not solutions:
        return 0
    section = _new(soup, "section", id=f"{prefix}--pdf-solutions", class_="pdf-solutions")
    h = _new(soup, "h2")  # a section of the page (demoted with the page's other headings)
    h.string = heading
    section.append(h)
    for sol in solutions:
        sol.extract()
        for cls in ("dropdown", "toggle", "toggle-hidden"):
            if cls in sol.get("class", []):
                sol["class"].remove(cls)
        title = sol.select_one(".admonition-title")
        exercise_link = title.select_one("a[href^='#']") if title else None
        if exercise_link is not None:
            ex = chapter.find(id=exercise_link["href"][1:])
            if ex is not None and sol.get("id"):
                note = _new(soup, "p", class_="pdf-see-solution")
                note.append(_new(soup, "a", "Solution", href=f"#{sol['id']}"))
                note.append(" on page ")
                note.append(_new(soup, "a", PAGEREF_PLACEHOLDER, href=f"#{sol['id']}", class_="pdf-pageref"))
                ex.append(note)
            ref = _new(soup, "span", class_="pdf-solution-ref")
            ref.append(" (page ")
            ref.append(_new(soup, "a", PAGEREF_PLACEHOLDER, href=exercise_link["href"], class_="pdf-pageref"))
            ref.append(")")
            title.append(ref)
        section.append(sol)
    # top level of the chapter: after its last section
    top = chapter.find("section")
    (top or chapter).append(section)
    return len(solutions)


@dataclass
class OutlineEntry:
    level: int  # 0: front matter, parts and unnumbered pages; deeper: nested
    title: str
    target: str


@dataclass
class TocEntry:
    level: int  # 0: part, 1: page, 2: section
    number: str
    title: str
    target: str
    html: str = ""  # the title as typeset in the heading (its math too), when it has markup


def _heading_text(h) -> tuple[str, str]:
    """(section number, title as plain text) of a Sphinx heading; math becomes its TeX source."""
    number_el = h.select_one(".section-number")
    number = number_el.get_text(strip=True).rstrip(".") if number_el else ""
    copy = _soup(str(h))
    for el in copy.select(".section-number, a.headerlink"):
        el.decompose()
    for el in copy.select(".katex"):  # KaTeX (typeset at build time): its TeX annotation
        tex = el.select_one('annotation[encoding="application/x-tex"]')
        el.replace_with(tex.get_text() if tex else el.get_text())
    text = copy.get_text(" ", strip=True)
    text = re.sub(r"\\\(|\\\)", "", text)  # MathJax (typeset in the browser): \(L\) -> L
    return number, re.sub(r"\s+", " ", text).strip()


def _heading_html(h) -> str:
    """The inner HTML of a heading, without its number and its link: math stays typeset in the contents."""
    copy = _soup(str(h))
    for el in copy.select(".section-number, a.headerlink"):
        el.decompose()
    inner = copy.find(re.compile(r"^h[1-6]$"))
    return inner.decode_contents().strip() if inner else ""


def _html_page(book: Book, site: Path, docname: str):
    path = site / f"{docname}.html"
    if not path.exists():
        raise SystemExit(f"build_pdf: {path} is missing: run the HTML build first ('make book').")
    return _soup(path.read_text(encoding="utf-8"))


def compose(book: Book, site: Path, *, when: dt.datetime, commit: str, chromium: str) -> tuple[str, dict]:
    """The print document (HTML) and a summary of what went into it."""
    soup = _soup(
        '<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8">'
        "</head><body></body></html>"
    )
    head, body = soup.head, soup.body
    head.append(_new(soup, "title", book.title))
    head.append(_new(soup, "meta", name="author", content=book.author))
    links = PageLinks(book)
    seen_assets: set[str] = set()
    wrapper = _new(soup, "div", class_="bd-content pdf-book")
    article_box = _new(soup, "article", class_="bd-article")
    wrapper.append(article_box)
    toc: list[TocEntry] = []
    outline: list[OutlineEntry] = [OutlineEntry(0, book.title, "pdf-title-page"), OutlineEntry(0, "Contents", "pdf-contents")]
    stats = {"pages": 0, "solutions": 0, "figures": 0}
    part_numerals = iter(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])
    tagline = ""

    page_css: list[str] = []
    page_css.append(_page_rules())

    sequence: list[tuple[Part | None, str]] = [(None, book.first_page)] + [(p, d) for p in book.parts for d in p.docnames]
    current_part: Part | None = None
    for part, docname in sequence:
        page = _html_page(book, site, docname)
        # the site's stylesheets and math scripts, once each, in order
        for el in page.head.find_all(["link", "style", "script"]):
            if el.name == "link" and "stylesheet" not in (el.get("rel") or []):
                continue
            if el.name == "script":
                text = el.string or ""
                if not KEEP_SCRIPT.search(el.get("src", "") + text):
                    continue
            key = str(el)
            if key not in seen_assets:
                seen_assets.add(key)
                head.append(_soup(key))
        article = page.select_one("article.bd-article")
        if article is None:
            raise SystemExit(f"build_pdf: no <article class='bd-article'> in {docname}.html")
        prefix = slug(docname)
        _clean_for_print(soup, article, book.site_url + f"{docname}.html" if book.site_url else "")
        _prefix_ids(article, prefix)
        for a in article.find_all("a", href=True):
            a["href"] = links.resolve(a["href"], docname)
        first_h1 = article.find("h1")
        number, title = _heading_text(first_h1) if first_h1 else ("", docname)
        is_chapter = bool(CHAPTER.match(docname))
        if docname == book.first_page:
            # the landing page opens the book as its preface; its title is the book's (on the title page)
            em = article.find("p")
            tagline = em.get_text(" ", strip=True) if em and em.find("em") and len(em.get_text()) < 300 else ""
            if em is not None and tagline:
                em.decompose()
            if first_h1 is not None:
                first_h1.clear()
                first_h1.append("About this book")
            title, number = "About this book", ""
        if part is not None and part is not current_part:
            current_part = part
            numeral = next(part_numerals)
            part_id = f"pdf-part-{numeral}"
            div = _new(soup, "section", class_="pdf-part", id=part_id)
            div.append(_new(soup, "p", f"Part {numeral}", class_="pdf-part-number"))
            div.append(_new(soup, "h1", part.caption or "Chapters"))
            lst = _new(soup, "ol", class_="pdf-part-chapters")
            div.append(lst)
            article_box.append(div)
            toc.append(TocEntry(0, f"Part {numeral}", part.caption, part_id))
            outline.append(OutlineEntry(0, f"{numeral}. {part.caption}" if part.caption else f"Part {numeral}", part_id))
            part_list = lst
        heading = f"Solutions to the exercises of chapter {number}" if number else "Solutions to the exercises"
        stats["solutions"] += _move_solutions(soup, article, prefix, heading)
        # headings: part (h1) > page (h2) > its sections (h3) ...
        _demote_headings(article, 1 if part is not None else 0)
        chapter = _new(soup, "section", class_="pdf-page" + (" pdf-chapter" if is_chapter else ""), id=prefix)
        chapter["data-page"] = f"pdf-{prefix}"
        for child in list(article.children):
            chapter.append(child.extract())
        article_box.append(chapter)
        running = f"{number} · {title}" if number else title
        page_css.append(f"@page pdf-{prefix} {{ @top-left {{ content: {_css_string(running)}; }} }}\n"
                        f".pdf-page[data-page='pdf-{prefix}'] {{ page: pdf-{prefix}; }}")
        toc.append(TocEntry(1, number, title, prefix))
        base_level = 1 if part is not None else 0
        outline.append(OutlineEntry(base_level, f"{number}. {title}" if number else title, prefix))
        for h in chapter.find_all(re.compile(r"^h[2-4]$") if part is None else re.compile(r"^h[3-5]$")):
            sec = h.find_parent("section")
            if sec is None or not sec.get("id") or sec.get("id") == prefix:
                continue
            n, t = _heading_text(h)
            depth = base_level + int(h.name[1]) - (1 if part is None else 2)
            outline.append(OutlineEntry(depth, f"{n}. {t}" if n else t, sec["id"]))
        if part is not None:
            li = _new(soup, "li")
            li.append(_new(soup, "a", (f"{number}. " if number else "") + title, href=f"#{prefix}"))
            part_list.append(li)
        if is_chapter:
            for h in chapter.select("section > h3" if part is not None else "section > h2"):
                sec = h.find_parent("section")
                if sec is None or not sec.get("id") or "pdf-solutions" in (sec.get("class") or []):
                    continue
                n, t = _heading_text(h)
                toc.append(TocEntry(2, n, t, sec["id"], _heading_html(h) if h.find(class_=re.compile("math|katex")) else ""))
        stats["pages"] += 1
        stats["figures"] += len(chapter.select("img"))

    # front matter: title page and contents, before everything else
    toc.append(TocEntry(1, "", "Colophon", "pdf-colophon"))
    article_box.insert(0, _contents(soup, toc))
    article_box.insert(0, _title_page(soup, book, tagline, when, commit))
    article_box.append(_colophon(soup, book, when, commit, chromium))
    outline.append(OutlineEntry(0, "Colophon", "pdf-colophon"))
    # Chromium writes a named destination for every element that a link of the document points to:
    # these invisible links give one to every bookmark's target
    nav = _new(soup, "nav", class_="pdf-destinations", style="display: none")
    for entry in outline:
        nav.append(_new(soup, "a", entry.title, href=f"#{entry.target}"))
    article_box.append(nav)
    stats["outline"] = outline

    style = _new(soup, "style")
    style.string = "\n".join(page_css)
    head.append(style)
    head.append(_new(soup, "link", rel="stylesheet", href="../_static/__pdf_print__.css"))
    body.append(wrapper)
    stats["toc_entries"] = len(toc)
    return str(soup), stats


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_rules() -> str:
    m = MARGIN_MM
    return (
        f"@page {{ size: {PAGE_SIZE}; margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm; }}\n"
    )


def _title_page(soup, book: Book, tagline: str, when: dt.datetime, commit: str):
    page = _new(soup, "section", class_="pdf-title-page", id="pdf-title-page")
    h1 = _new(soup, "h1", class_="pdf-title")
    for i, line in enumerate(re.split(r"(?<=,)\s+", book.title)):
        h1.append(_new(soup, "span", line))
    page.append(h1)
    if tagline:
        page.append(_new(soup, "p", tagline, class_="pdf-tagline"))
    page.append(_new(soup, "p", book.author, class_="pdf-author"))
    edition = _new(soup, "div", class_="pdf-edition")
    edition.append(_new(soup, "p", f"PDF edition of {when:%-d %B %Y}"))
    if book.site_url:
        p = _new(soup, "p", "Online, with runnable notebooks: ")
        p.append(_new(soup, "a", book.site_url, href=book.site_url))
        edition.append(p)
    if book.repository:
        p = _new(soup, "p", "Source: ")
        p.append(_new(soup, "a", book.repository, href=book.repository))
        if commit:
            p.append(f" (commit {commit})")
        edition.append(p)
    page.append(edition)
    return page


def _contents(soup, toc: list[TocEntry]):
    box = _new(soup, "section", class_="pdf-contents", id="pdf-contents")
    box.append(_new(soup, "h1", "Contents"))
    ul = _new(soup, "ul", class_="pdf-toc")
    for e in toc:
        li = _new(soup, "li", class_=f"pdf-toc-{('part', 'page', 'section')[e.level]}")
        a = _new(soup, "a", href=f"#{e.target}", class_="pdf-toc-title")
        if e.number:
            a.append(_new(soup, "span", e.number, class_="pdf-toc-number"))
        text = _new(soup, "span", None if e.html else e.title, class_="pdf-toc-text")
        if e.html:
            text.append(_soup(e.html))
        a.append(text)
        li.append(a)
        li.append(_new(soup, "span", class_="pdf-toc-leader"))
        li.append(_new(soup, "a", PAGEREF_PLACEHOLDER, href=f"#{e.target}", class_="pdf-pageref"))
        ul.append(li)
    box.append(ul)
    return box


def _colophon(soup, book: Book, when: dt.datetime, commit: str, chromium: str):
    box = _new(soup, "section", class_="pdf-colophon", id="pdf-colophon")
    box.append(_new(soup, "h1", "Colophon"))
    box.append(_new(
        soup, "p",
        f"This PDF edition of {book.title} was built on {when:%-d %B %Y at %H:%M} UTC"
        + (f" from commit {commit} of the book's repository" if commit else "")
        + ". Every number, table and figure in it was computed by the code next to it when the book was built: "
        "the chapters were executed once, for the web edition, and this edition prints the same pages.",
    ))
    box.append(_new(soup, "p", "It was computed and typeset with:"))
    table = _new(soup, "table", class_="pdf-versions")
    rows = [("Python", sys.version.split()[0])] + versions() + ([("Chromium (printing)", chromium)] if chromium else [])
    rows.append(("Math typesetting", "…"))
    tbody = _new(soup, "tbody")
    for name, version in rows:
        tr = _new(soup, "tr")
        tr.append(_new(soup, "td", name))
        tr.append(_new(soup, "td", version, **({"id": "pdf-math-engine"} if name == "Math typesetting" else {})))
        tbody.append(tr)
    table.append(tbody)
    box.append(table)
    box.append(_new(soup, "p", (f"© {book.copyright} {book.author}. " if book.copyright else "")
                    + "Text: CC BY 4.0. Code: MIT.", class_="pdf-license"))
    return box


# ------------------------------------------------------------------------------------------------
# 2. print
# ------------------------------------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    extra: dict[str, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        path = unquote(urlsplit(self.path).path).lstrip("/")
        if path in self.extra:
            data = self.extra[path]
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if path.endswith(".css") else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(site: Path, extra: dict[str, bytes]):
    handler = type("Handler", (_Handler,), {"extra": extra})
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env] if os.access(os.environ[env], os.X_OK) else None
    return next((p for n in names if (p := shutil.which(n))), None)


def start_browser():
    """Debian's headless Chromium through chromedriver (the browser tests' set-up), offline."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = _find("CHROMIUM", "chromium", "chromium-browser")
    chromedriver = _find("CHROMEDRIVER", "chromedriver")
    if not chromium or not chromedriver:
        raise SystemExit("build_pdf: Chromium/chromedriver not found: run 'make pdf-deps' (apt: chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--lang=en-US", "--font-render-hinting=none",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    drv.command_executor.client_config.timeout = 900  # printing a whole book takes a while
    drv.set_page_load_timeout(600)
    drv.set_script_timeout(600)
    return drv


WAIT_FOR_DOCUMENT = """
const done = arguments[arguments.length - 1];
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const t0 = Date.now();
  for (const img of document.images) { img.loading = 'eager'; }
  while ([...document.images].some(i => !i.complete) && Date.now() - t0 < 300000) await sleep(200);
  let math = 'none';
  const usesMathJax = window.MathJax !== undefined || document.querySelector('script[src*="mathjax" i]');
  if (usesMathJax) {
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise) && Date.now() - t0 < 120000) await sleep(200);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      await MathJax.startup.promise;
      math = 'MathJax ' + (MathJax.version || '');
    } else { math = 'MathJax did not start'; }
  } else if (document.querySelector('.katex')) {
    math = 'KaTeX (rendered at build time)';
  }
  await document.fonts.ready;
  const untypeset = [...document.querySelectorAll('span.math, div.math')].filter(
    e => !e.querySelector('mjx-container, .katex') && /\\\\\\(|\\\\\\[|\\$\\$|\\\\begin\\{/.test(e.textContent)
  ).map(e => e.textContent.slice(0, 80));
  const errors = [...document.querySelectorAll('mjx-merror, .katex-error')].map(
    e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120));
  const broken = [...document.images].filter(i => !i.naturalWidth).map(i => i.getAttribute('src'));
  done({math, untypeset, errors, broken, images: document.images.length, ms: Date.now() - t0});
})().catch(e => done({error: String(e && e.stack || e)}));
"""

#: A display formula wider than the text area is scaled down to fit it (as LaTeX users do by hand).
FIT_WIDE_MATH = """
let fitted = 0;
for (const el of document.querySelectorAll('.katex-display, mjx-container[display="true"], div.math')) {
  const inner = el.querySelector(':scope > .katex') || el;
  const avail = el.parentElement.getBoundingClientRect().width;
  const need = Math.max(el.scrollWidth, inner.scrollWidth, inner.getBoundingClientRect().width);
  if (need > avail + 0.5) { el.style.zoom = String(Math.max(0.5, (avail - 2) / need)); fitted++; }
}
return fitted;
"""

#: Overflow ignored, in CSS pixels: KaTeX's 2-pixel struts at the end of aligned formulas (a shrink by
#: 0.3 %, invisible). The words' positions are checked by tests/test_pdf.py.
OVERFLOW_TOLERANCE_PX = 4

#: Elements wider than the text area (and not clipped by a parent): Chromium would shrink every page
#: of the PDF to fit the widest one.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const clipped = el => {
  for (let p = el.parentElement; p && !p.classList.contains('pdf-book'); p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o !== 'visible') return true;
  }
  return false;
};
const out = [];
for (const el of document.querySelectorAll('.pdf-book *')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > width + arguments[0] && !out.some(o => o.contains(el)) && !clipped(el)) out.push(el);
}
return [document.documentElement.scrollWidth, width, out.slice(0, 10).map(el => {
  const page = el.closest('.pdf-page');
  return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} in ${page ? page.id : '?'}: ` +
         `"${(el.textContent || '').trim().slice(0, 80)}" (${Math.round(el.getBoundingClientRect().right)}px)`;
})];
"""

FILL_PAGEREFS = """
const pages = arguments[0];
let missing = [];
for (const a of document.querySelectorAll('a.pdf-pageref')) {
  const id = decodeURIComponent(a.getAttribute('href').slice(1));
  if (id in pages) a.textContent = String(pages[id]); else missing.push(id);
}
return missing;
"""


def _print(driver, tagged: bool) -> bytes:
    result = driver.execute_cdp_cmd("Page.printToPDF", {
        "printBackground": True,
        "preferCSSPageSize": True,
        "displayHeaderFooter": False,
        # Chromium's own outline needs a tagged PDF (2.5x the size, slower to print) and loses the
        # math and the spaces at line breaks of headings: finish() writes the bookmarks instead
        "generateDocumentOutline": False,
        "generateTaggedPDF": tagged,
    })
    return base64.b64decode(result["data"])


def destinations(reader) -> dict[str, tuple[int, float | None]]:
    """Every named destination of a PDF: id -> (0-based page, top of the target in points)."""
    found = {}
    for name, dest in reader.named_destinations.items():
        key = name[1:] if name.startswith("/") else name
        try:
            found[key] = (reader.get_destination_page_number(dest), dest.get("/Top"))
        except Exception:  # noqa: BLE001 - an unresolvable destination is simply not found
            continue
    return found


def target_pages(pdf: bytes, ids: list[str]) -> dict[str, int]:
    """The (1-based) page of each id that the PDF has a named destination for."""
    from pypdf import PdfReader

    found = destinations(PdfReader(io.BytesIO(pdf)))
    return {i: found[i][0] + 1 for i in ids if i in found}


def fit_to_page(driver) -> tuple[int, list[str]]:
    """Lay the document out as on paper (print media, the text area's width); scale down the display
    formulas wider than the text; return how many, and what else still sticks out of the text area."""
    m = MARGIN_MM
    width = round((PAGE_WIDTH_MM - m["left"] - m["right"]) * 96 / 25.4)  # CSS pixels
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        fitted = driver.execute_script(FIT_WIDE_MATH)
        scroll, client, offenders = driver.execute_script(OVERFLOW, OVERFLOW_TOLERANCE_PX)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    return fitted, (offenders if scroll > client + OVERFLOW_TOLERANCE_PX else [])


def print_pdf(driver, url: str, *, tagged: bool = False, log=print) -> tuple[bytes, dict]:
    driver.get(url)
    ready = driver.execute_async_script(WAIT_FOR_DOCUMENT)
    if "error" in ready:
        raise SystemExit(f"build_pdf: the document failed to settle: {ready['error']}")
    problems = []
    if ready["untypeset"]:
        problems.append(f"{len(ready['untypeset'])} math expression(s) not typeset, e.g. {ready['untypeset'][:3]}")
    if ready["errors"]:
        problems.append(f"{len(ready['errors'])} math error(s): {ready['errors'][:3]}")
    if ready["broken"]:
        problems.append(f"{len(ready['broken'])} image(s) failed to load: {ready['broken'][:3]}")
    if ready["math"] == "MathJax did not start":
        problems.append("MathJax did not start")
    fitted, overflow = fit_to_page(driver)
    if overflow:
        problems.append("content wider than the page (Chromium would shrink every page to fit it):\n    " + "\n    ".join(overflow))
    if problems:
        raise SystemExit("build_pdf: the document is not ready to print:\n  " + "\n  ".join(problems))
    log(f"  document ready in {ready['ms'] / 1000:.1f} s: {ready['images']} images, math: {ready['math']}"
        + (f", {fitted} wide formula(s) scaled to the page" if fitted else ""))
    driver.execute_script("const c = document.getElementById('pdf-math-engine'); if (c) c.textContent = arguments[0];",
                          ready["math"] if ready["math"] != "none" else "no math")
    ids = sorted({a.lstrip("#") for a in driver.execute_script(
        "return [...document.querySelectorAll('a.pdf-pageref')].map(a => decodeURIComponent(a.getAttribute('href')))")})
    pages: dict[str, int] = {}
    pdf = b""
    for attempt in range(1, 4):
        t = time.perf_counter()
        pdf = _print(driver, tagged)
        log(f"  print {attempt}: {len(pdf) / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s")
        now = target_pages(pdf, ids)
        if now == pages:
            break
        missing = driver.execute_script(FILL_PAGEREFS, now)
        if missing:
            raise SystemExit(f"build_pdf: {len(missing)} page reference(s) have no destination in the PDF: {missing[:5]}")
        pages = now
    else:
        raise SystemExit("build_pdf: the page numbers of the contents did not settle after 3 prints")
    return pdf, {"pagerefs": len(ids), **ready}


# ------------------------------------------------------------------------------------------------
# 3. finish
# ------------------------------------------------------------------------------------------------
def finish(pdf: bytes, book: Book, outline: list[OutlineEntry], when: dt.datetime, out: Path) -> int:
    """Bookmarks, document properties, the bookmarks panel shown on opening; write ``out``.

    Returns the number of bookmarks. Each one points at its heading's named destination (the
    page and the height of the heading on it).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    reader = PdfReader(io.BytesIO(pdf))
    dests = destinations(reader)
    missing = [e.target for e in outline if e.target not in dests]
    if missing:
        raise SystemExit(f"build_pdf: {len(missing)} bookmark target(s) missing from the PDF: {missing[:5]}")
    writer = PdfWriter(clone_from=reader)
    parents: list = []  # parents[level] = the last bookmark written at that level
    for entry in outline:
        level = min(entry.level, len(parents))
        page, top = dests[entry.target]
        item = writer.add_outline_item(
            title=entry.title, page_number=page, parent=parents[level - 1] if level else None,
            fit=Fit.xyz(left=0, top=top, zoom=None) if top is not None else Fit.fit(),
            is_open=level == 0,  # parts open on their chapters; a chapter's sections fold
        )
        del parents[level:]
        parents.append(item)
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.add_metadata({
        "/Title": book.title,
        "/Author": book.author,
        "/Subject": "An executable textbook: neural networks built in NumPy, then in Keras and TensorFlow.",
        "/Keywords": "neural networks, deep learning, NumPy, Keras, TensorFlow, backpropagation",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("wb") as f:
        writer.write(f)
    tmp.replace(out)
    return len(outline)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", default=".", help="the book's root (holds _config.yml; built into _build/html)")
    parser.add_argument("--output", help=f"the PDF to write (default: <book>/_build/pdf/{PDF_NAME})")
    parser.add_argument("--no-publish", action="store_true", help="do not copy the PDF into _build/html")
    parser.add_argument("--tagged", action="store_true",
                        help="a tagged (accessible) PDF: about 2.5 times the size, and slower to print")
    args = parser.parse_args(argv)
    root = Path(args.book).resolve()
    site = root / "_build" / "html"
    out = Path(args.output).resolve() if args.output else root / "_build" / "pdf" / PDF_NAME
    if not (site / "index.html").exists():
        print(f"build_pdf: no built book at {site}: run 'make book' (or 'make pdf', which builds it) first.")
        return 1
    start = time.perf_counter()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on Chromium's PDF ("object count exceeds ...")
    book = read_book(root)
    when = build_time()
    commit = git_commit(root)
    print(f"Building the PDF edition from {site} ...")
    driver = start_browser()
    try:
        chromium = f"{driver.capabilities.get('browserName', 'chrome')} {driver.capabilities.get('browserVersion', '')}".strip()
        chromium = chromium.replace("chrome-headless-shell", "Chromium").replace("chrome", "Chromium")
        t = time.perf_counter()
        html, stats = compose(book, site, when=when, commit=commit, chromium=chromium.split(" ", 1)[-1])
        print(f"  composed {stats['pages']} pages ({stats['figures']} images, {stats['solutions']} solutions moved to "
              f"their chapter's end, {stats['toc_entries']} contents entries, {len(stats['outline'])} bookmarks) "
              f"in {time.perf_counter() - t:.1f} s")
        debug = out.parent / "print.html"
        debug.parent.mkdir(parents=True, exist_ok=True)
        debug.write_text(html, encoding="utf-8")  # for a look with a browser's print preview
        extra = {PRINT_PATH: html.encode("utf-8"), "_static/__pdf_print__.css": PRINT_CSS.read_bytes()}
        httpd, base = serve(site, extra)
        try:
            pdf, info = print_pdf(driver, f"{base}/{PRINT_PATH}", tagged=args.tagged)
        finally:
            httpd.shutdown()
            httpd.server_close()
    finally:
        driver.quit()
    bookmarks = finish(pdf, book, stats["outline"], when, out)
    from pypdf import PdfReader

    n_pages = len(PdfReader(out).pages)
    if not args.no_publish:
        shutil.copy2(out, site / PDF_NAME)
    print(f"PDF edition: {out} ({n_pages} pages, {out.stat().st_size / 1e6:.1f} MB, "
          f"{bookmarks} bookmarks, {info['pagerefs']} page references) in {time.perf_counter() - start:.0f} s"
          + ("" if args.no_publish else f"; published as {site / PDF_NAME}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
