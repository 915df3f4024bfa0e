"""The API reference of the built book documents every public name of lessons_code."""

from __future__ import annotations

import importlib
import re

import lessons_code


def public_names() -> list[str]:
    names = []
    for module_name in lessons_code.__all__:
        if module_name == "__version__":
            continue
        module = importlib.import_module(f"lessons_code.{module_name}")
        exported = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
        names += [f"lessons_code.{module_name}.{name}" for name in exported]
    return names


def test_every_public_name_has_an_entry_on_the_api_page(site):
    html = (site / "book" / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="(lessons_code\.[\w.]+)"', html))
    names = public_names()
    assert len(names) > 100  # the package's surface, not an empty list
    missing = [n for n in names if n not in documented]
    assert not missing, f"not on the API page: {missing}"
