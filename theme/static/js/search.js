/* The search page: finds exactly the pages whose text contains what was typed, the best first;
   pinyin finds titles by sound; a query that finds nothing is offered the names it may have meant.
   The index holds character pairs spelt in ASCII letters (plugins/catalog/search/tokens.py), titles'
   readings (sound.py); queries are spelt and text is matched here by the same rules: change both
   together. Record text is untrusted: everything shown is set as text, never as HTML. See docs/search.md. */
(function () {
  "use strict";
  var box = document.getElementById("search-results");
  if (!box) return;
  var status = document.getElementById("search-status");
  var input = document.getElementById("search-query");
  var LETTERS = "abcdefghijklmnopqrstuvwxyz", WIDTH = 4, LIMIT = Math.pow(26, WIDTH), HASH_LETTERS = 7;
  var TRANSPARENT = new Set(Array.from(" \t\u00a0\"'`“”‘’„‟〝〞〟「」『』《》〈〉«»‹›、·・‧•"));
  var TITLE = "t", TAIL = "u", EXACT = "x", START = "qst", SKIP = ",", BREAK = "|", MIN_INITIALS = 2;
  var MAX_SEGMENTATIONS = 16, SUGGESTIONS = 5;
  var PAGE = 20, BEFORE = 30, AFTER = 70;
  // Tiers, best first: the page whose title is the query, a match in the title, in the own text, in the tail.
  var TIERS = [[EXACT, 0], [TITLE, 1], ["", 2], [TAIL, 3]];

  /* Characters as search compares them: NFKC (full-width digits are digits), lower case. */
  function folded(ch) { return Array.from(ch.normalize("NFKC").toLowerCase()); }
  function isWordChar(ch) { return /^[\p{L}\p{N}]$/u.test(ch) && ch.codePointAt(0) < LIMIT; }
  function isHan(ch) { return /^\p{Script=Han}$/u.test(ch); }

  /* Runs of letters and digits; transparent marks are left out, anything else ends a run. */
  function runs(text) {
    var found = [], run = [];
    Array.from(text).forEach(function (ch) {
      folded(ch).forEach(function (c) {
        if (isWordChar(c)) { run.push(c); } else if (!TRANSPARENT.has(c) && run.length) { found.push(run); run = []; }
      });
    });
    if (run.length) found.push(run);
    return found;
  }

  function base26(n, width) {
    var out = "";
    for (var i = 0; i < width; i++) { out = LETTERS[n % 26] + out; n = Math.floor(n / 26); }
    return out;
  }
  function spell(ch) { return base26(ch.codePointAt(0), WIDTH); }

  /* The exact phrase of the run's character pairs in one part of the pages; one character is its own term. */
  function phrase(run, mark) {
    var spelt = run.map(spell);
    var pairs = spelt.slice(1).map(function (s, i) { return spelt[i] + s; });
    return '"' + (pairs.length ? pairs : spelt).map(function (t) { return mark + t; }).join(" ") + '"';
  }

  function fnv1a(text) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(text).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h >>> 0;
  }
  function exactTerm(word) { return '"' + EXACT + base26(fnv1a(runs(word).map(function (r) { return r.join(""); }).join("\n")), HASH_LETTERS) + '"'; }

  /* The typed query: words split at spaces; a page must contain each word (as typed, when it has punctuation). */
  function parse(q) {
    return q.split(/\s+/).filter(Boolean).map(function (word) {
      var chars = Array.from(word).map(folded).flat();
      return { typed: word, text: chars, runs: runs(word), punctuated: !chars.every(isWordChar) };
    }).filter(function (w) { return w.runs.length; });
  }

  /* The text as compared: folded characters, each with the index of the character it came from. */
  function foldWithMap(text) {
    var chars = Array.from(text), out = [], from = [];
    chars.forEach(function (ch, i) { folded(ch).forEach(function (c) { out.push(c); from.push(i); }); });
    return { chars: chars, folded: out, from: from };
  }

  function startsAt(hay, needle, i) {
    for (var j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) return false;
    return true;
  }

  /* Where each word occurs, as [start, end) of the text's characters (a word without punctuation is found
     with transparent marks between its characters, and marked with them); how many words do not occur. */
  function spansOf(text, words) {
    var f = foldWithMap(text), spans = [], missing = 0;
    var kept = [], at = [];  // the folded text without transparent marks, and where each of its characters was
    f.folded.forEach(function (c, i) { if (!TRANSPARENT.has(c)) { kept.push(c); at.push(i); } });
    words.forEach(function (word) {
      var hay = word.punctuated ? f.folded : kept, pos = word.punctuated ? null : at, q = word.text, found = false;
      for (var i = 0; i + q.length <= hay.length; i++) {
        if (startsAt(hay, q, i)) {
          var first = pos ? pos[i] : i, last = pos ? pos[i + q.length - 1] : i + q.length - 1;
          spans.push([f.from[first], f.from[last] + 1]);
          found = true;
          i += q.length - 1;
        }
      }
      if (!found) missing++;
    });
    return { chars: f.chars, spans: spans.sort(function (a, b) { return a[0] - b[0]; }), missing: missing };
  }

  function matches(text, words) {
    var found = spansOf(text, words);
    return found.missing ? null : found;
  }

  /* Every page holding every word, each with its tier (the worst, over the words' runs, of the best part
     the run is found in), best tier first, then by Pagefind's score. */
  async function candidates(pagefind, words) {
    var byId = null, useExact = words.length === 1;
    for (var w = 0; w < words.length; w++) {
      var word = words[w], searches = [];
      if (useExact) searches.push([exactTerm(word.typed), 0, true]);
      word.runs.forEach(function (run, r) {
        TIERS.slice(1).forEach(function (t) { searches.push([phrase(run, t[0]), t[1], false, r]); });
      });
      var answers = await Promise.all(searches.map(function (s) { return pagefind.search(s[0]); }));
      var perRun = word.runs.map(function () { return new Map(); }), exact = new Set();
      answers.forEach(function (answer, i) {
        var s = searches[i];
        answer.results.forEach(function (res) {
          if (s[2]) { exact.add(res.id); return; }
          var seen = perRun[s[3]].get(res.id);
          if (!seen || s[1] < seen.tier) perRun[s[3]].set(res.id, { result: res, tier: s[1], score: res.score });
        });
      });
      var next = new Map();
      perRun[0].forEach(function (hit, id) {
        var tier = hit.tier, score = hit.score;
        for (var r = 1; r < perRun.length; r++) {
          var other = perRun[r].get(id);
          if (!other) return;
          tier = Math.max(tier, other.tier);
          score += other.score;
        }
        if (exact.has(id)) tier = 0;
        if (byId !== null) {
          var before = byId.get(id);
          if (!before) return;
          tier = Math.max(tier, before.tier);
          score += before.score;
        }
        next.set(id, { result: hit.result, tier: tier, score: score });
      });
      byId = next;
    }
    return Array.from(byId.values()).sort(function (a, b) { return a.tier - b.tier || b.score - a.score; })
      .map(function (x) { return x.result; });
  }

  /* A large site's index is in several parts (index.py, written one Pagefind process after another);
     the others are merged into the first, and each search then looks in all of them. */
  async function mergeParts(pagefind) {
    var r = await fetch(new URL(box.dataset.bundle + "bundles.json", location.href));
    if (!r.ok) throw new Error("bundles.json: HTTP " + r.status);
    var parts = await r.json();
    for (var i = 0; i < parts.length; i++) await pagefind.mergeIndex(new URL(box.dataset.bundle + parts[i], location.href).href);
  }

  /* ---- pinyin (sound.py) ---- */

  function typedPinyin(q) {
    var text = q.toLowerCase().normalize("NFD").replace(/u\u0308/g, "v").replace(/u:/g, "v").replace(/\p{M}/gu, "");
    var parts = text.replace(/'/g, " ").split(/\s+/).filter(Boolean);
    return parts.length && parts.every(function (p) { return /^[a-z]+$/.test(p); }) ? parts : null;
  }

  function segmentations(parts, syllables) {
    var found = [[]];
    parts.forEach(function (part) {
      var ways = [[[]]];
      for (var end = 1; end <= part.length; end++) {
        ways[end] = [];
        for (var start = Math.max(0, end - 6); start < end; start++) {
          if (!syllables.has(part.slice(start, end))) continue;
          (ways[start] || []).forEach(function (w) { ways[end].push(w.concat([part.slice(start, end)])); });
        }
        ways[end] = ways[end].slice(0, MAX_SEGMENTATIONS);
      }
      var next = [];
      found.forEach(function (f) { (ways[part.length] || []).forEach(function (w) { next.push(f.concat(w)); }); });
      found = next.slice(0, MAX_SEGMENTATIONS);
    });
    return found;
  }

  /* Each run of Han characters of a title read as ``tokens``: [syllables, the title characters they are]. */
  function hanRuns(tokens) {
    var found = [], run = { syl: [], at: [] };
    tokens.forEach(function (t, i) {
      if (t === BREAK) { if (run.syl.length) found.push(run); run = { syl: [], at: [] }; }
      else if (t !== SKIP) { run.syl.push(t); run.at.push(i); }
    });
    if (run.syl.length) found.push(run);
    return found;
  }

  /* The spans of the title a pinyin query finds (none: it does not find it); the rule of sound.pinyin_match. */
  function pinyinSpans(tokens, parts, syllables) {
    var spans = [], letters = parts.join(""), found = hanRuns(tokens);
    segmentations(parts, syllables).forEach(function (seg) {
      found.forEach(function (run) {
        for (var i = 0; i + seg.length <= run.syl.length; i++) {
          if (seg.every(function (s, j) { return run.syl[i + j] === s; })) spans.push([run.at[i], run.at[i + seg.length - 1] + 1]);
        }
      });
    });
    if (letters.length >= MIN_INITIALS) {
      found.forEach(function (run) {
        if (run.syl.length >= letters.length && run.syl.slice(0, letters.length).map(function (s) { return s[0]; }).join("") === letters) {
          spans.push([run.at[0], run.at[letters.length - 1] + 1]);
        }
      });
    }
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return spans.filter(function (s, i) { return !i || s[0] >= spans[i - 1][1]; });
  }

  var soundsLoaded = null;
  function sounds() {
    soundsLoaded = soundsLoaded || fetch(new URL(box.dataset.bundle + "sounds.json", location.href)).then(function (r) {
      if (!r.ok) throw new Error("sounds.json: HTTP " + r.status);
      return r.json();
    }).then(function (table) {
      var readings = new Map();
      Object.keys(table.chars).forEach(function (s) {
        Array.from(table.chars[s]).forEach(function (ch) { (readings.get(ch) || readings.set(ch, new Set()).get(ch)).add(s); });
      });
      return { syllables: new Set(table.syllables), readings: readings };
    });
    return soundsLoaded;
  }

  async function pinyinCandidates(pagefind, parts, syllables) {
    var queries = segmentations(parts, syllables).map(function (seg) {
      return '"' + seg.map(function (s) { return "p" + s; }).join(" ") + '"';
    });
    var letters = parts.join("");
    if (letters.length >= MIN_INITIALS) queries.push('"' + [START].concat(Array.from(letters).map(function (l) { return "q" + l; })).join(" ") + '"');
    var answers = await Promise.all(queries.map(function (q) { return pagefind.search(q); })), byId = new Map();
    answers.forEach(function (a) { a.results.forEach(function (r) { if (!byId.has(r.id) || byId.get(r.id).score < r.score) byId.set(r.id, r); }); });
    return Array.from(byId.values()).sort(function (a, b) { return b.score - a.score; });
  }

  /* ---- did you mean: names that sound or look alike (names.json, sounds.json) ---- */

  function near(s) {
    return s.replace(/^([zcs])h/, "$1").replace(/^n/, "l").replace(/^h(?=u)/, "f").replace(/ng$/, "n");
  }

  function charCost(a, b, readings) {
    if (a === b) return 0;
    var ra = readings.get(a), rb = readings.get(b);
    if (!ra || !rb) return 1;
    var same = false, alike = false;
    ra.forEach(function (x) { rb.forEach(function (y) { if (x === y) same = true; else if (near(x) === near(y)) alike = true; }); });
    return same ? 0.25 : alike ? 0.5 : 1;
  }

  /* Levenshtein distance, a substitution costing by sound (charCost), an insertion or deletion 1. */
  function distance(a, b, readings) {
    var prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + charCost(a[i - 1], b[j - 1], readings));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  /* The closest pieces of record names to ``word`` (Han characters only), best first. */
  function closest(word, names, readings) {
    var n = word.length, limit = n <= 3 ? 0.75 : 1.25, best = new Map();
    if (n < 2) return [];
    names.forEach(function (name) {
      runs(name).forEach(function (run) {
        for (var len = Math.max(2, n - 1); len <= n + 1; len++) {
          if (n <= 3 && len !== n) continue;
          for (var i = 0; i + len <= run.length; i++) {
            var piece = run.slice(i, i + len), cost = distance(word, piece, readings), text = piece.join("");
            if (cost > 0 && cost <= limit) {
              var seen = best.get(text) || { text: text, cost: cost, names: 0, len: len };
              seen.cost = Math.min(seen.cost, cost);
              seen.names++;
              best.set(text, seen);
            }
          }
        }
      });
    });
    // The cheapest first; of those, a piece as long as the query (a character changed, not one dropped), then
    // the piece in the most names.
    return Array.from(best.values()).sort(function (a, b) {
      return a.cost - b.cost || Math.abs(a.len - n) - Math.abs(b.len - n) || b.names - a.names ||
        (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
    }).slice(0, SUGGESTIONS).map(function (s) { return s.text; });
  }

  async function suggest(q, words, failed) {
    var table = await sounds();
    var r = await fetch(new URL(box.dataset.bundle + "names.json", location.href));
    if (!r.ok) throw new Error("names.json: HTTP " + r.status);
    var names = await r.json(), offers = [];
    failed.forEach(function (w) {
      var han = Array.from(w.typed).filter(isHan);
      if (han.length !== Array.from(w.typed).length) return;  // only words of Han characters have slips to undo
      closest(han, names, table.readings).forEach(function (piece) {
        offers.push(words.map(function (x) { return x === w ? piece : x.typed; }).join(" "));
      });
    });
    return offers;
  }

  /* ---- showing results ---- */

  /* Text with each span in a <mark>, appended to ``el`` as text nodes; spans outside [from, to) are left out. */
  function marked(el, chars, spans, from, to) {
    var at = from;
    spans.forEach(function (span) {
      if (span[0] < at || span[1] > to) return;
      el.append(chars.slice(at, span[0]).join(""));
      var mark = document.createElement("mark");
      mark.textContent = chars.slice(span[0], span[1]).join("");
      el.append(mark);
      at = span[1];
    });
    el.append(chars.slice(at, to).join(""));
    return el;
  }

  /* The line around the first match after the title (which is shown, marked, above it). */
  function excerpt(hit, skip) {
    var chars = hit.chars, later = hit.spans.filter(function (s) { return s[0] >= skip; });
    var first = later[0] || [skip, skip], start = first[0], end = first[1];
    while (start > skip && chars[start - 1] !== "\n" && first[0] - start < BEFORE) start--;
    while (end < chars.length && chars[end] !== "\n" && end - first[1] < AFTER) end++;
    var p = document.createElement("p");
    p.className = "excerpt";
    if (start > skip && chars[start - 1] !== "\n") p.append("…");
    marked(p, chars, later, start, end);
    if (end < chars.length && chars[end] !== "\n") p.append("…");
    return p;
  }

  function item(data, root, heading, titleSpans, body) {
    var li = document.createElement("li"), h = document.createElement(heading), a = document.createElement("a");
    var meta = document.createElement("p"), kind = document.createElement("span"), title = Array.from(data.meta.title);
    li.className = "search-result";
    a.href = new URL(data.raw_url, root).href;
    marked(a, title, titleSpans, 0, title.length);
    h.className = "card-title";
    h.append(a);
    kind.className = "tag";
    kind.textContent = data.meta.kind;
    meta.className = "meta";
    meta.append(kind, [data.meta.county, data.meta.date].filter(Boolean).join(" · "));
    li.append(h, meta);
    if (body) li.append(body);
    return li;
  }

  /* One list of results, shown PAGE at a time; ``check`` renders a result, or returns null for one that does
     not hold the query (which cannot happen with the index as built: a wrong page is never shown). */
  function Group(list, more, found, check, onChange) {
    this.list = list; this.more = more; this.found = found; this.check = check;
    this.total = found.length; this.shown = 0;
    var group = this;
    more.addEventListener("click", async function () {
      box.dataset.state = "loading";
      var first = await group.show();
      onChange();
      box.dataset.state = "done";
      if (first) first.focus();
    });
  }
  Group.prototype.show = async function () {
    var batch = await Promise.all(this.found.slice(this.shown, this.shown + PAGE).map(function (r) { return r.data(); }));
    var firstNew = null, group = this;
    batch.forEach(function (data) {
      var li = group.check(data);
      if (!li) { group.total--; return; }
      group.list.append(li);
      firstNew = firstNew || li.querySelector("a");
    });
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.found.length;
    this.more.textContent = this.more.dataset.label + "（还有 " + (this.found.length - this.shown) + " 个）";
    return firstNew;
  };
  Group.prototype.partial = function () { return this.shown < this.found.length; };

  function say(text) { status.textContent = text; }

  /* The query as the status quotes it: quotation marks the visitor typed around it are not doubled. */
  function quoted(q) {
    var t = q.trim(), wrapped = t.match(/^["“”'‘’「『](.*)["“”'‘’」』]$/u);
    return "“" + (wrapped && wrapped[1] ? wrapped[1] : t) + "”";
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  async function run(q) {
    var root = new URL(box.dataset.root, location.href), words = parse(q), pagefind, found, pinyinFound = [];
    var parts = /\p{Script=Han}/u.test(q) ? null : typedPinyin(q), table = null;
    if (!words.length) { say(q.trim() ? "请输入要找的文字或数字。" : "请输入要找的字词。"); return; }
    document.title = quoted(q) + "的搜索结果 - " + document.title;
    say("正在搜索……");
    try {
      pagefind = await import(new URL(box.dataset.bundle + "pagefind.js", location.href).href);
      await pagefind.init();
      await mergeParts(pagefind);
      found = await candidates(pagefind, words);
      if (parts) {
        table = await sounds();
        pinyinFound = await pinyinCandidates(pagefind, parts, table.syllables);
      }
    } catch (e) {
      say(location.protocol === "file:" ? "直接打开文件时不能搜索。请运行 make serve，再在浏览器打开 http://localhost:8000/search/。"
        : "搜索暂时无法使用，请稍后再试，或从上方的栏目浏览。");
      console.error("Site search failed (Pagefind bundle " + box.dataset.bundle + "):", e);  // for a maintainer
      return;
    }
    if (!words.every(function (w) { return !w.punctuated; })) {  // a word with punctuation: keep pages holding it as typed
      var all = await Promise.all(found.map(function (r) { return r.data(); }));
      found = found.filter(function (r, i) { return matches(all[i].meta.text, words); });
    }
    var inText = new Set(found.map(function (r) { return r.id; }));
    pinyinFound = pinyinFound.filter(function (r) { return !inText.has(r.id); });

    var text = new Group(document.getElementById("search-list"), document.getElementById("search-more"), found, function (data) {
      var hit = matches(data.meta.text, words);
      if (!hit) return null;
      var title = data.meta.title, inTitle = spansOf(title, words);
      return item(data, root, "h2", inTitle.spans, excerpt(hit, data.meta.text.startsWith(title) ? Array.from(title).length : 0));
    }, update);
    var pinyinBox = document.getElementById("search-pinyin");
    var byPinyin = new Group(document.getElementById("search-pinyin-list"), document.getElementById("search-pinyin-more"), pinyinFound, function (data) {
      var spans = pinyinSpans((data.meta.py || "").split(" "), parts, table.syllables);
      return spans.length ? item(data, root, "h3", spans, null) : null;
    }, update);

    function update() {
      var said = text.total ? "找到 " + text.total + " 个含有" + quoted(q) + "的页面" + (text.partial() ? "，已显示前 " + text.list.children.length + " 个" : "")
        : "没有找到含有" + quoted(q) + "的页面";
      if (byPinyin.total) said += (text.total ? "；" : "。") + "按拼音找到 " + byPinyin.total + " 个页面" + (byPinyin.partial() ? "，已显示前 " + byPinyin.list.children.length + " 个" : "");
      say(said + "。");
      pinyinBox.hidden = !byPinyin.total;
    }

    await text.show();
    await byPinyin.show();
    update();
    if (text.total || byPinyin.total) return;
    var offers = [];
    try {
      var failed = [];
      for (var w = 0; w < words.length; w++) {
        if (!(await candidates(pagefind, [words[w]])).length) failed.push(words[w]);
      }
      offers = await suggest(q, words, failed.length ? failed : words);
    } catch (e) {
      console.error("Site search could not suggest (Pagefind bundle " + box.dataset.bundle + "):", e);
    }
    var offer = document.getElementById("search-suggest"), offerList = document.getElementById("search-suggest-list");
    offers.forEach(function (o, i) {
      var href = new URL(location.href);
      href.searchParams.set("q", o);
      if (i) offerList.append("、");
      offerList.append(link(o, href.href));
    });
    offer.hidden = !offers.length;
    say("没有找到含有" + quoted(q) + "的页面。" + (offers.length ? "您要找的可能是下面这些名称。"
      : "请检查有没有错别字，或者少输入几个字再试，例如只输入村名或举措名称里的两三个字。"));
    document.getElementById("search-way-on").hidden = false;
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  box.dataset.state = "loading";
  run(q).then(function () { box.dataset.state = "done"; });
})();
