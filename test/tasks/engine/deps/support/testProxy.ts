import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A minimal HTTP proxy for tests: forwards absolute-URI requests (plain HTTP) and tunnels
 * CONNECT (HTTPS). Every upstream connection goes to 127.0.0.1 whatever host was asked for,
 * so a test can name a host that does not resolve and thereby prove the proxy carried the
 * request. Optionally demands Basic credentials (answers 407 without them).
 */
export interface TestProxy {
  url: string;
  /** `CONNECT host:port` or `GET http://host/path`, with the Proxy-Authorization seen. */
  seen: { line: string; auth?: string }[];
  close(): Promise<void>;
}

export async function startTestProxy(opts: { credentials?: string } = {}): Promise<TestProxy> {
  const seen: TestProxy['seen'] = [];
  const sockets = new Set<net.Socket>();
  const expected = opts.credentials ? `Basic ${Buffer.from(opts.credentials).toString('base64')}` : undefined;
  const authorised = (h: http.IncomingHttpHeaders) => !expected || h['proxy-authorization'] === expected;

  const server = http.createServer((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, auth: req.headers['proxy-authorization'] });
    if (!authorised(req.headers)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
      res.end();
      return;
    }
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    seen.push({ line: `CONNECT ${req.url}`, auth: req.headers['proxy-authorization'] });
    if (!authorised(req.headers)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
