/* Instrument page: the parties-over-time chart (Chart.js) and the world map of parties
   (world-atlas TopoJSON drawn as SVG with a small equirectangular projection; ids are M49 codes). */
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawChart() {
    var series = readJSON("treaty-series");
    var canvas = document.getElementById("treaty-chart");
    if (!series || !series.length || !canvas || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: series.map(function (p) { return String(p.year); }),
        datasets: [
          { label: "Parties", data: series.map(function (p) { return p.parties; }),
            borderColor: "#005a9c", backgroundColor: "rgba(0,90,156,.12)", fill: true, stepped: false, tension: 0 },
          { label: "Signatories", data: series.map(function (p) { return p.signatories; }),
            borderColor: "#8a5300", borderDash: [6, 4], fill: false, tension: 0 }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Number at the end of the year" } } }
      }
    });
  }

  var WIDTH = 960, HEIGHT = 480, NORTH = 84, SOUTH = -58;

  function project(lon, lat) {
    return [(lon + 180) * WIDTH / 360, (90 - lat) * HEIGHT / 180];
  }

  function ringPath(ring) {
    var out = "", shift = 0, previous = null;
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0] + shift, lat = ring[i][1];
      if (previous !== null && Math.abs(lon - previous) > 180) {  // crossed the antimeridian: unwrap
        shift += lon > previous ? -360 : 360;
        lon = ring[i][0] + shift;
      }
      previous = lon;
      var p = project(lon, lat);
      out += (i ? "L" : "M") + p[0].toFixed(1) + "," + p[1].toFixed(1);
    }
    return out + "Z";
  }

  function geometryPath(geometry) {
    if (!geometry) return "";
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    return polygons.map(function (polygon) { return polygon.map(ringPath).join(""); }).join("");
  }

  function drawMap() {
    var figure = document.getElementById("treaty-map");
    var target = document.getElementById("treaty-map-canvas");
    var data = readJSON("treaty-map-data") || {};
    if (!figure || !target || typeof topojson === "undefined" || !window.fetch) return;
    fetch(figure.dataset.topology).then(function (r) { return r.json(); }).then(function (topology) {
      var features = topojson.feature(topology, topology.objects.countries).features;
      var ns = "http://www.w3.org/2000/svg";
      var top = project(0, NORTH)[1], bottom = project(0, SOUTH)[1];
      var svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 " + top.toFixed(0) + " " + WIDTH + " " + (bottom - top).toFixed(0));
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      features.forEach(function (feature) {
        if (feature.id === "010") return;  // Antarctica
        var entry = data[feature.id];
        var status = entry ? entry.status : "none";
        var path = document.createElementNS(ns, "path");
        path.setAttribute("d", geometryPath(feature.geometry));
        path.setAttribute("class", status);
        path.setAttribute("data-m49", feature.id || "");
        var title = document.createElementNS(ns, "title");
        var name = entry ? entry.name : (feature.properties && feature.properties.name) || "";
        title.textContent = name + ": " + (entry ? (status === "party" ? "party" : "signatory") + " — " +
          entry.kind.toLowerCase() + ", " + entry.date : "no action recorded");
        path.appendChild(title);
        svg.appendChild(path);
      });
      target.textContent = "";
      target.appendChild(svg);
    }).catch(function () { /* the list of States below carries the same information */ });
  }

  document.addEventListener("DOMContentLoaded", function () { drawChart(); drawMap(); });
})();
