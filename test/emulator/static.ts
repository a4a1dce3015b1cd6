/** Static files for the host page bundle and the pages it embeds. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.sarif': 'application/json; charset=utf-8',
};

/** Maps URL prefixes (`/hub/`) to directories. */
export type StaticMounts = Record<string, string>;

/** Serves `pathname` from the first mount it falls under; false when none applies or the file is missing. */
export async function serveStatic(res: ServerResponse, mounts: StaticMounts, pathname: string): Promise<boolean> {
  for (const [prefix, dir] of Object.entries(mounts)) {
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    if (!pathname.startsWith(p) && pathname !== prefix) continue;
    let relative = pathname === prefix ? '' : pathname.slice(p.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const root = resolve(dir);
    const file = resolve(root, relative);
    // Never serve outside the mounted directory.
    if (file !== root && !file.startsWith(root + sep)) return false;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
    });
    await new Promise<void>((done, fail) => createReadStream(file).on('error', fail).on('end', done).pipe(res));
    return true;
  }
  return false;
}
