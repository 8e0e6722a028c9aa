/* frontline map and progress charts. The server derives every state, area and line; this file only draws.
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
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : url + ": " + r.status);
        return body;
      });
    });
  }

  function message(text) {
    var box = document.getElementById("fl-message");
    box.hidden = !text;
    box.textContent = text || "";
  }

  Promise.all([getJSON(config.mapUrl), getJSON(config.progressUrl)]).then(function (results) {
    draw(results[0], results[1]);
  }).catch(function (error) {
    document.getElementById("fl-title").textContent = "Could not load the front line data: " + error.message;
  });

  var AREA_STYLES = {
    attacker: { color: "#1f6fb4" }, defender: { color: "#222222" }, contested: { color: "#e07b00" },
    encircled: { color: "#b22222" }, unknown: { color: "#999999" },
  };

  function areaStyle(feature) {
    var p = feature.properties;
    var colour = (AREA_STYLES[p.side] || AREA_STYLES.unknown).color;
    if (p.side === "unknown") return { stroke: false, fillOpacity: 0, interactive: false };
    var reported = p.control === "reported";
    return {
      color: colour, weight: reported ? 1 : 0.5, opacity: 0.6, fillColor: colour,
      fillOpacity: reported ? 0.38 : 0.16, dashArray: p.side === "contested" || p.side === "encircled" ? "4 4" : null,
      className: "fl-area fl-area-" + p.side + "-" + p.control,
    };
  }

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
      if (state[2] === "held") return { radius: 6, color: "#ffffff", weight: 1.5, fillColor: fill, fillOpacity: 0.95, dashArray: null };
      return {
        radius: 7, color: colourOf(state[3]), weight: 3, fillColor: fill, fillOpacity: 0.6,
        dashArray: state[2] === "encircled" ? "1 4" : "4 3",
      };
    }

    var url = new URL(window.location.href);
    var map = L.map("fl-map", { zoomSnap: 0.5 });
    api.map = map;
    var attribution = [];
    if (config.tiles) {
      L.tileLayer(config.tiles, { attribution: config.tileAttribution, maxZoom: 18 }).addTo(map);
    } else if (config.basemapUrl) {
      L.tileLayer(config.basemapUrl, { maxNativeZoom: 6, maxZoom: 18, opacity: 0.45,
        attribution: "© OpenStreetMap contributors" }).addTo(map);
    }
    map.attributionControl.addAttribution("Rivers: GSHHG (Wessel & Smith), LGPL-3.0");
    var centre = [data.campaign.centre[1], data.campaign.centre[0]];
    var lat = Number(url.searchParams.get("lat")), lon = Number(url.searchParams.get("lon")), zoom = Number(url.searchParams.get("zoom"));
    if (lat && lon && zoom && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && zoom >= 3 && zoom <= 18) map.setView([lat, lon], zoom);
    else map.setView(centre, 9);

    var areaPane = map.createPane("fl-areas"); areaPane.style.zIndex = 350;
    var linePane = map.createPane("fl-lines"); linePane.style.zIndex = 420;
    var areaLayer = L.geoJSON(null, { pane: "fl-areas", style: areaStyle, interactive: false }).addTo(map);
    var frontLayer = L.geoJSON(null, { pane: "fl-lines", interactive: false,
      style: { color: "#d7191c", weight: 3.5, opacity: 0.9, className: "fl-front-line" } }).addTo(map);
    var fightingLayer = L.layerGroup();
    api.areaLayer = areaLayer; api.frontLayer = frontLayer; api.fightingLayer = fightingLayer;

    getJSON(config.riversUrl).then(function (rivers) {
      L.geoJSON(rivers, { pane: "fl-lines", interactive: false,
        style: { color: "#3b83c4", weight: 2, opacity: 0.8, className: "fl-river" } }).addTo(map);
      api.rivers = true;
    }).catch(function () { api.rivers = false; });

    data.campaign.axis_lines.forEach(function (line) {
      L.polyline(line.coordinates.map(function (c) { return [c[1], c[0]]; }),
        { color: "#888", weight: 1, dashArray: "6 6", interactive: false }).addTo(map);
    });
    data.campaign.axes.forEach(function (axis) {
      var mid = ((axis.from_deg + ((axis.to_deg - axis.from_deg + 360) % 360) / 2) % 360) * Math.PI / 180;
      var km = Math.min(45, data.campaign.region_km * 0.45);
      var alat = centre[0] + (km / 111.2) * Math.cos(mid);
      var alon = centre[1] + (km / (111.2 * Math.cos(centre[0] * Math.PI / 180))) * Math.sin(mid);
      L.marker([alat, alon], { interactive: false, icon: L.divIcon({ className: "fl-axis-label", html: "", iconSize: [60, 16] }) })
        .addTo(map).getElement().textContent = axis.name.toUpperCase();
    });
    if (data.campaign.outskirts) {
      L.geoJSON(data.campaign.outskirts, { style: { color: "#b22222", weight: 2, fill: false }, interactive: false }).addTo(map);
    }

    // Labels: towns and cities from zoom 9, the city's quarters from zoom 12.
    var townLabels = L.layerGroup(), quarterLabels = L.layerGroup();
    data.localities.forEach(function (loc) {
      var town = loc.kind === "town" || loc.kind === "city";
      var quarter = loc.kind === "neighbourhood" || loc.kind === "landmark" || loc.kind === "base";
      if (!town && !quarter) return;
      var label = L.marker([loc.lat, loc.lon], { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "fl-label" + (quarter ? " fl-quarter" : ""), html: "", iconSize: null, iconAnchor: [-6, 6] }) });
      label.on("add", function () { label.getElement().textContent = loc.name; });
      (town ? townLabels : quarterLabels).addLayer(label);
    });
    function showLabels() {
      var z = map.getZoom();
      if (z >= 9) townLabels.addTo(map); else map.removeLayer(townLabels);
      if (z >= 12) quarterLabels.addTo(map); else map.removeLayer(quarterLabels);
    }
    map.on("zoomend", showLabels);
    showLabels();

    var axisSelect = document.getElementById("fl-axis");
    data.campaign.axes.forEach(function (a) { axisSelect.appendChild(el("option", a.name, { value: a.name })); });
    var forceSelect = document.getElementById("fl-force");
    data.forces.forEach(function (f) { forceSelect.appendChild(el("option", f.name, { value: String(f.id) })); });
    var statusSelect = document.getElementById("fl-status");
    [["axis", axisSelect], ["force", forceSelect], ["status", statusSelect]].forEach(function (pair) {
      var value = url.searchParams.get(pair[0]);
      if (value && Array.prototype.some.call(pair[1].options, function (o) { return o.value === value; })) pair[1].value = value;
    });
    var byId = {};
    data.localities.forEach(function (loc) {
      byId[loc.id] = loc;
      var marker = L.circleMarker([loc.lat, loc.lon], { className: "fl-locality fl-locality-" + loc.id });
      marker.bindTooltip(el("span", loc.name));  // a node, not a string: Leaflet puts strings in as HTML
      marker.on("click", function () { showHistory(loc); });
      marker.addTo(map);
      api.markers[loc.id] = { marker: marker, locality: loc };
    });

    var slider = document.getElementById("fl-slider");
    var output = document.getElementById("fl-date");
    var dateInput = document.getElementById("fl-date-input");
    slider.max = String(dayList.length - 1);
    dateInput.min = dayList[0]; dateInput.max = dayList[dayList.length - 1];
    // Ticks where events happen, and the days the front or the holdings moved, for "previous / next change".
    var changeDays = {};
    Object.keys(data.states).forEach(function (id) {
      data.states[id].forEach(function (step) { if (step[0]) changeDays[step[0]] = true; });
    });
    var changes = Object.keys(changeDays).sort();
    var ticks = document.getElementById("fl-ticks");
    changes.forEach(function (day) {
      var index = dayList.indexOf(day);
      if (index >= 0) ticks.appendChild(el("option", null, { value: String(index) }));
    });
    var wanted = dayList.length - 1;
    if (config.date) {
      var index = dayList.indexOf(config.date);
      if (index >= 0) wanted = index;
      else if (/^\d{4}-\d{2}-\d{2}$/.test(config.date) && !isNaN(Date.parse(config.date + "T00:00:00Z"))) {
        message("No data for " + config.date + ": the campaign runs from " + dayList[0] + " to " + dayList[dayList.length - 1] +
          ". Showing the last recorded day.");
      } else {
        message("The date in the address, " + config.date + ", is not a date (YYYY-MM-DD). Showing the last recorded day.");
      }
    }
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

    // Areas and the front line for the date shown; the latest request wins.
    var controlWanted = null, controlTimer = null, assessed = {};
    function fetchControl(day) {
      controlWanted = day;
      clearTimeout(controlTimer);
      controlTimer = setTimeout(function () {
        getJSON(config.controlUrl + "?date=" + encodeURIComponent(day)).then(function (result) {
          if (result.date !== controlWanted) return;
          areaLayer.clearLayers(); frontLayer.clearLayers();
          if (document.getElementById("fl-show-areas").checked) areaLayer.addData(result.areas);
          if (document.getElementById("fl-show-front").checked) frontLayer.addData(result.front);
          assessed = result.assessed || {};
          api.controlDate = result.date;
          api.areas = result.areas.features.map(function (f) { return f.properties; });
          api.frontLength = result.front.features.length ? result.front.features[0].properties.length_km : 0;
        }).catch(function (error) { message("Could not load the areas for " + day + ": " + error.message); });
      }, 80);
    }

    var fightingWanted = null;
    function fetchFighting(day) {
      fightingLayer.clearLayers();
      if (!document.getElementById("fl-show-fighting").checked) { map.removeLayer(fightingLayer); return; }
      fightingWanted = day;
      getJSON(config.fightingUrl + "?days=7&date=" + encodeURIComponent(day)).then(function (result) {
        if (result.date !== fightingWanted) return;
        fightingLayer.clearLayers();
        result.reports.forEach(function (r) {
          var circle = L.circleMarker([r.lat, r.lon], { radius: 4 + 2 * Math.sqrt(r.deaths || 0), color: "#7a0177",
            weight: 1, fillColor: "#c51b8a", fillOpacity: 0.45, className: "fl-fighting" });
          var tip = el("span", (r.end || "") + " " + (r.place || "") + ": " + (r.deaths || 0) + " dead, " + r.sides +
            (r.headline ? " (" + r.headline + ")" : "") + " [UCDP GED, CC BY 4.0]");
          circle.bindTooltip(tip);
          fightingLayer.addLayer(circle);
        });
        fightingLayer.addTo(map);
        api.fighting = result.reports.length;
      }).catch(function (error) { message("Could not load the fighting reports: " + error.message); });
    }

    function permalink(day) {
      var link = new URL(window.location.href);
      link.searchParams.set("date", day);
      [["axis", axisSelect.value], ["force", forceSelect.value], ["status", statusSelect.value],
       ["place", api.place || ""]].forEach(function (pair) {
        if (pair[1]) link.searchParams.set(pair[0], pair[1]); else link.searchParams.delete(pair[0]);
      });
      var c = map.getCenter();
      link.searchParams.set("lat", c.lat.toFixed(4));
      link.searchParams.set("lon", c.lng.toFixed(4));
      link.searchParams.set("zoom", String(map.getZoom()));
      window.history.replaceState(null, "", link.toString());
    }

    function render() {
      var day = dayList[Number(slider.value)];
      api.date = day;
      var loading = data.states_by_date && day !== statesDay;
      if (loading) fetchStates(day);
      output.textContent = day + (loading ? " (loading)" : "");
      dateInput.value = day;
      var showDots = document.getElementById("fl-show-dots").checked;
      Object.keys(api.markers).forEach(function (id) {
        var entry = api.markers[id];
        var state = stateOn(id, day);
        entry.state = state;
        if (showDots && visible(entry.locality, state)) {
          entry.marker.setStyle(styleFor(state));
          entry.marker.setRadius(styleFor(state).radius);
          if (!map.hasLayer(entry.marker)) entry.marker.addTo(map);
        } else if (map.hasLayer(entry.marker)) {
          map.removeLayer(entry.marker);
        }
      });
      if (day !== api.controlDate) fetchControl(day);
      fetchFighting(day);
      document.getElementById("fl-dl-areas").href = config.downloadUrl + "areas.geojson?date=" + day;
      document.getElementById("fl-dl-front").href = config.downloadUrl + "front.geojson?date=" + day;
      permalink(day);
      if (api.place && !document.getElementById("fl-history").hidden) refreshHeader();
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
    ["fl-show-areas", "fl-show-front", "fl-show-dots", "fl-show-fighting"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", function () { api.controlDate = null; render(); });
    });
    map.on("moveend", function () { if (api.date) permalink(api.date); });
    dateInput.addEventListener("change", function () {
      var index = dayList.indexOf(dateInput.value);
      if (index < 0) { message("No data for " + dateInput.value + ": pick a day from " + dayList[0] + " to " + dayList[dayList.length - 1] + "."); return; }
      message("");
      slider.value = String(index);
      render();
    });

    function step(by) {
      var index = Math.min(dayList.length - 1, Math.max(0, Number(slider.value) + by));
      slider.value = String(index);
      render();
    }
    function jump(direction) {
      var day = dayList[Number(slider.value)];
      var target = direction > 0 ? changes.filter(function (d) { return d > day; })[0]
        : changes.filter(function (d) { return d < day; }).pop();
      if (target && dayList.indexOf(target) >= 0) { slider.value = String(dayList.indexOf(target)); render(); }
    }
    document.getElementById("fl-step").addEventListener("click", function () { step(1); });
    document.getElementById("fl-step-back").addEventListener("click", function () { step(-1); });
    document.getElementById("fl-next-change").addEventListener("click", function () { jump(1); });
    document.getElementById("fl-prev-change").addEventListener("click", function () { jump(-1); });
    var playButton = document.getElementById("fl-play"), playing = null;
    function stop() { clearInterval(playing); playing = null; playButton.textContent = "▶"; playButton.setAttribute("aria-label", "Play"); api.playing = false; }
    playButton.addEventListener("click", function () {
      if (playing) { stop(); return; }
      if (Number(slider.value) >= dayList.length - 1) slider.value = "0";
      playButton.textContent = "⏸"; playButton.setAttribute("aria-label", "Pause"); api.playing = true;
      playing = setInterval(function () {
        if (Number(slider.value) >= dayList.length - 1) { stop(); return; }
        step(1);
      }, Number(document.getElementById("fl-speed").value));
    });
    document.getElementById("fl-speed").addEventListener("change", function () { if (playing) { stop(); playButton.click(); } });

    var search = document.getElementById("fl-search");
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !search.value.trim()) return;
      getJSON(config.searchUrl + "?q=" + encodeURIComponent(search.value.trim())).then(function (result) {
        var first = result.results.filter(function (r) { return byId[r.id]; })[0];
        if (!first) { message("No place matches " + search.value.trim() + "."); return; }
        message("");
        map.setView([first.lat, first.lon], Math.max(map.getZoom(), 12));
        showHistory(byId[first.id]);
      }).catch(function (error) { message("Search failed: " + error.message); });
    });

    render();
    legend(data);

    var panel = document.getElementById("fl-history"), header = null;
    function refreshHeader() {
      var loc = byId[api.place];
      if (!loc || !header) return;
      var day = api.date, state = stateOn(loc.id, day), guess = assessed[String(loc.id)];
      header.textContent = "";
      if (state && state[1] !== null) {
        var holder = forces[state[1]] ? forces[state[1]].name : "?";
        header.appendChild(el("strong", state[2] === "held" ? "Held by " + holder : holder + ", " + state[2] +
          (state[3] !== null && forces[state[3]] ? " by " + forces[state[3]].name : "")));
        header.appendChild(document.createTextNode(" on " + day + (state[0] ? ", since " + state[0] : "") + " (reported)"));
      } else if (guess) {
        header.appendChild(el("strong", "Assessed: " + (forces[guess[0]] ? forces[guess[0]].name : "?")));
        header.appendChild(document.createTextNode(" on " + day + ", with no report of its own: " + (guess[1] || "")));
      } else {
        header.appendChild(document.createTextNode("No report and no assessment on " + day + "."));
      }
    }

    function conflicts(events) {
      // Reports that disagree: one place, one kind of claim, dates more than a day apart from different
      // sources; or opposite sides claiming it the same day.
      var found = {};
      events.forEach(function (a) {
        events.forEach(function (b) {
          if (a.id >= b.id || !a.counts || !b.counts) return;
          var apart = Math.abs(Date.parse(a.date) - Date.parse(b.date)) / 86400000;
          var sameClaim = a.status === b.status && a.side === b.side;
          if ((sameClaim && apart > 1 && a.sources !== b.sources) || (apart === 0 && a.side !== b.side)) {
            found[a.id] = found[b.id] = true;
          }
        });
      });
      return found;
    }

    function showHistory(loc) {
      api.place = loc.id;
      panel.hidden = false;
      panel.textContent = "";
      var close = el("button", "×", { "class": "fl-button fl-close", type: "button", "aria-label": "Close" });
      close.addEventListener("click", function () { panel.hidden = true; api.place = null; permalink(api.date); });
      panel.appendChild(close);
      panel.appendChild(el("h3", loc.name));
      panel.appendChild(el("p", (loc.km === null ? "?" : loc.km.toFixed(1)) + " km from the outskirts, " + (loc.axis || "no") + " axis" +
        (loc.bank ? ", " + loc.bank + " bank" : "")));
      header = el("p", null, { "class": "fl-state" });
      panel.appendChild(header);
      refreshHeader();
      permalink(api.date);
      getJSON(config.localityUrl + loc.id + ".json").then(function (history) {
        if (!history.events.length) {
          panel.appendChild(el("p", "No recorded events."));
          return;
        }
        var disputed = conflicts(history.events);
        if (Object.keys(disputed).length) panel.appendChild(el("p", "⚠ Conflicting reports: the sources disagree (marked below).", { "class": "fl-conflict" }));
        var table = el("table");
        var head = el("tr");
        ["date", "what", "sources", "quote or summary", "note"].forEach(function (h) { head.appendChild(el("th", h)); });
        table.appendChild(head);
        history.events.forEach(function (event) {
          var row = el("tr", null, { "data-event-id": String(event.id) });
          var date = event.date_precision === "day" ? event.date : event.date_earliest + "/" + event.date;
          row.appendChild(el("td", (disputed[event.id] ? "⚠ " : "") + date, disputed[event.id] ? { "class": "fl-conflict" } : null));
          row.appendChild(el("td", event.status + " by " + event.force + (event.previous_force ? " (from " + event.previous_force + ")" : "") +
            (event.counts ? "" : "; no longer counts" + (event.retracted_because ? " (retracted: " + event.retracted_because + ")" : ""))));
          var sources = el("td");
          (event.sources || []).forEach(function (source, i) {
            if (i) sources.appendChild(document.createTextNode("; "));
            var label = source.publisher || source.title || source.url || source.key;
            var href = safeUrl(source.url);
            if (href) {
              sources.appendChild(el("a", label, { href: href, rel: "noopener noreferrer", target: "_blank" }));
            } else {
              sources.appendChild(el("span", label + (source.url ? " (" + source.url + ")" : "")));
            }
          });
          row.appendChild(sources);
          var quotes = (event.sources || []).map(function (s) { return s.quote; }).filter(Boolean);
          var words = quotes.length ? quotes.join(" | ") : event.summary;
          row.appendChild(el("td", words || "no quote recorded", { "class": words ? "fl-quote" : "fl-missing" }));
          row.appendChild(el("td", [event.note, event.inferred ? "inferred: " + event.inferred : null].filter(Boolean).join("; ")));
          table.appendChild(row);
        });
        panel.appendChild(table);
      }).catch(function (error) { panel.appendChild(el("p", "Could not load history: " + error.message)); });
    }
    api.showHistory = function (id) { showHistory(api.markers[id].locality); };
    if (config.place && byId[Number(config.place)]) showHistory(byId[Number(config.place)]);
    else if (config.find) {
      var found = data.localities.filter(function (loc) { return loc.name === config.find; })[0];
      if (found) { map.setView([found.lat, found.lon], Math.max(map.getZoom(), 12)); showHistory(found); }
    }

    drawCharts(progress);
    api.ready = true;
  }

  function legend(data) {
    var box = document.getElementById("fl-legend");
    [["attacker", "#1f6fb4", "attacker's area"], ["defender", "#222222", "defender's area"],
     ["contested", "#e07b00", "contested"]].forEach(function (a) {
      var item = el("span");
      var swatch = el("span", null, { "class": "swatch" });
      swatch.style.background = a[1];
      swatch.style.opacity = "0.6";
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(a[2] + " (solid: reported, pale: assessed)"));
      box.appendChild(item);
    });
    var line = el("span");
    var red = el("span", null, { "class": "swatch" });
    red.style.background = "#d7191c";
    red.style.height = "0.3em";
    line.appendChild(red);
    line.appendChild(document.createTextNode("front line"));
    box.appendChild(line);
    var shown = {};
    data.forces.forEach(function (f) {
      var colour = config.forceColours[f.name] || config.sideColours[f.side];
      if (shown[f.name]) return;
      shown[f.name] = true;
      var item = el("span");
      var swatch = el("span", null, { "class": "swatch" });
      swatch.style.background = colour;
      swatch.style.borderRadius = "50%";
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
                  (row.km_to_final_objective !== null && row.km_to_final_objective !== undefined
                    ? "; in the city " + row.km_to_final_objective.toFixed(1) + " km from " + row.final_objective + " (" + row.inside_locality + ")" : "") +
                  (row.source ? " (" + row.source + ")" : "");
              },
            },
          },
        },
      },
    });
    var paceByAxis = {};
    (progress.pace || []).forEach(function (row) { (paceByAxis[row.axis] = paceByAxis[row.axis] || {})[row.date] = row.km_per_day; });
    api.paceChart = new Chart(document.getElementById("fl-pace-chart"), {
      type: "line",
      data: {
        labels: labels,
        datasets: progress.axes.map(function (axis, i) {
          var rows = paceByAxis[axis] || {};
          return { label: axis, data: labels.map(function (d) { return rows[d] === undefined ? null : rows[d]; }),
                   borderColor: AXIS_COLOURS[axis] || palette[i % palette.length],
                   backgroundColor: AXIS_COLOURS[axis] || palette[i % palette.length], pointRadius: 0, borderWidth: 2 };
        }),
      },
      options: { animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
                 scales: { y: { title: { display: true, text: "km a day" } }, x: { ticks: { maxTicksLimit: 12 } } } },
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
