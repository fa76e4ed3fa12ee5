// Search ranking for a glossary-centred site (html_search_scorer in conf.py).
// Sphinx's defaults, plus two adjustments:
// - the page whose title names exactly what was searched comes first
//   ("勾配" -> 勾配（Gradient）, "DataLoader" -> データローダー（DataLoader）);
// - a glossary index entry ranks just below the page that explains the term.
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "")
      .trim()
      .toLowerCase();
    const names = title
      .toLowerCase()
      .split(/[（）()]/)
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    let adjusted = score;
    if (query && !anchor && names.includes(query)) adjusted += 40;
    if (anchor && anchor.startsWith("#term-")) {
      // Glossary terms are also index entries, which Sphinx scores up to 100;
      // the entry should follow the page that explains the term.
      adjusted -= kind === "index" ? 90 : 5;
    }
    return adjusted;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
