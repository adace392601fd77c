// Site search for attest: runs in the browser over search-index.json, which
// the build writes. No external service. Result text is added as text nodes,
// never as markup.
(function () {
  'use strict';
  var script = document.currentScript;
  var indexUrl = script.getAttribute('data-index');
  var root = script.getAttribute('data-root');
  var form = document.querySelector('.search-form');
  var input = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var MAX = 25;
  var loading = null;

  // Compared like quotes (quotes, dashes and case folded), and accents ignored too.
  function foldChar(c) {
    return c.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019\u201a\u201b\u02bc]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .toLowerCase();
  }

  // The folded text and, for each folded character, where it came from.
  function fold(text) {
    var out = '';
    var from = [];
    for (var i = 0; i < text.length; i++) {
      var f = foldChar(text[i]);
      for (var j = 0; j < f.length; j++) { from.push(i); }
      out += f;
    }
    from.push(text.length);
    return { text: out, from: from };
  }

  function load() {
    if (!loading) {
      loading = fetch(indexUrl).then(function (r) {
        if (!r.ok) { throw new Error('the search index could not be loaded'); }
        return r.json();
      }).then(prepare);
    }
    return loading;
  }

  function prepare(data) {
    var claims = data.claims.map(function (c) {
      return { slug: c[0], title: c[1], claim: c[2], claimant: c[3], rating: c[4], ratingId: c[5], step: c[6],
        key: fold([c[1], c[2], c[3], c[4]].join(' ')).text };
    });
    var articles = data.articles.map(function (a) {
      return { slug: a[0], title: a[1], outlet: a[2], key: fold(a[1] + ' ' + a[2]).text };
    });
    var passages = data.passages.map(function (p) {
      var folded = fold(p[4]);
      return { claim: claims[p[0]], article: articles[p[1]], k: p[2], stance: p[3], text: p[4], folded: folded, key: folded.text };
    });
    return { claims: claims, articles: articles, passages: passages };
  }

  function terms(query) {
    return fold(query).text.split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function matches(key, ts) {
    for (var i = 0; i < ts.length; i++) { if (key.indexOf(ts[i]) < 0) { return false; } }
    return true;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // The passage's text with every term marked.
  function highlighted(p, ts) {
    var marks = [];
    ts.forEach(function (t) {
      var at = p.folded.text.indexOf(t);
      while (at >= 0) {
        marks.push([p.folded.from[at], p.folded.from[at + t.length]]);
        at = p.folded.text.indexOf(t, at + t.length);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var span = el('span', 'passage-text');
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      span.appendChild(document.createTextNode(p.text.slice(pos, m[0])));
      span.appendChild(el('mark', null, p.text.slice(m[0], m[1])));
      pos = m[1];
    });
    span.appendChild(document.createTextNode(p.text.slice(pos)));
    return span;
  }

  function show(index, query) {
    var ts = terms(query);
    list.textContent = '';
    if (ts.length === 0) { status.textContent = ''; return; }
    var claims = index.claims.filter(function (c) { return matches(c.key, ts); }).slice(0, MAX);
    var passages = index.passages.filter(function (p) { return matches(p.key, ts); }).slice(0, MAX);
    var articles = index.articles.filter(function (a) { return matches(a.key, ts); }).slice(0, MAX);
    claims.forEach(function (c) {
      var li = el('li', 'result result-claim');
      var a = el('a', null, c.title);
      a.href = root + 'claims/' + c.slug + '/';
      li.appendChild(el('span', 'result-kind', 'Claim'));
      li.appendChild(a);
      var badge = el('span', 'rating rating-' + c.ratingId + ' rating-step-' + c.step);
      badge.appendChild(el('span', 'rating-label', c.rating));
      li.appendChild(badge);
      li.appendChild(el('span', 'meta', c.claim));
      list.appendChild(li);
    });
    passages.forEach(function (p) {
      var li = el('li', 'result result-passage stance-' + p.stance);
      var a = el('a');
      a.href = root + 'articles/' + p.article.slug + '/#ev-' + p.claim.slug + '-' + p.k;
      a.appendChild(highlighted(p, ts));
      li.appendChild(el('span', 'result-kind', 'Passage'));
      li.appendChild(a);
      li.appendChild(el('span', 'meta', p.article.title + ' · ' + p.stance + ' “' + p.claim.title + '” (' + p.claim.rating + ')'));
      list.appendChild(li);
    });
    articles.forEach(function (ar) {
      var li = el('li', 'result result-article');
      var a = el('a', null, ar.title);
      a.href = root + 'articles/' + ar.slug + '/';
      li.appendChild(el('span', 'result-kind', 'Article'));
      li.appendChild(a);
      if (ar.outlet) { li.appendChild(el('span', 'meta', ar.outlet)); }
      list.appendChild(li);
    });
    var n = claims.length + passages.length + articles.length;
    function count(k, one, many) { return k + ' ' + (k === 1 ? one : many); }
    status.textContent = n === 0 ? 'Nothing found for “' + query + '”.'
      : count(n, 'result', 'results') + ' for “' + query + '”: ' + count(claims.length, 'claim', 'claims') + ', '
        + count(passages.length, 'passage', 'passages') + ', ' + count(articles.length, 'article', 'articles') + '.';
  }

  function run(query) {
    load().then(function (index) { show(index, query); }, function (e) { status.textContent = 'Search failed: ' + e.message + '.'; });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 150);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    window.history.replaceState(null, '', url);
    run(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get('q');
  if (initial) { input.value = initial; run(initial); }
})();
