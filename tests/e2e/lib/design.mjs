// Checks of the design that axe's rules do not make: they run inside the page and return a
// list of "[rule] message" strings, empty when the page passes.

/** Structure: one h1, the landmarks, nothing outside them, stance and rating not by colour alone. */
export function structureChecks() {
  const problems = [];
  const visible = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
  };
  const text = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + [...el.classList].join('.');
    return `<${s}> "${text(el).slice(0, 60)}"`;
  };

  const h1s = [...document.querySelectorAll('h1')];
  if (h1s.length !== 1) problems.push(`[one-h1] the page has ${h1s.length} h1 elements, not exactly one${h1s.length ? ': ' + h1s.map(describe).join(', ') : ''}`);

  const mains = document.querySelectorAll('main, [role="main"]');
  if (mains.length !== 1) problems.push(`[landmark-main] ${mains.length} main landmarks, not exactly one`);
  const banners = [...document.querySelectorAll('body > header, [role="banner"]')];
  if (banners.length !== 1) problems.push(`[landmark-banner] ${banners.length} banner landmarks (a header outside article/section), not exactly one`);
  const footers = [...document.querySelectorAll('body > footer, [role="contentinfo"]')];
  if (footers.length !== 1) problems.push(`[landmark-contentinfo] ${footers.length} contentinfo landmarks (a footer outside article/section), not exactly one`);
  if (!document.querySelector('nav, [role="navigation"]')) problems.push('[landmark-navigation] no navigation landmark');
  for (const child of document.body.children) {
    if (child.matches('header, footer, main, nav, aside, [role], script, template, .skip-link') || !visible(child)) continue;
    problems.push(`[landmark-region] ${describe(child)} is outside every landmark`);
  }

  // Skip link: the first focusable element, to the main content.
  const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')];
  const first = focusable[0];
  const main = mains[0];
  if (!first || first.tagName !== 'A' || !/^#./.test(first.getAttribute('href') || '')) {
    problems.push(`[skip-link] the first focusable element is ${first ? describe(first) : 'missing'}, not a link to the main content`);
  } else {
    const target = document.getElementById(decodeURIComponent(first.getAttribute('href').slice(1)));
    if (!target || !main || !(target === main || main.contains(target) || target.contains(main))) {
      problems.push(`[skip-link] ${describe(first)} does not lead to the main landmark`);
    }
    if (!/skip|main content|jump/i.test(text(first) || first.getAttribute('aria-label') || '')) {
      problems.push(`[skip-link] the first link ${describe(first)} does not say that it skips to the content`);
    }
  }

  // Ratings: always a word, never only a coloured badge.
  for (const el of document.querySelectorAll('.rating')) {
    const lab = el.querySelector('.rating-label');
    if (!lab || !text(lab) || !visible(lab)) problems.push(`[rating-not-by-colour] ${describe(el)} shows no visible rating word`);
  }
  // Stances: every element marked with a stance names it in words, itself or through the
  // group it is in (its heading); highlights carry a line style per stance besides colour.
  const STANCE = /\bstance-(asserts|denies|qualifies)\b/;
  for (const el of document.querySelectorAll('[class*="stance-"]')) {
    const m = el.className.match?.(STANCE);
    if (!m || !visible(el)) continue;
    const word = new RegExp(m[1].replace(/s$/, '').replace(/ie$/, '(y|ie)'), 'i'); // assert / deny|denie / qualify|qualifie
    let ok = false;
    for (let a = el; a && a !== document.body && !ok; a = a.parentElement) {
      if (!a.className.match?.(STANCE)) continue;
      const own = a.querySelector(':scope > .stance-label, :scope > h2, :scope > h3, :scope > h4, :scope > a.stance-label');
      ok = word.test(text(own || a).slice(0, 80)) || word.test(a.getAttribute('aria-label') || '');
    }
    if (!ok) problems.push(`[stance-not-by-colour] ${describe(el)} is marked "${m[1]}" by colour, but no word says so`);
  }
  const styles = new Map();
  for (const mark of document.querySelectorAll('mark.ev')) {
    const m = mark.className.match(/\bev-(asserts|denies|qualifies)\b/);
    if (!m) continue;
    const s = getComputedStyle(mark);
    if (!/underline/.test(s.textDecorationLine)) problems.push(`[stance-not-by-colour] highlight ${describe(mark)} has no underline, only a tint`);
    styles.set(m[1], (styles.get(m[1]) || new Set()).add(s.textDecorationStyle));
  }
  const seen = new Map();
  for (const [stance, set] of styles) for (const style of set) {
    if (seen.has(style) && seen.get(style) !== stance) problems.push(`[stance-not-by-colour] "${seen.get(style)}" and "${stance}" highlights share the ${style} underline`);
    seen.set(style, stance);
  }

  // Nothing that needs a mouse: no pointer-only handlers on elements a keyboard cannot reach.
  for (const el of document.querySelectorAll('[onclick], [onmousedown], [onmouseup], [onmouseover], [ondblclick]')) {
    if (!el.matches('a[href], button, input, select, textarea, summary, [tabindex]')) problems.push(`[mouse-only] ${describe(el)} reacts to the mouse but cannot be focused`);
  }
  if (document.documentElement.scrollWidth > innerWidth + 1) {
    const wide = [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && visible(e)).slice(0, 3);
    problems.push(`[no-horizontal-scroll] the page is ${document.documentElement.scrollWidth}px wide in a ${innerWidth}px viewport${wide.length ? ': ' + wide.map(describe).join(', ') : ''}`);
  }
  return problems;
}

/**
 * The focused element, as the keyboard left it: whether focus is visible (an outline or ring
 * of at least 2px with 3:1 contrast against the background), and whether it is on screen.
 */
export function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bgOf = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c.slice(0, 3);
    }
    return parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const s = getComputedStyle(el);
  const width = parseFloat(s.outlineWidth) || 0;
  const outline = s.outlineStyle !== 'none' && width >= 2;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  const contrast = outline ? ratio(parse(s.outlineColor), bgOf(el.parentElement || el)) : ring ? 99 : 0;
  const r = el.getBoundingClientRect();
  let name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  name += ` "${(el.innerText || el.getAttribute('aria-label') || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
  return {
    key: el.outerHTML.slice(0, 200) + '|' + Math.round(r.top + scrollY) + '|' + Math.round(r.left + scrollX),
    name,
    href: el.getAttribute('href'),
    visibleFocus: (outline || ring) && contrast >= 3,
    contrast: Math.round(contrast * 100) / 100,
    onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.width > 0 && r.height > 0,
  };
}

/** The keyboard-reachable elements a reader can see (what Tab must visit). */
export function visibleFocusables() {
  return [...document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 && !el.closest('[inert], [hidden]') && el.tabIndex >= 0;
    }).length;
}
