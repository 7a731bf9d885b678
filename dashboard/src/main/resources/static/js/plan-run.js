// Follows a plan run over server-sent events (the stream the API serves, under the session): each
// 'progress' event carries the whole run (every stage and table with live progress and the ETA) and
// updates the rows in place; the 'finished' event shows the end in place (status, recovery time,
// error), takes the cancel button away and shows the links to the report.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || main.dataset.running !== 'true') {
    return;
  }
  var LEVELS = {VERIFIED: 'lvl-green', RECOVERED: 'lvl-green', RUNNING: 'lvl-amber', PENDING: '',
    FAILED: 'lvl-red', ERROR: 'lvl-red', CANCELLED: 'lvl-red', SKIPPED: 'lvl-red'};

  // As the server writes durations (Durations.seconds): "850 ms", "4.2 s", "3 min 12 s", "5 h 3 min".
  function seconds(v) {
    if (v == null) {
      return '–';
    }
    if (v < 1) {
      return Math.round(v * 1000) + ' ms';
    }
    if (v < 60) {
      return v < 10 ? v.toFixed(1) + ' s' : Math.round(v) + ' s';
    }
    var s = Math.round(v);
    if (s < 3600) {
      return Math.floor(s / 60) + ' min' + (s % 60 === 0 ? '' : ' ' + (s % 60) + ' s');
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + ' h' + (Math.floor(s % 3600 / 60) === 0 ? '' : ' ' + Math.floor(s % 3600 / 60) + ' min');
    }
    return Math.floor(s / 86400) + ' d' + (Math.floor(s % 86400 / 3600) === 0 ? '' : ' ' + Math.floor(s % 86400 / 3600) + ' h');
  }
  function count(n) {
    return Math.round(n).toLocaleString('en-US');
  }
  function range(low, high) {
    return low == null ? '' : '(' + seconds(low) + ' – ' + seconds(high) + ')';
  }
  function text(root, selector, value) {
    var el = root.querySelector(selector);
    if (el) {
      el.textContent = value == null ? '' : value;
    }
  }
  function badge(el, state) {
    if (!el) {
      return;
    }
    el.textContent = state;
    el.classList.remove('lvl-green', 'lvl-amber', 'lvl-red');
    if (LEVELS[state]) {
      el.classList.add(LEVELS[state]);
    }
  }
  function byData(attribute) {
    var out = {};
    document.querySelectorAll('[data-' + attribute + ']').forEach(function (el) {
      out[el.getAttribute('data-' + attribute)] = el;
    });
    return out;
  }
  var stageRows = byData('stage');
  var tableRows = byData('table');

  function stageWhen(s) {
    if (s.recoveredAfterSeconds != null) {
      return 'back after ' + seconds(s.recoveredAfterSeconds)
          + (s.recoveredAfterSeconds <= s.objectiveSeconds ? ', within it' : ', OVER it');
    }
    if (s.etaSeconds != null) {
      var r = range(s.etaLowSeconds, s.etaHighSeconds);
      return 'about ' + seconds(s.etaSeconds) + ' to go' + (r ? ' ' + r : '');
    }
    return s.state === 'PENDING' ? 'waits for the stage before' : s.state === 'RUNNING' ? 'no estimate yet' : '–';
  }

  function showTable(t) {
    var row = tableRows[t.table];
    if (!row) {
      return;
    }
    badge(row.querySelector('.table-state'), t.state);
    var percent = t.state === 'VERIFIED' ? 100 : t.percent;
    var bar = row.querySelector('progress');
    bar.value = percent;
    bar.textContent = Math.round(percent) + ' %';
    text(row, '.items', count(t.items) + (t.totalItems > 0 ? ' of ' + count(t.totalItems) : '') + ' items');
    text(row, '.rate', t.state === 'RUNNING' && t.itemsPerSecond > 0 ? count(t.itemsPerSecond) + ' items/s' : '');
    text(row, '.phase', t.state === 'RUNNING' ? t.phase : '');
    text(row, '.took', t.recoverySeconds == null ? '' : 'recovery time ' + seconds(t.recoverySeconds));
    var error = row.querySelector('.table-error');
    error.textContent = t.error || '';
    error.hidden = !t.error;
  }

  function show(s) {
    (s.stages || []).forEach(function (stage) {
      var row = stageRows[stage.name];
      if (row) {
        badge(row.querySelector('.stage-state'), stage.state);
        text(row, '.stage-when', stageWhen(stage));
      }
    });
    (s.tables || []).forEach(showTable);
    if (s.elapsedSeconds != null) {
      text(document, '#elapsed', seconds(s.elapsedSeconds));
    }
    if (s.status === 'RUNNING') {
      text(document, '#plan-eta', s.etaSeconds == null ? '–' : seconds(s.etaSeconds));
      text(document, '#plan-eta-range', range(s.etaLowSeconds, s.etaHighSeconds));
      text(document, '#eta-basis', s.etaBasis ? 'The estimate rests on ' + s.etaBasis + '.' : '');
    }
  }

  // The finished event is the run's last snapshot when the run ended here while followed, else its
  // record (status, recoverySeconds, error): either way the page shows the end without a reload, so
  // that a notice on it (such as "Cancelling") stays where the operator reads it.
  function finish(s) {
    show(s);
    badge(document.getElementById('status'), s.status);
    text(document, '#plan-eta', '–');
    text(document, '#plan-eta-range', '');
    text(document, '#eta-basis', '');
    var recovery = s.recoverySeconds;
    if (recovery == null && s.status === 'VERIFIED' && s.stages && s.stages.length) {
      recovery = s.stages[s.stages.length - 1].recoveredAfterSeconds;
    }
    text(document, '#recovery', seconds(recovery));
    var cancel = document.getElementById('cancel-form');
    if (cancel) {
      cancel.remove();
    }
    if (s.error) {
      var error = document.getElementById('error');
      error.textContent = s.error;
      error.hidden = false;
      error.classList.add('error');
    }
    document.getElementById('report-links').hidden = false;
    main.dataset.running = 'false';
  }

  var events = new EventSource(main.dataset.eventsUrl, {withCredentials: true});
  events.addEventListener('progress', function (e) {
    show(JSON.parse(e.data));
  });
  events.addEventListener('finished', function (e) {
    events.close();
    finish(JSON.parse(e.data));
  });
  events.onerror = function () {
    if (events.readyState === EventSource.CLOSED && main.dataset.running === 'true') {
      var error = document.getElementById('error');
      error.textContent = 'Progress is not updating: the event stream closed; reload the page (you may need to sign in again)';
      error.classList.add('error');
      error.hidden = false;
    }
  };
})();
