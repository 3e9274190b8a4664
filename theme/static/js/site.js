/* The reading toolbar (partials/access.html). Its controls work without JavaScript (CSS :has); this
   remembers them for the next page (prefs.js applies them before the first paint) and reads the page aloud. */
(function () {
  var form = document.getElementById("access-form");
  if (!form) return;
  var root = document.documentElement;
  var KEY = "reading";
  var controls = [].slice.call(form.querySelectorAll("input"));

  function saved() {
    try { return (localStorage.getItem(KEY) || "").split(" ").filter(Boolean); } catch (e) { return null; }
  }

  // The page, its controls and the stored choice agree: on load, on back/forward, and when another tab changes it.
  function show(names) {
    controls.forEach(function (input) {
      if (input.value) root.classList.toggle(input.value, names.indexOf(input.value) >= 0);
    });
    controls.forEach(function (input) {
      input.checked = input.value ? names.indexOf(input.value) >= 0 : !controls.some(function (other) {
        return other.name === input.name && other.value && names.indexOf(other.value) >= 0;
      });  // "标准" is the size when no other size is chosen
    });
  }

  function remember() {
    var names = controls.filter(function (input) { return input.checked && input.value; })
      .map(function (input) { return input.value; });
    show(names);
    try { localStorage.setItem(KEY, names.join(" ")); } catch (e) { /* not remembered, still applied */ }
  }

  show(saved() || []);
  form.addEventListener("change", remember);
  form.addEventListener("reset", function () { setTimeout(remember); });  // after the controls are reset
  form.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter on a control
  window.addEventListener("pageshow", function (event) { if (event.persisted) show(saved() || []); });
  window.addEventListener("storage", function (event) { if (event.key === KEY) show(saved() || []); });
})();

/* Reading aloud through the browser's own speech synthesis, block by block, marking the block being read. */
(function () {
  var button = document.getElementById("read-aloud");
  var status = document.getElementById("access-status");
  var main = document.getElementById("main");
  var speech = window.speechSynthesis;
  if (!button || !main || !speech || !window.SpeechSynthesisUtterance) return;
  var BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, figcaption";
  var NO_VOICE = "这台设备没有中文语音，无法朗读。可在手机或电脑的系统设置里添加中文语音。";
  var queue = [];
  var current = null;
  var run = 0;  // a cancelled utterance may still report its end: only the current run's count
  button.hidden = false;

  // Each block's own words, without those of the blocks inside it (a list item holding a list).
  function blocks() {
    return [].slice.call(main.querySelectorAll(BLOCKS)).filter(function (el) {
      return el.getClientRects().length > 0;
    }).map(function (el) {
      var copy = el.cloneNode(true);
      [].forEach.call(copy.querySelectorAll(BLOCKS), function (inner) { inner.remove(); });
      return { el: el, text: copy.textContent.replace(/\s+/g, " ").trim() };
    }).filter(function (block) { return block.text; });
  }

  function chineseVoice() {
    var voices = speech.getVoices();
    var zh = voices.filter(function (v) { return /^zh([-_]|$)/i.test(v.lang); });
    zh.sort(function (a, b) { return /CN/i.test(b.lang) - /CN/i.test(a.lang); });
    return { any: voices.length > 0, voice: zh[0] || null };
  }

  function mark(el) {
    if (current) current.classList.remove("reading-now");
    current = el;
    if (el) {
      el.classList.add("reading-now");
      el.scrollIntoView({ block: "nearest" });
    }
  }

  function stop(message) {
    run += 1;
    queue = [];
    speech.cancel();
    mark(null);
    button.textContent = "朗读本页";
    status.textContent = message || "";
  }

  function next(voice, mine) {
    var block = queue.shift();
    if (!block) { stop("已读完。"); return; }
    var utterance = new SpeechSynthesisUtterance(block.text);
    utterance.lang = "zh-CN";
    if (voice) utterance.voice = voice;
    utterance.onend = function () { if (mine === run) next(voice, mine); };
    utterance.onerror = function (event) {
      if (mine !== run || event.error === "interrupted" || event.error === "canceled") return;
      stop(speech.getVoices().length ? "朗读出错，请再试一次。" : NO_VOICE);
    };
    mark(block.el);
    speech.speak(utterance);
  }

  button.addEventListener("click", function () {
    if (current) { stop("已停止朗读。"); return; }
    var found = chineseVoice();
    // A device without a Chinese voice would read Chinese as noise: say so instead.
    if (found.any && !found.voice) { stop(NO_VOICE); return; }
    stop();
    queue = blocks();
    button.textContent = "停止朗读";
    status.textContent = "正在朗读本页。";
    next(found.voice, run);
  });
  window.addEventListener("pagehide", function () { speech.cancel(); });
})();
