// The response-time chart of the assistance statistics page (data from json_script).
(function () {
  var canvas = document.getElementById("response-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("response-chart-data").textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {label: canvas.dataset.labelMedian || "Median days", data: data.median, backgroundColor: "#009edb"},
        {label: canvas.dataset.labelMean || "Average days", data: data.mean, backgroundColor: "#9fc9e6"}
      ]
    },
    options: {
      responsive: true,
      scales: {y: {beginAtZero: true, title: {display: true, text: canvas.dataset.labelAxis || "Days to respond"}}},
      plugins: {legend: {position: "bottom"}}
    }
  });
})();
