// The query page: YASGUI on this server's own /sparql, with the saved queries one click away.
// Nothing is fetched from elsewhere: no CORS proxy, no prefix.cc, no LOV autocompletion.
// Results show in the readable table of results.js; the Response tab keeps the raw answer.
// The page opens what its address names: a share link (#query=...), or a saved query with values
// (?saved=NAME&param=value, as the saved queries' pages link it). It never scrolls by itself on
// opening, and after a run it brings the results into view.
(function () {
  "use strict";
  const endpoint = new URL("/sparql", window.location.href).href;
  const saved = JSON.parse(document.getElementById("saved-queries").textContent);
  const RESERVED = "saved"; // the address parameter naming a saved query; the others are its values

  Yasgui.Yasr.registerPlugin("readable", window.ReadableResults);
  Yasgui.Yasr.defaults.plugins.table = { enabled: false };
  Yasgui.Yasr.defaults.pluginOrder = ["readable", "response"];
  Yasgui.Yasr.defaults.defaultPlugin = "readable";
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  Yasgui.Yasqe.defaults.autofocus = false; // focusing the editor would scroll a phone into it
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    corsProxy: undefined,
    copyEndpointOnNewTab: false,
    autofocus: false, // a tab shown focuses its editor unless this is off
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    populateFromUrl: false, // read below, so a link can never point the page at another endpoint
    yasr: { pluginOrder: ["readable", "response"], defaultPlugin: "readable" },
  });

  // YASGUI's own markup, mended for screen readers and the keyboard once it is drawn (its files stay
  // as npm ships them): the "add a tab" button is no tab, so it moves out of the tab list to just
  // after it (YASGUI then appends new tabs to the list's end, where it put them before the button);
  // the editor's text area and the endpoint field get names; the editor's scroll box becomes a Tab
  // stop, so a long query can be scrolled from the keyboard. Tabs drawn later are mended as they come.
  function mendTabList() {
    const tabs = yasgui.tabElements;
    const list = document.querySelector("#yasgui .tabsList");
    if (!tabs || !list || !tabs.addTabEl || tabs.addTabEl.parentNode !== list) return;
    tabs.addTabEl.classList.add("addTabBox");
    list.after(tabs.addTabEl);
    tabs.addTabEl = null;
  }
  function name(selector, label) {
    for (const node of document.querySelectorAll(selector)) {
      if (!node.hasAttribute("aria-label")) node.setAttribute("aria-label", label);
    }
  }
  function mend() {
    name("#yasgui .CodeMirror textarea", "SPARQL query");
    name("#yasgui input.autocomplete", "SPARQL endpoint");
    for (const box of document.querySelectorAll("#yasgui .CodeMirror-scroll[tabindex='-1']")) {
      box.tabIndex = 0;
      box.setAttribute("aria-label", "The query's text, to scroll");
    }
  }
  mendTabList();
  mend();
  new MutationObserver(mend).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  function run(text) {
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(text);
    tab.query();
  }

  // After a run from the list or a link, the results (not the list above them) are in view.
  let reveal = false;
  yasgui.on("queryResponse", () => {
    if (!reveal) return;
    reveal = false;
    const results = document.querySelector("#yasgui .tabPanel.active .yasr") || document.getElementById("yasgui");
    window.setTimeout(() => results.scrollIntoView({ block: "start" }), 0);
  });

  // On a phone the list starts folded, so the editor is on the first screen.
  if (window.matchMedia("(max-width: 60rem)").matches) document.getElementById("saved-list").open = false;

  for (const button of document.querySelectorAll("button[data-query]")) {
    button.addEventListener("click", () => {
      reveal = true;
      run(saved[button.dataset.query]);
    });
  }

  // A saved query with the address's values: its text as the API binds them (NAME.rq?k=v).
  async function openSaved(params) {
    const name = params.get(RESERVED);
    params.delete(RESERVED);
    if (!Object.prototype.hasOwnProperty.call(saved, name)) return;
    const query = params.toString();
    const response = await fetch(`/api/queries/${encodeURIComponent(name)}.rq${query ? "?" + query : ""}`);
    reveal = true;
    run(response.ok ? await response.text() : saved[name]);
  }

  const search = new URLSearchParams(window.location.search);
  const shared = new URLSearchParams(window.location.hash.slice(1)).get("query");
  if (search.has(RESERVED)) {
    openSaved(search).catch(() => undefined);
  } else if (shared) {
    reveal = true;
    run(shared);
  }
})();
