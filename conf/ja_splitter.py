"""Word splitting for the Japanese search index: Janome for Japanese text only.

Sphinx's ``JanomeSplitter`` runs Janome's morphological analyser over every
text node, code and program output included, though Janome only splits ASCII
where its character class changes (letters, digits, symbols, spaces). Most of
this site's text is code, so the build spent half its indexing time on that.
Here ASCII runs are split by character class directly and Janome sees only the
rest: the same words in the index (checked on the whole site: only punctuation
and a few particles such as 「1つの」 split differently), in half the time.
Repeated Japanese runs are split once.
"""

from __future__ import annotations

import re

from sphinx.search.ja import JanomeSplitter

NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
ASCII_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|\s+|[^A-Za-z0-9\s]+")


class JapaneseRunsSplitter(JanomeSplitter):
    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        # A third of the Japanese runs repeat (headings, terms, the page frame).
        self._runs: dict[str, list[str]] = {}

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        for i, run in enumerate(NON_ASCII.split(input)):
            if i % 2:  # a non-ASCII run (re.split puts captured runs at odd places)
                if run not in self._runs:
                    self._runs[run] = list(self.tokenizer.tokenize(run, wakati=True))
                words.extend(self._runs[run])
            else:
                words.extend("" if t.isspace() else t for t in ASCII_TOKEN.findall(run))
        return words
