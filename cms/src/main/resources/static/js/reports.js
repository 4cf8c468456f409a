// The Báo cáo page's charts (Chart.js through WebJars): the figures come in data- attributes of each canvas,
// drawn by the server from the same summary as the table, so the charts cannot disagree with it.
(function () {
  "use strict";

  function list(el, name) {
    try {
      return JSON.parse(el.getAttribute("data-" + name) || "[]");
    } catch (e) {
      return [];
    }
  }

  function draw() {
    if (typeof Chart === "undefined") {
      return;
    }
    var options = { responsive: true, maintainAspectRatio: false, animation: false };
    var aired = document.getElementById("chart-aired");
    if (aired) {
      new Chart(aired, {
        type: "bar",
        data: {
          labels: list(aired, "labels"),
          datasets: [
            { label: aired.dataset.plannedLabel, data: list(aired, "planned"), backgroundColor: "#9db8d9" },
            { label: aired.dataset.airedLabel, data: list(aired, "aired"), backgroundColor: "#0b5cad" }
          ]
        },
        options: options
      });
      aired.setAttribute("data-drawn", "true");
    }
    ["chart-compliance", "chart-online"].forEach(function (id) {
      var canvas = document.getElementById(id);
      if (!canvas) {
        return;
      }
      new Chart(canvas, {
        type: id === "chart-online" ? "line" : "bar",
        data: {
          labels: list(canvas, "labels"),
          datasets: [{ label: canvas.dataset.label, data: list(canvas, "values"), backgroundColor: "#1a7f37", borderColor: "#1a7f37" }]
        },
        options: Object.assign({}, options, { scales: { y: { min: 0, max: 100 } } })
      });
      canvas.setAttribute("data-drawn", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
