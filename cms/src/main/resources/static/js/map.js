// The map of loudspeakers (Bản đồ): markers from /map/markers coloured by status, clustered when zoomed out.
// Tiles come from the configured tile server; when they cannot load (no internet), the markers still show on a
// blank background, since nothing here waits for a tile.
(function () {
  "use strict";
  var COLOURS = {
    ONLINE: "#1a7f37",
    PLAYING: "#0b5cad",
    ERROR: "#b3261e",
    OFFLINE: "#6b6b6b",
    NEVER_SEEN: "#b08800"
  };

  function start() {
    var box = document.getElementById("device-map");
    if (!box || typeof L === "undefined") {
      return;
    }
    var words = box.dataset;
    var map = L.map(box, { preferCanvas: false }).setView([16.0, 106.0], 5);
    L.tileLayer(words.tiles, { maxZoom: 19, attribution: words.attribution }).addTo(map);
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    map.addLayer(cluster);
    fetch(words.markers, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (markers) {
        var bounds = [];
        markers.forEach(function (m) {
          var marker = L.circleMarker([m.lat, m.lon], {
            radius: 9,
            color: "#ffffff",
            weight: 2,
            fillColor: COLOURS[m.status] || "#6b6b6b",
            fillOpacity: 0.95,
            className: "device-marker status-" + m.status
          });
          marker.bindPopup(popup(m, words));
          cluster.addLayer(marker);
          bounds.push([m.lat, m.lon]);
        });
        if (bounds.length === 1) {
          map.setView(bounds[0], 14);
        } else if (bounds.length > 1) {
          map.fitBounds(bounds, { padding: [24, 24] });
        }
        document.getElementById("map-count").textContent = String(markers.length);
        box.setAttribute("data-loaded", String(markers.length));
      })
      .catch(function () {
        box.setAttribute("data-loaded", "error");
      });
  }

  function box() {
    return document.getElementById("device-map");
  }

  function popup(m, words) {
    var div = document.createElement("div");
    div.className = "map-popup";
    var name = document.createElement("a");
    name.href = words.deviceUrl + m.id;
    name.textContent = m.name;
    var strong = document.createElement("strong");
    strong.appendChild(name);
    div.appendChild(strong);
    // HTML lower-cases attribute names: data-word-NEVER_SEEN is data-word-never_seen.
    var status = box().getAttribute("data-word-" + String(m.status).toLowerCase()) || m.status;
    [m.areaName || "", status,
      words.wordSeen + ": " + (m.lastSeenAt ? new Date(m.lastSeenAt).toLocaleString(document.documentElement.lang || "vi") : words.wordNever)]
      .forEach(function (text) {
        var p = document.createElement("div");
        p.textContent = text;
        div.appendChild(p);
      });
    return div;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
