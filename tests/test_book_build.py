"""The build pipeline keeps its promises: strict failures name the chapter, pages are never stale.

These tests build small temporary books with the repository's own configuration, extension and
build script (``tools/build_book.py``), so they prove the real pipeline rather than a copy of it.
The full book itself is built strictly by ``make test`` right after this suite.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def chapter(title: str, *cells: str) -> str:
    body = "\n\n".join(f"```{{code-cell}} ipython3\n{c.strip()}\n```" for c in cells)
    return f"{FRONT_MATTER}\n# {title}\n\nSome prose.\n\n{body}\n"


def make_book(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A book in tmp_path: the real _config.yml and tools/, a copy of lessons_code, given pages."""
    book = tmp_path / "book_root"
    (book / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "tools", book / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "lessons_code", book / "lessons_code", ignore=shutil.ignore_patterns("__pycache__"))
    (book / "book" / "_static").mkdir()
    shutil.copy(ROOT / "book" / "_static" / "favicon.ico", book / "book" / "_static")  # html.favicon
    (book / "book" / "intro.md").write_text("# A test book\n\nThe landing page.\n")
    toc = {"format": "jb-book", "root": "book/intro", "chapters": []}
    for name, text in pages.items():
        (book / "book" / f"{name}.md").write_text(text)
        toc["chapters"].append({"file": f"book/{name}"})
    (book / "_toc.yml").write_text(yaml.safe_dump(toc))
    return book


def build(book: Path) -> subprocess.CompletedProcess:
    """Run the repository's strict build script on ``book``; kernels import its lessons_code copy."""
    env = dict(os.environ, PYTHONPATH=str(book))
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_book.py"), str(book)],
        capture_output=True, text=True, env=env, timeout=600,
    )


def page_text(book: Path, name: str) -> str:
    html = (book / "_build" / "html" / "book" / f"{name}.html").read_text()
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.slow
def test_failing_cell_and_stderr_fail_the_build_and_name_the_chapter(tmp_path):
    book = make_book(
        tmp_path,
        {
            "fine": chapter("Fine", "print(1 + 1)"),
            "raises": chapter("Raises", "x = 1", "raise RuntimeError('deliberate failure for the test')"),
            "warns": chapter("Warns", "import warnings\nwarnings.warn('a stray warning in a cell')"),
        },
    )
    result = build(book)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "STRICT BUILD FAILED" in out
    summary = out.split("STRICT BUILD FAILED", 1)[1]
    assert "book/raises.md" in summary and "Executing notebook failed" in summary
    assert "RuntimeError: deliberate failure for the test" in summary  # the error's own line
    assert "book/warns.md" in summary  # stderr output of a cell is a warning, hence a failure
    assert "book/fine.md" not in summary
    report = book / "_build" / "html" / "reports" / "book" / "raises.err.log"  # myst-nb's report
    assert str(report) in summary
    assert "deliberate failure for the test" in report.read_text()  # the traceback is in the page's report

    again = build(book)  # nothing changed: the same problems, not a green build of unchanged pages
    assert again.returncode != 0 and "book/warns.md" in again.stdout.split("STRICT BUILD FAILED", 1)[1]


def falsify_first_claim(text: str) -> tuple[str, str]:
    """Negate the first ``assert`` of the first hidden (``remove-cell``) cell of a chapter.

    Returns the falsified chapter and the source of the claim that was negated.
    """
    import ast

    for match in re.finditer(r"```\{code-cell\}[^\n]*\n(:tags: \[[^\]]*remove-cell[^\]]*\]\n)(.*?)```", text, re.S):
        source = match.group(2)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assert):
                claim = ast.get_source_segment(source, node.test)
                message = ast.get_source_segment(source, node.msg) if node.msg else repr(claim)
                lines = source.splitlines(keepends=True)
                start = sum(len(l) for l in lines[: node.lineno - 1]) + node.col_offset
                end = sum(len(l) for l in lines[: node.end_lineno - 1]) + node.end_col_offset
                falsified = source[:start] + f"assert not ({claim}), {message}" + source[end:]
                return text[: match.start(2)] + falsified + text[match.end(2):], claim
    raise AssertionError("the chapter has no assert in a remove-cell cell")


@pytest.mark.slow
def test_a_falsified_claim_fails_the_build_and_names_the_chapter(tmp_path):
    """The mechanism behind every sentence: a claim asserted in a hidden cell that stops being true
    makes the strict build fail, naming the chapter (CONTRIBUTING.md, "Every claim is asserted")."""
    name = "02_tensors"
    for item in ("book", "lessons_code", "tools"):
        shutil.copytree(ROOT / item, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
    for item in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / item, tmp_path / item)
    chapter_file = tmp_path / "book" / f"{name}.md"
    falsified, claim = falsify_first_claim(chapter_file.read_text())
    chapter_file.write_text(falsified)

    env = dict(os.environ, PYTHONPATH=str(tmp_path), BOOK_LITE="0")
    result = subprocess.run(
        [sys.executable, str(tmp_path / "tools" / "build_chapter.py"), str(chapter_file)],
        capture_output=True, text=True, env=env, timeout=900, cwd=tmp_path,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    summary = out.split("STRICT BUILD FAILED", 1)[-1]
    assert f"book/{name}.md:" in summary and "Executing notebook failed" in summary, out[-3000:]
    assert "AssertionError" in summary, summary
    report = tmp_path / "_build" / "chapters" / name / "_build" / "html" / "reports" / "book" / f"{name}.err.log"
    assert "AssertionError" in report.read_text()


@pytest.mark.slow
def test_broken_cross_reference_fails_the_build(tmp_path):
    text = chapter("Refs", "print('ok')") + "\nSee {ref}`a-label-that-does-not-exist`.\n"
    result = build(make_book(tmp_path, {"refs": text}))
    assert result.returncode != 0
    assert "book/refs.md" in result.stdout.split("STRICT BUILD FAILED", 1)[1]


@pytest.mark.slow
def test_library_edit_reexecutes_the_pages(tmp_path):
    """Never stale: an edit anywhere in lessons_code re-executes every page, even one whose code
    cells did not change (jupyter-cache alone would serve its old outputs); a no-op rebuild
    executes nothing."""
    pages = {
        "probe_page": chapter(
            "Probe",
            "import lessons_code\nprint('package at', lessons_code.__file__)",
            "from lessons_code.probe import message\nprint(message())",
        ),
        "other_page": chapter("Other", "from lessons_code.other import VALUE\nprint('other', VALUE)"),
    }
    book = make_book(tmp_path, pages)
    probe = book / "lessons_code" / "probe.py"
    probe.write_text("def message():\n    return 'first version of the library'\n")
    (book / "lessons_code" / "other.py").write_text("VALUE = 41\n")

    first = build(book)
    assert first.returncode == 0, first.stdout[-3000:]
    assert "first version of the library" in page_text(book, "probe_page")
    assert str(book / "lessons_code") in page_text(book, "probe_page")  # the copy, not the repo
    assert "2 page(s) executed" in first.stdout

    noop = build(book)
    assert noop.returncode == 0
    assert "0 page(s) executed" in noop.stdout

    probe.write_text("def message():\n    return 'second version of the library'\n")
    second = build(book)
    assert second.returncode == 0, second.stdout[-3000:]
    assert "2 page(s) executed" in second.stdout
    text = page_text(book, "probe_page")
    assert "second version of the library" in text and "first version" not in text

    (book / "lessons_code" / "other.py").write_text("VALUE = 42\n")
    third = build(book)
    assert third.returncode == 0, third.stdout[-3000:]
    assert "2 page(s) executed" in third.stdout
    assert "other 42" in page_text(book, "other_page")


def test_a_stylesheet_edit_reaches_the_site(tmp_path):
    """Never stale, for the site's own files too: Sphinx alone copies static files only when it
    writes some page, so an edited stylesheet would not reach the site of a rebuild."""
    book = make_book(tmp_path, {"page": chapter("Page", "print('hello')")})
    style = book / "book" / "_static" / "reader-experience.css"  # the site's stylesheet
    style.write_text("/* first version */\n")
    assert build(book).returncode == 0
    built = book / "_build" / "html" / "_static" / "reader-experience.css"
    assert "first version" in built.read_text()

    style.write_text("/* second version */\n")
    second = build(book)
    assert second.returncode == 0, second.stdout[-3000:]
    assert "0 page(s) executed" in second.stdout  # written again from the cache, not re-executed
    assert "second version" in built.read_text()


@pytest.mark.slow
def test_library_edit_after_a_failed_build_is_not_served_stale(tmp_path):
    """A page cached by a build that failed elsewhere must still follow later library edits."""
    probe_page = chapter("Probe", "from lessons_code.probe import message\nprint(message())")
    book = make_book(tmp_path, {"probe_page": probe_page, "broken": chapter("Broken", "1 / 0")})
    probe = book / "lessons_code" / "probe.py"
    probe.write_text("def message():\n    return 'first version of the library'\n")
    assert build(book).returncode != 0  # the broken page fails the build; probe_page is cached

    probe.write_text("def message():\n    return 'second version of the library'\n")
    (book / "book" / "broken.md").write_text(chapter("Broken", "print('fixed')"))
    second = build(book)
    assert second.returncode == 0, second.stdout[-3000:]
    assert "second version of the library" in page_text(book, "probe_page")


def test_every_chapter_is_in_the_toc_and_has_executable_front_matter():
    toc = (ROOT / "_toc.yml").read_text()
    listed = set(re.findall(r"file:\s*(\S+)", toc)) | set(re.findall(r"root:\s*(\S+)", toc))
    for md in sorted((ROOT / "book").rglob("*.md")):
        rel = md.relative_to(ROOT).with_suffix("").as_posix()
        assert rel in listed, f"{rel}.md is not in _toc.yml (no orphan pages)"
        text = md.read_text()
        if "{code-cell}" in text:
            head = text.split("---", 2)[1] if text.startswith("---") else ""
            assert "format_name: myst" in head and "kernelspec" in head, (
                f"{rel}.md has code cells but no jupytext/kernelspec front matter: they would not run"
            )
    for entry in listed:
        assert (ROOT / f"{entry}.md").exists() or (ROOT / f"{entry}.ipynb").exists(), entry


def test_repository_url_is_consistent():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = config["repository"]["url"]
    assert url.startswith("https://github.com/")
    pyproject = (ROOT / "pyproject.toml").read_text()
    for line in re.findall(r'^(?:Source|Issues) = "(.+)"', pyproject, flags=re.M):
        assert line.startswith(url), f"pyproject.toml URL {line} does not match _config.yml {url}"


def test_import_does_not_pull_heavy_libraries():
    code = (
        "import sys, lessons_code\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'sklearn', 'matplotlib') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import lessons_code imported {out.stdout.strip()}"


def test_package_digest_follows_every_file_of_the_package(tmp_path):
    """The cache key of every page: any file of lessons_code (a module, a data file, a new module)
    changes it; compiled files do not."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lessons_cache", ROOT / "tools" / "lessons_cache.py")
    lessons_cache = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lessons_cache)

    package = tmp_path / "lessons_code"
    shutil.copytree(ROOT / "lessons_code", package, ignore=shutil.ignore_patterns("__pycache__"))
    seen = {lessons_cache.package_digest(package)}
    for path, text in [("deep.py", "# an edit\n"), ("data/corpus.tsv", "x\t1\n"), ("new_module.py", "X = 1\n")]:
        with (package / path).open("a", encoding="utf-8") as f:
            f.write(text)
        seen.add(lessons_cache.package_digest(package))
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "deep.cpython-311.pyc").write_bytes(b"compiled")
    seen.add(lessons_cache.package_digest(package))
    assert len(seen) == 4, "each edit changes the digest once, and __pycache__ does not"
