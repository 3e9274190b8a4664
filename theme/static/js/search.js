/* The search page: finds exactly the pages whose text contains what was typed.
   The index holds character pairs, spelt in ASCII letters (plugins/catalog/search/tokens.py);
   queries are spelt here by the same rules: change both together. See docs/search.md. */
(function () {
  "use strict";
  var box = document.getElementById("search-results");
  if (!box) return;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var more = document.getElementById("search-more");
  var input = document.getElementById("search-query");
  var LETTERS = "abcdefghijklmnopqrstuvwxyz", WIDTH = 4, LIMIT = Math.pow(26, WIDTH);
  var PAGE = 20, BEFORE = 30, AFTER = 70;

  /* Characters as search compares them: NFKC (full-width digits are digits), lower case. */
  function folded(ch) { return Array.from(ch.normalize("NFKC").toLowerCase()); }
  function isWordChar(ch) { return /^[\p{L}\p{N}]$/u.test(ch) && ch.codePointAt(0) < LIMIT; }

  function runs(text) {
    var found = [], run = [];
    Array.from(text).forEach(function (ch) {
      folded(ch).forEach(function (c) {
        if (isWordChar(c)) { run.push(c); } else if (run.length) { found.push(run); run = []; }
      });
    });
    if (run.length) found.push(run);
    return found;
  }

  function spell(ch) {
    var n = ch.codePointAt(0), out = "";
    for (var i = 0; i < WIDTH; i++) { out = LETTERS[n % 26] + out; n = Math.floor(n / 26); }
    return out;
  }

  /* The exact phrase of the run's character pairs; one character is its own term. */
  function pagefindQuery(run) {
    var spelt = run.map(spell);
    var pairs = spelt.slice(1).map(function (s, i) { return spelt[i] + s; });
    return '"' + (pairs.length ? pairs : spelt).join(" ") + '"';
  }

  /* The typed query: words split at spaces; a page must contain each word as typed. */
  function parse(q) {
    return q.split(/\s+/).filter(Boolean).map(function (word) {
      var text = Array.from(word).map(folded).flat().join(""), r = runs(word);
      return { text: text, runs: r, exact: r.length === 1 && r[0].join("") === text };
    }).filter(function (w) { return w.runs.length; });
  }

  /* Folded text with, for each folded character, the index of the character it came from. */
  function foldWithMap(text) {
    var chars = Array.from(text), out = [], from = [];
    chars.forEach(function (ch, i) { folded(ch).forEach(function (c) { out.push(c); from.push(i); }); });
    return { chars: chars, folded: out, from: from };
  }

  function startsAt(hay, needle, i) {
    for (var j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) return false;
    return true;
  }

  /* Where the words occur in the text, as [start, end) of its characters; how many do not. */
  function spansOf(text, words) {
    var f = foldWithMap(text), spans = [], missing = 0;
    words.forEach(function (word) {
      var q = Array.from(word.text), found = false;
      for (var i = 0; i + q.length <= f.folded.length; i++) {
        if (startsAt(f.folded, q, i)) {
          spans.push([f.from[i], f.from[i + q.length - 1] + 1]);
          found = true;
          i += q.length - 1;
        }
      }
      if (!found) missing++;
    });
    return { chars: f.chars, spans: spans.sort(function (a, b) { return a[0] - b[0]; }), missing: missing };
  }

  /* The spans, when the text holds every word; otherwise null. */
  function matches(text, words) {
    var found = spansOf(text, words);
    return found.missing ? null : found;
  }

  async function candidates(pagefind, words) {
    var byId = null;
    for (var w = 0; w < words.length; w++) {
      for (var r = 0; r < words[w].runs.length; r++) {
        var found = (await pagefind.search(pagefindQuery(words[w].runs[r]))).results, next = new Map();
        found.forEach(function (res) {
          if (byId === null || byId.has(res.id)) next.set(res.id, { result: res, score: res.score + (byId ? byId.get(res.id).score : 0) });
        });
        byId = next;
      }
    }
    return Array.from(byId.values()).sort(function (a, b) { return b.score - a.score; }).map(function (x) { return x.result; });
  }

  /* Text with each span in a <mark>, into ``el``; spans outside [from, to) are left out. */
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

  function item(data, hit, root, words) {
    var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
    var meta = document.createElement("p"), kind = document.createElement("span"), title = data.meta.title;
    var inTitle = spansOf(title, words), skip = data.meta.text.startsWith(title) ? Array.from(title).length : 0;
    li.className = "search-result";
    a.href = new URL(data.raw_url, root).href;
    marked(a, inTitle.chars, inTitle.spans, 0, inTitle.chars.length);
    h.className = "card-title";
    h.append(a);
    kind.className = "tag";
    kind.textContent = data.meta.kind;
    meta.className = "meta";
    meta.append(kind, [data.meta.county, data.meta.date].filter(Boolean).join(" · "));
    li.append(h, meta, excerpt(hit, skip));
    return li;
  }

  function say(text) { status.textContent = text; }

  async function run(q) {
    var root = new URL(box.dataset.root, location.href), words = parse(q), shown = 0, pagefind, found;
    if (!words.length) { say(q.trim() ? "请输入要找的文字或数字。" : "请输入要找的字词。"); return; }
    document.title = "“" + q.trim() + "”的搜索结果 - " + document.title;
    say("正在搜索……");
    try {
      pagefind = await import(new URL(box.dataset.bundle + "pagefind.js", location.href).href);
      await pagefind.init();
      found = await candidates(pagefind, words);
    } catch (e) {
      say(location.protocol === "file:" ? "直接打开文件时不能搜索。请运行 make serve，再在浏览器打开 http://localhost:8000/search/。"
        : "搜索暂时无法使用，请稍后再试，或从上方的栏目浏览。");
      console.error("Site search failed (Pagefind bundle " + box.dataset.bundle + "):", e);  // for a maintainer
      return;
    }
    var exact = words.every(function (w) { return w.exact; }), total = found.length;
    if (!exact) {  // a word with punctuation inside: keep only pages that hold it as typed
      var all = await Promise.all(found.map(function (r) { return r.data(); }));
      found = found.filter(function (r, i) { return matches(all[i].meta.text, words); });
      total = found.length;
    }
    async function show() {
      var batch = await Promise.all(found.slice(shown, shown + PAGE).map(function (r) { return r.data(); }));
      var firstNew = null;
      batch.forEach(function (data) {
        var hit = matches(data.meta.text, words);
        if (!hit) { total--; return; }  // cannot happen with the index as built; never show a wrong page
        var li = item(data, hit, root, words);
        list.append(li);
        firstNew = firstNew || li.querySelector("a");
      });
      shown += batch.length;
      more.hidden = shown >= found.length;
      more.textContent = "显示更多结果（还有 " + (found.length - shown) + " 个）";
      say(total ? "找到 " + total + " 个含有“" + q.trim() + "”的页面" + (shown < found.length ? "，已显示前 " + list.children.length + " 个。" : "。")
        : "没有找到含有“" + q.trim() + "”的页面。请检查有没有错别字，或者少输入几个字再试，例如只输入村名或举措名称里的两三个字。");
      box.dataset.state = "done";
      return firstNew;
    }
    more.addEventListener("click", async function () {
      box.dataset.state = "loading";
      var first = await show();
      if (first) first.focus();
    });
    await show();
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  box.dataset.state = "loading";
  run(q).then(function () { box.dataset.state = "done"; });
})();
