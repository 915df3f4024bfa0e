/* Search snippets show the text of formulas, not their TeX source (tools/reader_experience.py).
 * Pages typeset math at build time with KaTeX, which keeps the TeX in a MathML <annotation> and
 * draws the formula a second time for the eye (.katex-html); Sphinx's snippet is the page's
 * textContent, so without this it repeats each formula three times, once as raw TeX. Loaded on the
 * search page only, after Sphinx's searchtools.js. */
(() => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".katex-html, annotation, .reader-meta, .eqno").forEach((el) => el.remove());
    return htmlToText(doc.documentElement.outerHTML, anchor);
  };
})();
