/* Loaded synchronously in <head>: the reader's saved reading settings (site.js saves them) go on <html>
   before the first paint, so a page never flashes in small text or low contrast. */
try {
  (localStorage.getItem("reading") || "").split(" ").forEach(function (name) {
    if (/^[a-z0-9-]+$/.test(name)) document.documentElement.classList.add(name);
  });
} catch (e) { /* storage refused (private mode, blocked cookies): the page's defaults */ }
