/** Greet mode's markup and DOM helpers (greet-ui.ts draws with them). */
import { button, h } from './ui';

export { button, h };

export interface Row {
  key: string;
  /** what the row shows: a row whose look is unchanged is kept as it is */
  look: string;
  make(): HTMLElement;
}

/**
 * Puts the rows into `list` in this order, keeping the elements already there: a sync must not
 * swap the element under the host's finger for a new one between pointerdown and click.
 */
export function patch(list: HTMLElement, rows: Row[]) {
  const old = new Map<string, HTMLElement>();
  for (const el of list.children) old.set((el as HTMLElement).dataset.key ?? '', el as HTMLElement);
  let at = list.firstElementChild;
  for (const r of rows) {
    let el = old.get(r.key);
    if (el?.dataset.look === r.look) old.delete(r.key);
    else {
      el = r.make();
      el.dataset.key = r.key;
      el.dataset.look = r.look;
    }
    if (el === at) at = at.nextElementSibling;
    else list.insertBefore(el, at);
  }
  for (const el of old.values()) el.remove();
}

export const SHELL = `
<div class="g-pace">
  <p id="greet-count" class="g-count"></p>
  <p id="greet-stats" class="g-stats"></p>
  <p id="greet-status" class="g-status" role="status"></p>
  <p id="greet-sync" class="g-sync" data-pending="0"></p>
  <p id="greet-refused" class="g-refused" role="alert" hidden><span id="greet-refused-text"></span> <button id="greet-refused-dismiss" type="button" class="link" data-action="dismiss"></button></p>
</div>
<div class="tabs g-tabs" role="tablist">
  <button id="greet-tab-list" type="button" role="tab" data-sub="list" aria-selected="true"></button>
  <button id="greet-tab-card" type="button" role="tab" data-sub="card" aria-selected="false"></button>
  <button id="greet-tab-scan" type="button" role="tab" data-sub="scan" aria-selected="false"></button>
</div>
<div id="greet-list">
  <h2 id="greet-todo-title"></h2>
  <ul id="greet-todo" class="g-rows"></ul>
  <h2 id="greet-done-title"></h2>
  <ul id="greet-greeted" class="g-rows g-greeted"></ul>
</div>
<div id="greet-card" class="g-card" hidden>
  <p id="greet-card-table" class="g-card-table"></p>
  <p id="greet-card-name" class="g-card-name"></p>
  <p id="greet-card-company" class="g-card-company"></p>
  <p id="greet-card-ask" class="g-card-ask"></p>
  <div class="g-card-buttons"><button id="greet-card-greet" type="button" data-action="greet"></button><button id="greet-card-skip" type="button" class="secondary" data-action="skip"></button></div>
</div>
<div id="greet-scan" hidden>
  <div id="greet-decoder-failed" class="decoder-failed" role="alert" hidden><p></p><div class="fallbacks"></div></div>
  <div class="camera"><video id="greet-video" muted playsinline autoplay></video><p id="greet-camera-note"></p></div>
  <button id="greet-camera-toggle" type="button" class="camera-toggle" aria-pressed="false"></button>
</div>
<div id="greet-toast" class="g-toast" role="status" hidden><span id="greet-toast-text"></span><button id="greet-toast-undo" type="button" class="secondary" data-action="ungreet"></button></div>
`;

/** Buttons of greet mode on the door's full-screen verdict (index.html #verdict). */
export const VERDICT_ACTIONS = `<button id="greet-verdict-checkin" type="button" class="undo" data-action="checkin"></button><button id="greet-verdict-undo" type="button" class="undo" data-action="ungreet"></button>`;
