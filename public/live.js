// Live parts of a server-rendered page (check-in live, a payment still on its way), without reloading it:
// a page reloading itself by a timer fails WCAG 2.2.1 and throws away the reader's place and focus.
// The page marks its changing parts with data-live and an id, and names the interval on one element
// (data-live-every, seconds). Every interval the page fetches itself and swaps each part whose markup
// changed; parts carrying aria-live are then read out. A button pauses and resumes it (WCAG 2.2.2).
// Without JavaScript the page offers a refresh link instead.
(() => {
  const root = document.querySelector('[data-live-every]');
  if (!root) return;
  const every = Math.max(2, Number(root.getAttribute('data-live-every')) || 10) * 1000;
  const toggle = document.getElementById('live-toggle');
  for (const el of document.querySelectorAll('[data-live-js]')) el.hidden = false;
  let paused = false;
  let timer = 0;

  async function tick() {
    clearTimeout(timer);
    if (paused) return;
    try {
      const res = await fetch(location.href, { cache: 'no-store', credentials: 'same-origin' });
      if (res.ok && (res.headers.get('content-type') || '').startsWith('text/html')) {
        const fresh = new DOMParser().parseFromString(await res.text(), 'text/html');
        for (const part of fresh.querySelectorAll('[data-live]')) {
          const old = part.id ? document.getElementById(part.id) : null;
          // a part that holds the focus waits: replacing it would drop the reader's place (e.g. on a button)
          if (!old || old.innerHTML === part.innerHTML || old.contains(document.activeElement)) continue;
          old.innerHTML = part.innerHTML;
        }
        // the page has reached its end state (e.g. the payment arrived): stop asking
        if (!fresh.querySelector('[data-live-every]')) paused = true;
      }
    } catch {
      // offline for a moment: the next round tries again
    }
    if (!paused) timer = setTimeout(tick, every);
  }

  if (toggle) {
    toggle.addEventListener('click', () => {
      paused = !paused;
      toggle.textContent = toggle.getAttribute(paused ? 'data-resume' : 'data-pause');
      if (!paused) tick();
    });
  }
  timer = setTimeout(tick, every);
})();
