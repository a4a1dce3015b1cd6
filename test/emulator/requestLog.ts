/**
 * Every API request the emulator saw, with what it answered: tests assert on calls (which route,
 * which identity, which body) instead of on side effects alone, and contract tests validate the
 * exact bytes each response carried.
 */
import type { FaultKind } from './faults';

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  /** Path and query as requested. */
  url: string;
  /** Decoded path. */
  path: string;
  /** Name of the route that handled it (e.g. `git.pullRequestStatuses.create`). */
  route?: string;
  /** 0 when the connection was dropped by a fault. */
  status: number;
  /** Key of the authenticated identity (admin, reader, build, ...). */
  identity?: string;
  apiVersion?: string;
  dialect: 'standard' | 'browser';
  origin?: string;
  fault?: FaultKind;
  requestBody?: unknown;
  /** Parsed JSON of the response, when it was JSON. */
  responseBody?: unknown;
  /** The JSON text exactly as sent. */
  responseText?: string;
  contentType?: string;
  durationMs: number;
}

export class RequestLog {
  private items: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 5000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { ...entry, seq: ++this.seq };
    this.items.push(logged);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    return logged;
  }

  get entries(): readonly LoggedRequest[] {
    return this.items;
  }

  /** Requests handled by a route, or matching a predicate. */
  filter(routeOrPredicate: string | ((e: LoggedRequest) => boolean)): LoggedRequest[] {
    const p = typeof routeOrPredicate === 'string' ? (e: LoggedRequest) => e.route === routeOrPredicate : routeOrPredicate;
    return this.items.filter(p);
  }

  /** Entries after a sequence number (see {@link mark}). */
  since(seq: number): LoggedRequest[] {
    return this.items.filter((e) => e.seq > seq);
  }

  /** The current sequence number, to pass to {@link since} later. */
  mark(): number {
    return this.seq;
  }

  clear(): void {
    this.items = [];
  }
}
