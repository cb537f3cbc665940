/* Target vs actual over time, drawn with the vendored Chart.js from the JSON the page embeds. */
(function () {
  var canvas = document.getElementById("indicator-chart");
  var source = document.getElementById("indicator-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { type: "line", label: canvas.dataset.labelTarget || "Target", data: data.targets, borderColor: "#8a5300", backgroundColor: "#8a5300",
          borderDash: [6, 4], spanGaps: true, tension: 0 },
        { type: "bar", label: canvas.dataset.labelActual || "Actual", data: data.actuals, backgroundColor: "#005a9c" }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: !!data.unit, text: data.unit } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
