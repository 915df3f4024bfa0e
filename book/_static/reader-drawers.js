/* The two buttons of the article header that open the drawers on a narrow screen: "menu" (the book's
 * chapters) and "On this page". pydata-sphinx-theme 0.17 listens only on the first button of each
 * kind in the page, a copy in the site header that sphinx-book-theme hides, so on a phone the
 * visible buttons did nothing (pydata/pydata-sphinx-theme#2451). Pass their clicks on to the
 * listening copy; on a wide screen the menu button is sphinx-book-theme's own (it folds the
 * sidebar). A tap on a link in a drawer closes the drawer, so that the page shows where it leads. */
document.addEventListener("DOMContentLoaded", () => {
  for (const kind of ["primary-toggle", "secondary-toggle"]) {
    const listening = document.querySelector("." + kind);
    document.querySelectorAll(".bd-header-article ." + kind).forEach((button) => {
      if (button === listening) return;
      button.addEventListener("click", () => {
        if (kind === "primary-toggle" && matchMedia("(min-width: 992px)").matches) return;
        listening?.click();
      });
    });
  }
  document.querySelectorAll("dialog").forEach((dialog) =>
    dialog.addEventListener("click", (event) => {
      if (event.target.closest('a[href^="#"]')) dialog.close();
    }));
});
