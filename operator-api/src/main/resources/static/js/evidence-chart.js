// The alert detail's evidence chart: the device's readings around the alert (bucket averages per measurement), the
// alert's thresholds as flat lines and its deciding readings as marked points, from the canvas's data-chart JSON.
// The tables next to it carry the same values for screen readers.
(function () {
  'use strict';
  function label(ms) {
    var d = new Date(ms);
    return d.toISOString().substring(5, 16).replace('T', ' ');
  }
  function draw() {
    var canvas = document.getElementById('evidence-chart');
    if (!canvas || typeof Chart === 'undefined' || !canvas.dataset.chart) {
      return;
    }
    var data = JSON.parse(canvas.dataset.chart);
    var datasets = [];
    data.series.forEach(function (s) {
      datasets.push({
        type: 'line', label: s.measurement + (s.unit ? ' (' + s.unit + ')' : '') + ', average',
        data: s.points.map(function (p) { return {x: p.t, y: p.avg}; }), spanGaps: true, pointRadius: 0
      });
    });
    Object.keys(data.thresholds || {}).forEach(function (name) {
      datasets.push({
        type: 'line', label: 'threshold ' + name + ' = ' + data.thresholds[name], borderDash: [6, 4],
        data: [{x: data.from, y: data.thresholds[name]}, {x: data.to, y: data.thresholds[name]}], pointRadius: 0
      });
    });
    if (data.evidence.length > 0) {
      datasets.push({
        type: 'scatter', label: 'deciding readings of the alert', pointStyle: 'triangle', pointRadius: 6,
        data: data.evidence.map(function (e) { return {x: e.t, y: e.v}; })
      });
    }
    if (datasets.length === 0) {
      canvas.parentElement.hidden = true;
      return;
    }
    new Chart(canvas, {
      data: {datasets: datasets},
      options: {
        animation: false, responsive: true, parsing: false,
        scales: {x: {type: 'linear', min: data.from, max: data.to, ticks: {maxTicksLimit: 8, callback: label}}}
      }
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();
