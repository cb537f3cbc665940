/* Finance charts (Chart.js, vendored). Each canvas has a table beside it with the same figures. */
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function num(list) { return (list || []).map(function (v) { return v === null ? null : Number(v); }); }
  var palette = ["#005a9c", "#4d9fd6", "#8ac1e8", "#f2a900", "#1e6b35", "#a4262c", "#5b2a86", "#566573"];
  // Words and numbers in the page's language: the template gives the words (finance/_chart_words.html).
  var lang = document.documentElement.lang || "en";
  var words = Object.assign({ delivery: "Delivery (%)", spent: "% of current budget spent", general_purpose: "General-purpose",
    soft: "Soft-earmarked", hard: "Hard-earmarked", regular_budget: "Regular budget", budget: "Budget",
    expenditure: "Expenditure", millions: "M" }, data("finance-chart-words") || {});
  var money = function (v) { return "USD " + Number(v).toLocaleString(lang, { maximumFractionDigits: 0 }); };
  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") { return; }
    // A box may ask for a height that grows with its rows (set here: no inline style under the CSP).
    var box = canvas.parentElement;
    if (box && box.dataset.heightRem) { box.style.height = Number(box.dataset.heightRem) + "rem"; }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    new Chart(canvas, config);
  }
  function delivery(id, d) {
    if (!d || !d.labels.length) { return; }
    chart(id, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: words.delivery, data: num(d.values), backgroundColor: "#005a9c" }] },
      options: { indexAxis: "y", scales: { x: { beginAtZero: true, title: { display: true, text: words.spent } } },
                 plugins: { legend: { display: false } } }
    });
  }
  function start() {
    var all = data("finance-charts");
    if (all) {
      if (all.sources && all.sources.labels.length) {
        chart("chart-sources", {
          type: "doughnut",
          data: { labels: all.sources.labels, datasets: [{ data: num(all.sources.values), backgroundColor: palette }] },
          options: { plugins: { tooltip: { callbacks: { label: function (c) { return c.label + ": " + money(c.raw); } } } } }
        });
      }
      var e = all.earmarking;
      if (e && e.labels.length) {
        chart("chart-earmarking", {
          type: "bar",
          data: { labels: e.labels, datasets: [
            { label: words.general_purpose, data: num(e.general_purpose), backgroundColor: "#005a9c" },
            { label: words.soft, data: num(e.soft), backgroundColor: "#8ac1e8" },
            { label: words.hard, data: num(e.hard), backgroundColor: "#f2a900" },
            { label: words.regular_budget, data: num(e.regular_budget), backgroundColor: "#566573" }
          ] },
          options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: function (v) { return (v / 1e6).toLocaleString(lang) + " " + words.millions; } } } } }
        });
      }
      delivery("chart-region", all.region);
      delivery("chart-theme", all.theme);
    }
    delivery("chart-delivery", data("finance-delivery"));
    var p = data("finance-project");
    if (p && p.labels.length) {
      chart("chart-project", {
        type: "bar",
        data: { labels: p.labels, datasets: [
          { label: words.budget, data: num(p.budget), backgroundColor: "#8ac1e8" },
          { label: words.expenditure, data: num(p.expenditure), backgroundColor: "#005a9c" }
        ] },
        options: { scales: { y: { beginAtZero: true } } }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
