// The page's own counting, with Bulletin's beacons (sendBeacon: no CORS, survives leaving the page).
// - The article view: once per page load; Bulletin does not count a reload within its dedupe window.
// - Each ad: its impression when its image has rendered, and its viewable impression once at least
//   half of it has been in view, in a visible tab, for one continuous second (IAB/MRC display rule).
// With JavaScript off, <noscript> pixels count the view and the impressions.
(function () {
  'use strict';

  var VIEWABLE_RATIO = 0.5;
  var VIEWABLE_MS = 1000;

  function post(url) {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    // sendBeacon refused (queue full) or missing: a keepalive request survives leaving the page too.
    fetch(url, { method: 'POST', keepalive: true, mode: 'no-cors', credentials: 'omit' }).catch(function () {});
  }

  var article = document.querySelector('[data-view-beacon]');
  if (article) post(article.getAttribute('data-view-beacon'));

  var ads = Array.prototype.slice.call(document.querySelectorAll('.ad[data-impression-url]'));
  ads.forEach(function (ad) {
    var image = ad.querySelector('img');
    var sent = false;
    function rendered() {
      if (sent) return;
      sent = true;
      post(ad.getAttribute('data-impression-url'));
    }
    if (image.complete && image.naturalWidth > 0) rendered();
    else image.addEventListener('load', rendered);
  });

  if (!('IntersectionObserver' in window) || ads.length === 0) return;
  var timers = new Map();
  var inView = new Set();

  function startTimer(ad) {
    if (timers.has(ad) || document.visibilityState !== 'visible') return;
    timers.set(ad, setTimeout(function () {
      timers.delete(ad);
      observer.unobserve(ad);
      inView.delete(ad);
      post(ad.getAttribute('data-viewable-url'));
    }, VIEWABLE_MS));
  }

  function stopTimer(ad) {
    if (!timers.has(ad)) return;
    clearTimeout(timers.get(ad));
    timers.delete(ad);
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && entry.intersectionRatio >= VIEWABLE_RATIO) {
        inView.add(entry.target);
        startTimer(entry.target);
      } else {
        inView.delete(entry.target);
        stopTimer(entry.target);
      }
    });
  }, { threshold: [0, VIEWABLE_RATIO, 1] });
  ads.forEach(function (ad) {
    observer.observe(ad);
  });

  // A hidden tab is not "in view": the second starts again when the reader comes back.
  document.addEventListener('visibilitychange', function () {
    inView.forEach(function (ad) {
      if (document.visibilityState === 'visible') startTimer(ad);
      else stopTimer(ad);
    });
  });
})();
