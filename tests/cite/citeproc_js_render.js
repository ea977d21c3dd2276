// Render CSL-JSON items with citeproc-js (npm `citeproc`, the processor Zotero uses), as the
// reference the citeproc-py output of arshif.cite is compared with (tests/cite/test_formatted.py).
//
//   node citeproc_js_render.js CITEPROC_DIR STYLE.csl LOCALE.xml < items.json > references.json
//
// Each item is rendered on its own (a one-entry bibliography, plain text), like arshif's export,
// so the output is one reference per item, in input order, as a JSON list of strings.
"use strict";
const fs = require("fs");

const [citeprocDir, stylePath, localePath] = process.argv.slice(2);
const CSL = require(citeprocDir);
const style = fs.readFileSync(stylePath, "utf8");
const locale = fs.readFileSync(localePath, "utf8");
const items = JSON.parse(fs.readFileSync(0, "utf8"));

const references = items.map((item) => {
  const id = String(item.id);
  const sys = {
    retrieveLocale: () => locale,
    retrieveItem: (wanted) => (String(wanted) === id ? item : undefined),
  };
  const engine = new CSL.Engine(sys, style, "en-US", true);
  engine.setOutputFormat("text");
  engine.updateItems([id]);
  const [, entries] = engine.makeBibliography();
  return entries.join("");
});
process.stdout.write(JSON.stringify(references));
