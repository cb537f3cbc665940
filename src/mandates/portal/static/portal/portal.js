/* Charts and the world map, drawn from the data tables beside them (one source for both). */
(function () {
  "use strict";
  var BLUES = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"];

  function tableRows(id) {
    var table = document.getElementById(id);
    if (!table) { return []; }
    return Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      var budget = tr.querySelector("[data-budget]");
      return {
        label: tr.cells[0].textContent.trim(),
        value: parseFloat(tr.getAttribute("data-value") || "0"),
        budget: budget ? parseFloat(budget.getAttribute("data-budget") || "0") : null,
        m49: tr.getAttribute("data-m49")
      };
    });
  }

  function drawChart(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var rows = tableRows(canvas.getAttribute("data-source")).slice(0, 15);
    var kind = canvas.getAttribute("data-chart");
    var rtl = document.documentElement.dir === "rtl";
    var locale = document.documentElement.lang;
    var datasets = [];
    if (rows.length && rows[0].budget !== null) {
      datasets.push({ label: canvas.closest("section").querySelector("thead th:nth-child(2)").textContent, data: rows.map(function (r) { return r.budget; }), backgroundColor: "#9ecae1" });
    }
    datasets.push({ label: canvas.closest("section").querySelector("thead th:last-child").textContent, data: rows.map(function (r) { return r.value; }), backgroundColor: kind === "doughnut" ? BLUES.concat(["#6baed6", "#2171b5", "#c6dbef"]) : "#005a9c" });
    new window.Chart(canvas, {
      type: kind,
      data: { labels: rows.map(function (r) { return r.label.length > 40 ? r.label.slice(0, 38) + "…" : r.label; }), datasets: datasets },
      options: {
        locale: locale, responsive: true, animation: false, aspectRatio: kind === "doughnut" ? 2.2 : 2,
        indexAxis: kind === "bar" && rows.length > 6 ? "y" : "x",
        plugins: { legend: { rtl: rtl, display: kind === "doughnut" || datasets.length > 1 } },
        scales: kind === "doughnut" ? {} : { x: { reverse: rtl && !(rows.length > 6) }, y: { position: rtl ? "right" : "left" } }
      }
    });
  }

  function project(lon, lat) { return [(lon + 180) * 2, (90 - lat) * 2]; }

  function ringPath(ring) {
    return ring.map(function (p, i) { var xy = project(p[0], p[1]); return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1); }).join("") + "Z";
  }

  function drawMap(svg) {
    if (typeof window.topojson === "undefined") { return; }
    var values = {};
    var max = 0;
    tableRows(svg.getAttribute("data-source")).forEach(function (r) { if (r.m49) { values[r.m49] = r.value; max = Math.max(max, r.value); } });
    fetch(svg.getAttribute("data-map")).then(function (response) { return response.json(); }).then(function (world) {
      var features = window.topojson.feature(world, world.objects.countries).features;
      svg.setAttribute("viewBox", "0 0 720 360");
      features.forEach(function (f) {
        var geometry = f.geometry;
        if (!geometry) { return; }
        var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
        var d = polygons.map(function (poly) { return poly.map(ringPath).join(""); }).join("");
        var value = values[String(f.id).padStart(3, "0")];
        var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
        path.setAttribute("d", d);
        var shade = value ? BLUES[Math.min(4, Math.floor((value / max) * 4.999))] : "#d9d9d9";
        path.setAttribute("fill", shade);
        path.setAttribute("aria-hidden", "true");
        svg.appendChild(path);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), drawChart);
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-map]"), drawMap);
  });
}());
