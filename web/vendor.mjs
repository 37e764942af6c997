// Copies built files from node_modules into the repository, which serves (or tests with) them
// offline; run `npm ci --ignore-scripts && npm run vendor` after changing a version in package.json.
// YASGUI, the query editor, and Cytoscape.js, which draws the graph pages, go into the Python package; axe-core, the accessibility checker the
// browser tests inject into every page, goes into tests/vendor/ and is never served.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

function vendor(name, files, target) {
  const source = `node_modules/${name}`;
  const meta = JSON.parse(readFileSync(`${source}/package.json`, "utf8"));
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    copyFileSync(`${source}/${file}`, `${target}/${file.split("/").pop()}`);
  }
  writeFileSync(
    `${target}/NOTICE.txt`,
    `${meta.name} ${meta.version}, ${meta.license} licence: ${meta.homepage || meta.repository?.url || ""}\n` +
      "Copied unchanged from the npm package by web/vendor.mjs (pinned in web/package-lock.json).\n",
  );
}

vendor("@zazuko/yasgui", ["build/yasgui.min.js", "build/yasgui.min.css"], "../src/thbkg/serve/static/yasgui");
vendor("cytoscape", ["dist/cytoscape.min.js", "LICENSE"], "../src/thbkg/serve/static/cytoscape");
vendor("axe-core", ["axe.min.js", "LICENSE"], "../tests/vendor/axe-core");
