"""The page optimizations of tools/reader_experience.py, on small inputs (no browser needed)."""

from __future__ import annotations

import importlib.util

import pytest
from docutils import nodes
from site_browser import ROOT


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rx = _tool("reader_experience")


def test_icons_become_inline_svgs_keeping_their_classes():
    js = rx._theme_fontawesome_js()
    if js is None:
        pytest.skip("pydata-sphinx-theme not installed")
    icons = rx.fontawesome_icons(js)
    svg = rx.icon_svg("theme-switch fa-solid fa-sun fa-lg", icons)
    assert svg.startswith('<svg class="theme-switch fa-solid fa-sun fa-lg svg-inline--fa"') and "<path" in svg
    assert rx.icon_svg("fas fa-pencil-alt", icons)  # an alias (FontAwesome 5 name)
    assert rx.icon_svg("fab fa-github", icons)
    assert rx.icon_svg("fa-solid fa-no-such-icon", icons) is None


def test_images_get_size_lazy_loading_and_a_legible_minimum_width():
    tag = rx.optimize_img('<img alt="a plot" src="../_images/x.png" />', (950, 300, 100.0), lazy=True)
    assert 'loading="lazy"' in tag and 'decoding="async"' in tag and 'width="950" height="300"' in tag
    # 10 pt labels at 100 dpi are 13.9 px; 9 px needs at least 950 * 9 / 13.9 = 616 px
    assert 'class="reader-legible"' in tag and "--reader-legible-width: 616px" in tag, tag
    first = rx.optimize_img('<img alt="logo" src="a.svg">', None, lazy=False)
    assert "loading" not in first and 'decoding="async"' in first


def test_display_math_is_sent_to_katex_like_sphinx_sends_it_to_mathjax():
    block = nodes.math_block("", "a = b\n\nc = d \\\\ e = f", nowrap=False)
    assert rx.display_tex(block) == r"\begin{gathered}a = b\\\begin{aligned}c = d \\ e = f\end{aligned}\end{gathered}"
    assert rx.display_tex(nodes.math_block("", r"\begin{align}x\end{align}", nowrap=True)) == r"\begin{align}x\end{align}"


def test_katex_typesets_with_mathml_and_reports_errors():
    if not rx.katex_available():
        pytest.skip("KaTeX is not vendored (make setup)")
    renderer = rx.KatexRenderer()
    html = renderer.render(r"\mathcal{L}(\hat y, y)", display=False)
    assert 'class="katex"' in html and "<math" in html and "annotation" in html
    with pytest.raises(ValueError):
        renderer.render(r"\frac{1}{", display=True)


def test_page_description_is_the_first_paragraph_shortened():
    doc = nodes.document(None, None)
    section = nodes.section()
    section += nodes.title("", "A chapter")
    box = nodes.container()
    box += nodes.paragraph("", "About 12 min read · 3,000 words · 40 code cells, in a box under the title")
    section += box
    section += nodes.paragraph("", "word " * 60)
    doc += section
    text = rx.page_description(doc)
    assert text.startswith("word word") and text.endswith("…") and len(text) <= rx.DESCRIPTION_CHARS


def test_headings_numbered_once_pattern():
    assert rx.MANUAL_NUMBER.sub("", "2. Linear forward") == "Linear forward"
    assert rx.MANUAL_NUMBER.sub("", "2.5 is a number") == "2.5 is a number"
