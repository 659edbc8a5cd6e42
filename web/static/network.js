// The interactive collaboration network of a lab page (Cytoscape.js, vendored in static/vendor/).
// Without JavaScript the page keeps its plain list of partners; this only adds the drawing.
(function () {
  "use strict";

  var COLOURS = { lab: "#1f5f8b", company: "#d9822b" }; // the legend in style.css uses the same

  function elements(network) {
    var nodes = network.nodes.map(function (node) {
      return { data: { id: node.id, label: node.name, title: node.full_name || node.name, kind: node.kind,
                       url: node.url, center: node.center ? 1 : 0 } };
    });
    var edges = network.edges.map(function (edge) {
      var lines = edge.collaborations.map(function (c) { return c.title + " (" + c.label + ")"; });
      return { data: { id: edge.source + "~" + edge.target, source: edge.source, target: edge.target,
                       weight: edge.weight, title: lines.join("\n") } };
    });
    return nodes.concat(edges);
  }

  function style() {
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "ellipsis", "text-max-width": 90, // long company names: the full one shows on hover
        "width": 22, "height": 22, "background-color": COLOURS.lab } },
      { selector: "node[kind = 'company']",
        style: { "background-color": COLOURS.company, "shape": "round-rectangle" } },
      { selector: "node[center = 1]", style: { "width": 34, "height": 34, "border-width": 3, "border-color": "#222",
                                              "font-weight": "bold" } },
      { selector: "edge", style: { "width": "mapData(weight, 1, 5, 2, 8)", "line-color": "#9aa5b1",
                                   "curve-style": "bezier" } },
      { selector: "edge.hover", style: { "line-color": "#333" } },
    ];
  }

  function draw(view, network, hint) {
    var box = view.querySelector("#network");
    var info = view.querySelector(".network-hint");
    var center = network.nodes.filter(function (n) { return n.center; })[0];
    var cy = window.cytoscape({ container: box, elements: elements(network), style: style(),
                                minZoom: 0.3, maxZoom: 1.5 });
    // Rings by distance from the lab, the lab in the middle.
    var depth = {};
    cy.elements().bfs({ roots: cy.getElementById(center.id), visit: function (node, edge, previous, i, level) {
      depth[node.id()] = level;
    } });
    cy.layout({ name: "concentric", concentric: function (node) { return 10 - depth[node.id()]; },
                levelWidth: function () { return 1; }, minNodeSpacing: 30, padding: 20, animate: false }).run();
    cy.on("tap", "node", function (event) { window.location.assign(event.target.data("url")); });
    cy.on("mouseover", "node, edge", function (event) {
      var title = event.target.data("title");
      box.title = title;
      info.textContent = title; // the hover text, also readable where no tooltip shows
      event.target.addClass("hover");
      box.style.cursor = event.target.isNode() ? "pointer" : "default";
    });
    cy.on("mouseout", "node, edge", function (event) {
      box.removeAttribute("title");
      info.textContent = hint;
      event.target.removeClass("hover");
      box.style.cursor = "default";
    });
    return cy;
  }

  function start(view) {
    var cy = null;
    var hint = view.querySelector(".network-hint").textContent;
    function load(hops) {
      var url = new URL(view.dataset.url, window.location.href);
      url.searchParams.set("hops", hops);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (!answer.ok) { throw new Error(answer.error.message); }
          if (cy) { cy.destroy(); }
          cy = draw(view, answer.data, hint);
        })
        .catch(function () { view.querySelector(".network-hint").textContent = view.dataset.failed; });
    }
    view.querySelectorAll("input[name=hops]").forEach(function (radio) {
      radio.addEventListener("change", function () { load(radio.value); });
    });
    view.hidden = false;
    load(view.querySelector("input[name=hops]:checked").value);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var view = document.querySelector(".network-view");
    if (view && window.cytoscape) { start(view); }
  });
})();
