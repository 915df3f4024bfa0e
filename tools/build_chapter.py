"""Build one chapter strictly, quickly, in its own folder: for authors editing a chapter.

Usage: ``python tools/build_chapter.py book/05_shallow_networks.md`` (or ``make chapter
CH=book/05_shallow_networks.md``).

The whole book is built (so cross-references to other pages resolve), but only the chapter given is
executed; the others are rendered without outputs. The build happens in a scratch copy of the
repository's layout under ``_build/chapters/<name>/`` (symbolic links to ``book/``,
``lessons_code/`` and ``tools/``), so several chapters can be built at once without sharing a build
folder. Problems are reported for the chapter given only (``tools/build_book.py --page``); exit
status 0 means that chapter is clean.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import build_book  # tools/build_book.py, next to this file
import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(toc: dict) -> list[str]:
    files = []
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            files.append(ch["file"])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", help="path of the chapter, e.g. book/05_shallow_networks.md")
    args = parser.parse_args(argv)
    chapter = Path(args.chapter).resolve().relative_to(ROOT).with_suffix("").as_posix()

    work = ROOT / "_build" / "chapters" / Path(chapter).name
    work.mkdir(parents=True, exist_ok=True)
    for name in ("book", "lessons_code", "tools"):
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    # keep the pages that exist; make sure the chapter is listed
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if (ROOT / f"{c['file']}.md").exists()]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    if chapter not in toc_files(toc) and chapter != toc["root"]:
        toc["parts"].append({"caption": "Draft", "chapters": [{"file": chapter}]})
    (work / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    others = [f"{f}.md" for f in toc_files(toc) + [toc["root"]] if f != chapter]
    config["execute"]["exclude_patterns"] = others
    (work / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    # JupyterLite is part of the full build (make book), not of one chapter's: skip it unless asked.
    os.environ.update(PYTHONPATH=str(work), BOOK_LITE=os.environ.get("BOOK_LITE", "0"))
    return build_book.main([str(work), "--page", chapter])


if __name__ == "__main__":
    sys.exit(main())
