/**
 * `/_emulator/*`: the same controls as the programmatic API, over HTTP, for processes that do
 * not share memory with the emulator (a task run as a child process, the browser, `npm start`).
 * Unauthenticated: the emulator only listens on 127.0.0.1.
 *
 *   GET    /_emulator/health              {ok, orgUrl}
 *   GET    /_emulator/requests?since=N    request log entries after N
 *   DELETE /_emulator/requests            clear the log
 *   GET    /_emulator/faults              active fault rules and their hit counts
 *   POST   /_emulator/faults              add a rule (or an array of rules)
 *   DELETE /_emulator/faults              remove all rules
 *   GET    /_emulator/state               the whole state (JSON)
 *   POST   /_emulator/reset               state back to its start, log and faults cleared
 *   POST   /_emulator/builds              queue a build ({project, repository, sourceBranch, ...})
 */
import type { ServerResponse } from 'node:http';
import { validateRule } from './faults';
import type { ServerDeps } from './server';
import type { NewBuild } from './state';

export function handleControl(deps: ServerDeps, method: string, url: URL, body: Buffer, res: ServerResponse): void {
  const path = url.pathname.replace(/\/+$/, '');
  const reply = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(value));
  };
  try {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_emulator/health':
        return reply(200, { ok: true, orgUrl: deps.urls().orgUrl });
      case 'GET /_emulator/requests':
        return reply(200, deps.log.since(Number(url.searchParams.get('since') ?? 0)));
      case 'DELETE /_emulator/requests':
        deps.log.clear();
        return reply(200, { ok: true });
      case 'GET /_emulator/faults':
        return reply(200, deps.faults.list().map((f) => ({ id: f.id, rule: f.rule, hits: f.hits, exhausted: f.exhausted })));
      case 'POST /_emulator/faults': {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        const rules = (Array.isArray(parsed) ? parsed : [parsed]).map(validateRule);
        return reply(200, rules.map((r) => ({ id: deps.faults.add(r).id })));
      }
      case 'DELETE /_emulator/faults':
        deps.faults.clear();
        return reply(200, { ok: true });
      case 'GET /_emulator/state':
        return reply(200, deps.store.snapshot());
      case 'POST /_emulator/reset':
        deps.store.reset();
        deps.log.clear();
        deps.faults.clear();
        return reply(200, { ok: true });
      case 'POST /_emulator/builds': {
        const build = deps.store.createBuild(JSON.parse(body.toString('utf8')) as NewBuild);
        return reply(200, { id: build.id, containerId: build.containerId, sourceVersion: build.sourceVersion, projectId: build.projectId });
      }
      default:
        return reply(404, { message: `Unknown emulator control ${route}` });
    }
  } catch (e) {
    return reply(400, { message: e instanceof Error ? e.message : String(e) });
  }
}
