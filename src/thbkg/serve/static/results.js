// The query page's results view: a result as a table people can read, by the rules of
// serve/result_table.py (the saved queries' pages), so a result reads the same wherever the site
// shows it. Things show their labels (asked of this server's /api/labels) as links to their pages
// here, with the IRI in the link's title; numbers as written; dates, year-months and durations as
// words; a language other than English as a small tag. Cells are built as DOM nodes, never as
// markup, so no value can inject anything. Raw values stay in the Response tab and the downloads.
(function () {
  "use strict";
  const site = JSON.parse(document.getElementById("site-config").textContent);
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMBERS = new Set(site.numbers);
  const DATES = new Set(["date", "dateTime", "gYear", "gYearMonth"].map((local) => XSD + local));
  const DURATIONS = new Set(["duration", "yearMonthDuration", "dayTimeDuration"].map((local) => XSD + local));
  const STRINGS = new Set([XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]);
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const UNITS = [["Y", "year"], ["M", "month"], ["D", "day"]];
  const SHOWN_ROWS = 1000; // rows drawn; the downloads give the whole result
  const LABELS_AT_ONCE = 2000; // /api/labels' limit
  const namespaces = Object.entries(site.prefixes).sort((a, b) => b[1].length - a[1].length);

  // Where a link to an IRI goes: our own pages for our IRIs, the IRI itself if it is http(s).
  function href(iri) {
    if (iri.startsWith(site.things)) return "/id/" + iri.slice(site.things.length);
    if (iri === site.ontology || iri.startsWith(site.terms)) return "/ontology" + iri.slice(site.ontology.length);
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  // kind/slug for our things, prefix:local for a known vocabulary, else the IRI.
  function shortName(iri) {
    for (const [prefix, namespace] of namespaces) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) {
        const local = iri.slice(namespace.length);
        if (prefix === "thbr") return local;
        return local.includes("/") ? iri : prefix + ":" + local;
      }
    }
    return iri;
  }

  function heading(variable) {
    return variable.replace(/([a-z0-9])(?=[A-Z])/g, "$1 ").replace(/_/g, " ").toLowerCase().trim();
  }

  function element(name, text, attributes) {
    const node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    return node;
  }

  function readableDate(value, datatype) {
    const found = /^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?/.exec(value);
    if (!found) return null;
    const [, year, month, day] = found;
    if (datatype !== XSD + "dateTime" && found[0] !== value) return null;
    if (!month) return year;
    const name = MONTHS[Number(month) - 1] || month;
    return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
  }

  function readableDuration(value) {
    const found = /^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(value);
    if (!found) return null;
    const parts = UNITS.map(([, word], i) => [found[i + 2], word]).filter(([n]) => n !== undefined);
    if (!parts.length) return null;
    const words = parts.map(([n, word]) => `${Number(n)} ${word}${Number(n) === 1 ? "" : "s"}`).join(" ");
    return found[1] ? "minus " + words : words;
  }

  function tag(text) {
    return element("small", text, { class: "tag" });
  }

  // One value as DOM nodes, and whether it is a number (right-aligned).
  function cell(term, iris) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const target = href(term.value);
      const node = element(target ? "a" : "span", shortName(term.value), { title: term.value });
      if (target) node.setAttribute("href", target);
      (iris.get(term.value) || iris.set(term.value, []).get(term.value)).push(node);
      td.append(node);
    } else if (term.type === "bnode") {
      td.append(element("span", "(no name)", { class: "note" }));
    } else {
      literal(td, term);
    }
    return td;
  }

  function literal(td, term) {
    const language = term["xml:lang"];
    const datatype = term.datatype || "";
    const value = term.value;
    if (language) {
      td.append(element("span", value, { lang: language }));
      if (language !== "en") td.append(" ", tag(language));
    } else if (NUMBERS.has(datatype)) {
      td.className = "num";
      td.textContent = value;
    } else if (!datatype || STRINGS.has(datatype)) {
      td.textContent = value;
    } else if (datatype === XSD + "boolean") {
      td.textContent = value === "true" || value === "1" ? "yes" : "no";
    } else if (DATES.has(datatype) && readableDate(value, datatype) !== null) {
      td.append(element("time", readableDate(value, datatype), { datetime: value }));
    } else if (DURATIONS.has(datatype) && readableDuration(value) !== null) {
      td.append(element("span", readableDuration(value), { title: value }));
    } else {
      td.append(value, " ", tag(shortName(datatype)));
    }
  }

  // Each thing's label in place of its short name, asked of the server in batches.
  async function name(iris) {
    const all = [...iris.keys()];
    for (let start = 0; start < all.length; start += LABELS_AT_ONCE) {
      const response = await fetch("/api/labels", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(all.slice(start, start + LABELS_AT_ONCE)),
      });
      if (!response.ok) return; // short names stay: the table is still right
      const labels = await response.json();
      for (const [iri, label] of Object.entries(labels)) {
        for (const node of iris.get(iri) || []) {
          node.textContent = label.label;
          if (label.lang && label.lang !== "en") node.setAttribute("lang", label.lang);
        }
      }
    }
  }

  // Sorting by a column: numbers as numbers, anything else by its text as shown.
  function sortable(table, th, column) {
    const button = element("button", th.textContent, { type: "button", class: "sort" });
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const body = table.tBodies[0];
      const key = (row) => row.cells[column];
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        const order = x.className === "num" && y.className === "num"
          ? Number(x.textContent) - Number(y.textContent)
          : x.textContent.localeCompare(y.textContent, "en", { numeric: true });
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  }

  class Readable {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "Table";
      this.priority = 20;
    }

    canHandleResults() {
      const results = this.yasr.results;
      return !!results && !!results.getVariables && results.getVariables().length > 0;
    }

    getIcon() {
      return element("span", "▦", { "aria-hidden": "true" });
    }

    download(filename) {
      return {
        getData: () => this.yasr.results.asCsv(),
        contentType: "text/csv",
        title: "Download the result as CSV",
        filename: `${filename || "result"}.csv`,
      };
    }

    draw() {
      const variables = this.yasr.results.getVariables();
      const bindings = this.yasr.results.getBindings() || [];
      const iris = new Map();
      const count = bindings.length === 1 ? "1 row" : `${bindings.length} rows`;
      const shown = bindings.length > SHOWN_ROWS ? `; the first ${SHOWN_ROWS} are shown, the download has all` : "";
      const box = element("div", undefined, { class: "result-box", role: "region", tabindex: "0", "aria-label": "Query result" });
      const table = element("table", undefined, { class: "result" });
      const head = element("tr");
      variables.forEach((variable) => head.append(element("th", heading(variable), { scope: "col", title: "?" + variable })));
      table.append(element("thead"), element("tbody"));
      table.tHead.append(head);
      for (const binding of bindings.slice(0, SHOWN_ROWS)) {
        const row = element("tr");
        for (const variable of variables) row.append(cell(binding[variable], iris));
        table.tBodies[0].append(row);
      }
      [...head.cells].forEach((th, column) => sortable(table, th, column));
      box.append(table);
      this.yasr.resultsEl.append(element("p", count + shown, { class: "result-count" }), box);
      name(iris).catch(() => undefined);
    }
  }

  window.ReadableResults = Readable;
})();
