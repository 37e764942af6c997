// The query page: YASGUI on this server's own /sparql, with the saved queries one click away.
// Nothing is fetched from elsewhere: no CORS proxy, no prefix.cc, no LOV autocompletion.
(function () {
  "use strict";
  const endpoint = new URL("/sparql", window.location.href).href;
  const saved = JSON.parse(document.getElementById("saved-queries").textContent);

  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    corsProxy: undefined,
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    populateFromUrl: false,
  });

  for (const button of document.querySelectorAll("button[data-query]")) {
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      tab.setEndpoint(endpoint);
      tab.setQuery(saved[button.dataset.query]);
      tab.query();
    });
  }
})();
