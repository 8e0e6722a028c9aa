/* frontline map and progress charts. The server derives every state; this file only draws.
   Stored text (names, quotes, notes, URLs) is only ever set with textContent, never as HTML. */
(function () {
  "use strict";
  var config = window.FRONTLINE_CONFIG;
  var api = (window.frontline = { ready: false, markers: {} });

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function days(start, end) {
    var out = [];
    var d = new Date(start + "T00:00:00Z");
    var last = new Date(end + "T00:00:00Z");
    while (d <= last) {
      out.push(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
    return out;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  Promise.all([getJSON(config.mapUrl), getJSON(config.progressUrl)]).then(function (results) {
    draw(results[0], results[1]);
  }).catch(function (error) {
    document.getElementById("fl-title").textContent = "Could not load the front line data: " + error.message;
  });

  function draw(data, progress) {
    var forces = {};
    data.forces.forEach(function (f) { forces[f.id] = f; });
    var dayList = days(data.campaign.start, data.campaign.end);
    document.getElementById("fl-title").textContent = (data.campaign.title || data.campaign.name) + ": front line";

    function colourOf(forceId) {
      var force = forces[forceId];
      if (!force) return config.sideColours["None"];
      return config.forceColours[force.name] || config.sideColours[force.side] || config.sideColours["None"];
    }

    // State [date, holder, condition, by, event, axis] on a day: the last change on or before it.
    function stateOn(localityId, day) {
      var list = data.states[String(localityId)];
      if (!list) return null;
      var found = null;
      for (var i = 0; i < list.length; i++) {
        if (list[i][0] === null || list[i][0] <= day) found = list[i];
        else break;
      }
      return found;
    }

    function styleFor(state) {
      if (!state) return { radius: 3, color: "#9a9a9a", weight: 1, fillColor: "#cfcfcf", fillOpacity: 0.7, dashArray: null };
      var fill = colourOf(state[1]);
      if (state[2] === "held") return { radius: 7, color: "#ffffff", weight: 1.5, fillColor: fill, fillOpacity: 0.95, dashArray: null };
      return {
        radius: 8, color: colourOf(state[3]), weight: 3, fillColor: fill, fillOpacity: 0.6,
        dashArray: state[2] === "encircled" ? "1 4" : "4 3",
      };
    }

    var map = L.map("fl-map", { zoomSnap: 0.5 });
    api.map = map;
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: config.tileAttribution, maxZoom: 18 }).addTo(map);
    }
    var centre = [data.campaign.centre[1], data.campaign.centre[0]];
    map.setView(centre, 9);
    data.campaign.axis_lines.forEach(function (line) {
      L.polyline(line.coordinates.map(function (c) { return [c[1], c[0]]; }),
        { color: "#888", weight: 1, dashArray: "6 6", interactive: false }).addTo(map);
    });
    data.campaign.axes.forEach(function (axis) {
      var mid = ((axis.from_deg + ((axis.to_deg - axis.from_deg + 360) % 360) / 2) % 360) * Math.PI / 180;
      var km = Math.min(45, data.campaign.region_km * 0.45);
      var lat = centre[0] + (km / 111.2) * Math.cos(mid);
      var lon = centre[1] + (km / (111.2 * Math.cos(centre[0] * Math.PI / 180))) * Math.sin(mid);
      L.marker([lat, lon], { interactive: false, icon: L.divIcon({ className: "fl-axis-label", html: "", iconSize: [60, 16] }) })
        .addTo(map).getElement().textContent = axis.name.toUpperCase();
    });
    if (data.campaign.outskirts) {
      L.geoJSON(data.campaign.outskirts, { style: { color: "#b22222", weight: 2, fillOpacity: 0.08 }, interactive: false }).addTo(map);
    }

    var axisSelect = document.getElementById("fl-axis");
    data.campaign.axes.forEach(function (a) { axisSelect.appendChild(el("option", a.name, { value: a.name })); });
    var forceSelect = document.getElementById("fl-force");
    data.forces.forEach(function (f) { forceSelect.appendChild(el("option", f.name, { value: String(f.id) })); });
    var statusSelect = document.getElementById("fl-status");

    data.localities.forEach(function (loc) {
      var marker = L.circleMarker([loc.lat, loc.lon], { className: "fl-locality fl-locality-" + loc.id });
      marker.bindTooltip(el("span", loc.name));  // a node, not a string: Leaflet puts strings in as HTML
      marker.on("click", function () { showHistory(loc); });
      marker.addTo(map);
      api.markers[loc.id] = { marker: marker, locality: loc };
    });

    var slider = document.getElementById("fl-slider");
    var output = document.getElementById("fl-date");
    slider.max = String(dayList.length - 1);
    var wanted = config.date && dayList.indexOf(config.date) >= 0 ? dayList.indexOf(config.date) : dayList.length - 1;
    slider.value = String(wanted);

    function visible(loc, state) {
      var axis = axisSelect.value, force = forceSelect.value, status = statusSelect.value;
      if (axis && (state && state[5] ? state[5] : loc.axis) !== axis) return false;
      if (force && !(state && (String(state[1]) === force || String(state[3]) === force))) return false;
      if (status) {
        var condition = state ? state[2] : "unknown";
        if (condition !== status) return false;
      }
      return true;
    }

    // Large databases send the states of one day at a time (states_by_date): fetch the day shown,
    // keeping the previous day's colours until it arrives; only the latest request is drawn.
    var statesDay = api.statesDay = data.states_by_date ? data.states_day : null;
    var wantedDay = null, timer = null;
    function fetchStates(day) {
      if (day === wantedDay) return;
      wantedDay = day;
      clearTimeout(timer);
      timer = setTimeout(function () {
        getJSON(config.statesUrl + "?date=" + encodeURIComponent(day)).then(function (result) {
          if (result.date !== wantedDay) return;
          data.states = result.states;
          statesDay = api.statesDay = result.date;
          wantedDay = null;
          render();
        }).catch(function (error) { output.textContent = day + " (could not load the states: " + error.message + ")"; });
      }, 150);
    }

    function render() {
      var day = dayList[Number(slider.value)];
      api.date = day;
      var loading = data.states_by_date && day !== statesDay;
      if (loading) fetchStates(day);
      output.textContent = day + (loading ? " (loading)" : "");
      Object.keys(api.markers).forEach(function (id) {
        var entry = api.markers[id];
        var state = stateOn(id, day);
        entry.state = state;
        if (visible(entry.locality, state)) {
          entry.marker.setStyle(styleFor(state));
          entry.marker.setRadius(styleFor(state).radius);
          if (!map.hasLayer(entry.marker)) entry.marker.addTo(map);
        } else if (map.hasLayer(entry.marker)) {
          map.removeLayer(entry.marker);
        }
      });
      var url = new URL(window.location.href);
      url.searchParams.set("date", day);
      window.history.replaceState(null, "", url.toString());
    }
    api.setDate = function (day) {
      var index = dayList.indexOf(day);
      if (index < 0) throw new Error("date outside the campaign: " + day);
      slider.value = String(index);
      render();
    };
    [slider, axisSelect, forceSelect, statusSelect].forEach(function (input) {
      input.addEventListener("input", render);
      input.addEventListener("change", render);
    });
    render();
    legend(data);

    function showHistory(loc) {
      var panel = document.getElementById("fl-history");
      panel.hidden = false;
      panel.textContent = "";
      panel.appendChild(el("h3", loc.name + " (" + (loc.km === null ? "?" : loc.km.toFixed(1)) + " km from the outskirts, " + (loc.axis || "no") + " axis)"));
      getJSON(config.localityUrl + loc.id + ".json").then(function (history) {
        if (!history.events.length) {
          panel.appendChild(el("p", "No recorded events."));
          return;
        }
        var table = el("table");
        var head = el("tr");
        ["date", "status", "force", "previous", "axis", "counts", "sources", "quote", "note"].forEach(function (h) { head.appendChild(el("th", h)); });
        table.appendChild(head);
        history.events.forEach(function (event) {
          var row = el("tr", null, { "data-event-id": String(event.id) });
          var date = event.date_precision === "day" ? event.date : event.date_earliest + "/" + event.date;
          [date, event.status, event.force, event.previous_force, event.axis,
            event.counts ? "yes" : "no" + (event.retracted_because ? " (retracted: " + event.retracted_because + ")" : "")
          ].forEach(function (v) { row.appendChild(el("td", v === null ? "" : v)); });
          var sources = el("td");
          (event.sources || []).forEach(function (source, i) {
            if (i) sources.appendChild(document.createTextNode("; "));
            var label = source.publisher || source.title || source.url || source.key;
            var href = safeUrl(source.url);
            if (href) {
              var link = el("a", label, { href: href, rel: "noopener noreferrer", target: "_blank" });
              sources.appendChild(link);
            } else {
              sources.appendChild(el("span", label + (source.url ? " (" + source.url + ")" : "")));
            }
          });
          row.appendChild(sources);
          var quotes = (event.sources || []).map(function (s) { return s.quote; }).filter(Boolean);
          row.appendChild(el("td", quotes.join(" | ")));
          row.appendChild(el("td", event.note || ""));
          table.appendChild(row);
        });
        panel.appendChild(table);
      }).catch(function (error) { panel.appendChild(el("p", "Could not load history: " + error.message)); });
    }
    api.showHistory = function (id) { showHistory(api.markers[id].locality); };

    drawCharts(progress);
    api.ready = true;
  }

  function legend(data) {
    var box = document.getElementById("fl-legend");
    var shown = {};
    data.forces.forEach(function (f) {
      var colour = config.forceColours[f.name] || config.sideColours[f.side];
      if (shown[f.name]) return;
      shown[f.name] = true;
      var item = el("span");
      var swatch = el("span", null, { "class": "swatch" });
      swatch.style.background = colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(f.name + " (" + f.side + ")"));
      box.appendChild(item);
    });
    box.appendChild(el("span", "dashed ring: contested; dotted ring: encircled; small grey: no record"));
  }

  var AXIS_COLOURS = { north: "#d9a400", east: "#1f6fb4", south: "#2e8b3d", west: "#7b4fb3" };

  function drawCharts(progress) {
    var labels = progress.held.map(function (r) { return r.date; });
    var byAxis = {};
    progress.front.forEach(function (row) { (byAxis[row.axis] = byAxis[row.axis] || {})[row.date] = row; });
    var palette = ["#1f6fb4", "#2e8b3d", "#d9a400", "#7b4fb3", "#b22222", "#16a3b8"];
    var datasets = progress.axes.map(function (axis, i) {
      var rows = byAxis[axis] || {};
      return {
        label: axis,
        data: labels.map(function (d) { return rows[d] && rows[d].km_to_outskirts !== null ? rows[d].km_to_outskirts : null; }),
        rows: labels.map(function (d) { return rows[d] || null; }),
        borderColor: AXIS_COLOURS[axis] || palette[i % palette.length],
        backgroundColor: AXIS_COLOURS[axis] || palette[i % palette.length],
        stepped: true, pointRadius: 0, spanGaps: false, borderWidth: 2,
      };
    });
    api.frontChart = new Chart(document.getElementById("fl-front-chart"), {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
        scales: { y: { title: { display: true, text: "km to the outskirts" }, beginAtZero: true },
                  x: { ticks: { maxTicksLimit: 12 } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var row = ctx.dataset.rows[ctx.dataIndex];
                if (!row || row.km_to_outskirts === null) return ctx.dataset.label + ": no attacker-held locality";
                return ctx.dataset.label + ": " + row.km_to_outskirts.toFixed(1) + " km, " + row.locality +
                  (row.source ? " (" + row.source + ")" : "");
              },
            },
          },
        },
      },
    });
    var sides = [["attacker", "#1f6fb4"], ["defender", "#111111"], ["contested", "#e07b00"], ["encircled", "#b22222"]];
    api.heldChart = new Chart(document.getElementById("fl-held-chart"), {
      type: "line",
      data: {
        labels: labels,
        datasets: sides.map(function (s) {
          return { label: s[0], data: progress.held.map(function (r) { return r[s[0]]; }), borderColor: s[1],
                   backgroundColor: s[1], stepped: true, pointRadius: 0, borderWidth: 2 };
        }),
      },
      options: { animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
                 scales: { y: { title: { display: true, text: "localities" }, beginAtZero: true },
                           x: { ticks: { maxTicksLimit: 12 } } } },
    });
  }
})();
