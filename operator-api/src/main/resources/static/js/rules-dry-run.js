// The dry run's alerts per day as a bar chart, this version beside the version in force; the table holds the numbers.
document.addEventListener('DOMContentLoaded', () => {
  const canvas = document.getElementById('dry-run-chart');
  const rows = document.querySelectorAll('#per-day tbody tr');
  if (!canvas || !window.Chart || rows.length === 0) {
    return;
  }
  const days = [], candidate = [], enabled = [];
  rows.forEach((row) => {
    days.push(row.dataset.day);
    candidate.push(Number(row.dataset.candidate));
    enabled.push(Number(row.dataset.enabled));
  });
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: 'This version', data: candidate, borderWidth: 1 },
        { label: 'Version in force', data: enabled, borderWidth: 1 }
      ]
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
});
