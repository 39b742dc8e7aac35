// jprov HTML run report (docs/report.md, "HTML report"). Reads the compact data of io.jprov.report.HtmlReportData
// from the #jprov-data block after the summary has been painted, then builds the failure groups, the host table
// (virtualised: only the rows in view exist), the timeline and, on demand, a host's tasks. Every text goes into the
// page through textContent, never as HTML.
(function () {
  'use strict';
  var timings = window.jprovTimings = { script: performance.now() };
  var STATUS_ORDER = ['failed', 'unreachable', 'interrupted', 'not_run', 'changed', 'ok'];
  var S, TT, H = [], G = [], view = [], pool = [];
  var state = { filter: 'all', group: -1, text: '', sort: 'name', dir: 1 };
  var collator = new Intl.Collator('en', { numeric: true });
  var ROW = 28;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function str(i) { return i < 0 ? null : S[i]; }
  function badge(status) { return el('span', 'st st-' + status, status.replace('_', ' ')); }
  function n(k, word) { return k + ' ' + word + (k === 1 ? '' : 's'); }
  function ms(n) {
    if (n < 1000) { return n + ' ms'; }
    if (n < 60000) { return (n / 1000).toFixed(1) + ' s'; }
    return Math.floor(n / 60000) + ' min ' + Math.floor(n / 1000 % 60) + ' s';
  }

  function start() {
    var data = JSON.parse($('jprov-data').textContent);
    timings.parsed = performance.now();
    if (data.f !== 1) { $('groups').textContent = 'this page cannot read data format ' + data.f; return; }
    S = data.s; TT = data.t; G = data.g;
    for (var i = 0; i < data.h.length; i++) {
      var r = data.h[i];
      H.push({ i: i, name: r[0], status: S[r[1]], dur: r[2], rt: r[3], msg: str(r[4]), changed: r[5],
        deferred: r[6], t: r[7], rank: STATUS_ORDER.length - STATUS_ORDER.indexOf(S[r[1]]), key: null });
    }
    buildFilters();
    buildTable();
    buildGroups();
    buildTimeline();
    openFromHash();
    timings.built = performance.now();
    document.documentElement.setAttribute('data-built', 'yes');
  }

  // ------------------------------------------------------------------ failure groups

  function buildGroups() {
    var box = $('groups');
    box.textContent = '';
    box.className = '';
    if (!G.length) { box.appendChild(el('p', 'note', 'No host failed, was unreachable or was interrupted.')); return; }
    G.forEach(function (g, gi) {
      var d = el('details', 'group');
      d.setAttribute('data-group', gi);
      var s = el('summary');
      s.appendChild(el('span', 'n', n(g[2].length, 'host')));
      s.appendChild(badge(g[1]));
      s.appendChild(el('span', 'cause', g[0]));
      d.appendChild(s);
      d.addEventListener('toggle', function () {
        if (!d.open || d.querySelector('.body')) { return; }
        var body = el('div', 'body');
        var show = el('button', 'link', 'show these ' + g[2].length + ' hosts in the table');
        show.addEventListener('click', function () { setFilter('all', gi); $('hosts').scrollIntoView(); });
        body.appendChild(show);
        var list = el('div', 'hostlist');
        var max = Math.min(g[2].length, 500);
        for (var k = 0; k < max; k++) { list.appendChild(hostLink(H[g[2][k]])); }
        body.appendChild(list);
        if (g[2].length > max) { body.appendChild(el('p', 'note', 'and ' + (g[2].length - max) + ' more: use the table')); }
        d.appendChild(body);
      });
      box.appendChild(d);
    });
  }

  function hostLink(h) {
    var b = el('button', 'link', h.name);
    b.setAttribute('data-host', h.i);
    b.addEventListener('click', function () { openHost(h.i); });
    return b;
  }

  // ------------------------------------------------------------------ host table

  function buildFilters() {
    var counts = { all: H.length, deferred: 0 };
    H.forEach(function (h) {
      counts[h.status] = (counts[h.status] || 0) + 1;
      if (h.deferred > 0) { counts.deferred++; }
    });
    var box = $('filters');
    ['all', 'ok', 'changed', 'failed', 'unreachable', 'interrupted', 'not_run', 'deferred'].forEach(function (f) {
      if (f !== 'all' && !counts[f]) { return; }
      var b = el('button', f === 'all' ? 'on' : '', f.replace('_', ' ') + ' ' + (counts[f] || 0));
      b.setAttribute('data-filter', f);
      b.setAttribute('data-count', counts[f] || 0);
      b.addEventListener('click', function () { setFilter(f, -1); });
      box.appendChild(b);
    });
    var pending = 0;
    $('search').addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(function () { state.text = $('search').value.trim().toLowerCase(); refresh(); }, 80);
    });
  }

  function setFilter(f, group) {
    state.filter = f;
    state.group = group;
    var bs = $('filters').children;
    for (var i = 0; i < bs.length; i++) { bs[i].classList.toggle('on', bs[i].getAttribute('data-filter') === f && group < 0); }
    refresh();
  }

  function matches(h) {
    if (state.filter === 'deferred') { if (!(h.deferred > 0)) { return false; } }
    else if (state.filter !== 'all' && h.status !== state.filter) { return false; }
    if (!state.text) { return true; }
    if (h.key === null) { h.key = (h.name + '\n' + (h.msg || '')).toLowerCase(); }
    return h.key.indexOf(state.text) >= 0;
  }

  function compare(a, b) {
    var d;
    switch (state.sort) {
      case 'status': d = a.rank - b.rank; break;
      case 'dur': d = a.dur - b.dur; break;
      case 'changed': d = a.changed - b.changed; break;
      case 'deferred': d = a.deferred - b.deferred; break;
      case 'rt': d = a.rt - b.rt; break;
      case 'msg': d = collator.compare(a.msg || '', b.msg || ''); break;
      default: d = 0;
    }
    return d * state.dir || collator.compare(a.name, b.name) * (state.sort === 'name' ? state.dir : 1) || a.i - b.i;
  }

  function refresh() {
    var src = state.group >= 0 ? G[state.group][2].map(function (i) { return H[i]; }) : H;
    view = src.filter(matches);
    view.sort(compare);
    var heads = $('vt-head').children;
    for (var i = 0; i < heads.length; i++) {
      var k = heads[i].getAttribute('data-sort');
      heads[i].className = k === state.sort ? (state.dir > 0 ? 'asc' : 'desc') : '';
    }
    $('shown').textContent = view.length + ' of ' + H.length + ' hosts'
      + (state.group >= 0 ? ' (failure group ' + (state.group + 1) + ')' : '');
    $('vt').scrollTop = 0;
    renderRows();
  }

  function buildTable() {
    var heads = $('vt-head').children;
    for (var i = 0; i < heads.length; i++) {
      heads[i].addEventListener('click', function (e) {
        var k = e.currentTarget.getAttribute('data-sort');
        // numbers largest (status: worst) first, names and messages A to Z
        if (state.sort === k) { state.dir = -state.dir; } else { state.sort = k; state.dir = /dur|changed|deferred|rt|status/.test(k) ? -1 : 1; }
        refresh();
      });
    }
    var vt = $('vt');
    var queued = false;
    vt.addEventListener('scroll', function () {
      if (queued) { return; }
      queued = true;
      requestAnimationFrame(function () { queued = false; renderRows(); });
    });
    window.addEventListener('resize', renderRows);
    $('vt-rows').addEventListener('click', function (e) {
      var row = e.target.closest('.vr');
      if (row) { openHost(+row.getAttribute('data-host')); }
    });
    refresh();
  }

  function row() {
    var r = el('div', 'vr');
    r.setAttribute('role', 'row');
    r.appendChild(el('span', 'name'));
    r.appendChild(el('span'));
    r.appendChild(el('span', 'num'));
    r.appendChild(el('span', 'num'));
    r.appendChild(el('span', 'num'));
    r.appendChild(el('span', 'num'));
    r.appendChild(el('span', 'msg'));
    return r;
  }

  function renderRows() {
    var vt = $('vt'), rows = $('vt-rows');
    $('vt-spacer').style.height = view.length * ROW + 'px';
    $('vt-empty').hidden = view.length > 0;
    var first = Math.max(0, Math.floor(vt.scrollTop / ROW) - 5);
    var last = Math.min(view.length, first + Math.ceil((vt.clientHeight || 600) / ROW) + 10);
    rows.style.transform = 'translateY(' + first * ROW + 'px)';
    while (pool.length < last - first) { pool.push(rows.appendChild(row())); }
    for (var k = 0; k < pool.length; k++) {
      var r = pool[k], h = view[first + k];
      if (first + k >= last) { r.hidden = true; continue; }
      r.hidden = false;
      r.setAttribute('data-host', h.i);
      r.setAttribute('data-status', h.status);
      var c = r.children;
      c[0].textContent = h.name;
      c[0].title = h.name;
      c[1].textContent = '';
      c[1].appendChild(badge(h.status));
      c[2].textContent = ms(h.dur);
      c[3].textContent = h.changed;
      c[4].textContent = h.deferred;
      c[5].textContent = h.rt;
      c[6].textContent = h.msg || '';
      c[6].title = h.msg || '';
    }
  }

  // ------------------------------------------------------------------ timeline

  function buildTimeline() {
    var box = $('tl');
    box.textContent = '';
    box.className = '';
    var slow = H.slice().sort(function (a, b) { return b.dur - a.dur || a.i - b.i; }).slice(0, 50);
    if (!slow.length) { box.appendChild(el('p', 'note', 'No host.')); return; }
    var max = Math.max(1, slow[0].dur);
    var legend = el('div', 'legend');
    [['other', 'connect, facts, between tasks'], ['ok', 'ok'], ['changed', 'changed'], ['failed', 'failed'],
      ['skipped', 'skipped'], ['deferred', 'deferred']].forEach(function (l) {
      var s = el('span');
      s.appendChild(el('i', l[0]));
      s.appendChild(document.createTextNode(l[1]));
      legend.appendChild(s);
    });
    box.appendChild(legend);
    var axis = el('div', 'tl-axis');
    axis.appendChild(el('span', '', 'host'));
    var ticks = el('div', 'tl-ticks');
    for (var q = 0; q <= 4; q++) {
      var t = el('span', '', ms(Math.round(max * q / 4)));
      t.style.left = (q * 25) + '%';
      ticks.appendChild(t);
    }
    axis.appendChild(ticks);
    axis.appendChild(el('span'));
    box.appendChild(axis);
    var frag = document.createDocumentFragment();
    slow.forEach(function (h) {
      var r = el('div', 'tl-row');
      r.setAttribute('data-host', h.i);
      r.appendChild(hostLink(h));
      var track = el('div', 'tl-track');
      var sum = 0;
      for (var k = 1; k < h.t.length; k += 2) { sum += h.t[k]; }
      var total = Math.max(h.dur, sum);
      var other = total - sum;
      var at = 0;
      if (other > 0) { segment(track, 'other', 0, other, max, 'connecting, fact gathering, between tasks: ' + ms(other)); }
      at = other;
      for (var j = 0; j < h.t.length; j += 2) {
        var tt = TT[h.t[j]], d = h.t[j + 1], st = S[tt[2]];
        if (d > 0) { segment(track, st, at, d, max, S[tt[0]] + ' (' + st + '): starts +' + ms(at) + ', ' + ms(d)); }
        at += d;
      }
      r.appendChild(track);
      r.appendChild(el('span', 'd', ms(h.dur)));
      frag.appendChild(r);
    });
    box.appendChild(frag);
  }

  function segment(track, cls, at, d, max, title) {
    var w = d / max * 100;
    if (w < 0.05) { return; }
    var s = el('i', cls);
    s.style.left = (at / max * 100) + '%';
    s.style.width = w + '%';
    s.title = title;
    track.appendChild(s);
  }

  // ------------------------------------------------------------------ host detail

  function openHost(i) {
    var h = H[i], body = $('detail-body');
    body.textContent = '';
    body.setAttribute('data-host', i);
    var title = el('h3', '', h.name);
    body.appendChild(title);
    var line = el('p');
    line.appendChild(badge(h.status));
    line.appendChild(document.createTextNode(' ' + ms(h.dur) + ', ' + n(h.rt, 'round trip') + ', ' + h.changed
      + ' changed, ' + h.deferred + ' deferred, ' + n(h.t.length / 2, 'task')));
    body.appendChild(line);
    if (h.msg) { body.appendChild(el('pre', 'hmsg', h.msg)); }
    var list = el('div', 'tasks');
    for (var j = 0; j < h.t.length; j += 2) { list.appendChild(task(TT[h.t[j]], h.t[j + 1])); }
    if (!h.t.length) { list.appendChild(el('p', 'note', 'No task ran on this host.')); }
    body.appendChild(list);
    $('detail').hidden = false;
    $('detail').scrollTop = 0;
    history.replaceState(null, '', '#host=' + encodeURIComponent(h.name));
  }

  function task(tt, dur) {
    var st = S[tt[2]], msg = str(tt[4]), diff = str(tt[5]), cmds = tt.slice(6).map(str);
    var more = msg || diff || cmds.length;
    var d = el(more ? 'details' : 'div', 'task');
    d.setAttribute('data-status', st);
    var s = el(more ? 'summary' : 'div', more ? '' : 'line');
    s.appendChild(badge(st));
    s.appendChild(el('span', 'tname', S[tt[0]] + (tt[3] && st !== 'changed' ? ' (changed something)' : '')));
    s.appendChild(el('span', 'mod', S[tt[1]]));
    s.appendChild(el('span', 'dur', ms(dur)));
    d.appendChild(s);
    if (more) {
      // the body is made when the task is first opened: a host can have many tasks with long diffs
      d.addEventListener('toggle', function () {
        if (!d.open || d.querySelector('.tbody')) { return; }
        var b = el('div', 'tbody');
        if (msg) { b.appendChild(el('h4', '', 'message')); b.appendChild(el('pre', 'msg', msg)); }
        if (cmds.length) { b.appendChild(el('h4', '', 'commands')); b.appendChild(el('pre', 'cmds', cmds.join('\n'))); }
        if (diff) { b.appendChild(el('h4', '', 'diff')); b.appendChild(diffView(diff)); }
        d.appendChild(b);
      });
    }
    return d;
  }

  function diffView(text) {
    var pre = el('pre', 'diff');
    text.split('\n').forEach(function (l) {
      var c = /^(\+\+\+|---)/.test(l) ? 'hdr' : l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : l[0] === '@' ? 'hunk' : '';
      pre.appendChild(c ? el('span', c, l) : document.createTextNode(l + '\n'));
    });
    return pre;
  }

  function openFromHash() {
    var m = /^#host=(.*)$/.exec(location.hash);
    if (!m) { return; }
    var name = decodeURIComponent(m[1]);
    for (var i = 0; i < H.length; i++) { if (H[i].name === name) { openHost(i); return; } }
  }

  $('detail-close').addEventListener('click', function () {
    $('detail').hidden = true;
    history.replaceState(null, '', location.pathname + location.search);
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') { $('detail').hidden = true; } });

  // the summary above is plain HTML: let it be painted before the data is read and the rest is built
  requestAnimationFrame(function () { setTimeout(start, 0); });
}());
