// Hover and focus cards for glossary terms.
// The summary of each term is written into the link's title at build time
// (conf/site_ui.py); this script turns it into a card that also opens on
// keyboard focus and closes with Escape. Without JavaScript the title remains.
(function () {
  "use strict";
  let card = null;

  function ensureCard() {
    if (card) return card;
    card = document.createElement("div");
    card.id = "term-tooltip";
    card.className = "term-tooltip";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    document.body.appendChild(card);
    return card;
  }

  function show(link) {
    const el = ensureCard();
    el.textContent = link.dataset.summary;
    el.hidden = false;
    link.setAttribute("aria-describedby", el.id);
    const rect = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    el.style.maxWidth = width + "px";
    let left = rect.left + window.scrollX;
    left = Math.max(8 + window.scrollX, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    el.style.left = left + "px";
    el.style.top = rect.bottom + window.scrollY + 6 + "px";
  }

  function hide(link) {
    if (card) card.hidden = true;
    if (link) link.removeAttribute("aria-describedby");
  }

  function init() {
    document.querySelectorAll("a.glossary-term[title]").forEach(function (link) {
      link.dataset.summary = link.getAttribute("title");
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", function () { hide(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", function () { hide(link); });
      link.addEventListener("keydown", function (event) {
        if (event.key === "Escape") hide(link);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
