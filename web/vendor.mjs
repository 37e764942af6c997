// Copies the built YASGUI editor from node_modules into the Python package, which serves it
// offline; run `npm ci --ignore-scripts && npm run vendor` after changing the version in package.json.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const source = "node_modules/@zazuko/yasgui";
const target = "../src/thbkg/serve/static/yasgui";
const meta = JSON.parse(readFileSync(`${source}/package.json`, "utf8"));

mkdirSync(target, { recursive: true });
for (const name of ["yasgui.min.js", "yasgui.min.css"]) {
  copyFileSync(`${source}/build/${name}`, `${target}/${name}`);
}
writeFileSync(
  `${target}/NOTICE.txt`,
  `${meta.name} ${meta.version}, ${meta.license} licence: ${meta.homepage || meta.repository?.url || ""}\n` +
    "Copied unchanged from the npm package by web/vendor.mjs (pinned in web/package-lock.json).\n",
);
