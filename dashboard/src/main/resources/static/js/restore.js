// Follows a running restore: polls its status once a second and updates the progress bar, counts,
// rate and time left; reloads the page when it ends so that the final state (and no cancel button) shows.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || main.dataset.running !== 'true') {
    return;
  }
  var url = main.dataset.statusUrl;
  function set(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value == null ? '–' : value;
    }
  }
  function poll() {
    fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok || (response.headers.get('Content-Type') || '').indexOf('json') < 0) {
          throw new Error('the daemon answered ' + response.status + '; reload the page (you may need to sign in again)');
        }
        return response.json();
      })
      .then(function (s) {
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
        if (s.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function (e) {
        var error = document.getElementById('error');
        error.textContent = 'Progress is not updating: ' + e.message;
        error.classList.add('error');
        error.hidden = false;
      });
  }
  window.setTimeout(poll, 500);
})();
