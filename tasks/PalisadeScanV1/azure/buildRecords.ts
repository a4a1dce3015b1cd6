/**
 * Earlier scans of a branch, from earlier builds: the newest completed builds of the same
 * repository and branch tagged `palisade` (one Build API call), then each one's scan record from
 * its artifact (artifact list + one file from the build's container). Nothing here writes.
 */
import { BuildQueryOrder, BuildStatus } from 'azure-devops-node-api/interfaces/BuildInterfaces';
import { newestAttempt, PALISADE_BUILD_TAG, parseScanRecord, SCAN_RECORD_FILE, type EarlierRecords, type ScanRecordFile } from '../../contract/scanRecord';
import type { AzureClients } from './connection';

export interface EarlierQuery {
  projectId: string;
  repositoryId: string;
  /** Full ref the builds built: `refs/heads/main`, or `refs/pull/7/merge` for a PR's earlier runs. */
  branch: string;
  /** This build: never its own history. */
  buildId?: number;
  /** The artifact name the task publishes under (a retried job's carries a suffix). */
  artifactBase: string;
}

export interface EarlierResult {
  earlier: EarlierRecords;
  /** Builds whose records were read, newest first. */
  buildIds: number[];
  /** One line for the log. */
  note: string;
}

/** Builds listed at most; records read at most (more only while the newer ones lacked history). */
const BUILDS_LISTED = 10;
const MAX_RECORDS = 3;

export async function readEarlierRecords(azure: AzureClients, q: EarlierQuery, timeoutMs: number): Promise<EarlierResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<EarlierResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ earlier: { available: false }, buildIds: [], note: `Earlier results: not read within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}; first-seen dates stay unknown and nothing counts as new or fixed in this record.` }),
      timeoutMs,
    );
    timer.unref?.();
  });
  try {
    return await Promise.race([read(azure, q), timeout]);
  } catch (e) {
    return { earlier: { available: false }, buildIds: [], note: `Earlier results: could not be read (${(e as Error).message}); first-seen dates stay unknown and nothing counts as new or fixed in this record.` };
  } finally {
    clearTimeout(timer);
  }
}

async function read(azure: AzureClients, q: EarlierQuery): Promise<EarlierResult> {
  const builds = ((await azure.build.getBuilds(
    q.projectId, undefined, undefined, undefined, undefined, undefined, undefined, undefined, BuildStatus.Completed, undefined, [PALISADE_BUILD_TAG],
    undefined, BUILDS_LISTED, undefined, undefined, undefined, BuildQueryOrder.FinishTimeDescending, q.branch, undefined, q.repositoryId, 'TfsGit',
  )) ?? []).filter((b) => b.id !== undefined && b.id !== q.buildId);
  const records: ScanRecordFile[] = [];
  const buildIds: number[] = [];
  for (const b of builds) {
    if (records.length >= MAX_RECORDS || records.some((r) => r.scan.history === 'derived')) break;
    const record = await recordOfBuild(azure, q, b.id!);
    if (!record) continue;
    records.push(record);
    buildIds.push(b.id!);
  }
  const note = records.length
    ? `Earlier results: build${buildIds.length === 1 ? '' : 's'} ${buildIds.join(', ')} (${records[0].scan.branch}, finished ${records[0].scan.finishedAt}).`
    : 'Earlier results: none for this branch (no earlier build carries a Palisade scan record); every finding is first seen now.';
  return { earlier: { available: true, records }, buildIds, note };
}

/** The build's record (its newest job attempt), or undefined when it has none for this repository. */
async function recordOfBuild(azure: AzureClients, q: EarlierQuery, buildId: number): Promise<ScanRecordFile | undefined> {
  const artifacts = (await azure.build.getArtifacts(q.projectId, buildId)) ?? [];
  const ours = artifacts.filter((a) => a.name && (a.name === q.artifactBase || a.name.startsWith(`${q.artifactBase}_`)) && a.resource?.type?.toLowerCase() === 'container');
  const found: ScanRecordFile[] = [];
  for (const a of ours) {
    const m = /^#\/(\d+)\/(.+)$/.exec(a.resource?.data ?? '');
    if (!m) continue;
    const text = await containerFile(azure, Number(m[1]), q.projectId, `${m[2].replace(/\/$/, '')}/${SCAN_RECORD_FILE}`);
    if (text === undefined) continue;
    const record = parseScanRecord(text, `the scan record of build ${buildId} (artifact ${a.name})`);
    if (record.scan.repoId.toLowerCase() === q.repositoryId.toLowerCase()) found.push(record);
  }
  return newestAttempt(found);
}

async function containerFile(azure: AzureClients, containerId: number, scope: string, itemPath: string): Promise<string | undefined> {
  const res = await azure.containers.getItem(containerId, scope, itemPath);
  if (res.statusCode === 404 || !res.result) return undefined;
  if (res.statusCode && res.statusCode > 299) throw new Error(`HTTP ${res.statusCode} reading ${itemPath} from container ${containerId}`);
  const chunks: Buffer[] = [];
  for await (const c of res.result as NodeJS.ReadableStream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

/** The names of the artifacts a build has published so far. */
export async function buildArtifactNames(azure: AzureClients, projectId: string, buildId: number): Promise<Set<string>> {
  return new Set(((await azure.build.getArtifacts(projectId, buildId)) ?? []).map((a) => a.name ?? ''));
}
