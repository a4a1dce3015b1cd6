import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A local stand-in for the OSV API, answering from recorded traffic: POST /v1/querybatch from
 * the recorded request/response pairs (keyed per package query), GET /v1/vulns/{id} from the
 * OSV records on disk. Tests can add answers and inject faults. Binds 127.0.0.1 only.
 */

export interface StubRequest {
  method: string;
  path: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export type StubReply = { status: number; headers?: Record<string, string>; body?: string } | 'hang' | undefined;

export interface OsvStubOptions {
  /** Recorded `querybatch-recorded.jsonl`; omitted = no recorded answers. */
  recordedFile?: string;
  /** Folder of `*.osv.json` records. */
  recordsDir?: string;
  /** Extra answers: `Ecosystem|name|version` -> advisory ids. */
  extra?: Record<string, string[]>;
  /** Called before the normal routes; a reply short-circuits them. */
  intercept?: (req: StubRequest, count: number) => StubReply;
  /** Splits answers with more ids than this into pages (next_page_token). */
  pageSize?: number;
  /** Serve HTTPS with this key and certificate instead of HTTP. */
  tls?: { key: string; cert: string };
}

export interface OsvStub {
  url: string;
  port: number;
  requests: StubRequest[];
  answers: Map<string, string[]>;
  records: Map<string, unknown>;
  close(): Promise<void>;
}

/** The stub's key for a query: names folded as OSV folds them, Go versions without `v`. */
export function stubKey(ecosystem: string, name: string, version: string): string {
  const folded = ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : ['NuGet', 'Packagist'].includes(ecosystem) ? name.toLowerCase() : name;
  return `${ecosystem}|${folded}|${ecosystem === 'Go' ? version.replace(/^v/, '') : version}`;
}

interface RecordedPair {
  request: { queries: { package?: { ecosystem: string; name: string }; version?: string }[] };
  response: { results: { vulns?: { id: string }[] }[] };
}

export function loadRecordedAnswers(file: string): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const pair = JSON.parse(line) as RecordedPair;
    pair.request.queries.forEach((q, i) => {
      if (!q.package || q.version === undefined) return;
      answers.set(stubKey(q.package.ecosystem, q.package.name, q.version), (pair.response.results[i]?.vulns ?? []).map((v) => v.id));
    });
  }
  return answers;
}

export function loadRecords(dir: string): Map<string, unknown> {
  const records = new Map<string, unknown>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id: string };
    records.set(r.id, r);
  }
  return records;
}

export async function startOsvStub(opts: OsvStubOptions = {}): Promise<OsvStub> {
  const answers = opts.recordedFile ? loadRecordedAnswers(opts.recordedFile) : new Map<string, string[]>();
  for (const [k, ids] of Object.entries(opts.extra ?? {})) {
    const [eco, name, version] = k.split('|');
    answers.set(stubKey(eco, name, version), ids);
  }
  const records = opts.recordsDir ? loadRecords(opts.recordsDir) : new Map<string, unknown>();
  const requests: StubRequest[] = [];
  const hanging = new Set<http.ServerResponse>();

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: StubRequest = { method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      requests.push(r);
      const reply = opts.intercept?.(r, requests.length) ?? route(r);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const out = reply ?? { status: 404, body: JSON.stringify({ code: 5, message: 'Not found' }) };
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.body ?? '');
    });
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);

  const json = (status: number, body: unknown): StubReply => ({ status, body: JSON.stringify(body) });

  function route(r: StubRequest): StubReply {
    if (r.method === 'POST' && r.path === '/v1/querybatch') {
      let body: { queries?: { package?: { ecosystem?: string; name?: string }; version?: string; page_token?: string }[] };
      try {
        body = JSON.parse(r.body);
      } catch {
        return json(400, { code: 3, message: 'Invalid JSON' });
      }
      if (!Array.isArray(body.queries) || body.queries.length > 1000) return json(400, { code: 3, message: 'Invalid queries' });
      const results = [];
      for (const q of body.queries) {
        if (!q.package?.ecosystem || !q.package.name || typeof q.version !== 'string') return json(400, { code: 3, message: 'Invalid query' });
        const ids = answers.get(stubKey(q.package.ecosystem, q.package.name, q.version)) ?? [];
        const start = q.page_token ? Number(q.page_token) : 0;
        const size = opts.pageSize ?? ids.length;
        const page = ids.slice(start, start + Math.max(1, size));
        const next = start + page.length < ids.length ? String(start + page.length) : undefined;
        results.push(page.length ? { vulns: page.map((id) => ({ id, modified: '2024-01-01T00:00:00Z' })), ...(next ? { next_page_token: next } : {}) } : {});
      }
      return json(200, { results });
    }
    const m = /^\/v1\/vulns\/([^/?]+)$/.exec(r.path);
    if (r.method === 'GET' && m) {
      const record = records.get(decodeURIComponent(m[1]));
      return record ? json(200, record) : json(404, { code: 5, message: 'Bug not found.' });
    }
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    answers,
    records,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
