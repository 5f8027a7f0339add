"""The CSS and JavaScript inlined into the HTML report (:mod:`framing.report.html`).

Kept as Python strings so that they ship with the package and the report stays one file. The
colours are CSS custom properties (``--neg``, ``--pos``, ``--quoted``, ``--t-<type>``, ...)
that :func:`framing.report.html.palette_css` fills from the plots' Okabe-Ito palette; nothing
here names a colour of its own except greys.

The page works without JavaScript (everything is rendered; the filter controls stay hidden).
With it, :data:`SCRIPT` sorts and filters the documents table, filters the articles by voice,
term type, minimum score and source, and reads and writes those filters in the URL fragment
(``report.html#voice=quoted&type=name_calling&min=0.5&source=...``; ``view=articles``
hides the corpus view), so a filtered view can be
linked and a headless browser can open one. :data:`ERROR_RECORDER` runs first and counts
script errors and blocked requests on ``<html data-js-errors data-csp-violations>``.
"""

from __future__ import annotations

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
"""Content-Security-Policy of the page: no request leaves it (images are data URIs)."""

ERROR_RECORDER = """
(function () {
  var d = document.documentElement;
  function bump(name, msg) {
    d.setAttribute(name, String((+d.getAttribute(name) || 0) + 1));
    if (msg) { d.setAttribute(name + '-last', String(msg).slice(0, 300)); }
  }
  window.addEventListener('error', function (e) { bump('data-js-errors', e.message); });
  window.addEventListener('unhandledrejection', function (e) {
    bump('data-js-errors', e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    bump('data-csp-violations', e.blockedURI); });
})();
"""

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; margin: 0; color: #222; background: #fff; }
header, main, nav { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd; z-index: 2;
      padding-top: 6px; padding-bottom: 6px; }
nav a { margin-right: 14px; text-decoration: none; color: var(--link); }
.note { color: #555; font-size: 0.92em; }
.warn { background: #f6f6f6; border-left: 4px solid var(--warn); padding: 6px 10px; }
table { border-collapse: collapse; font-size: 0.9em; margin: 6px 0 12px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e4e4e4; text-align: left;
         vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f4f4f4; position: sticky; top: 38px; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0;
            cursor: pointer; color: inherit; text-align: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid #e4e4e4; }
.scroll table { margin: 0; }
.chip { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px;
        margin-right: 5px; vertical-align: baseline; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
        gap: 14px; }
figure { margin: 6px 0 12px; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #555; }
.grid { display: flex; flex-wrap: wrap; gap: 18px; }
.grid > div { flex: 1 1 300px; }
.controls { background: #fafafa; border: 1px solid #e4e4e4; padding: 8px 12px;
            margin: 8px 0; display: flex; flex-wrap: wrap; gap: 16px; align-items: center; }
.controls label { white-space: nowrap; }
.legend span { margin-right: 14px; white-space: nowrap; }
.scale { display: inline-block; width: 120px; height: 0.8em; vertical-align: middle;
         background: linear-gradient(to right, var(--neg), #fff, var(--pos));
         border: 1px solid #ccc; }
section.doc { border-top: 1px solid #ddd; padding: 6px 0 12px; }
section.doc h3 { margin-bottom: 0.1em; }
.meta { font-size: 0.88em; color: #555; margin-bottom: 6px; }
.doc p { margin: 0 0 0.6em; line-height: 1.9; }
.sent { padding: 2px 1px; border-radius: 3px; }
.sent[data-voice="quoted"] { font-style: italic; border-bottom: 2px dashed var(--quoted);
                             box-shadow: inset 3px 0 0 var(--quoted); padding-left: 4px; }
.sent.notext { font-family: ui-monospace, monospace; font-size: 0.85em; display: inline-block;
               margin: 2px 4px 2px 0; border: 1px solid #ddd; }
mark.term { background: var(--t-bg); border-bottom: 3px solid var(--t); color: inherit;
            padding: 0 1px; border-radius: 2px; font-style: normal; }
mark.term[data-tag]::after { content: attr(data-tag); font-size: 0.68em; font-weight: bold;
                             color: var(--t); margin-left: 2px; vertical-align: super;
                             font-family: ui-monospace, monospace; font-style: normal; }
mark.term mark.term { border-bottom-style: double; }
mark.term.off { background: none; border-bottom-color: transparent; }
mark.term.off::after { content: none; }
mark.cont { background: var(--t-bg); border-bottom: 3px dotted var(--t); color: inherit; }
mark.cont.off { background: none; border-bottom-color: transparent; }
.badge { display: inline-block; font-size: 0.78em; padding: 0 6px; border-radius: 8px;
         border: 1px solid #ccc; margin-left: 4px; color: #444; }
footer { max-width: 1180px; margin: 30px auto; padding: 10px 20px; color: #666;
         font-size: 0.85em; border-top: 1px solid #ddd; }
@media print { nav, .controls { display: none; } .scroll { max-height: none; } }
"""

SCRIPT = """
(function () {
  'use strict';
  var root = document.documentElement;
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) {
    return Array.prototype.slice.call((el || document).querySelectorAll(sel));
  }
  $$('.js-only').forEach(function (el) { el.hidden = false; });

  // documents table: sort by a column, filter by text and source
  $$('table.sortable').forEach(function (table) {
    $$('thead th', table).forEach(function (th, col) {
      var button = $('button', th);
      if (!button) { return; }
      button.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        $$('thead th', table).forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[col];
          var v = cell.getAttribute('data-sort');
          if (v === null) { v = cell.textContent; }
          var n = parseFloat(v);
          return (v !== '' && !isNaN(n) && isFinite(v)) ? [0, n] : [v === '' ? 2 : 1, v];
        }
        rows.sort(function (a, b) {
          var ka = key(a), kb = key(b);
          if (ka[0] !== kb[0]) { return ka[0] - kb[0]; }
          var c = ka[1] < kb[1] ? -1 : (ka[1] > kb[1] ? 1 : 0);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var docText = $('#doc-filter'), docSource = $('#doc-source');
  function filterDocs() {
    var q = docText ? docText.value.toLowerCase() : '';
    var s = docSource ? docSource.value : '';
    var shown = 0;
    $$('#documents-table tbody tr').forEach(function (row) {
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
               (!s || row.getAttribute('data-source') === s);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var out = $('#doc-shown');
    if (out) { out.textContent = String(shown); }
  }
  if (docText) { docText.addEventListener('input', filterDocs); }
  if (docSource) { docSource.addEventListener('change', filterDocs); }

  // articles: voice, term types, minimum score, source; mirrored in the URL fragment
  var fVoice = $('#f-voice'), fMin = $('#f-min'), fSource = $('#f-source');
  var fTypes = $$('input.f-type');
  var conts = {};
  $$('mark.cont').forEach(function (c) {
    var k = c.getAttribute('data-term-of');
    (conts[k] = conts[k] || []).push(c);
  });
  function state() {
    return {
      voice: fVoice ? fVoice.value : '',
      types: fTypes.filter(function (c) { return c.checked; })
        .map(function (c) { return c.value; }),
      min: fMin ? (parseFloat(fMin.value) || 0) : 0,
      source: fSource ? fSource.value : ''
    };
  }
  function apply(write) {
    var st = state(), shown = 0, marks = 0;
    $$('section.doc').forEach(function (art) {
      art.hidden = !!st.source && art.getAttribute('data-source') !== st.source;
    });
    $$('.sent').forEach(function (el) {
      var hide = !!st.voice && el.getAttribute('data-voice') !== st.voice;
      el.hidden = hide;
      if (!hide && !el.closest('section.doc').hidden) { shown += 1; }
    });
    $$('mark[data-term-type]').forEach(function (m) {
      var score = parseFloat(m.getAttribute('data-score'));
      var on = st.types.indexOf(m.getAttribute('data-term-type')) >= 0 &&
               !(score < st.min);
      m.classList.toggle('off', !on);
      (conts[m.id] || []).forEach(function (c) { c.classList.toggle('off', !on); });
      if (on) { marks += 1; }
    });
    root.setAttribute('data-shown-sentences', String(shown));
    root.setAttribute('data-shown-terms', String(marks));
    var out = $('#art-shown');
    if (out) { out.textContent = shown + ' sentences, ' + marks + ' terms shown'; }
    if (write) {
      var parts = [];
      if (st.voice) { parts.push('voice=' + encodeURIComponent(st.voice)); }
      if (st.types.length !== fTypes.length) { parts.push('type=' + st.types.join(',')); }
      if (st.min > 0) { parts.push('min=' + st.min); }
      if (st.source) { parts.push('source=' + encodeURIComponent(st.source)); }
      try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : '#'); }
      catch (e) { /* file:// in some browsers */ }
    }
  }
  function readHash() {
    var h = location.hash.replace(/^#/, '');
    if (h.indexOf('=') < 0) { return false; }
    var p = {};
    h.split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) { p[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); }
    });
    if (fVoice) { fVoice.value = p.voice || ''; }
    if (fMin) { fMin.value = p.min || '0'; }
    if (fSource) { fSource.value = p.source || ''; }
    var corpus = $('#corpus');
    if (corpus) { corpus.hidden = p.view === 'articles'; }
    var types = p.type === undefined ? null : p.type.split(',');
    fTypes.forEach(function (c) { c.checked = types === null || types.indexOf(c.value) >= 0; });
    return true;
  }
  [fVoice, fMin, fSource].concat(fTypes).forEach(function (el) {
    if (el) { el.addEventListener('change', function () { apply(true); });
              el.addEventListener('input', function () { apply(true); }); }
  });
  window.addEventListener('hashchange', function () { if (readHash()) { apply(false); } });
  readHash();
  apply(false);
  filterDocs();
  root.setAttribute('data-js-ready', '1');
})();
"""
