// The query page of `ccg serve`. Every text from the store is put into the page with textContent
// (never innerHTML): cells hold text from documents.
"use strict";

(function () {
  const byId = (id) => document.getElementById(id);
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  let catalogue = { prefixes: {}, baseIri: "", queries: [] };
  let selected = null;

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function setStatus(text, isError) {
    const status = byId("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function compact(iri) {
    let best = null;
    for (const [name, namespace] of Object.entries(catalogue.prefixes)) {
      const local = iri.slice(namespace.length);
      if (iri.startsWith(namespace) && /^[\w.-]+$/.test(local) && (!best || namespace.length > best[1].length)) {
        best = [name, namespace];
      }
    }
    if (best) return best[0] + ":" + iri.slice(best[1].length);
    if (catalogue.baseIri && iri.startsWith(catalogue.baseIri)) return "<" + iri.slice(catalogue.baseIri.length) + ">";
    return "<" + iri + ">";
  }

  function cell(binding) {
    const td = element("td");
    if (!binding) return td;
    if (binding.type === "uri") {
      td.textContent = compact(binding.value);
      td.title = binding.value;
      td.className = "iri";
    } else if (binding.type === "bnode") {
      td.textContent = "_:" + binding.value;
    } else if (binding.type === "triple") {
      td.textContent = "<< triple >>";
    } else {
      td.textContent = binding.value;
      if (binding["xml:lang"]) td.lang = binding["xml:lang"];
    }
    return td;
  }

  function showResults(data) {
    const table = byId("result-table");
    clear(table);
    byId("result-graph").hidden = true;
    if (typeof data.boolean === "boolean") {
      const row = table.insertRow();
      row.appendChild(element("td", data.boolean ? "yes" : "no"));
      return 1;
    }
    const variables = data.head.vars || [];
    const head = table.createTHead().insertRow();
    for (const name of variables) head.appendChild(element("th", name));
    const body = table.createTBody();
    for (const solution of data.results.bindings) {
      const row = body.insertRow();
      for (const name of variables) row.appendChild(cell(solution[name]));
    }
    return data.results.bindings.length;
  }

  function showGraph(text) {
    clear(byId("result-table"));
    const pre = byId("result-graph");
    pre.textContent = text;
    pre.hidden = false;
  }

  function parameterPairs() {
    const pairs = [];
    for (const input of byId("params").querySelectorAll("input")) {
      if (input.value.trim() !== "") pairs.push([input.name, input.value.trim()]);
    }
    return pairs;
  }

  // A research query left as it is runs by name with its parameters; an edited one as plain SPARQL.
  function requestFor(formatName) {
    const text = byId("query-text").value;
    if (selected && text === selected.text) {
      const params = new URLSearchParams(parameterPairs());
      if (formatName) params.set("format", formatName);
      const search = params.toString();
      return { url: "queries/" + encodeURIComponent(selected.name) + (search ? "?" + search : "") };
    }
    const params = new URLSearchParams({ query: text });
    if (formatName) params.set("format", formatName);
    return { url: "sparql", body: params };
  }

  function setDownload(isGraph) {
    const link = byId("download");
    const formatName = isGraph ? "turtle" : "csv";
    const request = requestFor(formatName);
    link.href = request.body ? request.url + "?" + request.body.toString() : request.url;
    link.download = (selected ? selected.name : "results") + (isGraph ? ".ttl" : ".csv");
    link.textContent = isGraph ? "Download Turtle" : "Download CSV";
    link.hidden = false;
  }

  async function run() {
    const button = byId("run");
    const request = requestFor(null);
    const init = { headers: { Accept: ACCEPT } };
    if (request.body) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = request.body;
    }
    button.disabled = true;
    byId("download").hidden = true;
    setStatus("running …", false);
    const started = performance.now();
    try {
      const response = await fetch(request.url, init);
      const text = await response.text();
      if (!response.ok) {
        clear(byId("result-table"));
        setStatus("error " + response.status + ": " + text.trim(), true);
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      const isGraph = !type.includes("sparql-results+json");
      let rows;
      if (isGraph) {
        showGraph(text);
        rows = response.headers.get("CCG-Rows") + " triples";
      } else {
        rows = showResults(JSON.parse(text)) + " rows";
      }
      const cut = response.headers.get("CCG-Truncated") === "true"
        ? " (cut at the row limit of " + response.headers.get("CCG-Row-Limit") + ")" : "";
      setStatus(rows + " in " + Math.round(performance.now() - started) + " ms" + cut, false);
      setDownload(isGraph);
    } catch (error) {
      setStatus("no answer from the endpoint: " + error.message, true);
    } finally {
      button.disabled = false;
    }
  }

  function select(name) {
    selected = catalogue.queries.find((q) => q.name === name) || null;
    const form = byId("params");
    clear(form);
    byId("query-question").textContent = selected ? selected.question : "";
    if (!selected) return;
    byId("query-text").value = selected.text;
    for (const param of selected.params) {
      const id = "param-" + param.name;
      const label = element("label", "?" + param.name + " (" + param.kind + ")");
      label.htmlFor = id;
      const input = element("input");
      input.id = id;
      input.name = param.name;
      input.placeholder = param.description;
      input.value = (selected.example && selected.example[param.name]) || "";
      form.appendChild(label);
      form.appendChild(input);
    }
  }

  async function load() {
    const response = await fetch("queries", { headers: { Accept: "application/json" } });
    catalogue = await response.json();
    const picker = byId("query-picker");
    for (const query of catalogue.queries) {
      const option = element("option", query.name + " — " + query.question);
      option.value = query.name;
      picker.appendChild(option);
    }
    byId("prefixes").textContent = Object.entries(catalogue.prefixes)
      .map(([name, iri]) => "PREFIX " + name + ": <" + iri + ">").join("\n");
    byId("limits").textContent = "Queries stop after " + catalogue.timeout + " s; results are cut after "
      + catalogue.maxRows + " rows.";
  }

  document.addEventListener("DOMContentLoaded", () => {
    byId("query-picker").addEventListener("change", (event) => select(event.target.value));
    byId("params").addEventListener("submit", (event) => { event.preventDefault(); run(); });
    byId("run").addEventListener("click", run);
    load().catch((error) => setStatus("cannot load the research queries: " + error.message, true));
  });
})();
