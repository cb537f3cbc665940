// The header's disclosure menus (button + list) and, on a narrow screen, the "Menu" switch that
// shows the whole navigation. No inline script: the Content-Security-Policy allows none.
// Without JavaScript the menus stay open as plain nested lists.
(function () {
  "use strict";
  var NARROW = "(max-width: 48rem)";

  function menuOf(button) { return document.getElementById(button.getAttribute("aria-controls")); }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var menu = menuOf(button);
    if (menu) { menu.hidden = !open; }
  }

  function closeAll(except) {
    document.querySelectorAll(".site-nav__toggle[aria-expanded='true']").forEach(function (button) {
      if (button !== except) { setOpen(button, false); }
    });
  }

  function links(menu) { return Array.prototype.slice.call(menu.querySelectorAll("a")); }

  function init() {
    var nav = document.querySelector(".site-nav");
    if (!nav) { return; }
    document.documentElement.classList.add("has-nav-js");
    var toggles = nav.querySelectorAll(".site-nav__toggle");
    toggles.forEach(function (button) {
      setOpen(button, false);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeAll(button);
        setOpen(button, open);
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") {  // open and go to the first item
          event.preventDefault();
          closeAll(button);
          setOpen(button, true);
          var first = links(menuOf(button))[0];
          if (first) { first.focus(); }
        }
      });
      var menu = menuOf(button);
      menu.addEventListener("keydown", function (event) {
        var items = links(menu), at = items.indexOf(document.activeElement);
        if (event.key === "Escape") {
          event.preventDefault();
          setOpen(button, false);
          button.focus();
        } else if (event.key === "ArrowDown" && at > -1) {
          event.preventDefault();
          items[(at + 1) % items.length].focus();
        } else if (event.key === "ArrowUp" && at > -1) {
          event.preventDefault();
          items[(at - 1 + items.length) % items.length].focus();
        }
      });
    });
    // A click elsewhere, or focus leaving the navigation, closes the open menu.
    document.addEventListener("click", function (event) {
      if (!nav.contains(event.target)) { closeAll(null); }
    });
    nav.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !nav.contains(event.relatedTarget)) { closeAll(null); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeAll(null); }
    });

    // Narrow screens: one "Menu" switch shows or hides the whole navigation.
    var sw = document.querySelector(".site-nav__switch");
    var list = document.getElementById("site-nav-list");
    if (!sw || !list) { return; }
    var query = window.matchMedia(NARROW);
    function fit() {
      sw.hidden = !query.matches;
      if (query.matches) {
        list.hidden = sw.getAttribute("aria-expanded") !== "true";
      } else {
        list.hidden = false;
      }
    }
    sw.addEventListener("click", function () {
      var open = sw.getAttribute("aria-expanded") !== "true";
      sw.setAttribute("aria-expanded", open ? "true" : "false");
      list.hidden = !open;
    });
    if (query.addEventListener) { query.addEventListener("change", fit); } else { query.addListener(fit); }
    fit();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
