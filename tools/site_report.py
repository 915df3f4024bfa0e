"""Size budgets of the built site, printed as tables (``make site-report``).

Usage: ``python tools/site_report.py [HTML_DIR] [--check] [--lighthouse]``
(HTML_DIR defaults to ``_build/html``).

Reports the total size of the site with and without its JupyterLite part (``lite/``), the largest
pages (HTML bytes, TOC pages), the largest images, and each page's **weight** as a reader's browser
downloads it (gzipped, like GitHub Pages serves it): HTML, JavaScript, CSS, the images loaded at
once and those loaded lazily, and the number of requests for the first view. It checks the budgets:

* median chapter HTML (numbered chapters ``book/NN_*.html``) ≤ 60 KB gzipped (math typeset at
  build time makes the HTML larger, and the whole page much lighter);
* no image over 200 KB (save figures at a sensible DPI, or as SVG where that is lighter);
* zero ``<img>`` without alt text;
* on every page: JavaScript ≤ 60 KB (the search page: plus its index) and CSS ≤ 80 KB gzipped, at
  most 25 requests for the first view,
  no render-blocking script (a ``<script src>`` in ``<head>`` without ``defer``/``async``), no
  FontAwesome or MathJax script, the search index on the search page only, a meta description.

``--check`` exits with status 1 when a budget is missed (the browser tests check the same budgets).

``--lighthouse`` also runs Lighthouse (npm ``lighthouse``, installed by ``make lighthouse-setup`` into
the git-ignored ``.vendor/``) with Debian's Chromium, offline, against a local server, and reports
the four category scores (performance, accessibility, best practices, SEO) with the mobile and the
desktop profile for the landing page and every chapter (``--pages`` picks others). The local server
gzips text, as the production host does. Lighthouse's throttling is simulated, and its CPU timings
come from this machine: on a busy 2-core builder the performance score is pessimistic.
``--runs N`` measures each page N times and reports the medians (``make site-report LIGHTHOUSE=1
RUNS=3``). ``--json FILE`` saves every number (the Lighthouse scores included).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = 1000
PAGE_BUDGET = 60 * KB  # median chapter HTML, gzipped
IMAGE_BUDGET = 200 * KB
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CHAPTER = re.compile(r"^book/\d\d_.*\.html$")
JS_BUDGET = 60 * KB  # gzipped, per page (the search page also loads the search index)
CSS_BUDGET = 80 * KB
REQUEST_BUDGET = 25  # the page, its scripts, stylesheets and eager images
LIGHTHOUSE = ROOT / ".vendor" / "node_modules" / ".bin" / "lighthouse"


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            a = dict(attrs)
            self.images.append({"src": a.get("src"), "alt": a.get("alt")})


class _Assets(HTMLParser):
    """The scripts, stylesheets and images a page asks for (and which block rendering)."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.scripts: list[str] = []
        self.blocking: list[str] = []
        self.css: list[str] = []
        self.images: list[tuple[str, bool]] = []  # (src, lazy)
        self.description = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
            if self.in_head and "defer" not in a and "async" not in a and a.get("type") != "module":
                self.blocking.append(a["src"])
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.images.append((a["src"], a.get("loading") == "lazy"))
        elif tag == "meta" and a.get("name") == "description" and (a.get("content") or "").strip():
            self.description = True

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


@functools.lru_cache(maxsize=None)
def gzipped(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in COMPRESSIBLE else len(data)


def _local(site: Path, page: Path, url: str) -> Path | None:
    if url.startswith(("data:", "http:", "https:", "//")):
        return None
    path = (page.parent / url.split("?")[0].split("#")[0]).resolve()
    return path if path.is_file() else None


def page_weight(site: Path, page: Path) -> dict:
    """What a first view of ``page`` downloads, gzipped (see the module docstring)."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    files = lambda urls: [p for u in urls if (p := _local(site, page, u))]  # noqa: E731
    scripts, css = files(parser.scripts), files(parser.css)
    eager = files([u for u, lazy in parser.images if not lazy])
    lazy = files([u for u, lazy in parser.images if lazy])
    return {
        "html": gzipped(page),
        "js": sum(gzipped(p) for p in set(scripts)),
        "css": sum(gzipped(p) for p in set(css)),
        "images_eager": sum(p.stat().st_size for p in set(eager)),
        "images_lazy": sum(p.stat().st_size for p in set(lazy)),
        "requests": 1 + len(set(scripts)) + len(set(css)) + len(set(eager)),
        "scripts": [u.split("?")[0] for u in parser.scripts],
        "blocking": parser.blocking,
        "images": len(parser.images),
        "lazy_images": len(lazy),
        "description": parser.description,
    }


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda r: "  ".join(str(x).ljust(w) if i == 0 else str(x).rjust(w) for i, (x, w) in enumerate(zip(r, widths)))
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def report(site: Path) -> dict:
    """Every number of the report, as a dict (the browser tests use it too)."""
    pages = sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0] in {"lite", "_static", "_sources", "reports"})
    page_sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in pages}
    chapter_sizes = {k: v for k, v in page_sizes.items() if CHAPTER.match(k)}
    images = sorted(
        (p for p in site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
         and p.relative_to(site).parts[0] not in {"lite", "_static"}),
        key=lambda p: -p.stat().st_size,
    )
    missing_alt: list[tuple[str, str]] = []
    used_on: dict[str, str] = {}
    inline_images: dict[str, int] = {}
    for p in pages:
        text = p.read_text(encoding="utf-8", errors="replace")
        parser = _Images()
        parser.feed(text)
        rel = p.relative_to(site).as_posix()
        for img in parser.images:
            if not (img["alt"] or "").strip():
                missing_alt.append((rel, (img["src"] or "")[:80]))
            src = (img["src"] or "").split("?")[0]
            if src and not src.startswith(("data:", "http:", "https:")):
                try:
                    used_on.setdefault((p.parent / src).resolve().relative_to(site.resolve()).as_posix(), rel)
                except ValueError:
                    pass
        inline = sum(len(m) for m in re.findall(r"data:image/[^\"')]+", text))
        if inline:
            inline_images[rel] = inline
    total = dir_size(site)
    lite = dir_size(site / "lite")
    return {
        "site": str(site),
        "total": total,
        "lite": lite,
        "katex": dir_size(site / "_static" / "katex"),
        "without_lite": total - lite,
        "weights": {p.relative_to(site).as_posix(): page_weight(site, p) for p in pages},
        "pages": page_sizes,
        "chapters": chapter_sizes,
        "median_chapter": statistics.median(gzipped(site / c) for c in chapter_sizes) if chapter_sizes else 0,
        "images": [(p.relative_to(site).as_posix(), p.stat().st_size) for p in images],
        "missing_alt": missing_alt,
        "used_on": used_on,
        "inline_images": inline_images,
    }


def _first(found: dict[str, list[str]]) -> str:
    page, items = next(iter(found.items()))
    return f"{page}: {items[0].rsplit('/', 1)[-1]}" + (f" and {len(items) - 1} more" if len(items) > 1 else "")


def budgets(r: dict) -> list[tuple[str, str, bool]]:
    big = [(n, s) for n, s in r["images"] if s > IMAGE_BUDGET]
    w = r["weights"]
    worst = lambda key: max(w.items(), key=lambda kv: kv[1][key]) if w else ("-", {key: 0})  # noqa: E731
    js_page, js = max(((n, v) for n, v in w.items() if n != "search.html"), key=lambda kv: kv[1]["js"], default=("-", {"js": 0}))
    css_page, css = worst("css")
    req_page, req = worst("requests")
    blocking = {n: v["blocking"] for n, v in w.items() if v["blocking"]}
    banned = {n: [s for s in v["scripts"] if re.search(r"fontawesome|mathjax|tex-mml|katex", s)
                  or (s.endswith("searchindex.js") and n != "search.html")] for n, v in w.items()}
    banned = {n: s for n, s in banned.items() if s}
    no_description = [n for n, v in w.items() if not v["description"] and n.startswith("book/")]
    return [
        ("JS per page <= 60 KB gzipped", f"largest {human(js['js'])} ({js_page})", js["js"] <= JS_BUDGET),
        ("CSS per page <= 80 KB gzipped", f"largest {human(css['css'])} ({css_page})", css["css"] <= CSS_BUDGET),
        ("requests per first view <= 25", f"most {req['requests']} ({req_page})", req["requests"] <= REQUEST_BUDGET),
        ("no render-blocking script", f"{len(blocking)} pages with one" + (f" ({_first(blocking)})" if blocking else ""),
         not blocking),
        ("no FontAwesome/math engine JS; search index on search only", f"{len(banned)} pages" +
         (f" ({_first(banned)})" if banned else ""), not banned),
        ("a meta description on every page", f"{len(no_description)} without" + (f" ({no_description[:3]})" if no_description else ""),
         not no_description),
        ("median chapter HTML <= 60 KB gzipped", f"{human(r['median_chapter'])} over {len(r['chapters'])} chapters",
         r["median_chapter"] <= PAGE_BUDGET),
        ("no image over 200 KB", f"{len(big)} over" + (f" (largest {human(big[0][1])})" if big else ""), not big),
        ("zero missing alt texts", f"{len(r['missing_alt'])} missing", not r["missing_alt"]),
    ]


# ------------------------------------------------------------------------------------------------
# Lighthouse (optional)
# ------------------------------------------------------------------------------------------------
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".map", ".mjs"}


def _serve(site: Path):
    """A local server that, like the book's production host (GitHub Pages), gzips text responses.

    Without compression Lighthouse's simulation charges the theme's 400 KB stylesheet at its raw
    size, and the performance score says more about ``http.server`` than about the book.
    """

    class Gzip(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (path.suffix not in COMPRESSIBLE or not path.is_file()
                    or "gzip" not in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gzip, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")


def lighthouse(site: Path, pages: list[str], form_factors=FORM_FACTORS, runs: int = 1) -> tuple[list[dict], str | None]:
    """Scores per page and form factor, or (rows so far, why Lighthouse could not run).

    With ``runs`` > 1 each page is measured that many times and every number is the median (the
    performance score of a busy machine varies by several points from run to run); ``perf_runs``
    keeps the performance scores of every run."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not LIGHTHOUSE.exists():
        return [], "Lighthouse is not installed (run 'make lighthouse-setup': npm lighthouse into .vendor/)"
    if not chromium:
        return [], "Chromium is not installed (run 'make browser-deps')"
    httpd = _serve(site)
    rows = []
    try:
        for page, form in ((p, f) for p in pages for f in form_factors):
            measured = []
            for _ in range(runs):
                url = f"http://127.0.0.1:{httpd.server_address[1]}/{page}"
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "report.json"
                    env = dict(os.environ, CHROME_PATH=chromium)
                    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                           f"--only-categories={','.join(CATEGORIES)}", f"--form-factor={form}",
                           "--throttling-method=simulate", "--max-wait-for-load=60000",
                           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                           "--disable-quic --no-first-run --disable-background-networking --disable-component-update "
                           "--disable-sync --host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
                    if form == "desktop":
                        cmd.insert(-1, "--preset=desktop")
                    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
                    if proc.returncode != 0 or not out.exists():
                        return rows, f"Lighthouse failed on {page}: {(proc.stderr or proc.stdout).strip()[-500:]}"
                    data = json.loads(out.read_text())
                cats = data["categories"]
                failed = sorted(a for ref in (r for c in CATEGORIES[1:] for r in cats[c]["auditRefs"])
                                if (a := ref["id"]) in data["audits"] and data["audits"][a].get("score") is not None
                                and data["audits"][a]["score"] < 1 and ref.get("weight", 0) > 0)
                measured.append({**{c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES},
                                 "lcp_ms": round(data["audits"]["largest-contentful-paint"]["numericValue"]),
                                 "tbt_ms": round(data["audits"]["total-blocking-time"]["numericValue"]),
                                 "failed": failed})
            median = {k: round(statistics.median(m[k] for m in measured)) for k in (*CATEGORIES, "lcp_ms", "tbt_ms")}
            failed = sorted({a for m in measured for a in m["failed"]})
            rows.append({"page": page, "form": form, **median, "failed": failed,
                         "perf_runs": [m["performance"] for m in measured]})
    finally:
        httpd.shutdown()
    return rows, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (performance, accessibility)")
    parser.add_argument("--top", type=int, default=8, help="how many of the largest pages/images to list")
    parser.add_argument("--pages", nargs="*", help="pages for Lighthouse (default: the landing page and every chapter)")
    parser.add_argument("--form-factor", choices=FORM_FACTORS, action="append", help="Lighthouse profile (default: both)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and profile (medians are reported)")
    parser.add_argument("--json", help="write every number of the report to this file")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"No built site at {site}: run 'make book' first.")
        return 1
    r = report(site)

    print(f"Site report for {site}\n")
    print(table(["Part", "Size"], [
        ["whole site", human(r["total"])],
        ["  JupyterLite (lite/)", human(r["lite"])],
        ["  KaTeX stylesheet and fonts (_static/katex/)", human(r["katex"])],
        ["site without JupyterLite", human(r["without_lite"])],
        ["pages (TOC, genindex, search...)", str(len(r["pages"]))],
    ]))
    print()
    biggest = sorted(r["pages"].items(), key=lambda kv: -kv[1])[: args.top]
    print(table(["Largest pages (HTML)", "Bytes", "Size"], [[n, f"{s:,}", human(s)] for n, s in biggest]))
    print()
    chapters = sorted(r["chapters"].items())
    if chapters:
        print(table(["Chapter", "HTML"], [[n, human(s)] for n, s in chapters]))
        print()
    rows = [[n, human(v["html"]), human(v["js"]), human(v["css"]), human(v["images_eager"]), human(v["images_lazy"]),
             str(v["requests"])] for n, v in sorted(r["weights"].items()) if n == "index.html" or n.startswith("book/")]
    print(table(["Page weight, gzipped", "HTML", "JS", "CSS", "Images (at once)", "Images (lazy)", "Requests"], rows))
    print()
    if r["images"]:
        print(table(["Largest images", "Bytes", "Size", "Used on"],
                    [[n if len(n) < 40 else n[:18] + "…" + n[-18:], f"{s:,}", human(s), r["used_on"].get(n, "-")]
                     for n, s in r["images"][: args.top]]))
        print(f"({len(r['images'])} images, {human(sum(s for _, s in r['images']))} in all)\n")
    if r["inline_images"]:
        print(table(["Pages with inline (data:) images", "Bytes"], [[n, f"{s:,}"] for n, s in r["inline_images"].items()]))
        print()
    if r["missing_alt"]:
        print(table(["Page", "Image without alt text"], [list(x) for x in r["missing_alt"]]))
        print()
    checks = budgets(r)
    print(table(["Budget", "Measured", "Result"], [[n, m, "ok" if ok else "MISSED"] for n, m, ok in checks]))

    if args.lighthouse:
        print()
        pages = args.pages or ["book/intro.html", *(n for n, _ in chapters)]
        rows, why = lighthouse(site, pages, tuple(args.form_factor or FORM_FACTORS), max(1, args.runs))
        if rows:
            title = "Lighthouse (simulated throttling)" + (f", medians of {args.runs} runs" if args.runs > 1 else "")
            print(table([title, "Profile", "Perf.", "Perf. runs", "A11y", "Best pr.", "SEO", "LCP ms", "TBT ms",
                         "Failed audits (not performance)"],
                        [[x["page"], x["form"], str(x["performance"]), "/".join(map(str, x["perf_runs"])),
                          *(str(x[c]) for c in CATEGORIES[1:]), str(x["lcp_ms"]), str(x["tbt_ms"]),
                          ", ".join(x["failed"]) or "-"] for x in rows]))
        if why:
            print(f"Lighthouse: {why}")
        r["lighthouse"] = rows
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    return 1 if args.check and not all(ok for _, _, ok in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
