/**
 * File containers, the storage behind `##vso[artifact.upload]`: the agent PUTs each file to
 * `_apis/resources/Containers/{containerId}?itemPath=...` (in chunks with `Content-Range`,
 * possibly gzipped), then associates a Container artifact `#/{containerId}/{name}` with the
 * build. Readers list items as JSON and download a file as an octet stream (or a folder as zip).
 */
import { gunzipSync } from 'node:zlib';
import { requireUpdateBuildInformation } from '../auth';
import { types } from '../dialect';
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { json, list, type RequestContext, type Route } from '../router';
import { addContainerFile, type ContainerRecord } from '../state';
import { zip } from '../zip';
import { intParam, viewsOf } from './common';

const CONTAINER = '_apis/resources/Containers/{containerId}';

/** Chunks of uploads in progress, by container and path; not part of the saved state. */
const pending = new WeakMap<ContainerRecord, Map<string, Buffer[]>>();

export const containerRoutes: Route[] = [
  { name: 'containers.items.upload', method: 'PUT', template: CONTAINER, location: LOCATIONS.containers, handler: (ctx) => upload(ctx, ctx.query.get('itemPath')) },
  {
    name: 'containers.items.uploadByPath', method: 'PUT', template: `${CONTAINER}/{*itemPath}`, location: LOCATIONS.containers,
    handler: (ctx) => upload(ctx, ctx.query.get('itemPath') ?? ctx.params.itemPath),
  },
  { name: 'containers.items.get', method: 'GET', template: CONTAINER, location: LOCATIONS.containers, handler: (ctx) => read(ctx, ctx.query.get('itemPath')) },
  {
    name: 'containers.items.getByPath', method: 'GET', template: `${CONTAINER}/{*itemPath}`, location: LOCATIONS.containers,
    handler: (ctx) => read(ctx, ctx.query.get('itemPath') ?? ctx.params.itemPath),
  },
];

function upload(ctx: RequestContext, itemPath: string | undefined) {
  requireUpdateBuildInformation(ctx.identity);
  const container = ctx.store.container(intParam(ctx, 'containerId'));
  const path = cleanPath(itemPath);
  if (!path) throw errors.badRequest('itemPath must name the file to upload.', 'ArgumentNullException');

  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(ctx.headers['content-range'] ?? ''));
  let content: Buffer;
  if (range) {
    const [start, end, total] = range.slice(1).map(Number);
    if (end - start + 1 !== ctx.body.length) throw errors.badRequest('Content-Range does not match the length of the body.');
    const uploads = pending.get(container) ?? new Map<string, Buffer[]>();
    pending.set(container, uploads);
    const chunks = start === 0 ? [] : uploads.get(path) ?? [];
    const received = chunks.reduce((n, c) => n + c.length, 0);
    if (received !== start) throw errors.badRequest(`Chunk starts at ${start} but ${received} bytes were received so far.`);
    chunks.push(ctx.body);
    if (end + 1 < total) {
      uploads.set(path, chunks);
      return { kind: 'empty' as const, status: 206 };
    }
    uploads.delete(path);
    content = Buffer.concat(chunks);
  } else {
    content = ctx.body;
  }
  if (String(ctx.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') content = gunzipSync(content);

  addContainerFile(container.items, path, content, ctx.store.now(), ctx.identity.id);
  ctx.store.changed();
  return json(viewsOf(ctx).containerItem(container, container.items[path]), types.fileContainerItem, 201);
}

function read(ctx: RequestContext, itemPath: string | undefined) {
  const container = ctx.store.container(intParam(ctx, 'containerId'));
  const path = cleanPath(itemPath);
  const format = (ctx.query.get('$format') ?? '').toLowerCase();
  const item = path ? container.items[path] : undefined;
  // A file comes back as its bytes unless JSON (its metadata) is asked for; `$format` decides first.
  const acceptsJson = (ctx.dialect.mediaTypes[0] ?? '').includes('json');
  const wantsBytes = format === 'octetstream' || (format === '' && item?.itemType === 'file' && !acceptsJson);

  if (wantsBytes) {
    if (!item || item.itemType !== 'file') throw errors.containerItemNotFound(path ?? '/');
    return { kind: 'raw' as const, body: Buffer.from(item.content ?? '', 'base64'), contentType: 'application/octet-stream' };
  }
  const below = Object.values(container.items).filter((i) => !path || i.path === path || i.path.startsWith(`${path}/`));
  if (path && !below.length) throw errors.containerItemNotFound(path);
  if (format === 'zip') {
    const files = below.filter((i) => i.itemType === 'file').map((i) => ({ path: i.path, content: Buffer.from(i.content ?? '', 'base64') }));
    return { kind: 'raw' as const, body: zip(files), contentType: 'application/zip' };
  }
  const depth = path ? path.split('/').length : 0;
  const shallow = ctx.query.bool('isShallow') === true;
  const views = viewsOf(ctx);
  const items = below
    .filter((i) => !shallow || i.path.split('/').length <= depth + 1)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((i) => views.containerItem(container, i));
  return list(items, types.fileContainerItem);
}

function cleanPath(path: string | undefined): string | undefined {
  const p = path?.replace(/\\/g, '/').split('/').filter(Boolean).join('/');
  return p || undefined;
}
