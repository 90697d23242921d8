/**
 * Greet by scanning: the guest's QR code instead of a tap. The verdict comes from the phone's roster
 * at once; only a code the roster does not know is asked about (POST /api/devices/greetings/lookup),
 * and the verdict still on screen is corrected with the answer.
 */
import { type LookupAnswer, looksLikeBadge } from '../../src/shared/wire';
import { api } from './api';
import { cameraAllowed, cameraSwitch } from './camera-switch';
import { decoderNote } from './decoder-note';
import { signal } from './feedback';
import type { Greetings } from './greet-model';
import type { GreetView } from './greet-ui';
import { Cooldown, findByCode, type Roster, type Ticket, ticketCode } from './model';
import { DecoderError, Scanner } from './scanner';
import { $, type VerdictView } from './ui';
import { sha256Hex } from './util';

export interface ScanDeps {
  view: GreetView;
  greetings: Greetings;
  roster: Roster;
  token: string;
  /** the door's full-screen verdict */
  display(v: VerdictView): void;
  pullRoster(): void;
  /** greets the guest as a tap would (its undo toast waits for the verdict to close) */
  greet(t: Ticket, t0: number, badge?: string): void;
  /** shows the list, where guests are greeted by a tap */
  toList(): void;
}

export function greetScanner(d: ScanDeps) {
  const { view, greetings, roster } = d;
  const cooldown = new Cooldown();
  let scans = 0;
  const show = (v: VerdictView, actions: { id: string; checkIn: boolean } | null = null) => {
    d.display(v);
    view.verdictActions(actions);
  };
  /** A code from the camera or a hardware scanner (door.ts hears it); the cooldown is the camera's alone. */
  const onCode = async (text: string, t0: number, fromScanner = false) => {
    if (!fromScanner && !cooldown.fresh(text, Date.now())) return;
    const m = view.m;
    // A name badge (src/badges): whose it is comes from the roster's live badge codes; the greeting carries the
    // code, so the server refuses it if the organizer revoked it in the meantime.
    const badge = looksLikeBadge(text) ? text.trim().toUpperCase() : undefined;
    const owner = badge ? roster.byBadgeHash(await sha256Hex(badge)) : undefined;
    if (badge && greetings.badgeVerdict(owner) === 'badge_revoked') {
      show({ colour: 'red', headline: m.badgeUnknown, detail: m.badgeUnknownText });
      signal('red');
      return;
    }
    const read = badge ? null : ticketCode(text);
    const { t, code } = owner
      ? { t: owner, code: null }
      : read
        ? await findByCode(roster, read)
        : { t: undefined, code: null };
    const verdict = greetings.scanVerdict(t);
    const scan = ++scans;
    if (!t || verdict === 'void') {
      const detail = !code ? m.notTicket : t ? '' : navigator.onLine ? m.scanChecking : m.scanOffline;
      show({ colour: 'red', headline: t ? m.scanVoid : m.scanUnknown, name: t?.name, detail });
      signal('red');
      if (code && !t && navigator.onLine) void lookup(code, scan);
      return;
    }
    if (verdict === 'already_greeted') {
      const s = greetings.state(t.id);
      show({ colour: 'amber', headline: m.alreadyGreeted, name: t.name, detail: view.atBy(s.at, s.by) });
      signal('amber');
      return;
    }
    // The rule (README, Greet mode): a guest not checked in is greeted all the same, and flagged.
    d.greet(t, t0, badge);
    const ok = verdict === 'ok';
    const detail = t.askMeAbout ? `${m.askMeAbout} ${t.askMeAbout}` : '';
    const v = { headline: ok ? m.greeted : m.greetedNotIn, name: t.name, company: t.company, detail };
    show({ ...v, colour: ok ? 'green' : 'amber' }, { id: t.id, checkIn: !ok });
    signal(ok ? 'green' : 'amber');
  };
  /** A code the roster does not know: the server says whose it is, and the verdict still shown is corrected. */
  const lookup = async (qr: string, scan: number) => {
    const m = view.m;
    let v: VerdictView = { colour: 'red', headline: m.scanUnknown, detail: m.scanOffline };
    try {
      const { result } = await api<LookupAnswer>('/api/devices/greetings/lookup', d.token, { qr });
      if (result === 'wrong_event') v = { colour: 'red', headline: m.scanWrongEvent };
      else if (result === 'void') v = { colour: 'red', headline: m.scanVoid };
      else if (result === 'ok') {
        v = { colour: 'amber', headline: m.scanNotSynced, detail: m.scanNotSyncedText };
        d.pullRoster();
      } else v = { colour: 'red', headline: m.scanUnknown };
    } catch {}
    if (scan === scans && !$('verdict').hidden) show(v);
  };
  const scanner = new Scanner(view.video, (text, t0) => void onCode(text, t0));
  let wanted = false;
  const camera = (on: boolean) => {
    wanted = on;
    toggle.show();
    if (!on || !cameraAllowed() || decoder.failed()) return scanner.stop();
    view.cameraNote(view.m.camera);
    scanner.start().then(
      () => view.cameraNote(''),
      (err) => {
        scanner.stop();
        // The decoder's failure has its own note (below); a camera switched off meanwhile keeps its own.
        if (!(err instanceof DecoderError) && cameraAllowed()) view.cameraNote(view.m.cameraFailed);
      },
    );
  };

  // The camera cannot read codes (scanner.ts): said at once in place of the camera, with the list instead
  // (and a hardware scanner's input, once the app takes one).
  const decoder = decoderNote({
    box: $('greet-decoder-failed'),
    scanner,
    video: view.video,
    text: (why) => view.m.decoderFailed(why),
    retryLabel: () => view.m.decoderRetry,
    fallbacks: () => [{ label: view.m.toList, run: d.toList }],
    restart: () => camera(wanted),
  });
  // The door's camera switch (camera-switch.ts): one setting, so a scanner-only door greets without the camera too.
  const toggle = cameraSwitch({
    button: $('greet-camera-toggle'),
    camera: view.video.parentElement as HTMLElement,
    note: $('greet-camera-note'),
    decoderFailed: $('greet-decoder-failed'),
    words: () => view.m,
    changed: (on) => {
      if (on) decoder.relabel();
      camera(wanted);
    },
  });
  toggle.show();
  const relabel = () => {
    decoder.relabel();
    toggle.show();
  };
  return { camera, relabel, scanned: (text: string, t0: number) => void onCode(text, t0, true) };
}
