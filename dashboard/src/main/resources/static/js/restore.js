// Follows a running restore over server-sent events (the same stream the API serves): each
// 'progress' event updates the progress bar, counts, rate and time left; the 'finished' event shows
// the final state (status, recovery time, error) and takes the cancel button away.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || main.dataset.running !== 'true') {
    return;
  }
  function set(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value == null ? '–' : value;
    }
  }
  function show(s) {
    var bar = document.getElementById('progress');
    bar.value = s.percent;
    bar.textContent = s.percent + ' %';
    set('percent', s.percent);
    set('items', s.items);
    set('total', s.totalItems);
    set('rate', s.rate);
    set('eta', s.eta);
    set('phase', s.phase);
    set('status', s.status);
    if (s.target) {
      set('target', s.target);
    }
  }
  var events = new EventSource(main.dataset.eventsUrl, {withCredentials: true});
  events.addEventListener('progress', function (e) {
    show(JSON.parse(e.data));
  });
  // The end is shown in place, not by reloading, so that a notice on the page (such as "Cancelling")
  // stays where the operator can read it.
  events.addEventListener('finished', function (e) {
    events.close();
    var s = JSON.parse(e.data);
    show(s);
    set('recovery', s.recovery);
    set('phase', '');
    var badge = document.getElementById('status');
    badge.classList.remove('lvl-amber');
    badge.classList.add(s.status === 'SUCCEEDED' ? 'lvl-green' : 'lvl-red');
    var cancel = document.getElementById('cancel-form');
    if (cancel) {
      cancel.remove();
    }
    if (s.error) {
      var error = document.getElementById('error');
      error.textContent = s.error;
      error.hidden = false;
      if (s.status === 'FAILED' || s.partialTable) {
        error.classList.add('error');
      }
    }
    main.dataset.running = 'false';
  });
  events.onerror = function () {
    if (events.readyState === EventSource.CLOSED) {
      var error = document.getElementById('error');
      error.textContent = 'Progress is not updating: the event stream closed; reload the page (you may need to sign in again)';
      error.classList.add('error');
      error.hidden = false;
    }
  };
})();
