/* quire default theme: colour scheme, navigation, phone menu, outline and
   small reading aids. No dependencies; every URL stays relative. */
(function () {
  "use strict";
  var d = document, html = d.documentElement;
  var root = html.getAttribute("data-root") || "";
  // nav.js: { groups: [{ t, c }], nodes: [{ t, h, c }] } (or the bare node list).
  var NAVJS = window.quireNav || [];
  var NAV = Array.isArray(NAVJS) ? NAVJS : NAVJS.nodes || [];
  var GROUPS = Array.isArray(NAVJS) ? null : NAVJS.groups;
  var KEY = "quire-scheme", ORDER = ["system", "light", "dark"];
  var mq = function (q) { return window.matchMedia ? matchMedia(q) : { matches: false }; };
  var systemDark = mq("(prefers-color-scheme: dark)");
  var compact = mq("(max-width: 639px)");
  var desktop = mq("(min-width: 1024px)");
  var SVG = '<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><path d="';
  var CHEVRON = SVG + 'm6 4 4 4-4 4"/></svg>';
  var EXTERNAL = '<svg class="i i-ext" viewBox="0 0 16 16" aria-hidden="true"><path d="M6 3H3v10h10v-3M9 2h5v5M14 2 7 9"/></svg><span class="sr-only"></span>';
  var COPY = SVG + 'M5.5 5.5V3a1 1 0 0 1 1-1H13a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-2.5M3 5.5h6.5a1 1 0 0 1 1 1V13a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6.5a1 1 0 0 1 1-1z"/></svg>';
  var CHECK = SVG + 'm3 8.5 3.5 3.5L13 4.5"/></svg>';
  var DOWN = SVG + 'm4 6 4 4 4-4"/></svg>';
  // Strings in the page's language come with nav.js (themes/*/i18n/*.yaml);
  // English stands in if it could not load.
  var S = window.quireStrings || {};
  var T = { sub: S.subpages || ": sub-pages", ext: S.external || " (external)", copy: S.copy || "Copy code",
    copied: S.copied || "Copied", table: S.table || "Table", more: S.more || "Show more", less: S.less || "Show less" };

  function all(sel, el) { return Array.prototype.slice.call((el || d).querySelectorAll(sel)); }
  function make(tag, cls) { var e = d.createElement(tag); if (cls) e.className = cls; return e; }
  function listen(m, f) { if (m.addEventListener) m.addEventListener("change", f); else if (m.addListener) m.addListener(f); }
  function fromHash(h) { try { return decodeURIComponent(h.slice(1)); } catch (e) { return h.slice(1); } }

  /* ---------- colour scheme: light / system / dark ---------- */

  function applyScheme(s) {
    if (ORDER.indexOf(s) < 0) s = "system";
    var dark = s === "dark" || (s === "system" && systemDark.matches);
    html.setAttribute("data-scheme", s);
    html.classList.toggle("dark", dark);
    html.classList.toggle("light", !dark);
    all("[data-set-scheme]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-set-scheme") === s ? "true" : "false");
    });
    // <picture> variants follow the chosen scheme, not only the system's.
    all('source[media*="prefers-color-scheme"]').forEach(function (src) {
      var m = src.getAttribute("data-media") || src.getAttribute("media");
      src.setAttribute("data-media", m);
      src.media = /dark/.test(m) === dark ? "all" : "not all";
    });
  }
  function setScheme(s) {
    try { if (s === "system") localStorage.removeItem(KEY); else localStorage.setItem(KEY, s); } catch (e) { /* private mode */ }
    applyScheme(s);
  }
  applyScheme(html.getAttribute("data-scheme"));
  all("[data-set-scheme]").forEach(function (b) {
    b.addEventListener("click", function () {
      var s = b.getAttribute("data-set-scheme");
      // On phones only the current state shows: each press moves to the next one.
      if (compact.matches && s === html.getAttribute("data-scheme")) {
        s = ORDER[(ORDER.indexOf(s) + 1) % ORDER.length];
        setScheme(s);
        var next = d.querySelector('[data-set-scheme="' + s + '"]');
        if (next) next.focus();
      } else setScheme(s);
    });
  });
  listen(systemDark, function () { if (html.getAttribute("data-scheme") === "system") applyScheme("system"); });
  window.addEventListener("storage", function (e) { if (e.key === KEY) applyScheme(e.newValue || "system"); });

  /* ---------- navigation: collapsed branches come from nav.js ---------- */

  // A page's path is from the site root, whatever its shape (`a:b.html` is
  // a page, not a scheme); `./` keeps it relative when root is empty.
  function href(n) { return n.k === "external" ? n.h : (root || "./") + n.h; }
  function branch(n) {
    return (n.c || []).some(function (i) { var m = NAV[i]; return m && (m.h || branch(m)); });
  }
  function item(i) {
    var n = NAV[i];
    if (!n) return null;
    if (!n.h && !n.t) { var sep = make("li", "nav-sep"); sep.setAttribute("aria-hidden", "true"); return sep; }
    var hasKids = branch(n);
    if (!n.h && !hasKids) return null; // a hidden page
    var li = make("li", "nav-item"), row = make("div", "nav-row"), toggle = null;
    li.setAttribute("data-node", i);
    li.appendChild(row);
    if (n.h) {
      var a = make("a", "nav-link");
      a.setAttribute("href", href(n));
      a.textContent = n.t;
      if (n.l) a.title = n.l;
      if (n.k === "external") {
        a.insertAdjacentHTML("beforeend", EXTERNAL);
        a.lastChild.textContent = T.ext;
      }
      row.appendChild(a);
      if (hasKids) {
        toggle = make("button", "nav-toggle");
        toggle.innerHTML = '<span class="sr-only"></span>' + CHEVRON;
        toggle.firstChild.textContent = n.t + T.sub;
      }
    } else if (hasKids) {
      toggle = make("button", "nav-link nav-toggle nav-caption");
      toggle.textContent = n.t;
      toggle.insertAdjacentHTML("beforeend", CHEVRON);
    }
    if (toggle) {
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", "nav-" + i);
      toggle.setAttribute("data-node", i);
      row.appendChild(toggle);
      var ul = make("ul", "nav-list");
      ul.id = "nav-" + i;
      ul.hidden = true;
      li.appendChild(ul);
    }
    return li;
  }
  // The entries `ids` in order into `ul`: those the page came with kept (they
  // know where we are: open branches, current marks), the rest drawn.
  function draw(ul, ids, keep) {
    var frag = d.createDocumentFragment();
    ids.forEach(function (i) { var li = keep[i] || item(i); if (li) frag.appendChild(li); });
    ul.textContent = "";
    ul.appendChild(frag);
  }
  function byNode(lis) {
    var keep = {};
    lis.forEach(function (li) { keep[li.getAttribute("data-node")] = li; });
    return keep;
  }
  var siteNav = d.querySelector(".site-nav");
  // A large site's pages carry only their own branch, and a wide open branch
  // only a window of its entries: draw the rest from nav.js.
  var sheet = d.getElementById("sidebar");
  var windows = siteNav ? all("ul[data-partial]", siteNav) : [];
  var partial = siteNav && (siteNav.hasAttribute("data-partial") || windows.length > 0);
  if (partial && NAV.length) {
    var mark = siteNav.querySelector("li.is-current") || siteNav.querySelector("li[data-node]");
    var was = mark && mark.getBoundingClientRect().top;
    windows.forEach(function (ul) {
      var n = NAV[+ul.id.slice(4)];
      if (n) draw(ul, n.c || [], byNode(Array.prototype.slice.call(ul.children)));
    });
    if (GROUPS && siteNav.hasAttribute("data-partial")) {
      var keep = byNode(all(".nav-group > .nav-list > li[data-node]", siteNav)), frag = d.createDocumentFragment();
      GROUPS.forEach(function (g) {
        var group = make("div", "nav-group"), ul = make("ul", "nav-list");
        if (g.t) { var title = make("p", "nav-group-title"); title.textContent = g.t; group.appendChild(title); }
        draw(ul, g.c || [], keep);
        group.appendChild(ul);
        if (ul.children.length || g.t) frag.appendChild(group);
      });
      siteNav.textContent = "";
      siteNav.appendChild(frag);
    }
    // The current entry stays where it was drawn: the entries now above it
    // are scrolled past, not pushed into view.
    if (mark && sheet && mark.parentNode) sheet.scrollTop += mark.getBoundingClientRect().top - was;
  }
  if (partial) {
    siteNav.removeAttribute("data-partial");
    windows.forEach(function (ul) { ul.removeAttribute("data-partial"); });
  }
  if (siteNav) {
    if (NAV.length) {
      // A branch whose only children are hidden pages has nothing to open.
      all('.nav-toggle[aria-expanded="false"]', siteNav).forEach(function (t) {
        var n = NAV[+t.getAttribute("data-node")];
        if (n && !branch(n) && !t.classList.contains("nav-caption")) {
          var ul = d.getElementById(t.getAttribute("aria-controls"));
          if (ul) ul.parentNode.removeChild(ul);
          t.parentNode.removeChild(t);
        }
      });
    }
    siteNav.addEventListener("click", function (e) {
      var t = e.target.closest(".nav-toggle");
      if (!t) return;
      var ul = d.getElementById(t.getAttribute("aria-controls"));
      if (!ul) return;
      var open = t.getAttribute("aria-expanded") !== "true";
      if (open && !ul.children.length) {
        var n = NAV[+t.getAttribute("data-node")];
        ((n && n.c) || []).forEach(function (c) { var li = item(c); if (li) ul.appendChild(li); });
      }
      ul.hidden = !open;
      t.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  /* ---------- sidebar as a sheet below 1024px ---------- */

  var menu = d.querySelector(".menu-button");
  var closer = d.querySelector(".sheet-close"), scrim = d.querySelector(".scrim");
  var inerted = [];
  function focusables() {
    return all('a[href], button:not([disabled]), input, [tabindex]:not([tabindex="-1"])', sheet)
      .filter(function (e) { return e.getClientRects().length > 0; });
  }
  function isOpen() { return html.classList.contains("nav-open"); }
  function openSheet() {
    html.classList.add("nav-open");
    menu.setAttribute("aria-expanded", "true");
    sheet.setAttribute("role", "dialog");
    sheet.setAttribute("aria-modal", "true");
    sheet.setAttribute("aria-label", sheet.getAttribute("data-label") || "");
    inerted = [".skip-link", ".site-header", "#content", ".outline", ".site-footer"]
      .map(function (s) { return d.querySelector(s); })
      .filter(function (e) { return e && !e.hasAttribute("inert"); });
    inerted.forEach(function (e) { e.setAttribute("inert", ""); });
    (closer || focusables()[0] || sheet).focus();
  }
  function closeSheet(restore) {
    if (!isOpen()) return;
    html.classList.remove("nav-open");
    menu.setAttribute("aria-expanded", "false");
    sheet.removeAttribute("role");
    sheet.removeAttribute("aria-modal");
    sheet.removeAttribute("aria-label");
    inerted.forEach(function (e) { e.removeAttribute("inert"); });
    inerted = [];
    if (restore !== false) menu.focus();
  }
  if (sheet && menu) {
    menu.addEventListener("click", function () { if (isOpen()) closeSheet(); else openSheet(); });
    if (closer) closer.addEventListener("click", function () { closeSheet(); });
    if (scrim) scrim.addEventListener("click", function () { closeSheet(); });
    sheet.addEventListener("click", function (e) {
      var a = e.target.closest("a[href]");
      if (a && isOpen() && a.getAttribute("href").charAt(0) === "#") closeSheet(false);
    });
    d.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") { e.preventDefault(); closeSheet(); return; }
      if (e.key !== "Tab") return;
      var f = focusables();
      if (!f.length) return;
      var first = f[0], last = f[f.length - 1], at = d.activeElement, inside = sheet.contains(at);
      if (e.shiftKey && (at === first || !inside)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (at === last || !inside)) { e.preventDefault(); first.focus(); }
    });
    listen(desktop, function () { if (desktop.matches) closeSheet(false); });
  }
  /* ---------- the sidebar keeps its scroll position between pages ---------- */

  // The page's inline script restores it before the first paint; a sidebar
  // drawn from nav.js is restored here. Positions are kept per space (the
  // home page's address) for the browser tab.
  var SIDEBAR = "quire-sidebar", home = d.querySelector(".site-title");
  function saved() {
    try { var v = JSON.parse(sessionStorage.getItem(SIDEBAR)); return v && home && v.k === home.href ? v.y : null; } catch (e) { return null; }
  }
  if (sheet) {
    var y = partial ? saved() : null;
    if (y !== null) sheet.scrollTop = y;
    // Keep the current page in view in a long sidebar.
    var current = sheet.querySelector('[aria-current="page"]');
    if (current && sheet.scrollHeight > sheet.clientHeight) {
      var top = current.getBoundingClientRect().top - sheet.getBoundingClientRect().top;
      if (top < 0 || top > sheet.clientHeight * 0.7) sheet.scrollTop += top - sheet.clientHeight / 3;
    }
    window.addEventListener("pagehide", function () {
      try { if (home) sessionStorage.setItem(SIDEBAR, JSON.stringify({ k: home.href, y: sheet.scrollTop })); } catch (e) { /* storage off */ }
    });
  }

  /* ---------- "On this page": highlight the section being read ---------- */

  var outline = d.querySelector(".outline");
  var links = all(".outline li a");
  var heads = links.map(function (a) { return d.getElementById(fromHash(a.getAttribute("href"))); });
  var active = null, bar = d.querySelector(".site-header");
  var header = bar ? bar.offsetHeight : 0;
  function mark(i) {
    var a = i === null ? null : links[i];
    if (a === active) return;
    if (active) { active.classList.remove("active"); active.removeAttribute("aria-current"); }
    active = a;
    if (!a) return;
    a.classList.add("active");
    a.setAttribute("aria-current", "location");
    if (outline.scrollHeight > outline.clientHeight) {
      var y = a.offsetTop;
      if (y < outline.scrollTop + 40 || y > outline.scrollTop + outline.clientHeight - 60) outline.scrollTop = y - outline.clientHeight / 2;
    }
  }
  function update() {
    // The reading line sits just under the sticky header, where a heading
    // lands when the reader follows a link to it.
    var line = Math.min(window.innerHeight * 0.4, header + 48), found = null;
    for (var i = 0; i < heads.length; i++) {
      if (!heads[i]) continue;
      if (heads[i].getBoundingClientRect().top <= line) found = i; else break;
    }
    var end = d.scrollingElement || html;
    if (end.scrollTop > 0 && window.innerHeight + end.scrollTop >= end.scrollHeight - 2) found = heads.length - 1;
    mark(found);
  }
  if (outline && links.length && "IntersectionObserver" in window) {
    var io = new IntersectionObserver(update, { rootMargin: "0px 0px -60% 0px" });
    heads.forEach(function (h) { if (h) io.observe(h); });
    var queued = false;
    window.addEventListener("scroll", function () {
      // Only the very end of the page needs this: its last sections may never reach the band.
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; update(); });
    }, { passive: true });
  }

  /* ---------- space switcher ---------- */

  // A menu closes on Escape (focus back on its button) and on a click elsewhere.
  var switcher = d.querySelector(".space-switcher");
  if (switcher) {
    d.addEventListener("click", function (e) {
      if (switcher.open && !switcher.contains(e.target)) switcher.open = false;
    });
    switcher.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && switcher.open) {
        switcher.open = false;
        switcher.querySelector("summary").focus();
      }
    });
  }

  /* ---------- keyboard: [ and ] open the previous and next page ---------- */

  var KEYS = { "[": "prev", "]": "next" };
  Object.keys(KEYS).forEach(function (k) {
    var a = d.querySelector('.pagination a[rel="' + KEYS[k] + '"]');
    if (a) a.setAttribute("aria-keyshortcuts", k);
  });
  d.addEventListener("keydown", function (e) {
    var t = e.target, rel = KEYS[e.key];
    if (!rel || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var a = d.querySelector('.pagination a[rel="' + rel + '"]');
    if (!a) return;
    e.preventDefault();
    a.click();
  });

  /* ---------- page body ---------- */

  var body = d.querySelector(".page-body"), FOLD = 12, uid = 0;
  if (body) {
    // Tables scroll sideways inside a frame instead of widening the page.
    all("table", body).forEach(function (t) {
      var w = t.parentNode;
      if (!w.classList.contains("table-wrap")) {
        w = make("div", "table-wrap");
        t.parentNode.insertBefore(w, t);
        w.appendChild(t);
      }
    });
    // Code blocks get a copy button; long expandable ones fold.
    all("pre", body).forEach(function (pre) {
      if (pre.closest(".build-error")) return;
      var w = make("div", "code-wrap"), b = make("button", "copy-button"), box = pre.parentNode;
      var n = all(".line", pre).length;
      pre.parentNode.insertBefore(w, pre);
      w.appendChild(pre);
      b.type = "button";
      b.setAttribute("aria-label", T.copy);
      b.innerHTML = COPY;
      w.appendChild(b);
      if (n > 99) pre.style.setProperty("--digits", String(n).length + "ch");
      if (box.classList.contains("expandable") && n > FOLD + 2) fold(box, pre, w);
      b.addEventListener("click", function () {
        copy(codeText(pre), function () {
          b.classList.add("copied");
          b.innerHTML = CHECK;
          b.setAttribute("aria-label", T.copied);
          clearTimeout(b.timer);
          b.timer = setTimeout(function () { b.classList.remove("copied"); b.innerHTML = COPY; b.setAttribute("aria-label", T.copy); }, 1000);
        });
      });
    });
    scrollers();
    window.addEventListener("resize", function () {
      clearTimeout(scrollers.timer);
      scrollers.timer = setTimeout(scrollers, 150);
    });
    // A video embed loads nothing from the other site until the reader asks.
    all(".embed-video[data-embed-src]", body).forEach(function (box) {
      var play = box.querySelector(".embed-play");
      if (play) play.addEventListener("click", function () {
        var f = make("iframe"), cap = box.parentNode.querySelector("figcaption"), icon = play.querySelector(".embed-play-icon");
        f.src = box.getAttribute("data-embed-src");
        f.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture");
        f.setAttribute("allowfullscreen", "");
        f.title = (cap && cap.textContent.trim()) || play.textContent.replace(icon ? icon.textContent : "", "").trim();
        box.textContent = "";
        box.appendChild(f);
        f.focus();
      });
    });
  }
  /** Tables and code that scroll sideways can be reached with the keyboard
      (and scrolled with the arrow keys); measured first, then marked. */
  function scrollers() {
    var boxes = all(".table-wrap, .code-wrap > pre", body);
    var wide = boxes.map(function (el) { return el.scrollWidth > el.clientWidth + 1; });
    boxes.forEach(function (el, i) {
      var table = el.classList.contains("table-wrap");
      if (wide[i]) {
        el.tabIndex = 0;
        if (table) { el.setAttribute("role", "region"); el.setAttribute("aria-label", T.table); }
      } else if (el.hasAttribute("tabindex")) {
        el.removeAttribute("tabindex");
        if (table) { el.removeAttribute("role"); el.removeAttribute("aria-label"); }
      }
    });
  }
  /** The text of a code block: its lines, without the line numbers drawn by CSS. */
  function codeText(pre) {
    var lines = all(".line", pre);
    return lines.length ? lines.map(function (l) { return l.textContent; }).join("\n") : pre.textContent.replace(/\n$/, "");
  }
  function fold(box, pre, w) {
    var t = make("button", "code-toggle");
    t.type = "button";
    if (!pre.id) pre.id = "code-" + ++uid;
    t.setAttribute("aria-controls", pre.id);
    function set(folded) {
      box.classList.toggle("is-folded", folded);
      t.setAttribute("aria-expanded", folded ? "false" : "true");
      t.innerHTML = DOWN;
      t.insertBefore(d.createTextNode(folded ? T.more : T.less), t.firstChild);
    }
    t.addEventListener("click", function () {
      var folded = !box.classList.contains("is-folded");
      set(folded);
      // Folding a long block must not leave the reader far below it.
      if (folded && box.getBoundingClientRect().top < 0) box.scrollIntoView();
    });
    box.classList.add("has-toggle");
    w.appendChild(t);
    set(true);
  }

  /* ---------- tabs: one choice per title, shared by the page and remembered ---------- */

  var TABS = "quire-tabs";
  var groups = all(".tabs[data-tabs]");
  function tabsOf(g) {
    var list = g.querySelector('.tab-list[role="tablist"]');
    return list ? all('[role="tab"]', list) : [];
  }
  function label(t) { return t.textContent.trim(); }
  function remembered() {
    try { var v = JSON.parse(localStorage.getItem(TABS)); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function select(tab) {
    all('[role="tab"]', tab.parentNode).forEach(function (t) {
      var on = t === tab, panel = d.getElementById(t.getAttribute("aria-controls"));
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      if (panel) panel.hidden = !on;
    });
  }
  // The reader's choice: every group with a tab of that title follows.
  function choose(tab) {
    var name = label(tab), top = tab.getBoundingClientRect().top;
    groups.forEach(function (g) {
      tabsOf(g).forEach(function (t) { if (t === tab || label(t) === name) select(t); });
    });
    // Groups above may have changed height: keep the chosen tab where it was.
    var moved = tab.getBoundingClientRect().top - top;
    if (moved) window.scrollBy(0, moved);
    tab.focus({ preventScroll: true });
    tab.scrollIntoView({ block: "nearest", inline: "nearest" }); // within a tab list that scrolls sideways
    var names = remembered().filter(function (n) { return n !== name; });
    names.unshift(name);
    try { localStorage.setItem(TABS, JSON.stringify(names.slice(0, 20))); } catch (e) { /* private mode */ }
  }
  var wanted = remembered();
  groups.forEach(function (g) {
    var tabs = tabsOf(g), list = tabs.length && tabs[0].parentNode, pick = null;
    if (!list) return;
    for (var i = 0; i < wanted.length && !pick; i++) {
      pick = tabs.filter(function (t) { return label(t) === wanted[i]; })[0];
    }
    select(pick || tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0]);
    g.classList.add("is-ready");
    list.addEventListener("click", function (e) {
      var t = e.target.closest('[role="tab"]');
      if (t && t.parentNode === list) choose(t);
    });
    list.addEventListener("keydown", function (e) {
      var i = tabs.indexOf(d.activeElement), n = tabs.length, k = e.key, j;
      if (i < 0) return;
      if (k === "ArrowRight" || k === "ArrowLeft") j = (i + (k === "ArrowRight" ? 1 : n - 1)) % n;
      else if (k === "Home") j = 0;
      else if (k === "End") j = n - 1;
      else return;
      e.preventDefault();
      choose(tabs[j]);
    });
  });

  /* ---------- page actions: "Copy page" copies the Markdown twin ---------- */

  // Browsers refuse fetch() from file://, so there the button stays hidden
  // and "View as Markdown" (a plain link) is the way to the twin.
  all(".copy-page").forEach(function (b) {
    if (!/^https?:$/.test(location.protocol)) return;
    var label = b.querySelector(".page-action-label"), text = label.textContent;
    b.hidden = false;
    b.addEventListener("click", function () {
      fetch(b.getAttribute("data-twin")).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(function (markdown) {
        copy(markdown, function () {
          b.classList.add("copied");
          label.textContent = T.copied;
          clearTimeout(b.timer);
          b.timer = setTimeout(function () { b.classList.remove("copied"); label.textContent = text; }, 1500);
        });
      }).catch(function () { /* the twin is gone: "View as Markdown" says so */ });
    });
  });

  function copy(text, done) {
    function fallback() {
      var ta = make("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.cssText = "position:fixed;top:0;opacity:0";
      d.body.appendChild(ta);
      ta.select();
      try { if (d.execCommand("copy")) done(); } catch (e) { /* nothing to do */ }
      d.body.removeChild(ta);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  // A link into a closed <details> or a hidden tab panel opens it; printing shows every one.
  function reveal() {
    var t = location.hash && d.getElementById(fromHash(location.hash)), changed = false;
    for (var p = t; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open && !(p.firstElementChild && p.firstElementChild.contains(t))) { p.open = true; changed = true; }
      var tab = p.hidden && p.getAttribute("role") === "tabpanel" && d.getElementById(p.getAttribute("aria-labelledby"));
      if (tab) { select(tab); changed = true; }
    }
    if (changed) t.scrollIntoView();
  }
  reveal();
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () {
    all("details:not([open])").forEach(function (x) { x.open = true; x.setAttribute("data-print", ""); });
  });
  window.addEventListener("afterprint", function () {
    all("details[data-print]").forEach(function (x) { x.open = false; x.removeAttribute("data-print"); });
  });
})();
