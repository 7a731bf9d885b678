// Draws the table page's two charts from the JSON in their canvases' data-series attributes:
// measured recovery time per drill with the objective as a line and failed drills marked, and
// restore throughput against the number of items restored.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') {
    return;
  }
  var ink = '#1d2330';
  var grid = '#e3e6ec';
  Chart.defaults.font.family = 'system-ui, sans-serif';
  Chart.defaults.color = ink;
  Chart.defaults.animation = false;

  function label(iso) {
    return iso.substring(5, 16).replace('T', ' ');
  }

  var rtoCanvas = document.getElementById('rto-chart');
  if (rtoCanvas) {
    var rto = JSON.parse(rtoCanvas.dataset.series);
    var drills = rto.drills;
    var objective = rto.objectiveSeconds;
    var failedAt = objective != null ? objective : Math.max.apply(null, drills.map(function (d) {
      return d.seconds || 0;
    }).concat([1]));
    new Chart(rtoCanvas, {
      type: 'line',
      data: {
        labels: drills.map(function (d) { return label(d.at); }),
        datasets: [{
          label: 'measured recovery time (s)',
          data: drills.map(function (d) { return d.outcome === 'PASSED' ? d.seconds : null; }),
          borderColor: '#2457c5', backgroundColor: '#2457c5', pointRadius: 4, spanGaps: true
        }, {
          label: 'RTO objective',
          data: drills.map(function () { return objective; }),
          borderColor: '#b3261e', borderDash: [6, 4], pointRadius: 0, borderWidth: 2
        }, {
          label: 'failed drill',
          data: drills.map(function (d) { return d.outcome === 'PASSED' ? null : (d.seconds != null ? d.seconds : failedAt); }),
          showLine: false, pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3,
          borderColor: '#b3261e', backgroundColor: '#b3261e'
        }]
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          y: {beginAtZero: true, title: {display: true, text: 'seconds'}, grid: {color: grid}},
          x: {title: {display: true, text: 'drill finished (UTC)'}, grid: {color: grid}}
        },
        plugins: {
          tooltip: {callbacks: {footer: function (items) { return 'drill ' + drills[items[0].dataIndex].drillId; }}}
        }
      }
    });
  }

  var tpCanvas = document.getElementById('throughput-chart');
  if (tpCanvas) {
    var points = JSON.parse(tpCanvas.dataset.series);
    new Chart(tpCanvas, {
      type: 'scatter',
      data: {
        datasets: [{
          label: 'passed drill',
          data: points.map(function (p) { return {x: p.items, y: p.itemsPerSecond, id: p.drillId}; }),
          borderColor: '#17653a', backgroundColor: '#17653a', pointRadius: 5
        }]
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: {beginAtZero: true, title: {display: true, text: 'items restored'}, grid: {color: grid}},
          y: {beginAtZero: true, title: {display: true, text: 'items per second (data load)'}, grid: {color: grid}}
        }
      }
    });
  }
})();
