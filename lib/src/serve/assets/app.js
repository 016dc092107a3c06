// The netpol playground: edit → analyse → see what changed → ask why.
// Every answer comes from the server's JSON API (docs/serve.md); this file
// only keeps the page's state and draws it. No framework, no network beyond
// the server that served it.
'use strict';
(function () {
  const $ = function (id) { return document.getElementById(id); };
  const state = {
    files: [],          // {name, text, foundInDirectory?, helmChart?}
    intent: null,       // {name, text}
    step: 0,            // files[0..step) are applied; files.length: all
    disabled: [],       // policy ids switched off
    lastGood: null,     // the last snapshot that analysed without errors
    history: [],        // earlier good snapshots, for undo
    generation: 0,      // analyses finished (tests wait for it)
    timer: null,
    selectedNode: null,
    suggestions: [],    // check --suggest, per MISSING finding (docs/serve.md)
  };

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function setStatus(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                         body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }
  // A file as the API takes it (also a copy for snapshots).
  function fileOf(f) {
    const file = { name: f.name, text: f.text };
    if (f.foundInDirectory) file.foundInDirectory = true;
    if (f.helmChart) file.helmChart = f.helmChart;
    return file;
  }
  // The files (a suggested fix adds one), their texts, the step and the
  // policies switched off: what undo goes back to.
  function snapshot() {
    return { files: state.files.map(fileOf), step: state.step, disabled: state.disabled.slice() };
  }
  function applied(snap) {
    return snap.files.slice(0, snap.step).map(fileOf);
  }
  function portsText(ports) {
    return ports.map(function (p) {
      return p.protocol + ' ' + (p.port === 1 && p.endPort === 65535 ? 'all' :
                                 p.port === p.endPort ? p.port : p.port + '-' + p.endPort);
    }).join(', ');
  }

  // The editors: one textarea a manifest; diagnostics under it, by line.
  function drawEditors() {
    const box = $('editors');
    box.innerHTML = '';
    state.files.forEach(function (f, i) {
      const div = el('div', { class: 'editor' + (i < state.step ? '' : ' excluded'), id: 'editor' + i });
      div.appendChild(el('div', { class: 'name' }, f.name + (i < state.step ? '' : '  (not applied yet)')));
      const ta = el('textarea', { spellcheck: 'false', 'data-file': f.name, rows: Math.min(30, f.text.split('\n').length + 1) });
      ta.value = f.text;
      ta.addEventListener('input', function () { f.text = ta.value; schedule(); });
      div.appendChild(ta);
      div.appendChild(el('div', { class: 'diagnostics', id: 'diag' + i }));
      box.appendChild(div);
    });
  }
  function drawDiagnostics(diagnostics) {
    state.files.forEach(function (f, i) {
      const box = $('diag' + i);
      box.innerHTML = '';
      const mine = diagnostics.filter(function (d) { return d.file === f.name; });
      mine.forEach(function (d) {
        box.appendChild(el('div', { class: 'diagnostic ' + d.severity }, d.text));
      });
      $('editor' + i).querySelector('textarea').classList.toggle('invalid',
        mine.some(function (d) { return d.severity === 'error'; }));
    });
  }
  function drawWalkthrough() {
    const nav = $('walkthrough');
    nav.innerHTML = 'Walkthrough: ';
    state.files.forEach(function (f, i) {
      const b = el('button', { class: state.step === i + 1 ? 'current' : '', 'data-step': i + 1 },
                   (i + 1) + '. apply ' + f.name.split('/').pop());
      b.addEventListener('click', function () { change(function () { state.step = i + 1; }); });
      nav.appendChild(b);
    });
  }

  function change(mutate) {
    mutate();
    drawEditors();
    drawWalkthrough();
    analyze();
  }
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(analyze, 400);
  }

  function analyze() {
    const snap = snapshot();
    const body = { files: applied(snap), disabled: snap.disabled };
    if (state.intent) {
      body.intent = state.intent.text;
      body.intentName = state.intent.name;
      body.suggest = true;
    }
    setStatus('analysing…');
    document.body.dataset.state = 'busy';
    return post('/api/analyze', body).then(function (r) {
      if (r.status !== 200) {
        drawDiagnostics(r.body.diagnostics || []);
        setStatus(r.body.error || ('error ' + r.status), true);
        document.body.dataset.state = 'invalid';
        state.generation++;
        document.body.dataset.generation = state.generation;
        return;
      }
      drawDiagnostics(r.body.diagnostics);
      const before = state.lastGood;
      const same = before && JSON.stringify(before) === JSON.stringify(snap);
      if (before && !same) state.history.push(before);
      state.lastGood = snap;
      $('undo').disabled = state.history.length === 0;
      drawResult(r.body);
      const done = before && !same ? drawChanges(before, snap) : Promise.resolve();
      return done.then(function () {
        setStatus(r.body.pods + ' pods analysed' + (r.body.check ? (r.body.check.holds ?
                  '; the intent holds' : '; the intent does not hold') : ''));
        state.generation++;
        document.body.dataset.generation = state.generation;
        document.body.dataset.state = 'ready';
      });
    }).catch(function (e) { setStatus('the server did not answer: ' + e, true); });
  }

  function drawChanges(before, after) {
    return post('/api/diff', { before: applied(before), disabledBefore: before.disabled,
                               after: applied(after), disabledAfter: after.disabled })
      .then(function (r) {
        const box = $('changes');
        box.innerHTML = '';
        box.className = '';
        state.changes = {};
        if (r.status !== 200) { box.textContent = r.body.error; return; }
        const conns = r.body.connections;
        if (conns.length === 0) { box.textContent = 'No connection changed.'; box.className = 'muted'; }
        const ul = el('ul', { id: 'change-list' });
        conns.forEach(function (c) {
          const cls = c.change.replace(/ /g, '-');
          state.changes[c.from + '\u2192' + c.to] = cls;
          ul.appendChild(el('li', { class: cls }, c.change + ': ' + c.from + ' \u2192 ' + c.to +
                           ' (' + portsText(c.after.length ? c.after : c.before) + ')'));
        });
        box.appendChild(ul);
        markMatrixChanges();
      });
  }

  function drawResult(result) {
    state.graph = result.graph;
    // Graph.
    const g = $('graph');
    g.innerHTML = '';
    if (result.svg) {
      g.innerHTML = result.svg.replace(/^<\?xml[^>]*>/, '').replace(/<!DOCTYPE[^>]*>/, '');
      g.querySelectorAll('g.edge').forEach(function (e) {
        const m = /^e(\d+)_(\d+)$/.exec(e.id);
        if (!m) return;
        e.addEventListener('click', function () {
          explain(result.graph.nodes[+m[1]].id, result.graph.nodes[+m[2]].id);
        });
      });
      g.querySelectorAll('g.node').forEach(function (n) {
        const m = /^n(\d+)$/.exec(n.id);
        if (!m) return;
        n.addEventListener('click', function () {
          const id = result.graph.nodes[+m[1]].id;
          if (state.selectedNode && state.selectedNode !== id) {
            explain(state.selectedNode, id);
            state.selectedNode = null;
            g.querySelectorAll('g.selected').forEach(function (s) { s.classList.remove('selected'); });
          } else {
            state.selectedNode = id;
            n.classList.add('selected');
          }
        });
      });
    } else {
      g.appendChild(el('p', { class: 'muted' }, 'Graph ' + (result.svgNote || 'not drawn')));
    }
    drawMatrix(result.graph);
    state.suggestions = result.suggestions || [];
    drawCheck(result.check);
    drawPolicies(result.policies);
    drawLint(result.lint);
  }

  function drawMatrix(graph) {
    const nodes = graph.nodes.map(function (n) { return n.id; });
    const edges = {};
    graph.edges.forEach(function (e) { edges[e.from + '\u2192' + e.to] = e.ports; });
    const table = el('table', { id: 'matrix-table' });
    const head = el('tr');
    head.appendChild(el('th', {}, 'from \\ to'));
    nodes.forEach(function (n) { head.appendChild(el('th', {}, n)); });
    table.appendChild(head);
    nodes.forEach(function (from) {
      const tr = el('tr');
      tr.appendChild(el('th', {}, from));
      nodes.forEach(function (to) {
        const ports = edges[from + '\u2192' + to];
        const td = el('td', { class: 'cell' + (ports ? ' allowed' : ''), 'data-key': from + '\u2192' + to },
                      ports ? portsText(ports) : (from === to ? '' : '\u00b7'));
        if (from !== to) td.addEventListener('click', function () { explain(from, to); });
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    $('matrix').innerHTML = '';
    $('matrix').appendChild(table);
    markMatrixChanges();
  }
  function markMatrixChanges() {
    const changes = state.changes || {};
    document.querySelectorAll('#matrix td.cell').forEach(function (td) {
      td.classList.remove('newly-allowed', 'newly-denied', 'ports-changed');
      const cls = changes[td.dataset.key];
      if (cls) td.classList.add(cls);
    });
  }

  function drawCheck(check) {
    const box = $('check');
    box.innerHTML = '';
    if (!check) { box.textContent = 'No intent.'; box.className = 'muted'; return; }
    box.className = '';
    const s = check.summary;
    box.appendChild(el('p', { id: 'check-summary' }, (check.holds ? 'The intent holds: ' : 'The intent does not hold: ') +
                       s.ok + ' ok, ' + s.missing + ' missing, ' + s.unexpected + ' unexpected'));
    const table = el('table', { id: 'check-table' });
    const head = el('tr');
    ['verdict', 'from', 'to', 'declared', 'allowed', 'where', 'fix'].forEach(function (h) { head.appendChild(el('th', {}, h)); });
    table.appendChild(head);
    check.findings.forEach(function (f, i) {
      const tr = el('tr', { class: f.verdict });
      [f.verdict, f.from, f.to, portsText(f.declared || []), portsText(f.allowed || []),
       f.declaredAt || ''].forEach(function (t) { tr.appendChild(el('td', {}, t)); });
      const td = el('td');
      const fix = state.suggestions.filter(function (s) { return s.finding === i; })[0];
      if (fix && fix.yaml) {
        const b = el('button', { class: 'apply-fix', 'data-finding': i,
                                 title: 'Add ' + fix.policies.join(', ') + ' as ' + fix.file },
                     'apply the suggested fix');
        b.addEventListener('click', function (e) { e.stopPropagation(); applyFix(fix); });
        td.appendChild(b);
      } else if (fix && fix.comments) {
        td.appendChild(el('span', { class: 'muted', title: fix.comments }, 'no policy suggested'));
      }
      tr.appendChild(td);
      tr.addEventListener('click', function () { explain(f.from, f.to); });
      table.appendChild(tr);
    });
    box.appendChild(table);
  }

  // Adds the policies `check --suggest` proposes for one MISSING finding
  // as a new manifest (applied), then analyses again: What changed shows
  // what they open, and Undo takes them out.
  function applyFix(fix) {
    change(function () {
      state.files.push({ name: fix.file, text: '# Suggested by netpol check --suggest.\n' + fix.yaml });
      state.step = state.files.length;
    });
  }

  function drawPolicies(policies) {
    const box = $('policies');
    box.innerHTML = '';
    const known = policies.map(function (p) { return p.id; }).concat(state.disabled);
    known.filter(function (id, i) { return known.indexOf(id) === i; }).forEach(function (id) {
      const label = el('label', { class: 'policy' });
      const cb = el('input', { type: 'checkbox', 'data-policy': id });
      cb.checked = state.disabled.indexOf(id) < 0;
      cb.addEventListener('change', function () {
        change(function () {
          state.disabled = cb.checked ? state.disabled.filter(function (d) { return d !== id; })
                                      : state.disabled.concat([id]);
        });
      });
      label.appendChild(cb);
      label.appendChild(document.createTextNode(' ' + id));
      box.appendChild(label);
      box.appendChild(el('br'));
    });
  }

  function drawLint(lint) {
    const findings = lint.findings || [];
    const box = $('lint');
    box.innerHTML = '';
    if (!findings.length) { box.appendChild(el('p', { class: 'muted' }, 'No findings.')); return; }
    const ul = el('ul');
    findings.forEach(function (f) {
      ul.appendChild(el('li', { class: f.severity }, f.file + ':' + f.line + ':' + f.column + ': ' +
                        f.severity + ': ' + f.message + ' [' + f.ruleId + ' ' + f.rule + ']'));
    });
    box.appendChild(ul);
  }

  function explain(from, to) {
    const snap = snapshot();
    const box = $('explain');
    box.className = '';
    box.textContent = 'explaining ' + from + ' \u2192 ' + to + '…';
    return post('/api/explain', { files: applied(snap), disabled: snap.disabled, from: from, to: to })
      .then(function (r) {
        box.innerHTML = '';
        if (r.status !== 200) { box.textContent = r.body.error; return; }
        r.body.explanations.forEach(function (x) {
          box.appendChild(el('h3', {}, x.source + ' \u2192 ' + x.destination + ': ' +
                             (x.allowed.length ? 'allowed on ' + portsText(x.allowed) : 'denied')));
          const ul = el('ul');
          x.reasons.forEach(function (reason) { ul.appendChild(el('li', {}, reason)); });
          box.appendChild(ul);
        });
      });
  }

  $('undo').addEventListener('click', function () {
    const previous = state.history.pop();
    if (!previous) return;
    const current = state.lastGood;
    state.lastGood = null;
    state.files = previous.files.map(fileOf);
    state.step = previous.step;
    state.disabled = previous.disabled;
    drawEditors();
    drawWalkthrough();
    // lastGood is unset, so the state undone is not pushed as a change to undo.
    analyze().then(function () {
      $('undo').disabled = state.history.length === 0;
      if (current) return drawChanges(current, previous);
    });
  });

  // Scripted actions for tests and demos, once the page has analysed its
  // inputs: #append=INDEX:TEXT (URI-encoded) appends TEXT to manifest
  // INDEX; #click=SELECTOR (URI-encoded CSS) clicks the first element it
  // selects.
  function scriptedEdit() {
    const click = /^#click=(.*)$/.exec(location.hash);
    if (click) {
      const target = document.querySelector(decodeURIComponent(click[1]));
      if (target) target.click();
      return;
    }
    const m = /^#append=(\d+):(.*)$/.exec(location.hash);
    if (!m) return;
    const i = +m[1];
    const ta = document.querySelector('#editor' + i + ' textarea');
    if (!ta) return;
    ta.value += decodeURIComponent(m[2]);
    ta.dispatchEvent(new Event('input'));
  }

  fetch('/api/session').then(function (r) { return r.json(); }).then(function (session) {
    $('source').textContent = session.source;
    state.files = session.files;
    state.intent = session.intent;
    state.step = session.files.length;
    drawEditors();
    drawWalkthrough();
    return analyze();
  }).then(scriptedEdit);
})();
