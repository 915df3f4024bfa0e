"""Build the book strictly: any warning, cell error or broken reference fails the build.

Usage: ``python tools/build_book.py [BOOK_DIR] [--page book/NN_x]`` (``make book`` runs it on the
repository; ``tools/build_chapter.py`` with ``--page``).

It runs ``jupyter-book build BOOK_DIR -W -n --keep-going`` (warnings are errors, nitpicky
cross-references, and every problem is reported rather than only the first), saves the whole log
to ``_build/build.log`` and then prints a summary:

* how many pages were executed and how many served from the execution cache, and each page whose
  execution failed, with its error and myst-nb's report of it (the failing cell's traceback), from
  ``_build/execution.json`` (written by ``tools/lessons_cache.py``);
* each page with a warning, with its first warnings;
* any other ``WARNING``/``ERROR`` line of the log (a library warning printed by the build process,
  say): it fails the build too, so "green" means "clean".

With ``--page``, only that page's problems count (the other pages are not executed, so their
missing outputs are expected). Exit status: 0 on a clean build, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "<path>.md: WARNING: ..." or "<path>.md:12: ERROR: ..." (Sphinx's located messages)
LOCATED = re.compile(r"^(?P<path>/?[^\s:]+?\.(?:md|ipynb|rst|py))(?::\d+)?: "
                     r"(?P<level>WARNING|ERROR|CRITICAL): (?P<msg>.*)$")
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b|Traceback \(most recent call last\)")
NOISE = ("MdParserConfig(", "NbParserConfig(", "build finished with problems")  # not problems
EXECUTION_FAILED = ("Executing notebook failed", "Notebook exception traceback saved")
MAX_LISTED = 5  # warnings listed per page (all of them are in the log)


def run_build(book: Path, log_path: Path, echo: bool = True) -> int:
    """Run jupyter-book, saving its output (without colours) to ``log_path`` and echoing it."""
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
           "build", str(book), "-W", "-n", "--keep-going"]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=dict(os.environ, PYTHONUNBUFFERED="1"))
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(ANSI.sub("", line))
            if echo:
                sys.stdout.write(line)
        return proc.wait()


def first_line_of_error(report: str | None) -> str:
    """The last line of a traceback, e.g. ``AssertionError: ...`` (myst-nb's report file)."""
    if not report or not Path(report).exists():
        return ""
    lines = ANSI.sub("", Path(report).read_text(encoding="utf-8")).splitlines()
    errors = [line.strip() for line in lines if re.match(r"\w+(Error|Exception|Interrupt)\b", line)]
    return errors[-1] if errors else ""


def page_of(path: str, book: Path) -> str:
    """``book/02_tensors`` for ``<book>/book/02_tensors.md`` (as jupyter-book names it: absolute,
    symbolic links not followed, since build_chapter.py's ``book/`` is one)."""
    file = Path(os.path.abspath(path))
    return file.relative_to(book).with_suffix("").as_posix() if file.is_relative_to(book) else path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", default=".", help="the book's root (holds _config.yml)")
    parser.add_argument("--page", help="report only this page's problems, e.g. book/02_tensors")
    args = parser.parse_args(argv)
    book = Path(os.path.abspath(args.book))
    build_dir = book / "_build"
    log_path, report_path = build_dir / "build.log", build_dir / "execution.json"
    report_path.unlink(missing_ok=True)  # this build's, or none if it stops early
    shutil.rmtree(build_dir / "html" / "reports", ignore_errors=True)  # myst-nb's, of old failures

    start = time.perf_counter()
    if args.page:
        print(f"Building the book, executing {args.page} only (log: {log_path})", flush=True)
    code = run_build(book, log_path, echo=not args.page)
    seconds = time.perf_counter() - start
    lines = log_path.read_text(encoding="utf-8").splitlines()
    execution = json.loads(report_path.read_text()) if report_path.exists() else {}

    # problems by page: failed executions (execution.json) and located warnings (the log)
    problems: dict[str, list[str]] = defaultdict(list)
    for docname, page in sorted(execution.items()):
        if not page["succeeded"]:
            error = f"{page['error']}  {first_line_of_error(page['report'])}"
            problems[docname].append(f"Executing notebook failed: {error}")
            problems[docname].append(f"the failing cell's traceback: {page['report']}")
    unlocated = []
    for line in lines:
        if m := LOCATED.match(line):
            docname = page_of(m["path"], book)
            # (an execution failure is already listed, from execution.json)
            if docname not in execution or not m["msg"].startswith(EXECUTION_FAILED):
                problems[docname].append(f"{m['level']}: {m['msg'][:300]}")
        elif PROBLEM.search(line) and not line.startswith(NOISE):
            unlocated.append(line)
    if args.page:
        problems = {args.page: problems[args.page]} if problems.get(args.page) else {}

    executed = [d for d, p in execution.items() if p["executed"]]
    failed = [d for d, p in execution.items() if not p["succeeded"]]
    print("\n" + "=" * 79)
    print(f"Build took {seconds:.1f} s: {len(executed)} page(s) executed, "
          f"{len(execution) - len(executed)} served from the execution cache"
          + (f", {len(failed)} failed to execute." if failed else "."))
    for docname in sorted(executed):
        print(f"  executed {docname} in {execution[docname]['seconds'] or 0:.1f} s")
    clean = (code == 0 or args.page) and not problems and not unlocated
    if clean and args.page:
        print(f"{args.page}.md: clean (other pages, not executed, not checked).")
        print(f"Open {build_dir / 'html' / args.page}.html")
        return 0
    if clean:
        print("Strict build succeeded with zero warnings.")
        print(f"Open {build_dir / 'html' / 'index.html'} or run 'make serve'.")
        return 0
    print(f"STRICT BUILD FAILED (jupyter-book exit code {code}).")
    for docname, found in sorted(problems.items()):
        print(f"  {docname}.md:")
        for problem in found[:MAX_LISTED]:
            print(f"      {problem}")
        if len(found) > MAX_LISTED:
            print(f"      ... and {len(found) - MAX_LISTED} more")
    for line in unlocated[:20]:
        print(f"  (no page) {line}")
    print(f"Whole log: {log_path}")
    # Sphinx re-reads only changed pages, and so would not repeat these warnings: make the next
    # build read (and check) every page again; their executions stay cached.
    (build_dir / ".doctrees" / "environment.pickle").unlink(missing_ok=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
