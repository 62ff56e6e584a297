// Draws the alert's deciding readings (from the evidence table's data- attributes) with chart.js; the table stays
// the accessible source of the same values.
(function () {
  var canvas = document.getElementById('evidence-chart');
  var table = document.querySelector('table.readings');
  if (!canvas || !table || !window.Chart) {
    return;
  }
  var series = {};
  table.querySelectorAll('tbody tr').forEach(function (row) {
    var value = parseFloat(row.dataset.value);
    if (isNaN(value)) {
      return;
    }
    var name = row.dataset.measurement || 'value';
    (series[name] = series[name] || []).push({x: row.dataset.time, y: value});
  });
  var names = Object.keys(series);
  if (names.length === 0) {
    canvas.parentElement.hidden = true;
    return;
  }
  new window.Chart(canvas, {
    type: 'line',
    data: {
      labels: series[names[0]].map(function (p) { return p.x.replace('T', ' ').replace('Z', ''); }),
      datasets: names.map(function (name) {
        return {label: name, data: series[name].map(function (p) { return p.y; })};
      })
    },
    options: {animation: false, responsive: true}
  });
})();
