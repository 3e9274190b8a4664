/* Larger-text mode: the checkbox works without JavaScript (CSS :has); this only remembers it. */
(function () {
  var box = document.getElementById("large-text");
  if (!box) return;
  var root = document.documentElement;
  box.checked = root.classList.contains("large-text");
  box.addEventListener("change", function () {
    root.classList.toggle("large-text", box.checked);
    try { localStorage.setItem("large-text", box.checked ? "1" : "0"); } catch (e) { /* private mode */ }
  });
})();
