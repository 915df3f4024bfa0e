"""Size budgets of the built site, printed as tables (``make site-report``).

Usage: ``python tools/site_report.py [HTML_DIR] [--check] [--lighthouse]``
(HTML_DIR defaults to ``_build/html``).

Reports the total size of the site with and without its JupyterLite part (``lite/``) and its
vendored MathJax, the largest pages (HTML bytes, TOC pages) and the largest images, and checks the
budgets:

* median chapter HTML (numbered chapters ``book/NN_*.html``) ≤ 200 KB;
* no image over 200 KB (save figures at a sensible DPI, or as SVG where that is lighter);
* zero ``<img>`` without alt text.

``--check`` exits with status 1 when a budget is missed (the browser tests check the same budgets).

``--lighthouse`` also runs Lighthouse (npm ``lighthouse``, installed by ``make lighthouse-setup`` into
the git-ignored ``.vendor/``) with Debian's Chromium, offline, against a local server, and reports
the performance and accessibility scores of the first chapters. The local server gzips text, as
the production host does. Lighthouse's throttling is simulated (desktop profile), and its CPU
timings come from this machine: on a busy 2-core builder the performance score is pessimistic.
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
PAGE_BUDGET = 200 * KB  # median chapter HTML
IMAGE_BUDGET = 200 * KB
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CHAPTER = re.compile(r"^book/\d\d_.*\.html$")
LIGHTHOUSE = ROOT / ".vendor" / "node_modules" / ".bin" / "lighthouse"


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            a = dict(attrs)
            self.images.append({"src": a.get("src"), "alt": a.get("alt")})


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
    mathjax = dir_size(site / "_static" / "mathjax")
    return {
        "site": str(site),
        "total": total,
        "lite": lite,
        "mathjax": mathjax,
        "without_lite": total - lite,
        "pages": page_sizes,
        "chapters": chapter_sizes,
        "median_chapter": statistics.median(chapter_sizes.values()) if chapter_sizes else 0,
        "images": [(p.relative_to(site).as_posix(), p.stat().st_size) for p in images],
        "missing_alt": missing_alt,
        "used_on": used_on,
        "inline_images": inline_images,
    }


def budgets(r: dict) -> list[tuple[str, str, bool]]:
    big = [(n, s) for n, s in r["images"] if s > IMAGE_BUDGET]
    return [
        ("median chapter HTML <= 200 KB", f"{human(r['median_chapter'])} over {len(r['chapters'])} chapters",
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


def lighthouse(site: Path, pages: list[str]) -> tuple[list[list[str]], str | None]:
    """Scores per page, or (no rows, why Lighthouse could not run)."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not LIGHTHOUSE.exists():
        return [], "Lighthouse is not installed (run 'make lighthouse-setup': npm lighthouse into .vendor/)"
    if not chromium:
        return [], "Chromium is not installed (run 'make browser-deps')"
    httpd = _serve(site)
    rows = []
    try:
        for page in pages:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/{page}"
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "report.json"
                env = dict(os.environ, CHROME_PATH=chromium)
                proc = subprocess.run(
                    [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                     "--only-categories=performance,accessibility", "--form-factor=desktop", "--screenEmulation.disabled",
                     "--throttling-method=simulate", "--max-wait-for-load=60000",
                     "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage "
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
                    capture_output=True, text=True, env=env, timeout=300,
                )
                if proc.returncode != 0 or not out.exists():
                    return rows, f"Lighthouse failed on {page}: {(proc.stderr or proc.stdout).strip()[-500:]}"
                data = json.loads(out.read_text())
            cats = data["categories"]
            failed_a11y = [a for a, v in data["audits"].items()
                           if v.get("score") is not None and v["score"] < 1 and v.get("scoreDisplayMode") == "binary"
                           and a in {ref["id"] for ref in cats["accessibility"]["auditRefs"]}]
            rows.append([page, f"{cats['performance']['score'] * 100:.0f}", f"{cats['accessibility']['score'] * 100:.0f}",
                         ", ".join(failed_a11y) or "-"])
    finally:
        httpd.shutdown()
    return rows, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (performance, accessibility)")
    parser.add_argument("--top", type=int, default=8, help="how many of the largest pages/images to list")
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
        ["  MathJax (_static/mathjax/)", human(r["mathjax"])],
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
        pages = [n for n, _ in chapters[:3]] or ["book/intro.html"]
        rows, why = lighthouse(site, pages)
        if rows:
            print(table(["Lighthouse (desktop, simulated throttling)", "Performance", "Accessibility", "Failed a11y audits"], rows))
        if why:
            print(f"Lighthouse: {why}")
    return 1 if args.check and not all(ok for _, _, ok in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
