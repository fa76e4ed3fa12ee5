// Renders TeX to HTML with KaTeX, one JSON request per line on stdin and one
// JSON answer per line on stdout. Started once per Sphinx process by
// conf/katex_math.py, so that every formula is typeset at build time.
"use strict";
const path = require("path");
const readline = require("readline");
const katex = require(path.join(__dirname, "..", "node_modules", "katex"));

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { latex, display } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(latex, { displayMode: display, throwOnError: true, strict: "ignore" }) };
  } catch (error) {
    answer = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
