// City overview map: district polygons from GeoJSON and open alerts as markers, no tiles unless a tile URL is set.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var el = document.getElementById('overview-map');
    if (!el || typeof L === 'undefined') { return; }
    // Not a keyboard stop itself: a focusable map holding focusable markers and zoom buttons nests interactive
    // controls (axe: nested-interactive). Markers and zoom buttons stay reachable; the district tables beside the map
    // say everything the map shows.
    var map = L.map(el, { attributionControl: false, keyboard: false });
    var tiles = el.getAttribute('data-tile-url');
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
    fetch(el.getAttribute('data-source'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('overview ' + r.status); } return r.json(); })
      .then(function (overview) {
        var bounds = L.latLngBounds([]);
        overview.districts.forEach(function (d) {
          if (!d.boundary) { return; }
          var layer = L.geoJSON(d.boundary, { style: { weight: 2, fillOpacity: 0.1 } }).addTo(map);
          layer.bindTooltip(d.name + ': ' + d.openAlerts + ' open alerts');
          var centre = layer.getBounds().getCenter();
          bounds.extend(layer.getBounds());
          d.alerts.forEach(function (a) {
            var at = (a.latitude != null && a.longitude != null) ? [a.latitude, a.longitude] : centre;
            var marker = L.marker(at, { title: a.severity + ': ' + (a.title || a.cause), alt: a.severity, keyboard: true })
              .addTo(map);
            var link = document.createElement('a');
            link.href = '/alerts/' + encodeURIComponent(a.id);
            link.textContent = a.severity + ': ' + (a.title || a.cause);
            marker.bindPopup(link);
          });
        });
        if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([0, 0], 2); }
      })
      .catch(function () {
        el.textContent = 'The map could not be loaded; the tables list the same.';
      });
  });
})();
