/* Statistics explorer: a choropleth world map (world-atlas TopoJSON, ids are M49 codes, drawn as SVG with
   an equirectangular projection) and a country's trend (Chart.js). The tables beside carry the same figures. */
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var WIDTH = 960, HEIGHT = 480, NORTH = 84, SOUTH = -58;
  function project(lon, lat) { return [(lon + 180) * WIDTH / 360, (90 - lat) * HEIGHT / 180]; }
  function ringPath(ring) {
    var out = "", shift = 0, previous = null;
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0] + shift, lat = ring[i][1];
      if (previous !== null && Math.abs(lon - previous) > 180) { shift += lon > previous ? -360 : 360; lon = ring[i][0] + shift; }
      previous = lon;
      var p = project(lon, lat);
      out += (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1);
    }
    return out + "Z";
  }
  function geometryPath(g) {
    if (!g) return "";
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polygons.map(function (poly) { return poly.map(ringPath).join(""); }).join("");
  }
  function fmt(v) { return v.toLocaleString(undefined, { maximumFractionDigits: 2 }); }

  function breaks(values) {  // quintiles of the reported values
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var out = [];
    for (var k = 1; k < 5; k++) out.push(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * k / 5))]);
    return out;
  }
  function bin(value, cuts) { var i = 0; while (i < cuts.length && value > cuts[i]) i++; return i; }

  function drawMap() {
    var figure = document.getElementById("stats-map");
    var target = document.getElementById("stats-map-canvas");
    var data = readJSON("stats-map-data");
    if (!figure || !target || !data || typeof topojson === "undefined" || !window.fetch) return;
    var values = Object.keys(data).map(function (k) { return data[k].value; });
    var cuts = breaks(values.length ? values : [0]);
    var legend = document.getElementById("stats-legend");
    if (legend && values.length) {
      var lower = Math.min.apply(null, values);
      for (var q = 0; q < 5; q++) {
        var li = document.createElement("li"), swatch = document.createElement("span");
        swatch.className = "q" + q; li.appendChild(swatch);
        var from = q === 0 ? lower : cuts[q - 1], to = q < 4 ? cuts[q] : Math.max.apply(null, values);
        li.appendChild(document.createTextNode(fmt(from) + " – " + fmt(to)));
        legend.appendChild(li);
      }
    }
    fetch(figure.dataset.topology).then(function (r) { return r.json(); }).then(function (topology) {
      var features = topojson.feature(topology, topology.objects.countries).features;
      var ns = "http://www.w3.org/2000/svg";
      var top = project(0, NORTH)[1], bottom = project(0, SOUTH)[1];
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 " + top.toFixed(0) + " " + WIDTH + " " + (bottom - top).toFixed(0));
      svg.setAttribute("aria-hidden", "true");
      features.forEach(function (feature) {
        if (feature.id === "010") return;  // Antarctica
        var entry = data[feature.id];
        var path = document.createElementNS(ns, "path");
        path.setAttribute("d", geometryPath(feature.geometry));
        if (entry) path.setAttribute("class", "q" + bin(entry.value, cuts));
        path.setAttribute("data-m49", feature.id || "");
        var title = document.createElementNS(ns, "title");
        title.textContent = entry ? entry.name + ": " + fmt(entry.value) + " (" + entry.source + ")"
          : ((feature.properties && feature.properties.name) || "") + ": —";
        path.appendChild(title);
        svg.appendChild(path);
      });
      target.textContent = "";
      target.appendChild(svg);
      figure.setAttribute("data-drawn", String(values.length));
    }).catch(function () { /* the table beside carries the same figures */ });
  }

  function drawTrend() {
    var canvas = document.getElementById("stats-trend");
    var points = readJSON("stats-trend-data");
    if (!canvas || !points || !points.length || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: [{ label: canvas.dataset.label, data: points.map(function (p) { return { x: p.year, y: p.value }; }),
          borderColor: "#005a9c", backgroundColor: "rgba(0,90,156,.12)", fill: true, tension: 0, pointRadius: 3 }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { tooltip: { callbacks: { afterLabel: function (ctx) { return "Source: " + points[ctx.dataIndex].source; } } } },
        scales: { x: { type: "linear", ticks: { stepSize: 1, precision: 0, callback: function (v) { return String(v); } } },
          y: { beginAtZero: true, title: { display: true, text: canvas.dataset.label } } }
      }
    });
    canvas.setAttribute("data-drawn", String(points.length));
  }

  document.addEventListener("DOMContentLoaded", function () { drawMap(); drawTrend(); });
})();
