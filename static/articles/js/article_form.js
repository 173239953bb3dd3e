// The article edit form: warn before leaving with unsaved changes, and tell the server
// every minute that this editor still has the story open (others see a notice; nothing locks).
(function () {
  "use strict";
  function start() {
    var form = document.getElementById("article_form");
    if (!form) return;
    var submitting = false;
    var initial = null;
    function snapshot() {
      return new URLSearchParams(new FormData(form)).toString();
    }
    // Editors (ProseMirror) fill their hidden inputs after load; take the baseline a bit later.
    window.setTimeout(function () { initial = snapshot(); }, 1500);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || initial === null) return;
      if (snapshot() !== initial) {
        event.preventDefault();
        event.returnValue = "稿件有尚未保存的修改，确定离开吗？";
        return event.returnValue;
      }
    });
    var match = window.location.pathname.match(/\/(\d+)\/change\/$/);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!match || !token) return;
    var url = window.location.pathname.replace(/change\/$/, "presence/");
    window.setInterval(function () {
      fetch(url, {
        method: "POST",
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin"
      }).catch(function () {});
    }, 60000);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
