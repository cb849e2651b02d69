// according: hover and selection in the article view, outlet highlighting in charts.
// The pages work without it: pieces of text are links to their attribution (#aN, shown by :target).
(function () {
  "use strict";

  function articleView() {
    var text = document.getElementById("text");
    if (!text) { return; }
    var pieces = text.querySelectorAll("a.hl[data-a]");
    var byIndex = {};
    Array.prototype.forEach.call(pieces, function (piece) {
      piece.getAttribute("data-a").split(" ").forEach(function (i) {
        (byIndex[i] = byIndex[i] || []).push(piece);
      });
    });
    function mark(i, cls, on) {
      (byIndex[i] || []).forEach(function (piece) { piece.classList.toggle(cls, on); });
      var entry = document.getElementById("a" + i);
      if (entry) { entry.classList.toggle(cls, on); }
    }
    function hover(root, selector, attribute) {
      root.addEventListener("mouseover", function (event) {
        var el = event.target.closest(selector);
        if (el) { mark(el.getAttribute(attribute), "on", true); }
      });
      root.addEventListener("mouseout", function (event) {
        var el = event.target.closest(selector);
        if (el) { mark(el.getAttribute(attribute), "on", false); }
      });
    }
    hover(text, "a.hl[data-t]", "data-t");
    var list = document.querySelector(".entries");
    if (list) { hover(list, ".entry[data-i]", "data-i"); }
    var selected = null;
    function select() {
      if (selected !== null) { mark(selected, "sel", false); }
      var match = /^#a(\d+)$/.exec(window.location.hash);
      selected = match ? match[1] : null;
      if (selected !== null) { mark(selected, "sel", true); }
      return selected;
    }
    function reveal(i, piece) {
      // Show the entry inside the list beside the text without moving the page the reader is on.
      var entry = document.getElementById("a" + i);
      if (list && entry) {
        list.scrollTop += entry.getBoundingClientRect().top - list.getBoundingClientRect().top - 8;
      }
      if (piece) { piece.scrollIntoView({block: "center"}); }
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#a']");
      if (!link || !/^#a\d+$/.test(link.getAttribute("href"))) { return; }
      event.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      var i = select();
      var inText = text.contains(link);
      reveal(i, inText ? null : (byIndex[i] || [])[0]);
    });
    window.addEventListener("hashchange", select);
    if (select() !== null) { reveal(selected, (byIndex[selected] || [])[0]); }
  }

  function charts() {
    Array.prototype.forEach.call(document.querySelectorAll(".key li[data-o]"), function (item) {
      var svg = item.closest(".chart").querySelector("svg.bars");
      if (!svg) { return; }
      function toggle(on) {
        svg.classList.toggle("dim", on);
        Array.prototype.forEach.call(svg.querySelectorAll("rect.o" + item.getAttribute("data-o")), function (bar) {
          bar.classList.toggle("hi", on);
        });
      }
      item.addEventListener("mouseenter", function () { toggle(true); });
      item.addEventListener("mouseleave", function () { toggle(false); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    articleView();
    charts();
  });
}());
