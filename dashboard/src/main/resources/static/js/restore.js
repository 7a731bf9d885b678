// Follows a running restore over server-sent events (the same stream the API serves): each
// 'progress' event updates the progress bar, counts, rate and time left; the 'finished' event
// reloads the page so that the final state (and no cancel button) shows.
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
  events.addEventListener('finished', function (e) {
    events.close();
    show(JSON.parse(e.data));
    window.location.reload();
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
