// The page's own counting: one view per page load (a reload within Bulletin's dedupe window is
// not counted again by Bulletin). With JavaScript off, the <noscript> pixel counts instead.
(function () {
  'use strict';

  function post(url) {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    // sendBeacon refused (queue full) or missing: a keepalive request survives leaving the page too.
    fetch(url, { method: 'POST', keepalive: true, mode: 'no-cors', credentials: 'omit' }).catch(function () {});
  }

  var article = document.querySelector('[data-view-beacon]');
  if (article) post(article.getAttribute('data-view-beacon'));
})();
