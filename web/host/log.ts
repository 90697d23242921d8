/**
 * The host's list of recent scans. An entry starts with the verdict computed on the phone and is
 * corrected when the server answers: e.g. green → amber when another phone checked the guest in
 * first while both were offline. Pure logic, unit-tested in test/host/model.test.ts.
 */
import type { ScanItem, ScanOutcome } from '../../src/shared/wire';
import type { Result, Roster, ScanKind } from './model';

export interface LogEntry {
  nonce: string;
  kind: ScanKind;
  /** this phone's clock when the scan was made */
  time: number;
  result: Result;
  ticketId?: string;
  name?: string;
  /** for "already checked in": when and by which phone */
  at?: number | null;
  by?: string | null;
  byId?: string | null;
  synced: boolean;
  /** the server's answer differs from the verdict first shown */
  changed?: boolean;
  /** the server refused the scan for good (a bad request): it is not stored anywhere */
  failed?: boolean;
}

/** One answer of POST /api/devices/scans. */
export type Outcome = ScanOutcome;

export const LOG_SIZE = 50;

export class ScanLog {
  entries: LogEntry[] = [];

  add(entry: LogEntry) {
    this.entries.unshift(entry);
    if (this.entries.length > LOG_SIZE) this.entries.length = LOG_SIZE;
  }

  find = (nonce: string) => this.entries.find((e) => e.nonce === nonce);

  /** Merges the server's answers; returns the entries whose verdict changed. */
  applyOutcomes(outcomes: Outcome[]): LogEntry[] {
    const changed: LogEntry[] = [];
    for (const o of outcomes) {
      const e = this.find(o.nonce);
      if (!e) continue;
      e.synced = true;
      if (o.name !== undefined) e.name = o.name;
      if (o.ticketId !== undefined) e.ticketId = o.ticketId;
      // The check-in as the server orders it (for an ok: this scan's own time, corrected for the phone's clock).
      e.at = o.checkedInAt ?? null;
      e.by = o.checkedInBy ?? null;
      e.byId = o.checkedInById ?? null;
      if (o.result === e.result) continue;
      e.result = o.result;
      e.changed = true;
      changed.push(e);
    }
    return changed;
  }

  /** The server stored these scans and their verdicts stand (see door.ts). */
  synced(nonces: Iterable<string>) {
    for (const n of nonces) {
      const e = this.find(n);
      if (e) e.synced = true;
    }
  }

  /**
   * Scans the server refused for good, or that can no longer be delivered: shown as failed, so the
   * host knows to do them again. One the log no longer holds (a re-pair cleared it) is logged anew.
   */
  fail(scans: (ScanItem & { name?: string })[]): LogEntry[] {
    const out: LogEntry[] = [];
    for (const s of scans) {
      let e = this.find(s.nonce);
      if (!e) {
        e = { nonce: s.nonce, kind: s.kind, time: s.deviceTime, result: 'unknown', synced: false };
        if (s.ticketId) e.ticketId = s.ticketId;
        if (s.name) e.name = s.name;
        this.add(e);
      }
      if (e.failed) continue;
      e.failed = true;
      out.push(e);
    }
    return out;
  }

  /**
   * After a roster refresh: a check-in this phone showed green now belongs to another phone with an
   * earlier scan (its batch reached the server later). The earliest scan wins, so this one was a repeat.
   */
  reconcile(roster: Roster): LogEntry[] {
    const changed: LogEntry[] = [];
    for (const e of this.entries) {
      if (e.kind !== 'entry' || e.result !== 'ok' || !e.synced || !e.ticketId) continue;
      const t = roster.get(e.ticketId);
      if (!t || t.checkedInAt === null || t.checkedInBy === null) continue;
      // By id: two phones may share a name (paired before names were made unique).
      if (roster.mine(t.checkedInById, t.checkedInBy) || t.checkedInAt >= (e.at ?? e.time)) continue;
      e.result = 'already_checked_in';
      e.changed = true;
      e.at = t.checkedInAt;
      e.by = t.checkedInBy;
      e.byId = t.checkedInById ?? null;
      changed.push(e);
    }
    return changed;
  }
}
