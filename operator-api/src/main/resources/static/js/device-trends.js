// Device page trends: one line chart per measurement from the canvas's data- attributes (times ISO-8601, values
// averages per bucket). The table next to each canvas carries the same numbers for screen readers.
(function () {
  'use strict';
  function label(iso) {
    var d = new Date(iso);
    return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  }
  function draw() {
    if (typeof Chart === 'undefined') { return; }
    document.querySelectorAll('canvas.trend-chart').forEach(function (canvas) {
      var times = (canvas.dataset.times || '').split(',').filter(Boolean);
      var values = (canvas.dataset.values || '').split(',').map(function (v) {
        return v === '' || v === 'null' ? null : Number(v);
      });
      new Chart(canvas, {
        type: 'line',
        data: { labels: times.map(label), datasets: [{ label: canvas.dataset.label, data: values, spanGaps: true }] },
        options: { animation: false, responsive: true, scales: { x: { ticks: { maxTicksLimit: 8 } } } }
      });
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', draw); } else { draw(); }
})();
