// Counts one view of the article page, cached or not (newsletter/reads.py):
// one beacon, no cookies, no identifiers, sent once the page is visible.
(function () {
    "use strict";
    var marked = document.querySelector("[data-read-beacon]");
    if (!marked || !navigator.sendBeacon) {
        return;
    }
    var sent = false;
    function send() {
        if (!sent && document.visibilityState === "visible") {
            sent = true;
            navigator.sendBeacon(marked.getAttribute("data-read-beacon"));
            document.removeEventListener("visibilitychange", send);
        }
    }
    document.addEventListener("visibilitychange", send);
    send();
})();
