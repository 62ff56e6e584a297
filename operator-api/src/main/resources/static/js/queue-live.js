// The exception queue's live updates: listens to /live (server-sent events) and, when an alert changes, fetches its
// row as the server renders it now (or removes it when it left the queue); when a device changes, the rows of its
// alerts are fetched again (their health column). Changes are announced politely in the
// status line (aria-live). A "reset" event means events were missed: the page reloads so nothing is silently lost.
(function () {
  var table = document.getElementById('queue');
  var rows = document.getElementById('queue-rows');
  var status = document.getElementById('live-status');
  if (!table || !rows || !window.EventSource) {
    return;
  }
  function say(text) {
    status.textContent = text;
  }
  function refreshRow(alertId, announce) {
    fetch('/queue/rows/' + encodeURIComponent(alertId), {headers: {'HX-Request': 'true'}, credentials: 'same-origin'})
      .then(function (response) {
        var existing = document.getElementById('alert-' + alertId);
        if (response.status === 404) {
          if (existing) {
            existing.remove();
          }
          return null;
        }
        if (response.status === 401) {
          window.location.reload();
          return null;
        }
        return response.text().then(function (html) {
          var holder = document.createElement('tbody');
          holder.innerHTML = html.trim();
          var row = holder.querySelector('tr');
          if (!row) {
            return;
          }
          if (existing) {
            existing.replaceWith(row);
          } else {
            rows.insertBefore(row, rows.firstChild);
            // The page may have been drawn empty: it no longer is.
            var empty = document.querySelector('[data-testid="queue-empty"]');
            if (empty) {
              empty.remove();
            }
          }
          if (window.htmx) {
            window.htmx.process(row);
          }
          say(announce);
        });
      })
      .catch(function () { /* the next event or a reload will show it */ });
  }
  var source = new EventSource(table.dataset.live, {withCredentials: true});
  source.addEventListener('alert', function (event) {
    var change = JSON.parse(event.data);
    var words = change.change === 'OPENED' || change.change === 'REOPENED' ? 'New alert: ' : 'Alert changed: ';
    refreshRow(change.alertId, words + (change.title || change.alertId));
  });
  // A device's lifecycle or quarantine changed: the rows of its alerts are drawn again, with its health now.
  source.addEventListener('device', function (event) {
    var device = JSON.parse(event.data);
    Array.prototype.forEach.call(rows.querySelectorAll('tr.alert-row'), function (row) {
      if (row.dataset.deviceId === device.deviceId) {
        refreshRow(row.dataset.alertId, 'Device ' + device.deviceId + ' changed: ' + device.lifecycle
          + (device.quarantine ? ', quarantined' : ''));
      }
    });
  });
  source.addEventListener('reset', function () {
    say('Some updates were missed; reloading.');
    window.location.reload();
  });
  source.addEventListener('open', function () {
    say('');
  });
  source.addEventListener('error', function () {
    say(source.readyState === EventSource.CLOSED ? 'Live updates stopped; reload the page to resume.'
      : 'Live updates interrupted; reconnecting.');
  });
})();
