// klick: keeps this ticket page for offline use (public/ticket-sw.js); the page works without it.
if ('serviceWorker' in navigator && /^\/t\/[0-9a-z]{32}$/.test(location.pathname))
  navigator.serviceWorker.register('/ticket-sw.js', { scope: location.pathname }).catch(() => {});
