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

  function utc(ms) {
    return new Date(ms).toISOString().substring(5, 16).replace('T', ' ');
  }

  var rtoCanvas = document.getElementById('rto-chart');
  if (rtoCanvas) {
    var rto = JSON.parse(rtoCanvas.dataset.series);
    var drills = rto.drills.map(function (d) {
      return {t: Date.parse(d.at), seconds: d.seconds, passed: d.outcome === 'PASSED', id: d.drillId};
    });
    var objective = rto.objectiveSeconds;
    var measured = drills.filter(function (d) { return d.passed && d.seconds != null; })
      .map(function (d) { return d.seconds; });
    var top = Math.max.apply(null, measured.concat(objective != null ? [objective] : []).concat([1]));
    var low = Math.min.apply(null, measured.concat([top]));
    // Drills take seconds where objectives are minutes: a log scale keeps both readable.
    var logarithmic = low > 0 && top / low > 20;
    // The time axis spans at least a minute either side, so that one drill still draws the objective as a line.
    var first = Math.min.apply(null, drills.map(function (d) { return d.t; })) - 60000;
    var last = Math.max.apply(null, drills.map(function (d) { return d.t; })) + 60000;
    var failedAt = objective != null ? objective : top;
    new Chart(rtoCanvas, {
      type: 'line',
      data: {
        datasets: [{
          label: 'measured recovery time (s)',
          data: drills.filter(function (d) { return d.passed; }).map(function (d) { return {x: d.t, y: d.seconds, id: d.id}; }),
          borderColor: '#2457c5', backgroundColor: '#2457c5', pointRadius: 4
        }, {
          label: 'RTO objective',
          data: objective == null ? [] : [{x: first, y: objective}, {x: last, y: objective}],
          borderColor: '#b3261e', borderDash: [6, 4], pointRadius: 0, borderWidth: 2
        }, {
          label: 'failed drill',
          data: drills.filter(function (d) { return !d.passed; })
            .map(function (d) { return {x: d.t, y: d.seconds != null ? d.seconds : failedAt, id: d.id}; }),
          showLine: false, pointStyle: 'crossRot', pointRadius: 9, pointBorderWidth: 3,
          borderColor: '#b3261e', backgroundColor: '#b3261e'
        }]
      },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: {type: 'linear', min: first, max: last, title: {display: true, text: 'drill finished (UTC)'},
            grid: {color: grid}, ticks: {maxTicksLimit: 6, callback: function (v) { return utc(v); }}},
          y: {type: logarithmic ? 'logarithmic' : 'linear', beginAtZero: !logarithmic,
            min: logarithmic ? low / 2 : undefined, max: logarithmic ? top * 2 : undefined,
            title: {display: true, text: 'seconds' + (logarithmic ? ' (log scale)' : '')}, grid: {color: grid},
            ticks: {callback: function (v) {
              // On a log scale only 1, 2 and 5 of each decade are labelled, so that labels never overlap.
              var lead = Number(v) / Math.pow(10, Math.floor(Math.log10(Number(v))));
              return logarithmic && [1, 2, 5].indexOf(Math.round(lead)) < 0 ? '' : Number(v).toLocaleString('en');
            }}}
        },
        plugins: {
          tooltip: {callbacks: {
            title: function (items) { return utc(items[0].raw.x) + ' UTC'; },
            footer: function (items) { return items[0].raw.id ? 'drill ' + items[0].raw.id : ''; }
          }}
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
          x: {beginAtZero: true, grace: '8%', title: {display: true, text: 'items restored'}, grid: {color: grid}},
          y: {beginAtZero: true, grace: '8%', title: {display: true, text: 'items per second (data load)'}, grid: {color: grid}}
        }
      }
    });
  }
})();
