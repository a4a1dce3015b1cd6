/** A `fetch` that answers from a script and records every request (tests of the hub's REST callers). */

export interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type Answer = { status?: number; body?: unknown; headers?: Record<string, string> } | Error;

/** Answers from `script` in order (the last answer repeats), or from a function of the request. */
export function scripted(script: Answer[] | ((req: Sent, n: number) => Answer)): { sent: Sent[]; fetchFn: typeof fetch } {
  const sent: Sent[] = [];
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    const req = { url: String(url), method: String(init.method ?? 'GET'), headers: (init.headers ?? {}) as Record<string, string>, body: init.body as string | undefined };
    sent.push(req);
    const a = typeof script === 'function' ? script(req, sent.length - 1) : script[Math.min(sent.length - 1, script.length - 1)];
    if (a instanceof Error) throw a;
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status ?? 200, headers: a.headers });
  }) as unknown as typeof fetch;
  return { sent, fetchFn };
}
