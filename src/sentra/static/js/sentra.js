// Sentra's own small behaviours; no framework beyond htmx.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".nav-toggle");
  if (!button) return;
  var list = document.getElementById(button.getAttribute("aria-controls"));
  var open = list.classList.toggle("open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
