"""The library documents itself the way the book promises (CONTRIBUTING.md, library conventions)."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import lessons_code

ROOT = Path(__file__).resolve().parents[1]
# Each chapter's label, the line "(ch-...)=" just above its title: "Introduced in" links to it, so
# the strict (nitpicky) build checks the link and a renamed title cannot break it.
CHAPTER_LABELS = {
    re.search(r"^\((ch-[a-z0-9-]+)\)=\s*\n# ", p.read_text(encoding="utf-8"), flags=re.M).group(1)
    for p in (ROOT / "book").glob("[0-9][0-9]_*.md")
}
MODULES = [m for m in lessons_code.__all__ if m != "__version__"]


def public_objects():
    for module_name in MODULES:
        module = importlib.import_module(f"lessons_code.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{module_name}.{name}", obj


def test_every_module_declares_its_public_names():
    for module_name in MODULES:
        module = importlib.import_module(f"lessons_code.{module_name}")
        assert getattr(module, "__all__", None), f"lessons_code.{module_name} has no __all__"


@pytest.mark.parametrize("qualname, obj", list(public_objects()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_function_names_the_chapter_that_introduces_it(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.splitlines() and doc.splitlines()[0].strip(), f"{qualname} has no one-line summary"
    match = re.search(r"Introduced in: :ref:`([a-z0-9-]+)`$", doc.strip())
    assert match, f"{qualname}: the docstring must end with 'Introduced in: :ref:`<chapter label>`'"
    assert match.group(1) in CHAPTER_LABELS, f"{qualname}: {match.group(1)!r} is not a chapter's label"
