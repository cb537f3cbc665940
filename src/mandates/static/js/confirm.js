// Forms with data-confirm="question" ask before they submit (no inline on* handlers: the
// Content-Security-Policy allows no inline script).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
}, true);
