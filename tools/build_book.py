"""Build the book strictly: any warning, cell error or broken reference fails the build.

Usage: ``python tools/build_book.py [BOOK_DIR]`` (``make book`` runs it on the repository).

It runs ``jupyter-book build BOOK_DIR -W -n --keep-going`` (warnings are errors, nitpicky
cross-references, and every problem is reported rather than only the first), saves the whole log
to ``_build/build.log`` and then:

* fails if the log holds any ``WARNING``/``ERROR`` line at all, including ones that are not
  Sphinx's (a library warning printed by the build process, say), so "green" means "clean";
* names each failing page, with the first line of its problem, and writes that page's full report
  (the failing cell's traceback included) to ``_build/reports/<page>.log``;
* reports how many chapters were executed and how many were served from the execution cache.

Exit status: 0 on a clean build, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "<path>.md: WARNING: ..." or "<path>.md:12: ERROR: ..." (Sphinx's located messages)
LOCATED = re.compile(r"^(?P<path>/?[^\s:]+?\.(?:md|ipynb|rst|py))(?::\d+)?: (?P<level>WARNING|ERROR|CRITICAL): (?P<msg>.*)$")
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback \(most recent call last\)")
MAX_LISTED = 5  # problems listed per page in the summary (all of them are in the page's report)
NOISE = ("MdParserConfig(", "NbParserConfig(")  # config dumps that mention 'warn' options


def run_build(book: Path, log_path: Path) -> int:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(book), "-W", "-n", "--keep-going"]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            clean = ANSI.sub("", line)
            log.write(clean)
            sys.stdout.write(line)
        return proc.wait()


STATUS = re.compile(r"^([a-z][a-z -]*\.\.\.|\[\w+\]|build |The HTML pages|Finished generating|Running |Source Folder|Config Path|Output Path|=+$)")


def problems_by_page(lines: list[str], book: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Group the problem blocks of the log by page; also return problems with no page.

    A block starts at a located message (``<page>: WARNING: ...``) and runs, with the traceback or
    details that follow it, up to the next located message or Sphinx status line.
    """
    pages: dict[str, list[str]] = defaultdict(list)
    unlocated: list[str] = []
    current: list[str] | None = None
    for line in lines:
        m = LOCATED.match(line)
        if m:
            try:
                page = str(Path(m["path"]).resolve().relative_to(book.resolve()))
            except ValueError:
                page = m["path"]
            current = pages[page]
            current.append(line)
        elif current is not None and not STATUS.match(line):
            current.append(line)
        else:
            current = None
            if PROBLEM.search(line) and not line.startswith(NOISE) and "build finished with problems" not in line:
                unlocated.append(line)
    return pages, unlocated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", default=".", help="the book's root (holds _config.yml)")
    args = parser.parse_args(argv)
    book = Path(args.book)
    build_dir = book / "_build"
    log_path = build_dir / "build.log"

    start = time.perf_counter()
    code = run_build(book, log_path)
    seconds = time.perf_counter() - start
    lines = log_path.read_text(encoding="utf-8").splitlines()

    executed = [l for l in lines if "Executed notebook in" in l]
    cached = [l for l in lines if "Using cached notebook" in l]
    pages, unlocated = problems_by_page(lines, book)

    reports = build_dir / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    for old in reports.glob("*.log"):
        old.unlink()
    print("\n" + "=" * 79)
    failed = [l for l in lines if "Executing notebook failed" in l]
    print(
        f"Build took {seconds:.1f} s: {len(executed)} page(s) executed, {len(cached)} served from the "
        f"execution cache" + (f", {len(failed)} failed to execute." if failed else ".")
    )
    succeeded = any("build succeeded" in l for l in lines)
    if code == 0 and succeeded and not pages and not unlocated:
        print("Strict build succeeded with zero warnings.")
        print(f"Open {build_dir / 'html' / 'index.html'} or run 'make serve'.")
        return 0
    print(f"STRICT BUILD FAILED (jupyter-book exit code {code}).")
    for page, block in sorted(pages.items()):
        report = reports / (re.sub(r"[^\w.-]+", "__", page) + ".log")
        report.write_text("\n".join(block) + "\n", encoding="utf-8")
        print(f"  {page}:")
        located = [m for line in block if (m := LOCATED.match(line))]
        # an execution failure first: the warnings after it (missing glue keys, figure labels)
        # are usually its consequences
        located.sort(key=lambda m: "Executing notebook failed" not in m["msg"])
        for m in located[:MAX_LISTED]:
            print(f"      {m['level']}: {m['msg'][:300]}")
        if len(located) > MAX_LISTED:
            print(f"      ... and {len(located) - MAX_LISTED} more")
        print(f"      full report (with tracebacks): {report}")
    for line in unlocated[:20]:
        print(f"  (no page) {line}")
    print(f"Whole log: {log_path}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
