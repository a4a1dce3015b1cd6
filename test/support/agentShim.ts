/**
 * Runs the built task the way an Azure Pipelines agent does: a child process with INPUT_*
 * and the predefined variables of an emulator build in its environment (from the emulator's
 * `agentEnvironment`, plus the agent's folders) and the job token as the SystemVssConnection
 * endpoint; then carries out the logging commands it printed that need the server (artifact
 * uploads) against the emulator, and reads what the agent would read (summaries). Tests assert
 * on the result, the commands and the server state.
 *
 * Reading output follows the agent's source (azure-pipelines-agent Command.TryParse,
 * WorkerCommandManager, TaskCommandExtension, CommandStringConvertor): lines end at LF, CRLF or
 * a bare CR; only the first `##vso[` of a line is a command; data and properties are unescaped
 * (`%3B`, `%0D`, `%0A`, `%5D`, then `%AZP25`); `task.setsecret` adds its value to the masker,
 * which masks every later line. Two guesses, made to fail safe: stderr is read like stdout (a
 * command or secret there counts), and an issue or debug message prints with its decoded line
 * breaks as separate log lines (so a line break smuggled into one is seen).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import * as azdev from 'azure-devops-node-api';
import { agentEnvironment, type Emulator, type LoggedRequest } from '../emulator/index';
import type { BuildRecord } from '../emulator/state';
import { REPO_ROOT } from './paths';

/** The task compiled by `tsc -p .`. */
export const TASK_ENTRY = join(REPO_ROOT, 'out', 'tasks', 'PalisadeScanV1', 'index.js');

export interface AgentOptions {
  emulator: Emulator;
  /**
   * The emulator build the job runs in (`store.createBuild(...)`): its predefined variables
   * come from the emulator's agentEnvironment and artifacts go to its container. Default:
   * `variables['Build.BuildId']`; a build the emulator does not know gets only `variables`.
   */
  buildId?: number;
  /** Identity key whose token the job gets (default `build`). */
  identity?: string;
  /** Task inputs by name (`failOn`, `path`...). */
  inputs?: Record<string, string>;
  /** Build.SourcesDirectory and the task's working directory (default: `variables['Build.SourcesDirectory']`). */
  sourcesDirectory?: string;
  /** The agent's work folder; artifact staging and temp folders are made in it. Default: a new temp folder. */
  workDirectory?: string;
  /** More predefined variables by their dotted names; they win over the build's. */
  variables?: Record<string, string>;
  /** Raw environment additions (e.g. PALISADE_RETRY_BASE_MS); they win over everything. */
  env?: Record<string, string>;
  /** Script to run (default the tsc build; the webpack bundle for the shipped task). */
  taskEntry?: string;
  /**
   * task.json whose input defaults the agent fills in (default: next to taskEntry, else
   * tasks/PalisadeScanV1/task.json); `false` passes only `inputs`.
   */
  taskJson?: string | false;
  /**
   * Kills the task process (SIGKILL, as a cancelled or crashed agent would) as soon as its
   * output matches; the commands it printed before still count.
   */
  killWhen?: RegExp;
}

export interface LoggingCommand {
  name: string;
  properties: Record<string, string>;
  data: string;
}

export interface AgentRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  commands: LoggingCommand[];
  /** `task.complete` result: Succeeded, SucceededWithIssues, Failed. */
  result?: string;
  resultMessage?: string;
  outputs: Record<string, string>;
  /** Artifact names uploaded to the build. */
  artifacts: string[];
  /** Tags the task added to its build (`build.addbuildtag`). */
  tags: string[];
  /** Contents of the files passed to `task.uploadsummary`. */
  summaries: string[];
  /** `task.logissue` commands: warnings and errors. */
  issues: Array<{ type: string; message: string; properties: Record<string, string> }>;
  secretsRegistered: string[];
  /** Stdout without `##vso[...]` commands: what a person reads in the log. */
  logText: string;
  /** Everything the task printed except the `task.setsecret` lines (which must hold the secrets). */
  printedExceptSetSecret: string;
  /** The job log as the agent would write it from stdout and stderr, masked as the agent masks (readAsAgent). */
  agentLog: AgentLog;
  /** The API requests the task made (the agent's own uploads afterwards excluded). */
  requests: LoggedRequest[];
  /** The agent folders used. */
  stagingDirectory: string;
  tempDirectory: string;
}

/** The agent's unescaping of command data and properties: `%3B`, `%0D`, `%0A`, `%5D`, then `%AZP25`. */
const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%5D/g, ']').replace(/%3B/g, ';').replace(/%AZP25/g, '%');

const COMMAND_PREFIX = '##vso[';

/**
 * One output line as the agent reads it (Command.TryParse in azure-pipelines-agent): the first
 * `##vso[` anywhere in the line, the first `]` after it, an `area.event` name, properties split
 * at `;` and each at its first `=`, the rest of the line the (unescaped) data. Undefined when
 * the agent would print the line as text.
 */
export function parseAgentLine(line: string): LoggingCommand | undefined {
  const at = line.indexOf(COMMAND_PREFIX);
  if (at < 0) return undefined;
  const close = line.indexOf(']', at);
  if (close < 0) return undefined;
  const info = line.slice(at + COMMAND_PREFIX.length, close);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (name.split('.').filter(Boolean).length !== 2) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const kv of info.slice(space + 1).split(';').filter(Boolean)) {
      const i = kv.indexOf('=');
      if (i > 0 && i < kv.length - 1) properties[kv.slice(0, i)] = unescape(kv.slice(i + 1));
    }
  }
  return { name, properties, data: unescape(line.slice(close + 1)) };
}

/** The agent reads a process's output line by line, at LF, CRLF or a bare CR. */
export const agentLines = (text: string): string[] => text.split(/\r\n|\r|\n/);

export function parseCommands(stdout: string): LoggingCommand[] {
  return agentLines(stdout).map(parseAgentLine).filter((c): c is LoggingCommand => c !== undefined);
}

/**
 * The agent's secret masker: every occurrence of every registered value, overlapping ones
 * merged, replaced by `***`.
 */
export function maskAsAgent(text: string, secrets: Iterable<string>): string {
  const spans: [number, number][] = [];
  for (const s of secrets) {
    if (!s) continue;
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) spans.push([i, i + s.length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    out += text.slice(at, Math.max(at, start)) + (start >= at ? '***' : '');
    at = end;
  }
  return out + text.slice(at);
}

export interface AgentLog {
  /** The commands the agent ran, in order. */
  commands: LoggingCommand[];
  /** Values registered with `task.setsecret`, as the agent unescaped them. */
  secrets: string[];
  /**
   * The job log as the agent writes it: ordinary lines, issue and debug messages (`##[error]`,
   * `##[warning]`, `##[debug]` + message, a message's own line breaks starting new lines), each
   * masked with the secrets registered before it; command lines themselves are not printed.
   */
  lines: string[];
}

/**
 * Reads a task's output exactly as an agent does: line by line (stdout, then stderr), a
 * `task.setsecret` registering its value from the next line on, so text after a line break in
 * a raw command prints as an ordinary, unmasked line.
 */
export function readAsAgent(stdout: string, stderr = ''): AgentLog {
  const result: AgentLog = { commands: [], secrets: [], lines: [] };
  const print = (prefix: string, text: string) => {
    const masked = maskAsAgent(text, result.secrets).split(/\r\n|\r|\n/);
    result.lines.push(prefix + masked[0], ...masked.slice(1));
  };
  for (const line of [...agentLines(stdout), ...(stderr ? agentLines(stderr) : [])]) {
    const cmd = parseAgentLine(line);
    if (!cmd) {
      print('', line);
      continue;
    }
    result.commands.push(cmd);
    const name = cmd.name.toLowerCase();
    if (name === 'task.setsecret') {
      if (cmd.data) result.secrets.push(cmd.data);
    } else if (name === 'task.logissue' || name === 'task.issue') {
      print(`##[${(cmd.properties.type ?? '').toLowerCase() === 'error' ? 'error' : 'warning'}]`, cmd.data);
    } else if (name === 'task.debug') {
      print('##[debug]', cmd.data);
    }
  }
  return result;
}

/** Variables by dotted name -> environment variable, as the agent maps them. */
const envName = (variable: string) => variable.replace(/\./g, '_').toUpperCase();

function buildOf(opts: AgentOptions): BuildRecord | undefined {
  const id = opts.buildId ?? Number(opts.variables?.['Build.BuildId']);
  return opts.emulator.store.data.builds.find((b) => b.id === id);
}

function sourcesOf(opts: AgentOptions): string {
  return opts.sourcesDirectory ?? opts.variables?.['Build.SourcesDirectory'] ?? REPO_ROOT;
}

/** The environment the agent gives the task process. */
export function agentProcessEnv(opts: AgentOptions, dirs: { staging: string; temp: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SYSTEMROOT: process.env.SYSTEMROOT };
  const build = buildOf(opts);
  if (opts.buildId !== undefined && !build) throw new Error(`agent shim: the emulator has no build ${opts.buildId}`);
  if (build) Object.assign(env, agentEnvironment(opts.emulator, build.id, { identity: opts.identity }));
  else {
    const token = opts.emulator.tokens[opts.identity ?? 'build'];
    Object.assign(env, {
      ENDPOINT_URL_SYSTEMVSSCONNECTION: opts.emulator.orgUrl,
      ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({ parameters: { AccessToken: token }, scheme: 'OAuth' }),
      ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: 'OAuth',
      ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: token,
    });
  }
  const sources = sourcesOf(opts);
  const agentVariables: Record<string, string> = {
    'Build.SourcesDirectory': sources,
    'Build.Repository.LocalPath': sources,
    'System.DefaultWorkingDirectory': sources,
    'Build.ArtifactStagingDirectory': dirs.staging,
    'Build.StagingDirectory': dirs.staging,
    'Agent.TempDirectory': dirs.temp,
    'Agent.JobName': 'Job',
    'Agent.OS': process.platform === 'win32' ? 'Windows_NT' : process.platform === 'darwin' ? 'Darwin' : 'Linux',
    ...opts.variables,
  };
  for (const [k, v] of Object.entries(agentVariables)) env[envName(k)] = v;
  for (const [k, v] of Object.entries(agentInputs(opts, agentVariables))) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  return { ...env, ...opts.env };
}

interface TaskJsonInput {
  name: string;
  defaultValue?: string;
}

/**
 * Inputs as the agent passes them: every input of task.json with its default unless given,
 * `$(Variable)` macros expanded (e.g. `path: $(Build.SourcesDirectory)`).
 */
export function agentInputs(opts: Pick<AgentOptions, 'inputs' | 'taskEntry' | 'taskJson'>, variables: Record<string, string>): Record<string, string> {
  const expand = (v: string) => v.replace(/\$\(([\w.]+)\)/g, (m, name: string) => variables[name] ?? m);
  const inputs: Record<string, string> = {};
  const file = taskJsonOf(opts);
  if (file) {
    const taskJson = JSON.parse(readFileSync(file, 'utf8')) as { inputs?: TaskJsonInput[] };
    for (const i of taskJson.inputs ?? []) if (i.defaultValue !== undefined && i.defaultValue !== '') inputs[i.name] = expand(i.defaultValue);
  }
  for (const [k, v] of Object.entries(opts.inputs ?? {})) inputs[k] = expand(v);
  return inputs;
}

function taskJsonOf(opts: Pick<AgentOptions, 'taskEntry' | 'taskJson'>): string | undefined {
  if (opts.taskJson === false) return undefined;
  if (opts.taskJson) return opts.taskJson;
  const beside = join(dirname(opts.taskEntry ?? TASK_ENTRY), 'task.json');
  return existsSync(beside) ? beside : join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json');
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * The job is over: its build completes (the emulator's builds have one job), so later runs
 * see it among completed builds. A killed task fails the build.
 */
function completeBuild(opts: AgentOptions, run: AgentRun): void {
  const build = buildOf(opts);
  if (!build || build.status === 'completed') return;
  build.status = 'completed';
  build.finishTime = new Date().toISOString();
  build.result = run.result === 'Succeeded' ? 'succeeded' : run.result === 'SucceededWithIssues' ? 'partiallySucceeded' : 'failed';
  opts.emulator.store.changed();
}

/** `##vso[build.addbuildtag]`: the agent tags its build with the job's token. */
async function addBuildTag(opts: AgentOptions, tag: string): Promise<string> {
  const build = buildOf(opts);
  if (!build) throw new Error(`agent shim: build ${opts.buildId ?? opts.variables?.['Build.BuildId']} is not in the emulator`);
  const conn = new azdev.WebApi(opts.emulator.orgUrl, azdev.getBearerHandler(opts.emulator.tokens[opts.identity ?? 'build']));
  await (await conn.getBuildApi()).addBuildTag(build.projectId, build.id, tag);
  return tag;
}

/** `##vso[artifact.upload]`: files to the build's container, then a Container artifact, with the job's token. */
async function uploadArtifact(opts: AgentOptions, cmd: LoggingCommand): Promise<string> {
  const name = cmd.properties.artifactname ?? cmd.properties.containerfolder;
  const build = buildOf(opts);
  if (!build) throw new Error(`agent shim: build ${opts.buildId ?? opts.variables?.['Build.BuildId']} is not in the emulator`);
  const projectId = build.projectId;
  const conn = new azdev.WebApi(opts.emulator.orgUrl, azdev.getBearerHandler(opts.emulator.tokens[opts.identity ?? 'build']));
  const containers = await conn.getFileContainerApi();
  const folder = cmd.properties.containerfolder ?? name;
  const root = cmd.data;
  const isDir = statSync(root).isDirectory();
  for (const f of isDir ? filesUnder(root) : [root]) {
    const rel = isDir ? relative(root, f).split(sep).join('/') : f.split(sep).pop()!;
    await containers.createItem(createReadStream(f), statSync(f).size, build.containerId, `${folder}/${rel}`, projectId, {});
  }
  const buildApi = await conn.getBuildApi();
  await buildApi.createArtifact({ name, resource: { type: 'Container', data: `#/${build.containerId}/${folder}` } }, projectId, build.id);
  return name;
}

export async function runTaskAsAgent(opts: AgentOptions): Promise<AgentRun> {
  const work = opts.workDirectory ?? mkdtempSync(join(tmpdir(), 'palisade-agent-'));
  const dirs = { staging: join(work, 'a'), temp: join(work, '_temp') };
  for (const d of Object.values(dirs)) if (!existsSync(d)) mkdirSync(d, { recursive: true });
  const env = agentProcessEnv(opts, dirs);
  const mark = opts.emulator.requestLog.mark();
  // Asynchronous on purpose: the emulator answers in this same process.
  const child = spawn(process.execPath, [opts.taskEntry ?? TASK_ENTRY], { env, cwd: sourcesOf(opts) });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let killed = false;
  const watcher = opts.killWhen
    ? setInterval(() => {
      if (!killed && opts.killWhen!.test(Buffer.concat(out).toString())) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5)
    : undefined;
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (watcher) clearInterval(watcher);
  const requests = opts.emulator.requestLog.since(mark);
  const stdout = Buffer.concat(out).toString();
  const commands = parseCommands(stdout);
  const lines = agentLines(stdout);
  const stderr = Buffer.concat(err).toString();
  const run: AgentRun = {
    exitCode,
    stdout,
    stderr,
    commands,
    outputs: {},
    artifacts: [],
    tags: [],
    summaries: [],
    issues: [],
    secretsRegistered: [],
    logText: lines.filter((l) => !l.includes('##vso[')).join('\n'),
    printedExceptSetSecret: lines.filter((l) => !l.startsWith('##vso[task.setsecret]')).join('\n') + stderr,
    agentLog: readAsAgent(stdout, stderr),
    requests,
    stagingDirectory: env.BUILD_ARTIFACTSTAGINGDIRECTORY ?? dirs.staging,
    tempDirectory: env.AGENT_TEMPDIRECTORY ?? dirs.temp,
  };
  for (const c of commands) {
    if (c.name === 'task.complete') {
      run.result = c.properties.result;
      run.resultMessage = c.data;
    } else if (c.name === 'task.setvariable' && c.properties.isOutput === 'true') {
      run.outputs[c.properties.variable] = c.data;
    } else if (c.name === 'task.setsecret') {
      run.secretsRegistered.push(c.data);
    } else if (c.name === 'task.logissue') {
      run.issues.push({ type: c.properties.type, message: c.data, properties: c.properties });
    } else if (c.name === 'task.uploadsummary') {
      run.summaries.push(readFileSync(c.data, 'utf8'));
    } else if (c.name === 'artifact.upload') {
      run.artifacts.push(await uploadArtifact(opts, c));
    } else if (c.name === 'build.addbuildtag') {
      run.tags.push(await addBuildTag(opts, c.data));
    }
  }
  completeBuild(opts, run);
  return run;
}
