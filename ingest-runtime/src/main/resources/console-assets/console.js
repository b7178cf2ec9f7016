// Every htmx request carries the CSRF token from its cookie: the server rotates it after each
// state-changing request, so a token written into the page once would go stale.
document.addEventListener('htmx:configRequest', function (event) {
  var match = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
  if (match) {
    event.detail.headers['X-XSRF-TOKEN'] = decodeURIComponent(match[1]);
  }
});
