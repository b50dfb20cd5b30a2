/*
 * Rapport site tracking. Load it on every page:
 *   <script src="https://crm.example/t/rapport-track.js" data-write-key="wk_…" async></script>
 * It reports page views by itself; the page reports the rest:
 *   rapport('track', 'add_to_cart', { sku: 'KET-1', quantity: 1, price: 2500, currency: 'RUB' });
 *   rapport('identify', { email: 'olga@example.ru' });
 * A <form data-rapport-form="callback"> reports form_submitted, and identifies the visitor by its
 * email or phone field. The visitor id lives in a first-party cookie for a year.
 */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-write-key]');
  if (!script) return;
  var writeKey = script.getAttribute('data-write-key');
  var endpoint = (script.getAttribute('data-endpoint') || new URL(script.src).origin) + '/t/' + writeKey + '/events';
  var COOKIE = 'rp_vid';
  var queue = [];
  var timer = null;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'x' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function visitorId() {
    var match = document.cookie.match(new RegExp('(?:^|; )' + COOKIE + '=([A-Za-z0-9_-]{8,64})'));
    var id = match ? match[1] : newId().replace(/[^A-Za-z0-9_-]/g, '');
    document.cookie = COOKIE + '=' + id + '; path=/; max-age=31536000; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
    return id;
  }

  function flush() {
    timer = null;
    if (queue.length === 0) return;
    var body = JSON.stringify({ events: queue.splice(0, 1000) });
    // text/plain needs no CORS preflight, and sendBeacon survives the page being left.
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }))) return;
    fetch(endpoint, { method: 'POST', body: body, headers: { 'content-type': 'text/plain' }, keepalive: true, credentials: 'omit' });
  }

  function send(type, properties) {
    queue.push({
      id: newId(), type: type, occurred_at: new Date().toISOString(), visitor_id: visitorId(),
      url: location.href.slice(0, 2000), properties: properties || {},
    });
    if (!timer) timer = setTimeout(flush, 200);
  }

  function handle(command, a, b) {
    if (command === 'track') send(a, b);
    else if (command === 'identify') send('identify', a);
  }

  var earlier = (window.rapport && window.rapport.q) || [];
  window.rapport = function () { handle.apply(null, arguments); };
  earlier.forEach(function (args) { handle.apply(null, args); });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.getAttribute || !form.hasAttribute('data-rapport-form')) return;
    var fields = {};
    var contact = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === 'password' || el.type === 'hidden' || (el.type === 'checkbox' && !el.checked)) return;
      var value = String(el.value).trim();
      fields[el.name] = value.slice(0, 2000);
      // A field left blank (an optional phone) must not go out as '': the whole identify would be refused.
      if (!value) return;
      if (el.type === 'email' || el.name === 'email') contact.email = value;
      if (el.type === 'tel' || el.name === 'phone') contact.phone = value;
    });
    if (contact.email || contact.phone) send('identify', contact);
    send('form_submitted', { form_id: form.getAttribute('data-rapport-form') || 'form', fields: fields });
    flush();
  }, true);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flush(); });

  send('page_view', { title: document.title.slice(0, 500), referrer: document.referrer.slice(0, 2000) });
})();
