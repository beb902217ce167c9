/* ccg network page: draws the network from the JSON data block with vis-network.
 * Positions are computed beforehand (physics off), so the same input always looks the same.
 * Every text that came from documents or the registry is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ccg-data").textContent);
  var GLOW = "rgba(230,159,0,0.95)";
  var BRIDGE_EDGE = "#E69F00";
  var EDGE_COLOURS = { tie: "rgba(90,90,90,0.45)", member: "rgba(150,150,150,0.35)", technology: "rgba(77,77,77,0.35)", profile: "rgba(77,77,77,0.25)" };
  var SHAPES = { actor: "dot", cluster: "hexagon", technology: "diamond" };
  var KIND_TEXT = { actor: "organisation", cluster: "cluster", technology: "technology" };
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var clusterLabel = new Map(data.clusters.map(function (c) { return [c.key, c.label]; }));
  var large = data.nodes.length > 1500;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function visNode(n, glow) {
    var candidate = n.status === "candidate";
    var lit = glow && n.bridge;
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: SHAPES[n.kind] || "dot",
      color: { background: n.colour, border: n.border, highlight: { background: n.colour, border: "#000000" }, hover: { background: n.colour, border: "#000000" } },
      borderWidth: n.border !== "#333333" ? 4 : candidate ? 2.5 : 1.5,
      shapeProperties: { borderDashes: candidate ? [4, 3] : false },
      shadow: lit ? { enabled: true, color: GLOW, size: 22, x: 0, y: 0 } : { enabled: false },
      font: { size: n.kind === "actor" ? 13 : 17, strokeWidth: 3, strokeColor: "#ffffff", bold: n.kind !== "actor" }
    };
  }

  function visEdge(e) {
    return { id: "e" + e.id, from: e.from, to: e.to, width: e.width, color: { color: EDGE_COLOURS[e.relation] || EDGE_COLOURS.tie, highlight: "#000000", hover: "#000000" } };
  }

  function bridgeEdges() {
    return data.bridges.filter(function (b) { return b.edge.length === 2; }).map(function (b) {
      return { id: "b" + b.rank, from: b.edge[0], to: b.edge[1], width: 3, dashes: [8, 6], color: { color: BRIDGE_EDGE, highlight: BRIDGE_EDGE, hover: BRIDGE_EDGE }, bridge: b };
    });
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) { return visNode(n, true); }));
  var edges = new vis.DataSet(data.edges.map(visEdge).concat(bridgeEdges()));
  var edgeById = new Map(data.edges.map(function (e) { return ["e" + e.id, e]; }));
  var container = document.getElementById("network");
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 0 },
    nodes: { font: { face: "system-ui, -apple-system, Segoe UI, sans-serif", color: "#1a1a1a" }, scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: large, hideEdgesOnZoom: large, multiselect: false, navigationButtons: false, keyboard: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var ccg = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.ccg = ccg;
  network.once("afterDrawing", function () {
    ccg.readyAt = performance.now();
    ccg.ready = true;
  });
  network.fit({ animation: false });

  /* ---------- details: tooltip and panel, built from text nodes only ---------- */
  function quoteElement(q) {
    var quote = el("blockquote", "tip-quote");
    quote.appendChild(el("span", "", "\u201c" + q[0] + "\u201d"));
    quote.appendChild(el("cite", "", q[1] + (q[2] && q[2] !== q[1] ? " (" + q[2] + ")" : "")));
    return quote;
  }

  function nodeDetails(n) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", n.label));
    var kind = n.kind === "actor" ? (n.type ? n.type.replace(/([a-z])([A-Z])/g, "$1 $2") : "organisation") : KIND_TEXT[n.kind];
    var sub = kind + (n.kind === "actor" && n.status ? " · " + n.status : "");
    box.appendChild(el("div", "tip-sub", sub));
    if (n.clusters.length && n.kind !== "cluster") {
      box.appendChild(el("div", "tip-line", "Clusters: " + n.clusters.map(function (k) { return clusterLabel.get(k); }).join(", ")));
    }
    if (n.kind === "actor" && n.techs.length) {
      var names = n.techs.slice(0, 8).map(function (id) { return byId.get(id).label; });
      box.appendChild(el("div", "tip-line", "Technologies: " + names.join(", ") + (n.techs.length > 8 ? ", \u2026" : "")));
    }
    if (n.measures.length) {
      var table = el("table", "tip-measures");
      n.measures.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", "", row[0]));
        tr.appendChild(el("td", "", row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    n.quotes.forEach(function (q) { box.appendChild(quoteElement(q)); });
    if (!n.quotes.length && n.kind !== "cluster") box.appendChild(el("div", "tip-line muted", "No quote: known from the registry only."));
    return box;
  }

  function evidenceText(e) {
    var n = e.evidence;
    if (e.relation === "tie") return "named together in " + n[0] + " passage(s); " + n[1] + " partnership statement(s)";
    if (e.relation === "technology") return "named together in " + n[0] + " passage(s); " + n[1] + " 'works on' statement(s)";
    if (e.relation === "profile") return "in the cluster's technology profile (evidence " + n[0] + ")";
    return "member of the cluster";
  }

  function edgeDetails(id) {
    var box = el("div", "tip");
    var visEdgeItem = edges.get(id);
    if (!visEdgeItem) return box;
    var a = byId.get(visEdgeItem.from), b = byId.get(visEdgeItem.to);
    box.appendChild(el("div", "tip-title", a.label + " \u2013 " + b.label));
    if (visEdgeItem.bridge) {
      var br = visEdgeItem.bridge;
      box.appendChild(el("div", "tip-sub", "bridge candidate #" + br.rank + " (score " + br.score + ")"));
      if (br.technologies.length) box.appendChild(el("div", "tip-line", "Shared technologies: " + br.technologies.join(", ")));
      if (br.brokers.length) box.appendChild(el("div", "tip-line", "Could connect them: " + br.brokers.join(", ")));
      br.quotes.forEach(function (q) { box.appendChild(quoteElement(q)); });
    } else {
      box.appendChild(el("div", "tip-line", evidenceText(edgeById.get(id))));
    }
    return box;
  }

  var tooltip = document.getElementById("tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var wrap = container.getBoundingClientRect();
    var x = Math.min(pointer.x + 16, wrap.width - tooltip.offsetWidth - 8);
    var y = Math.min(pointer.y + 16, wrap.height - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeDetails(byId.get(p.node)), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeDetails(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  var details = document.getElementById("details-body");
  network.on("click", function (p) {
    if (p.nodes.length) details.replaceChildren(nodeDetails(byId.get(p.nodes[0])));
    else if (p.edges.length) details.replaceChildren(edgeDetails(p.edges[0]));
  });

  /* ---------- filters ---------- */
  function checked(group) {
    return new Set(Array.from(document.querySelectorAll('input[data-filter="' + group + '"]:checked')).map(function (i) { return i.value; }));
  }
  function visible(n, f) {
    var keys = n.clusters.length ? n.clusters : [""];
    if (n.kind === "cluster") return f.clusters.has(n.clusters[0] || "");
    if (!keys.some(function (k) { return f.clusters.has(k); })) return false;
    if (n.kind === "technology") return f.technology === null || n.id === f.technology;
    if (!f.types.has(n.type) || !f.statuses.has(n.status)) return false;
    return f.technology === null || n.techs.indexOf(f.technology) >= 0;
  }
  var hidden = new Set();
  var hiddenEdges = new Set();
  var allEdges = edges.get();
  function applyFilters() {
    var tech = document.getElementById("technology").value;
    var f = { clusters: checked("cluster"), types: checked("type"), statuses: checked("status"), technology: tech === "" ? null : Number(tech) };
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var hide = !visible(n, f);
      if (hide !== hidden.has(n.id)) {
        nodeUpdates.push({ id: n.id, hidden: hide });
        if (hide) hidden.add(n.id); else hidden.delete(n.id);
      }
    });
    var glow = document.getElementById("bridges-toggle").checked;
    var edgeUpdates = [];
    allEdges.forEach(function (e) {
      var hide = hidden.has(e.from) || hidden.has(e.to) || (e.bridge !== undefined && !glow);
      if (hide !== hiddenEdges.has(e.id)) {
        edgeUpdates.push({ id: e.id, hidden: hide });
        if (hide) hiddenEdges.add(e.id); else hiddenEdges.delete(e.id);
      }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    document.getElementById("shown").textContent = "Showing " + (data.nodes.length - hidden.size).toLocaleString("en") + " of " + data.nodes.length.toLocaleString("en") + " nodes.";
  }
  ccg.applyFilters = applyFilters;
  ccg.visibleNodeCount = function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; };

  document.querySelectorAll("input[data-filter]").forEach(function (input) { input.addEventListener("change", applyFilters); });
  document.getElementById("technology").addEventListener("change", applyFilters);
  document.querySelectorAll("button.all, button.none").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll('input[data-filter="' + button.dataset.group + '"]').forEach(function (i) { i.checked = button.classList.contains("all"); });
      applyFilters();
    });
  });
  document.getElementById("bridges-toggle").addEventListener("change", function (event) {
    var glow = event.target.checked;
    nodes.update(data.nodes.filter(function (n) { return n.bridge; }).map(function (n) { return { id: n.id, shadow: visNode(n, glow).shadow }; }));
    applyFilters();
  });
  document.querySelectorAll("#bridges button[data-nodes]").forEach(function (button) {
    button.addEventListener("click", function () {
      var ids = button.dataset.nodes.split(" ").filter(Boolean).map(Number).filter(function (id) { return !hidden.has(id); });
      if (!ids.length) return;
      network.selectNodes(ids);
      network.fit({ nodes: ids, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    });
  });

  /* ---------- search ---------- */
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var folded = data.nodes.map(function (n) { return fold(n.label); });
  function search(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    data.nodes.forEach(function (n, i) {
      var at = folded[i].indexOf(q);
      if (at >= 0) found.push({ n: n, rank: at === 0 ? 0 : 1 });
    });
    found.sort(function (a, b) { return a.rank - b.rank || b.n.size - a.n.size || a.n.label.localeCompare(b.n.label); });
    return found.slice(0, 12).map(function (f) { return f.n.id; });
  }
  function focusNode(id) {
    var n = byId.get(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    details.replaceChildren(nodeDetails(n));
    if (hidden.has(id)) details.prepend(el("p", "note", "This node is hidden by the filters; widen them to see it."));
  }
  ccg.search = search;
  ccg.focusNode = focusNode;
  var input = document.getElementById("search");
  var results = document.getElementById("search-results");
  function showResults() {
    var ids = search(input.value);
    results.replaceChildren.apply(results, ids.map(function (id) {
      var n = byId.get(id);
      var item = el("li");
      var button = el("button", "result", n.label);
      button.type = "button";
      button.appendChild(el("span", "n", " " + KIND_TEXT[n.kind]));
      button.addEventListener("click", function () { focusNode(id); });
      item.appendChild(button);
      return item;
    }));
    if (input.value.trim() && !ids.length) results.replaceChildren(el("li", "muted", "Nothing on this page has that name."));
    return ids;
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var ids = showResults();
    if (ids.length) focusNode(ids[0]);
  });

  applyFilters();
})();
