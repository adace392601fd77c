// Site search for attest: runs in the browser over the index the build
// writes into search-index/ (format: docs/data.md). No external service.
// A query loads only the files it needs: two small manifests, the term
// shards of its words, postings chunks while it walks them, the records of
// the results shown, and the article pages whose passages it shows. Text
// from the index and the pages is added as text nodes, never as markup.
(function () {
  'use strict';
  var VERSION = 1;
  var CLAIMS_PER_PAGE = 5;
  var ARTICLES_PER_PAGE = 10;
  var PASSAGES_PER_ARTICLE = 3;
  var PREFIX_TERMS = 8;
  var PAGES_AT_ONCE = 3;
  // Postings chunks one page of results may fetch before it asks to go on.
  var CHUNKS_PER_PAGE = 24;

  // ---- Terms: the same rules as src/search/terms.rs ----------------------
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var MARKS = /\p{M}/gu;
  var SCALE_WORDS = new Map([['thousand', 3], ['million', 6], ['billion', 9], ['trillion', 12]]);
  var SCALE_SUFFIXES = new Map([['k', 3], ['m', 6], ['bn', 9]]);
  var foldCache = new Map();

  function foldChar(ch) {
    var f = foldCache.get(ch);
    if (f === undefined) {
      f = ch.toLowerCase().normalize('NFKD').replace(MARKS, '').replace(/[\u2018\u2019]/g, "'");
      foldCache.set(ch, f);
    }
    return f;
  }
  function isDigit(c) { return c !== undefined && c.length === 1 && c >= '0' && c <= '9'; }
  function isWord(c) {
    if (c === undefined) { return false; }
    if (c.length === 1 && c < '\u0080') { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
    return WORD.test(c);
  }

  // The terms of `text`, each with where it stands in `text` ([start, end)
  // in UTF-16 units). A query keeps only the value of a scaled number.
  function scan(text, query) {
    var u = [], from = [], to = [];
    var at = 0;
    for (var ch of text) {
      var f = foldChar(ch);
      for (var c of f) { u.push(c); from.push(at); to.push(at + ch.length); }
      at += ch.length;
    }
    var n = u.length, out = [], i = 0;
    function wordEnd(k) { while (k < n && isWord(u[k])) { k++; } return k; }
    function digitsEnd(k) { while (k < n && isDigit(u[k])) { k++; } return k; }
    function push(term, a, b) { out.push({ term: term, start: from[a], end: to[b - 1] }); }
    while (i < n) {
      if (!isWord(u[i])) { i++; continue; }
      if (!isDigit(u[i])) {
        var e = wordEnd(i);
        push(u.slice(i, e).join(''), i, e);
        i = e;
        // The possessive ("Russia's"): not a term of its own.
        if (u[i] === "'" && u[i + 1] === 's' && !isWord(u[i + 2])) { i += 2; }
        continue;
      }
      var j = digitsEnd(i);
      var int = u.slice(i, j).join('');
      if (j - i <= 3) {
        while (j < n && u[j] === ',' && digitsEnd(j + 1) === j + 4) {
          int += u.slice(j + 1, j + 4).join('');
          j += 4;
        }
      }
      var frac = '';
      if (j + 1 < n && u[j] === '.' && isDigit(u[j + 1])) {
        var fe = digitsEnd(j + 1);
        frac = u.slice(j + 1, fe).join('');
        j = fe;
      }
      var number = canonical(int, frac);
      var scale = null;
      if (j < n && isWord(u[j])) {
        var we = wordEnd(j);
        var p = SCALE_SUFFIXES.get(u.slice(j, we).join(''));
        if (p !== undefined) { scale = { power: p, end: we }; }
      } else {
        var k = j;
        while (k < n && (u[k] === ' ' || u[k] === '-')) { k++; }
        if (k > j && k < n && isWord(u[k]) && !isDigit(u[k])) {
          var we2 = wordEnd(k);
          var p2 = SCALE_WORDS.get(u.slice(k, we2).join(''));
          if (p2 !== undefined) { scale = { power: p2, end: we2 }; }
        }
      }
      if (scale) {
        if (!query) { push(number, i, j); }
        push(scaled(number, scale.power), i, scale.end);
        i = query ? scale.end : j;
      } else {
        push(number, i, j);
        i = j;
      }
    }
    return out;
  }
  function canonical(int, frac) {
    int = int.replace(/^0+/, '') || '0';
    frac = frac.replace(/0+$/, '');
    return frac ? int + '.' + frac : int;
  }
  function scaled(number, power) {
    var parts = number.split('.');
    var frac = parts[1] || '';
    var shift = Math.min(power, frac.length);
    return canonical(parts[0] + frac.slice(0, shift) + '0'.repeat(power - shift), frac.slice(shift));
  }
  // Terms are sorted by code point, as the build sorts them.
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      if (x[i] !== y[i]) { return x[i].codePointAt(0) - y[i].codePointAt(0); }
    }
    return x.length - y.length;
  }

  // Without a page (the check of these rules, tests/e2e/static.test.mjs): the rules alone.
  if (typeof document === 'undefined') { globalThis.attestSearchTerms = scan; return; }
  var script = document.currentScript;
  var base = script.getAttribute('data-index');
  var root = script.getAttribute('data-root');
  var form = document.querySelector('.search-form');
  var input = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');

  // ---- Fetching, each file once ------------------------------------------
  var cache = new Map();
  function get(url, kind) {
    var p = cache.get(url);
    if (!p) {
      p = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error('the search index is out of date or missing (' + r.status + '); reload the page'); }
        return kind === 'bytes' ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); })
          : kind === 'text' ? r.text() : r.json();
      });
      p.catch(function () { cache.delete(url); });
      cache.set(url, p);
    }
    return p;
  }

  function Index(part) {
    this.dir = base + part + '/';
    var dir = this.dir;
    this.manifest = get(dir + 'index.json').then(function (m) {
      if (m.version !== VERSION) { throw new Error('the search index has version ' + m.version + ', this page reads ' + VERSION + '; reload the page'); }
      // The first records hold the newest claims and articles, which most searches show.
      if (m.records.length) { get(dir + m.records[0]).catch(function () {}); }
      return m;
    });
  }
  // The shard that holds `term` (the last whose first term is not after it) and the ones after it.
  Index.prototype.shardAt = function (m, term) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compare(m.shards[mid][0], term) <= 0) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  };
  Index.prototype.shard = function (m, s) {
    var dir = this.dir;
    return get(dir + m.shards[s][1]).then(function (shard) { shard.dir = dir; return shard; });
  };
  // The postings of `term`; for a prefix that is no term, those of the
  // terms it starts (the most frequent first).
  Index.prototype.lookup = function (term, prefix) {
    var self = this;
    return this.manifest.then(function (m) {
      var s = self.shardAt(m, term);
      return self.shard(m, s).then(function (shard) {
        var terms = shard.terms;
        var lo = 0, hi = terms.length;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (compare(terms[mid][0], term) < 0) { lo = mid + 1; } else { hi = mid; }
        }
        if (lo < terms.length && terms[lo][0] === term) { return [new Postings(shard, terms[lo])]; }
        if (!prefix) { return []; }
        var found = [];
        for (var i = lo; i < terms.length && terms[i][0].startsWith(term); i++) { found.push(new Postings(shard, terms[i])); }
        var next = s + 1 < m.shards.length && lo === terms.length && m.shards[s + 1][0].startsWith(term)
          ? self.shard(m, s + 1).then(function (after) {
            for (var j = 0; j < after.terms.length && after.terms[j][0].startsWith(term); j++) { found.push(new Postings(after, after.terms[j])); }
          }) : null;
        return Promise.resolve(next).then(function () {
          found.sort(function (a, b) { return b.df - a.df; });
          return found.slice(0, PREFIX_TERMS);
        });
      });
    });
  };

  // One term's postings: the head from its shard, then chunks fetched as needed.
  function Postings(shard, entry) {
    this.term = entry[0];
    this.df = entry[1];
    var docs = [], prev = 0;
    for (var i = 0; i < entry[2].length; i++) { prev += entry[2][i]; docs.push(prev); }
    this.segments = [{ first: docs[0], last: docs[docs.length - 1], docs: docs }];
    var refs = entry[3] || [];
    for (var r = 0; r < refs.length; r++) {
      var ref = refs[r];
      this.segments.push({ url: shard.dir + shard.files[ref[0]], offset: ref[1], length: ref[2], first: ref[3], last: ref[4], docs: null });
    }
  }
  // The first document at or after `doc`: a number, null when there is none,
  // or the segment to fetch first.
  Postings.prototype.next = function (doc) {
    var segs = this.segments;
    for (var s = 0; s < segs.length; s++) {
      var seg = segs[s];
      if (seg.last < doc) { continue; }
      if (!seg.docs) { return seg; }
      var d = seg.docs, lo = 0, hi = d.length - 1;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (d[mid] < doc) { lo = mid + 1; } else { hi = mid; }
      }
      return d[lo];
    }
    return null;
  };
  function loadSegment(seg) {
    return get(seg.url, 'bytes').then(function (bytes) {
      if (seg.docs) { return; }
      var docs = [], at = seg.offset, end = seg.offset + seg.length, prev = 0;
      while (at < end) {
        var v = 0, mul = 1, b;
        do { b = bytes[at++]; v += (b & 0x7f) * mul; mul *= 128; } while (b >= 0x80 && at < end);
        prev = docs.length ? prev + v : v;
        docs.push(prev);
      }
      seg.docs = docs;
    });
  }

  // A word of the query: one term, or the terms a prefix starts.
  function Group(postings) { this.postings = postings; }
  Group.prototype.next = function (doc) {
    var best = null, need = [];
    for (var i = 0; i < this.postings.length; i++) {
      var n = this.postings[i].next(doc);
      if (n === null) { continue; }
      if (typeof n === 'object') { need.push(n); continue; }
      if (best === null || n < best) { best = n; }
    }
    return need.length ? need : best;
  };

  // Walks the documents every group holds, in order, from `cursor`.
  function Walk(groups) {
    this.groups = groups;
    this.cursor = 0;
    this.done = groups.length === 0;
    this.chunks = 0;
  }
  // The next match (a number), null at the end, or 'budget' when this page
  // fetched enough chunks.
  Walk.prototype.next = async function () {
    var groups = this.groups;
    while (!this.done) {
      var doc = this.cursor, agreed = 0, g = 0;
      for (;;) {
        var n = groups[g].next(doc);
        if (n !== null && typeof n === 'object') {
          if (this.chunks >= CHUNKS_PER_PAGE) { return 'budget'; }
          // What the other words need at this document comes in the same round trip.
          var need = n.slice();
          for (var h = 0; h < groups.length; h++) {
            var o = h === g ? null : groups[h].next(doc);
            if (o !== null && typeof o === 'object') { o.forEach(function (x) { if (need.indexOf(x) < 0) { need.push(x); } }); }
          }
          this.chunks += need.length;
          await Promise.all(need.map(loadSegment));
          continue;
        }
        if (n === null) { this.done = true; return null; }
        agreed = n === doc ? agreed + 1 : 1;
        doc = n;
        if (agreed === groups.length) { this.cursor = doc + 1; return doc; }
        g = (g + 1) % groups.length;
      }
    }
    return null;
  };

  var indexes = null;
  function open() {
    if (!indexes) { indexes = { claims: new Index('claims'), passages: new Index('passages') }; }
    return indexes;
  }

  // The groups of a query in one index: each word's postings; the last word,
  // when no term is exactly it, stands for the terms it starts.
  function groupsOf(index, words) {
    return Promise.all(words.map(function (w, i) {
      return index.lookup(w, i === words.length - 1 && Array.from(w).length >= 2);
    })).then(function (found) {
      if (found.some(function (p) { return p.length === 0; })) { return []; }
      return found.map(function (p) { return new Group(p); });
    });
  }

  // ---- Showing results ---------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  // `text` with the terms in `terms` marked; around the first match, at most
  // `width` characters, cut at spaces.
  function marked(text, terms, width) {
    var hits = scan(text, false).filter(function (t) { return terms.has(t.term); });
    var from = 0, to = text.length;
    if (width && text.length > width) {
      var at = hits.length ? hits[0].start : 0;
      from = Math.max(0, at - Math.floor(width / 3));
      to = Math.min(text.length, from + width);
      if (from > 0) { var sp = text.indexOf(' ', from); if (sp >= 0 && sp < at) { from = sp + 1; } }
      if (to < text.length) { var sp2 = text.lastIndexOf(' ', to); if (sp2 > from) { to = sp2; } }
    }
    var span = el('span', 'passage-text');
    if (from > 0) { span.appendChild(document.createTextNode('… ')); }
    var pos = from;
    hits.forEach(function (h) {
      if (h.start < pos || h.end > to) { return; }
      span.appendChild(document.createTextNode(text.slice(pos, h.start)));
      span.appendChild(el('mark', null, text.slice(h.start, h.end)));
      pos = h.end;
    });
    span.appendChild(document.createTextNode(text.slice(pos, to)));
    if (to < text.length) { span.appendChild(document.createTextNode(' …')); }
    return span;
  }

  function record(index, doc) {
    return index.manifest.then(function (m) {
      var file = Math.floor(doc / m.records_per_file);
      return get(index.dir + m.records[file]).then(function (r) { return r[doc % m.records_per_file]; });
    });
  }

  // The article page, parsed once: its passages are read from it. A few at
  // a time, in the order of the results, so that the first come first.
  var pages = new Map(), waiting = [], inFlight = 0;
  function articlePage(slug) {
    var p = pages.get(slug);
    if (!p) {
      p = new Promise(function (resolve, reject) {
        waiting.push(function () {
          get(root + 'articles/' + slug + '/', 'text').then(function (html) {
            return new DOMParser().parseFromString(html, 'text/html');
          }).then(resolve, reject).then(function () { inFlight--; pump(); });
        });
        pump();
      });
      p.catch(function () { pages.delete(slug); });
      pages.set(slug, p);
    }
    return p;
  }
  function pump() {
    while (inFlight < PAGES_AT_ONCE && waiting.length) { inFlight++; waiting.shift()(); }
  }

  function showClaim(index, doc, terms, token, place) {
    var li = el('li', 'result result-claim');
    place(li);
    return record(index, doc).then(function (c) {
      if (token !== current) { return; }
      li.appendChild(el('span', 'result-kind', 'Claim'));
      var a = el('a');
      a.href = root + 'claims/' + c[0] + '/';
      a.appendChild(marked(c[1], terms));
      li.appendChild(a);
      var badge = el('span', 'rating rating-' + c[5] + ' rating-step-' + c[6]);
      badge.appendChild(el('span', 'rating-label', c[4]));
      li.appendChild(badge);
      var meta = el('span', 'meta');
      meta.appendChild(marked(c[2], terms));
      meta.appendChild(document.createTextNode(' Claimed by ' + c[3] + '.'));
      li.appendChild(meta);
      if (c[7]) {
        var fig = el('span', 'meta');
        fig.appendChild(document.createTextNode('Figures: '));
        var fa = el('a', null, c[7][1]);
        fa.href = root + 'figures/' + c[7][0] + '/';
        fig.appendChild(fa);
        li.appendChild(fig);
      }
    });
  }

  function showArticle(index, hit, terms, token, place) {
    var li = el('li', 'result result-article');
    place(li);
    return record(index, hit.rank).then(function (r) {
      if (token !== current) { return; }
      var slug = r[0];
      li.appendChild(el('span', 'result-kind', 'Article'));
      var a = el('a');
      a.href = root + 'articles/' + slug + '/';
      a.appendChild(marked(r[1], terms));
      li.appendChild(a);
      var meta = el('span', 'meta provenance');
      var facts = [];
      if (r[2]) { facts.push(r[2]); }
      if (r[3] && r[3] !== r[2]) { facts.push('first published by ' + r[3]); }
      if (r[4]) { facts.push(r[4]); }
      meta.textContent = facts.join(' · ');
      if (r[5]) {
        meta.appendChild(document.createTextNode((facts.length ? ' · ' : '') + 'copy of '));
        var o = el('a', 'inline', r[6]);
        o.href = root + 'articles/' + r[5] + '/';
        meta.appendChild(o);
      }
      li.appendChild(meta);
      if (!hit.passages.length) { return; }
      var ol = el('ul', 'result-passages');
      li.appendChild(ol);
      var items = hit.passages.map(function (n) {
        var item = el('li', 'result-passage');
        var link = el('a');
        link.href = root + 'articles/' + slug + '/#p' + n;
        link.appendChild(el('span', 'result-pnum', '¶' + n));
        link.appendChild(el('span', 'passage-text', 'loading the passage…'));
        item.appendChild(link);
        ol.appendChild(item);
        return item;
      });
      if (hit.more) { li.appendChild(el('span', 'meta', 'and ' + hit.more + ' more matching passage' + (hit.more === 1 ? '' : 's') + ' in this article')); }
      return articlePage(slug).then(function (page) {
        if (token !== current) { return; }
        hit.passages.forEach(function (n, i) {
          var block = page.getElementById('p' + n);
          var link = items[i].firstChild;
          if (!block) { link.lastChild.textContent = 'passage ' + n; return; }
          var textEl = block.querySelector('.block-text') || block;
          var text = textEl.textContent.replace(/\s+/g, ' ').trim();
          link.replaceChild(marked(text, terms, 280), link.lastChild);
          // What the article page says of the passage: the claims it is evidence for.
          var cites = Array.prototype.map.call(block.querySelectorAll('.cites li'), function (c) {
            var part = function (sel) { var e = c.querySelector(sel); return e ? e.textContent.replace(/\s+/g, ' ').trim() : ''; };
            var title = part('a:not(.stance-label)');
            return title ? part('.stance-label').toLowerCase() + ' “' + title + '” ' + part('.rating-label') : c.textContent.trim();
          });
          if (cites.length) { items[i].appendChild(el('span', 'meta cited', 'Evidence: ' + cites.join('; '))); }
        });
      }, function () {
        items.forEach(function (item) { item.firstChild.lastChild.textContent = 'the passage could not be loaded'; });
      });
    });
  }

  var current = 0;
  var more = null;

  // One page of results of a search: up to CLAIMS_PER_PAGE claims and
  // ARTICLES_PER_PAGE articles with their first passages.
  async function page(search, token) {
    list.setAttribute('aria-busy', 'true');
    var firstArticle = null;
    var shown = [];
    var claimsWalked = (async function () {
      var claims = [];
      while (search.claims && claims.length < CLAIMS_PER_PAGE) {
        var c = await search.claims.next();
        if (c === 'budget') { break; }
        if (c === null) { search.claims = null; break; }
        claims.push(c);
      }
      if (token !== current) { return claims; }
      // Claims come first: before this page's articles, if those came sooner.
      claims.forEach(function (doc) {
        shown.push(showClaim(search.index.claims, doc, search.terms, token, function (li) { list.insertBefore(li, firstArticle); }));
      });
      return claims;
    })();
    var articlesWalked = (async function () {
      var m = await search.index.passages.manifest;
      var bits = Math.pow(2, m.paragraph_bits);
      var articles = [], open = null;
      while (search.passages) {
        var d = await search.passages.next();
        if (d === 'budget') {
          // Go on after the article being read: it is shown as far as it was read.
          if (open) { search.passages.cursor = (open.rank + 1) * bits; }
          break;
        }
        if (d === null) { search.passages = null; break; }
        var rank = Math.floor(d / bits), n = d % bits;
        if (!open || open.rank !== rank) {
          if (articles.length === ARTICLES_PER_PAGE) { search.passages.cursor = d; break; }
          open = { rank: rank, passages: [], more: 0 };
          articles.push(open);
        }
        if (n === 0) { continue; }
        if (open.passages.length < PASSAGES_PER_ARTICLE) { open.passages.push(n); } else { open.more++; }
      }
      if (token !== current) { return articles; }
      articles.forEach(function (hit) {
        shown.push(showArticle(search.index.passages, hit, search.terms, token, function (li) {
          list.appendChild(li);
          if (!firstArticle) { firstArticle = li; }
        }));
      });
      return articles;
    })();
    var walked = await Promise.all([claimsWalked, articlesWalked]);
    if (token !== current) { return; }
    var claims = walked[0], articles = walked[1];
    search.shown.claims += claims.length;
    search.shown.articles += articles.length;
    var finished = !search.claims && !search.passages;
    var s = search.shown;
    function count(k, one, many) { return k + ' ' + (k === 1 ? one : many); }
    var found = [];
    if (s.claims) { found.push(count(s.claims, 'claim', 'claims')); }
    if (s.articles) { found.push(count(s.articles, 'article', 'articles')); }
    status.textContent = !found.length ? (finished ? 'Nothing found for “' + search.query + '”.' : 'Nothing found yet for “' + search.query + '”: search further.')
      : (finished ? '' : 'The first ') + found.join(' and ') + ' for “' + search.query + '”.';
    if (more) { more.remove(); more = null; }
    if (!finished) {
      more = el('button', 'search-more', 'Show more results');
      more.type = 'button';
      more.addEventListener('click', function () {
        more.disabled = true;
        search.claims && (search.claims.chunks = 0);
        search.passages && (search.passages.chunks = 0);
        page(search, token).catch(failed);
      });
      list.parentNode.insertBefore(more, list.nextSibling);
    }
    await Promise.all(shown);
    if (token === current) { list.removeAttribute('aria-busy'); }
  }

  function failed(e) {
    list.removeAttribute('aria-busy');
    status.textContent = 'Search failed: ' + e.message;
  }

  async function run(query) {
    var token = ++current;
    var words = [];
    scan(query, true).forEach(function (t) { if (words.indexOf(t.term) < 0) { words.push(t.term); } });
    list.textContent = '';
    if (more) { more.remove(); more = null; }
    if (!words.length) { status.textContent = ''; list.removeAttribute('aria-busy'); return; }
    list.setAttribute('aria-busy', 'true');
    status.textContent = 'Searching…';
    var index = open();
    var found = await Promise.all([groupsOf(index.claims, words), groupsOf(index.passages, words)]);
    if (token !== current) { return; }
    // Marked in results: the words, and the terms a last word stood for.
    var terms = new Set(words);
    found.forEach(function (groups) {
      groups.forEach(function (g) { g.postings.forEach(function (p) { terms.add(p.term); }); });
    });
    var search = {
      query: query, index: index, terms: terms, shown: { claims: 0, articles: 0 },
      claims: found[0].length ? new Walk(found[0]) : null,
      passages: found[1].length ? new Walk(found[1]) : null,
    };
    await page(search, token);
  }

  function start(query) { run(query).catch(failed); }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { start(input.value); }, 150);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var url = new URL(window.location.href);
    url.searchParams.set('q', input.value);
    window.history.replaceState(null, '', url);
    start(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get('q');
  if (initial) { input.value = initial; start(initial); } else { open(); }
})();
