// The claims listing's filters, in place: a click on a rating or a tag
// shows the matching claims of this page without loading another. Without
// this script the links open the static page of that filter.
(function () {
  var nav = document.querySelector('.filters');
  var list = document.querySelector('.claim-list');
  // Only the full listing holds every claim; a filtered page navigates.
  if (!nav || !list || !nav.querySelector('[data-filter] a[aria-current="page"][data-key=""]')) return;
  var chosen = { rating: '', tag: '' };
  function apply() {
    var cards = list.querySelectorAll('.claim-card'), shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var c = cards[i];
      var ok = (!chosen.rating || c.getAttribute('data-rating') === chosen.rating) &&
        (!chosen.tag || (' ' + c.getAttribute('data-tag') + ' ').indexOf(' ' + chosen.tag + ' ') >= 0);
      c.hidden = !ok;
      if (ok) shown++;
    }
    var links = nav.querySelectorAll('[data-filter] a');
    for (var j = 0; j < links.length; j++) {
      var a = links[j], kind = a.parentNode.getAttribute('data-filter');
      if (a.getAttribute('data-key') === chosen[kind]) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    var status = document.getElementById('filter-status');
    if (status) status.textContent = shown + (shown === 1 ? ' claim' : ' claims') + ' shown';
  }
  var status = document.createElement('p');
  status.id = 'filter-status';
  status.className = 'meta';
  status.setAttribute('role', 'status');
  nav.appendChild(status);
  nav.addEventListener('click', function (e) {
    var a = e.target.closest('a[data-key]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    chosen[a.parentNode.getAttribute('data-filter')] = a.getAttribute('data-key');
    apply();
  });
})();
