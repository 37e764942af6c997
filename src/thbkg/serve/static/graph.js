// Draws each <div class="graph-canvas" data-graph="URL"> with Cytoscape.js from the Cytoscape JSON
// at URL (a graph view of this server): nodes named by their labels and coloured by type, with a
// legend in the figure's caption; a tap on a node opens its page on this server. The same links
// are in a table on the page, for readers without the drawing.
"use strict";

(function () {
  const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999933", "#882255",
    "#44aa99", "#332288", "#aa4499", "#117733", "#88ccee", "#ddcc77", "#661100", "#6699cc"];
  const THINGS = "https://w3id.org/thbkg/id/";
  const TERMS = "https://w3id.org/thbkg/ontology";
  // A browser draws in one box of fixed size: force-directed for the networks (a column layout of
  // every root in one row would not fit), rings for a bipartite graph (the shared roles inside,
  // what plays them around) and for a neighbourhood (the thing inside).
  const FORCE = { name: "cose", animate: false, randomize: false, idealEdgeLength: () => 150,
    nodeRepulsion: () => 60000, nodeOverlap: 60, componentSpacing: 90, gravity: 0.25, numIter: 2500 };
  const LAYOUTS = {
    hierarchical: FORCE,
    spring: FORCE,
    bipartite: { name: "concentric", minNodeSpacing: 40, levelWidth: () => 1,
      concentric: (node) => (node.indegree() > 0 ? 2 : 1) },
    shells: { name: "concentric", minNodeSpacing: 50, concentric: (node) => node.degree() },
  };

  function localPage(iri) {
    if (iri.startsWith(THINGS)) return "/id/" + iri.slice(THINGS.length);
    if (iri.startsWith(TERMS)) return "/ontology" + iri.slice(TERMS.length);
    return null;
  }

  function legend(caption, colours) {
    caption.textContent = "";
    for (const [type, colour] of colours) {
      const item = document.createElement("span");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      item.append(swatch, type);
      caption.append(item);
    }
  }

  function draw(box, data) {
    const nodes = data.elements.nodes;
    const section = box.closest(".graph-section");
    if (data.elements.edges.length === 0 && section) {  // a thing with no links: nothing to draw
      section.hidden = true;
      return;
    }
    const types = [...new Set(nodes.map((n) => n.data.type || "thing"))].sort();
    const colours = new Map(types.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
    const focus = new URL(box.dataset.graph, location.href).searchParams.get("of");
    const layoutName = focus ? "shells" : (Object.fromEntries(data.data || [])).layout || "spring";
    const layout = { ...(LAYOUTS[layoutName] || LAYOUTS.spring), fit: true, padding: 24 };
    if (focus) Object.assign(layout, { concentric: (node) => (node.id() === focus ? 2 : 1), levelWidth: () => 1 });
    const cy = cytoscape({
      container: box,
      elements: data.elements,
      wheelSensitivity: 0.3,
      maxZoom: 2.5,
      style: [
        { selector: "node", style: {
          "background-color": (n) => colours.get(n.data("type") || "thing"),
          label: "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 140,
          "min-zoomed-font-size": 6,
          "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14, color: "#222" } },
        { selector: "edge", style: {
          width: 1.2, "line-color": "#9aa4ad", "target-arrow-color": "#9aa4ad",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.7 } },
        { selector: "edge:selected, node:selected + edge", style: { label: "data(label)", "font-size": 8 } },
        { selector: `node[id = "${focus || ""}"]`, style: { width: 22, height: 22, "font-weight": "bold" } },
      ],
      layout,
    });
    cy.on("tap", "node", (event) => {
      const target = localPage(event.target.id());
      if (target) location.assign(target);
    });
    cy.on("mouseover", "node", () => { box.style.cursor = "pointer"; });
    cy.on("mouseout", "node", () => { box.style.cursor = ""; });
    const caption = box.parentElement.querySelector(".graph-legend");
    if (caption) legend(caption, colours);
  }

  async function load(box) {
    try {
      const response = await fetch(box.dataset.graph, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`${response.status}`);
      draw(box, await response.json());
    } catch (error) {
      box.textContent = "The drawing could not be loaded; the links are listed below.";
      box.style.height = "auto";
    }
  }

  document.querySelectorAll(".graph-canvas[data-graph]").forEach(load);
})();
