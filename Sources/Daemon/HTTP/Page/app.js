// Vigie live page: follows vigied's /events stream (Server-Sent Events) and shows the coded
// events as a list, a world map and a 12-hour timeline.
//
// Every string in a record comes from an untrusted dispatch, so data only ever reaches the DOM
// through textContent, createTextNode and setAttribute of non-URL attributes. No innerHTML.
// The page is served with a strict CSP (no inline script or style), so colours go through SVG
// presentation attributes (fill, fill-opacity) and CSS classes, never style attributes.
'use strict';

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const LIST_CAP = 500;
  const HISTORY = 1000; // events replayed at start-up: since = last_seq - HISTORY + 1
  const STATUS_EVERY_MS = 10_000;
  const FADE_MS = 24 * 3600_000;
  const MIN_OPACITY = 0.15;
  const TIMELINE_HOURS = 12;
  const HOUR_MS = 3600_000;

  // PLOVER types in legend order: cooperation, then verbal conflict, then material conflict.
  const TYPES = [
    'AGREE', 'CONCEDE', 'CONSULT', 'COOPERATE', 'SUPPORT', 'AID', 'REQUEST', 'RETREAT',
    'ACCUSE', 'REJECT', 'PROTEST', 'THREATEN', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT',
  ];
  const PALETTE = {
    AGREE: '#34d399', CONCEDE: '#d9f99d', CONSULT: '#60a5fa', COOPERATE: '#22d3ee',
    SUPPORT: '#a5b4fc', AID: '#86efac', REQUEST: '#94a3b8', RETREAT: '#e2e8f0',
    ACCUSE: '#fde68a', REJECT: '#f59e0b', PROTEST: '#fb923c', THREATEN: '#f472b6',
    MOBILIZE: '#a78bfa', SANCTION: '#c08457', COERCE: '#e879f9', ASSAULT: '#ff3b3b',
  };
  const OTHER_COLOUR = '#9ca3af';
  const colourOf = (type) => PALETTE[type] || OTHER_COLOUR;

  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const pageParams = new URLSearchParams(location.search);
  const token = pageParams.get('token');

  // ---------------------------------------------------------------- state

  const filters = {
    types: new Set(TYPES), // all checked = no types parameter
    countries: [],
    minConfidence: 0,
    search: '', // normalised with fold()
  };
  // id -> {record, seq, arrived (ms), li, marker, searchText}
  const events = new Map();
  // id -> {type, arrived}: the timeline counts arrivals for 12 h, beyond the list's cap.
  const arrivals = new Map();
  let source = null; // the one EventSource, for the current filter set
  let generation = 0; // bumped on every (re)connection; stale callbacks compare and give up
  let lastSeq = null;
  let world = null; // {project, byIso}

  // ---------------------------------------------------------------- helpers

  // Case- and accent-insensitive form for the text search.
  const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function withToken(path, params) {
    const p = new URLSearchParams(params || {});
    if (token) p.set('token', token);
    const q = p.toString();
    return q ? `${path}?${q}` : path;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function setStream(state) {
    root.dataset.stream = state;
    const conn = $('conn');
    conn.textContent = state;
    conn.className = `conn conn-${state}`;
  }

  // One line under the status. Warnings (a gap, a new log) go away after a minute; "down"
  // messages stay until the daemon answers again.
  let noticeTimer = null;
  function notice(text, level) {
    const n = $('notice');
    n.hidden = !text;
    n.textContent = text || '';
    n.className = `notice ${level ? `notice-${level}` : ''}`;
    clearTimeout(noticeTimer);
    if (level === 'warn') noticeTimer = setTimeout(() => { if (n.textContent === text) notice(''); }, 60_000);
  }

  function formatUptime(s) {
    if (typeof s !== 'number' || !isFinite(s)) return '–';
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`;
  }

  // 24-hour clock whatever the locale: a desk compares times across screens.
  const clock = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const clockSeconds = (t) => new Date(t).toLocaleTimeString([], { hourCycle: 'h23' });

  // ---------------------------------------------------------------- filters and URL

  function readFiltersFromURL() {
    const types = (pageParams.get('types') || '').split(',').map((t) => t.trim().toUpperCase()).filter((t) => TYPES.includes(t));
    if (pageParams.has('types')) filters.types = new Set(types);
    filters.countries = parseCountries(pageParams.get('countries') || '');
    const conf = parseFloat(pageParams.get('min_confidence'));
    filters.minConfidence = isFinite(conf) ? Math.min(1, Math.max(0, conf)) : 0;
    filters.search = fold(pageParams.get('q') || '');
    $('f-countries').value = filters.countries.join(', ');
    $('f-conf').value = String(filters.minConfidence);
    $('f-conf-out').textContent = filters.minConfidence.toFixed(2);
    $('f-search').value = pageParams.get('q') || '';
  }

  // Keeps only well-formed ISO alpha-3 codes; the input shows when something was dropped.
  function parseCountries(text) {
    return [...new Set(text.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{3}$/.test(c)))];
  }

  // The server-side filters, as /events parameters.
  function serverParams() {
    const p = {};
    if (filters.types.size < TYPES.length) p.types = [...filters.types].join(',');
    if (filters.countries.length) p.countries = filters.countries.join(',');
    if (filters.minConfidence > 0) p.min_confidence = String(filters.minConfidence);
    return p;
  }

  function writeURL() {
    const p = new URLSearchParams(serverParams());
    const q = $('f-search').value.trim();
    if (q) p.set('q', q);
    if (token) p.set('token', token);
    const s = p.toString();
    history.replaceState(null, '', s ? `${location.pathname}?${s}` : location.pathname);
  }

  function buildTypeBoxes() {
    const box = $('type-boxes');
    for (const type of TYPES) {
      const label = el('label', 'type-box');
      const input = el('input');
      input.type = 'checkbox';
      input.value = type;
      input.checked = filters.types.has(type);
      label.append(input, swatch(type), el('span', 'type-name', type));
      box.append(label);
    }
  }

  function swatch(type) {
    const s = svg('svg', { class: 'swatch', viewBox: '0 0 10 10', 'aria-hidden': 'true' });
    s.append(svg('circle', { cx: 5, cy: 5, r: 4.5, fill: colourOf(type) }));
    return s;
  }

  function wireFilters() {
    let timer = null;
    // Server-side filters reopen the stream: wait for the user to stop typing or sliding.
    const serverChanged = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { writeURL(); reconnect(); }, 400);
    };
    $('type-boxes').addEventListener('change', (e) => {
      if (e.target.type !== 'checkbox') return;
      if (e.target.checked) filters.types.add(e.target.value); else filters.types.delete(e.target.value);
      serverChanged();
    });
    const setAll = (on) => {
      for (const input of $('type-boxes').querySelectorAll('input')) input.checked = on;
      filters.types = new Set(on ? TYPES : []);
      serverChanged();
    };
    $('types-all').addEventListener('click', () => setAll(true));
    $('types-none').addEventListener('click', () => setAll(false));
    $('f-countries').addEventListener('input', (e) => {
      const codes = parseCountries(e.target.value);
      const tokens = e.target.value.split(/[\s,;]+/).filter(Boolean);
      e.target.classList.toggle('invalid', tokens.length !== codes.length);
      if (codes.join() === filters.countries.join()) return;
      filters.countries = codes;
      serverChanged();
    });
    $('f-conf').addEventListener('input', (e) => {
      filters.minConfidence = parseFloat(e.target.value) || 0;
      $('f-conf-out').textContent = filters.minConfidence.toFixed(2);
      serverChanged();
    });
    $('f-search').addEventListener('input', (e) => {
      filters.search = fold(e.target.value.trim());
      writeURL();
      applySearch();
    });
    $('filters').addEventListener('submit', (e) => e.preventDefault());
  }

  // ---------------------------------------------------------------- connection

  async function fetchStatus() {
    const res = await fetch(withToken('/status'), { cache: 'no-store' });
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
    return res.json();
  }

  function showStatus(st) {
    const n = (v) => (typeof v === 'number' ? v.toLocaleString() : '–');
    $('event-count').textContent = n(st.events);
    $('dispatch-count').textContent = n(st.dispatches);
    $('uptime').textContent = formatUptime(st.uptime_s);
    if (lastSeq === null && typeof st.last_seq === 'number') $('last-seq').textContent = String(st.last_seq);
  }

  // The first failure of a run of them, so the message says how long the daemon has been away.
  let downSince = null;

  function reportDown(err, retry) {
    if (downSince === null) downSince = Date.now();
    if (err && (err.status === 401 || err.status === 403)) {
      notice(`Access denied by the daemon (HTTP ${err.status}): open the page with ?token=… in its URL.`, 'down');
      return;
    }
    const why = err && err.message && !/fetch|network/i.test(err.message) ? ` (${err.message})` : '';
    notice(`Daemon unreachable${why} since ${clockSeconds(downSince)}; retrying ${retry}.`, 'down');
  }

  function reportUp() {
    downSince = null;
    if ($('notice').classList.contains('notice-down')) notice('');
  }

  async function pollStatus() {
    try {
      const st = await fetchStatus();
      showStatus(st);
      reportUp();
      if (typeof st.last_seq === 'number') logWasReset(st.last_seq);
    } catch (err) {
      reportDown(err, 'every 10 s');
    }
  }

  // Starts over: status for the replay window, a fresh view, one new EventSource.
  async function reconnect() {
    const gen = ++generation;
    if (source) { source.close(); source = null; }
    clearView();
    setStream('connecting');
    if (filters.types.size === 0) {
      $('empty').textContent = 'No type selected.';
      return;
    }
    let st = null;
    for (let delay = 1000; gen === generation; delay = Math.min(delay * 2, 15_000)) {
      try {
        st = await fetchStatus();
        break;
      } catch (err) {
        reportDown(err, `in ${delay / 1000} s`);
        await sleep(delay);
      }
    }
    if (gen !== generation) return;
    reportUp();
    showStatus(st);
    const first = Number(st.first_seq) || 0, last = Number(st.last_seq) || 0;
    open(Math.max(first, last - HISTORY + 1), gen);
  }

  function open(since, gen) {
    const es = new EventSource(withToken('/events', { since: String(since), ...serverParams() }));
    source = es;
    es.addEventListener('open', () => {
      if (gen !== generation) return;
      setStream('live');
      reportUp();
    });
    es.addEventListener('error', () => {
      if (gen !== generation) return;
      setStream('reconnecting');
      // CONNECTING: the browser retries by itself, with Last-Event-ID. CLOSED: it gave up (an
      // HTTP error, a proxy page), so reopen from the last seq seen after a pause.
      if (es.readyState === EventSource.CLOSED) {
        notice('Stream closed by the server; reopening.', 'down');
        setTimeout(() => {
          if (gen !== generation) return;
          if (lastSeq === null) reconnect(); else open(lastSeq + 1, gen);
        }, 3000);
      }
    });
    const handle = (fn) => (msg) => {
      if (gen !== generation) return;
      let data;
      try { data = JSON.parse(msg.data); } catch { return; }
      if (root.dataset.stream !== 'live') setStream('live');
      fn(data);
    };
    es.addEventListener('event', handle(onEvent));
    es.addEventListener('retract', handle(onRetract));
    es.addEventListener('gap', handle(onGap));
    es.addEventListener('heartbeat', handle(onHeartbeat));
  }

  function noteSeq(seq) {
    if (typeof seq !== 'number') return false;
    // A reopened stream may repeat what was already shown: seqs only go up.
    if (lastSeq !== null && seq <= lastSeq) return false;
    lastSeq = seq;
    $('last-seq').textContent = String(seq);
    return true;
  }

  function onEvent(msg) {
    const rec = msg.event;
    if (!noteSeq(msg.seq) || !rec || typeof rec.id !== 'string') return;
    if (typeof rec.supersedes === 'string') removeEvent(rec.supersedes);
    removeEvent(rec.id);
    addEvent(rec, msg.seq, Date.now());
  }

  function onRetract(msg) {
    noteSeq(msg.seq);
    if (typeof msg.id === 'string') removeEvent(msg.id);
  }

  function onGap(msg) {
    notice(`Events ${msg.from}–${msg.to} are no longer in the daemon's log and were skipped.`, 'warn');
  }

  function onHeartbeat(msg) {
    if (typeof msg.last_seq !== 'number') return;
    if (logWasReset(msg.last_seq)) return;
    // With filters, the daemon's last seq may be past the last one delivered here: show it.
    if (lastSeq === null || msg.last_seq > lastSeq) $('last-seq').textContent = String(msg.last_seq);
  }

  // A daemon whose log went back below what we hold started a new log: seqs would be ignored as
  // repeats, so start over.
  function logWasReset(daemonLastSeq) {
    if (lastSeq === null || daemonLastSeq >= lastSeq) return false;
    notice('The daemon started a new event log; reloading the view.', 'warn');
    reconnect();
    return true;
  }

  // ---------------------------------------------------------------- events

  function clearView() {
    for (const id of [...events.keys()]) removeEvent(id);
    arrivals.clear();
    lastSeq = null;
    $('last-seq').textContent = '–';
    $('empty').textContent = 'Waiting for events…';
    closeDetails();
    scheduleRender();
  }

  function addEvent(rec, seq, arrived) {
    const entry = { record: rec, seq, arrived, searchText: searchTextOf(rec) };
    entry.li = listItem(rec, seq);
    entry.marker = marker(rec);
    events.set(rec.id, entry);
    arrivals.set(rec.id, { type: rec.event, arrived });
    $('event-list').prepend(entry.li);
    if (entry.marker) $('markers').append(entry.marker);
    matchSearch(entry);
    fade(entry, Date.now());
    // Oldest first out: the Map keeps insertion order.
    while (events.size > LIST_CAP) removeEvent(events.keys().next().value, true);
    scheduleRender();
  }

  // keepArrival: an event pushed out by the cap still counts in the timeline.
  function removeEvent(id, keepArrival) {
    const entry = events.get(id);
    if (!keepArrival) arrivals.delete(id);
    if (!entry) return;
    entry.li.remove();
    if (entry.marker) entry.marker.remove();
    events.delete(id);
    if ($('details').dataset.id === id) closeDetails();
    scheduleRender();
  }

  function searchTextOf(rec) {
    const names = [...(rec.actor || []), ...(rec.recipient || [])].flatMap((a) => [a && a.name, a && a.text]);
    return fold([...names, rec.evidence && rec.evidence.text].filter(Boolean).join(' \u0001 '));
  }

  function matchSearch(entry) {
    const hit = !filters.search || entry.searchText.includes(filters.search);
    entry.li.hidden = !hit;
    if (entry.marker) entry.marker.classList.toggle('filtered', !hit);
  }

  function applySearch() {
    for (const entry of events.values()) matchSearch(entry);
    updateCounts();
  }

  // One requestAnimationFrame for the counts and the timeline, however many events arrived.
  let renderPending = false;
  function scheduleRender() {
    if (renderPending) return;
    renderPending = true;
    requestAnimationFrame(() => {
      renderPending = false;
      updateCounts();
      renderTimeline();
    });
  }

  function updateCounts() {
    let shown = 0, unplaced = 0;
    for (const e of events.values()) {
      if (!e.li.hidden) shown++;
      if (!e.marker) unplaced++;
    }
    $('shown-count').textContent = String(shown);
    $('unplaced').textContent = String(unplaced);
    const empty = $('empty');
    empty.hidden = shown > 0;
    if (events.size > 0 && shown === 0) empty.textContent = 'No event matches the search.';
    else if (events.size === 0 && filters.types.size > 0) empty.textContent = 'Waiting for events…';
  }

  // ---------------------------------------------------------------- list

  function actorLabel(a) {
    const span = el('span', 'party');
    span.append(document.createTextNode(a.name || a.text || '?'));
    if (a.country) span.append(' ', el('span', 'cc', a.country));
    return span;
  }

  function parties(list) {
    const span = el('span', 'parties');
    const items = (list || []).filter(Boolean);
    if (!items.length) { span.append(el('span', 'party party-none', '—')); return span; }
    items.forEach((a, i) => { if (i) span.append(', '); span.append(actorLabel(a)); });
    return span;
  }

  function tollText(size) {
    if (!size) return '';
    const parts = [];
    for (const [key, label] of [['dead', 'dead'], ['injured', 'injured'], ['arrested', 'arrested']]) {
      if (typeof size[key] === 'number') parts.push(`${size[key]} ${label}`);
    }
    return parts.join(' · ');
  }

  function listItem(rec, seq) {
    const li = el('li', 'event');
    li.setAttribute('data-id', rec.id);
    li.setAttribute('data-seq', String(seq));
    li.tabIndex = 0;

    const bar = svg('svg', { class: 'event-bar', viewBox: '0 0 1 1', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    bar.append(svg('rect', { width: 1, height: 1, fill: colourOf(rec.event) }));

    const head = el('div', 'event-head');
    const type = el('span', 'event-type');
    type.append(swatch(rec.event), el('span', 'type-name', rec.event || '?'));
    head.append(type);
    if (rec.mode) head.append(el('span', 'event-mode', rec.mode));
    if (rec.supersedes) head.append(el('span', 'tag tag-updated', 'updated'));
    const right = el('span', 'event-when');
    right.append(el('span', 'event-date', rec.date || 'undated'));
    if (typeof rec.confidence === 'number') right.append(el('span', 'event-conf', rec.confidence.toFixed(2)));
    head.append(right);

    const who = el('div', 'event-parties');
    who.append(parties(rec.actor), el('span', 'arrow', '→'), parties(rec.recipient));

    const meta = el('div', 'event-meta');
    if (rec.place && rec.place.name) {
      const place = el('span', 'event-place', rec.place.name);
      if (rec.place.country) place.append(' ', el('span', 'cc', rec.place.country));
      meta.append(place);
    }
    const toll = tollText(rec.size);
    if (toll) meta.append(el('span', 'event-toll', toll));
    const src = rec.dispatch && rec.dispatch.name;
    if (src) meta.append(el('span', 'event-source', src));

    const evidence = el('p', 'event-evidence', (rec.evidence && rec.evidence.text) || '');

    li.append(bar, head, who);
    if (meta.childNodes.length) li.append(meta);
    li.append(evidence);
    return li;
  }

  // ---------------------------------------------------------------- details

  function showDetails(id) {
    const entry = events.get(id);
    if (!entry) return;
    const panel = $('details');
    panel.dataset.id = id;
    $('details-title').textContent = `${entry.record.event || 'Event'} · seq ${entry.seq}`;
    $('details-json').textContent = JSON.stringify(entry.record, null, 2);
    panel.hidden = false;
    for (const node of document.querySelectorAll('.selected')) node.classList.remove('selected');
    entry.li.classList.add('selected');
    if (entry.marker) {
      entry.marker.classList.add('selected');
      entry.marker.parentNode.append(entry.marker); // on top of its neighbours
    }
  }

  function closeDetails() {
    const panel = $('details');
    panel.hidden = true;
    delete panel.dataset.id;
    $('details-json').textContent = '';
    for (const node of document.querySelectorAll('.selected')) node.classList.remove('selected');
  }

  function wireDetails() {
    $('event-list').addEventListener('click', (e) => {
      const li = e.target.closest('li.event');
      if (li) showDetails(li.dataset.id);
    });
    $('event-list').addEventListener('keydown', (e) => {
      const li = e.target.closest('li.event');
      if (li && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showDetails(li.dataset.id); }
    });
    $('map').addEventListener('click', (e) => {
      const m = e.target.closest('circle.event-marker');
      if (!m) return;
      showDetails(m.dataset.id);
      const entry = events.get(m.dataset.id);
      if (entry && !entry.li.hidden) entry.li.scrollIntoView({ block: 'nearest' });
    });
    $('details-close').addEventListener('click', closeDetails);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDetails(); });
  }

  // ---------------------------------------------------------------- map

  // Natural Earth I projection (Šavrič, Patterson, Jenny 2011), in radians.
  function naturalEarth(lon, lat) {
    const l = (lon * Math.PI) / 180, p = (lat * Math.PI) / 180;
    const p2 = p * p, p4 = p2 * p2;
    return [
      l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))),
      p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4))),
    ];
  }

  const MAP_W = 1000;
  const MAP_NORTH = 84, MAP_SOUTH = -57; // Antarctica is left out: no news there
  const SCALE = MAP_W / (2 * naturalEarth(180, 0)[0]);
  const TOP = naturalEarth(0, MAP_NORTH)[1] * SCALE;
  const MAP_H = TOP - naturalEarth(0, MAP_SOUTH)[1] * SCALE;

  function project(lon, lat) {
    const [x, y] = naturalEarth(lon, lat);
    return [MAP_W / 2 + x * SCALE, TOP - y * SCALE];
  }

  function ringPath(ring) {
    let d = '';
    ring.forEach(([lon, lat], i) => {
      const [x, y] = project(lon, lat);
      d += `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    });
    return `${d}Z`;
  }

  // The outline of the whole globe, and meridians and parallels every 30 degrees.
  function frame() {
    const g = svg('g', { class: 'graticule' });
    const edge = [];
    for (let lat = -90; lat <= 90; lat += 5) edge.push([-180, lat]);
    for (let lat = 90; lat >= -90; lat -= 5) edge.push([180, lat]);
    g.append(svg('path', { class: 'sphere', d: ringPath(edge) }));
    let d = '';
    for (let lon = -150; lon <= 150; lon += 30) {
      for (let lat = -90; lat <= 90; lat += 5) {
        const [x, y] = project(lon, lat);
        d += `${lat === -90 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      }
    }
    for (let lat = -60; lat <= 60; lat += 30) {
      for (let lon = -180; lon <= 180; lon += 5) {
        const [x, y] = project(lon, lat);
        d += `${lon === -180 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      }
    }
    g.append(svg('path', { class: 'grid', d }));
    return g;
  }

  function buildMapSkeleton() {
    const map = $('map');
    map.setAttribute('viewBox', `0 0 ${MAP_W} ${MAP_H.toFixed(1)}`);
    map.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    map.append(frame(), svg('g', { id: 'countries' }), svg('g', { id: 'markers' }));
  }

  async function loadWorld() {
    try {
      const res = await fetch('/assets/world.json');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const doc = await res.json();
      const byIso = new Map();
      const g = $('countries');
      for (const c of doc.countries || []) {
        if (c.iso) byIso.set(c.iso, c);
        if (!c.polygons || !c.polygons.length || c.iso === 'ATA') continue;
        const d = c.polygons.map((poly) => poly.map(ringPath).join('')).join('');
        const path = svg('path', { class: 'country', d });
        const title = svg('title');
        title.textContent = c.iso ? `${c.name} (${c.iso})` : c.name;
        path.append(title);
        g.append(path);
      }
      world = { byIso };
      // Events that arrived before the outlines may now have a country centroid.
      for (const entry of events.values()) {
        if (entry.marker) continue;
        entry.marker = marker(entry.record);
        if (entry.marker) { $('markers').append(entry.marker); matchSearch(entry); fade(entry, Date.now()); }
      }
      scheduleRender();
    } catch (err) {
      notice(`Map outlines unavailable (${err.message}); events are still listed.`, 'warn');
    }
  }

  // Small stable offset from the id, so events on one country centroid don't hide each other.
  function jitter(id, radius) {
    let h = 2166136261;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
    const angle = ((h >>> 0) % 360) * (Math.PI / 180);
    const r = radius * (((h >>> 9) % 100) / 100);
    return [Math.cos(angle) * r, Math.sin(angle) * r];
  }

  // Where an event goes: its place, else the first actor's country, else the first recipient's.
  function locate(rec) {
    const p = rec.place;
    if (p && typeof p.lat === 'number' && typeof p.lon === 'number' && isFinite(p.lat) && isFinite(p.lon)) {
      return { xy: project(p.lon, Math.max(MAP_SOUTH, Math.min(MAP_NORTH, p.lat))), exact: true };
    }
    if (!world) return null;
    for (const party of [...(rec.actor || []), ...(rec.recipient || [])]) {
      const c = party && party.country && world.byIso.get(party.country);
      if (c && Array.isArray(c.centroid)) return { xy: project(c.centroid[0], c.centroid[1]), exact: false };
    }
    return null;
  }

  function marker(rec) {
    const at = locate(rec);
    if (!at) return null;
    const [dx, dy] = at.exact ? [0, 0] : jitter(rec.id, 7);
    const s = rec.size || {};
    const toll = (Number(s.dead) || 0) + (Number(s.injured) || 0);
    const r = 4.5 + Math.min(5, Math.log2(1 + toll));
    const c = svg('circle', {
      class: 'event-marker', cx: (at.xy[0] + dx).toFixed(1), cy: (at.xy[1] + dy).toFixed(1), r: r.toFixed(1),
      fill: colourOf(rec.event), stroke: colourOf(rec.event),
    });
    c.setAttribute('data-id', rec.id);
    const title = svg('title');
    const who = (rec.actor || []).map((a) => a && (a.name || a.text)).filter(Boolean).join(', ');
    title.textContent = `${rec.event || '?'}${who ? ` — ${who}` : ''}${rec.date ? ` (${rec.date})` : ''}`;
    c.append(title);
    return c;
  }

  // Age: from the end of the event's day when it is dated to the day, else from its arrival.
  function ageOf(entry, now) {
    const rec = entry.record;
    if (typeof rec.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(rec.date)) {
      const end = Date.parse(`${rec.date}T00:00:00Z`) + 24 * HOUR_MS;
      if (isFinite(end)) return Math.max(0, now - end);
    }
    return Math.max(0, now - entry.arrived);
  }

  function fade(entry, now) {
    if (!entry.marker) return;
    const t = Math.min(1, ageOf(entry, now) / FADE_MS);
    const opacity = 1 - t * (1 - MIN_OPACITY);
    entry.marker.setAttribute('fill-opacity', (opacity * 0.75).toFixed(2));
    entry.marker.setAttribute('stroke-opacity', opacity.toFixed(2));
  }

  function buildLegend() {
    const legend = $('legend');
    for (const type of TYPES) {
      const item = el('span', 'legend-item');
      item.append(swatch(type), el('span', 'type-name', type));
      legend.append(item);
    }
  }

  // ---------------------------------------------------------------- timeline

  function renderTimeline() {
    const chart = $('timeline');
    // Drawn in the element's own pixels, so labels keep the page's font size at any width.
    const fontPx = parseFloat(getComputedStyle(chart).fontSize) || 12;
    const TL = {
      w: Math.max(200, chart.clientWidth), h: Math.max(80, chart.clientHeight),
      left: fontPx * 2.6, right: 4, top: fontPx * 0.6, bottom: fontPx * 1.8,
    };
    chart.setAttribute('viewBox', `0 0 ${TL.w} ${TL.h}`);
    chart.replaceChildren();
    const now = Date.now();
    const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const start = currentHour - (TIMELINE_HOURS - 1) * HOUR_MS;
    // buckets[i][type]: arrivals in hour start + i.
    const buckets = Array.from({ length: TIMELINE_HOURS }, () => ({}));
    for (const [id, a] of arrivals) {
      if (a.arrived < start) { arrivals.delete(id); continue; } // older than 12 h: never shown again
      const i = Math.min(TIMELINE_HOURS - 1, Math.floor((a.arrived - start) / HOUR_MS));
      buckets[i][a.type] = (buckets[i][a.type] || 0) + 1;
    }
    const totals = buckets.map((b) => Object.values(b).reduce((x, y) => x + y, 0));
    const max = niceMax(Math.max(1, ...totals));
    const plotH = TL.h - TL.top - TL.bottom;
    const slot = (TL.w - TL.left - TL.right) / TIMELINE_HOURS;
    const barW = slot * 0.72;

    for (const frac of [0, 0.5, 1]) {
      const y = TL.top + plotH * (1 - frac);
      chart.append(svg('line', { class: 'tl-grid', x1: TL.left, x2: TL.w - TL.right, y1: y, y2: y }));
      const label = svg('text', { class: 'tl-axis', x: TL.left - 6, y: y + fontPx * 0.35, 'text-anchor': 'end' });
      label.textContent = String(Math.round(max * frac));
      chart.append(label);
    }
    buckets.forEach((bucket, i) => {
      const x = TL.left + i * slot + (slot - barW) / 2;
      let y = TL.top + plotH;
      for (const type of [...TYPES, ...Object.keys(bucket).filter((t) => !TYPES.includes(t))]) {
        const n = bucket[type];
        if (!n) continue;
        const h = (n / max) * plotH;
        y -= h;
        const rect = svg('rect', { x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: Math.max(0.5, h).toFixed(1), fill: colourOf(type) });
        const title = svg('title');
        title.textContent = `${clock(start + i * HOUR_MS)}: ${n} ${type}`;
        rect.append(title);
        chart.append(rect);
      }
      if (i % 2 === 1 || i === TIMELINE_HOURS - 1) {
        const label = svg('text', { class: 'tl-axis', x: (x + barW / 2).toFixed(1), y: TL.h - fontPx * 0.4, 'text-anchor': 'middle' });
        label.textContent = i === TIMELINE_HOURS - 1 ? 'now' : clock(start + i * HOUR_MS);
        chart.append(label);
      }
    });
  }

  function niceMax(n) {
    const step = Math.pow(10, Math.floor(Math.log10(n)));
    for (const m of [1, 2, 5, 10]) if (m * step >= n) return m * step;
    return 10 * step;
  }

  // ---------------------------------------------------------------- start

  function everyMinute() {
    const now = Date.now();
    for (const entry of events.values()) fade(entry, now);
    renderTimeline();
  }

  function start() {
    setStream('connecting');
    readFiltersFromURL();
    buildTypeBoxes();
    buildLegend();
    buildMapSkeleton();
    wireFilters();
    wireDetails();
    renderTimeline();
    loadWorld();
    reconnect();
    setInterval(pollStatus, STATUS_EVERY_MS);
    setInterval(everyMinute, 60_000);
    let resizeTimer = null;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderTimeline, 150); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
