/**
 * Pipeline decorators as the service applies them when it compiles a run (Microsoft Learn:
 * "Author a pipeline decorator", "Pipeline decorator expression context"):
 *
 * 1. the job's steps are resolved first: task names and the keywords `checkout`, `script`,
 *    `bash`, `powershell`, `pwsh` become task ids (the GUIDs Learn lists), and a job without a
 *    checkout step checks out `self` first (Learn, "Check out multiple repositories");
 * 2. every installed decorator's template is expanded against `{ job, resources, variables }`:
 *    `${{ if }}` items of its `steps` keep their steps when the condition is true, and
 *    `${{ expr }}` inside strings is replaced by its value;
 * 3. the expanded steps go where the contribution's target says: after the last checkout step
 *    (`post-checkout-tasks`), first (`pre-job-tasks`) or last (`post-job-tasks`).
 *
 * The task steps a decorator injects are named by id, like the resolved job's. What the emulator
 * cannot evaluate (an `else`, `each`, an unknown function or name) throws: a template that uses
 * more than this knows fails its test rather than being judged by a guess.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../support/paths';
import { evaluate, ExpressionError, ifDirective, isDirective, parseExpression, type Value } from './expressions';

/** A step as a pipeline author writes it (the subset the tests use). */
export interface AuthoredStep {
  checkout?: string;
  script?: string;
  bash?: string;
  powershell?: string;
  pwsh?: string;
  /** `Name@major` or `guid@major`. */
  task?: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  displayName?: string;
}

/** `resources.repositories[alias]` in the decorator context (Learn's list of properties). */
export interface RepositoryResource {
  alias: string;
  id: string;
  /** `Git` for Azure Repos Git; `GitHub`, `Bitbucket`, `TfsVersionControl`... for others. */
  type: string;
  version?: string;
  name: string;
  project?: string;
  defaultBranch?: string;
  ref?: string;
  checkoutOptions?: Record<string, string>;
}

export interface JobDescription {
  steps: AuthoredStep[];
  /** By alias: `self` in YAML pipelines, `__designer_repo` in classic ones. */
  repositories: Record<string, RepositoryResource>;
  variables?: Record<string, string>;
  /** A classic (designer) build: no checkout steps in the job, the designer repository is synced. */
  classic?: boolean;
}

/** A step after resolution (the shape of `job.steps[*]` in the decorator context). */
export interface ResolvedStep {
  type: 'Task';
  task: { id: string; name: string; version: string };
  inputs: Record<string, string>;
  env: Record<string, string>;
  displayName: string;
  /** The decorator contribution that injected it. */
  injectedBy?: string;
}

/** Ids Learn lists for the keywords, plus the in-box and Palisade tasks the tests name. */
const KEYWORDS: Record<string, { id: string; name: string; version: string; input: string }> = {
  checkout: { id: '6d15af64-176c-496d-b583-fd2ae21d4df4', name: 'checkout', version: '1.0.0', input: 'repository' },
  script: { id: 'd9bafed4-0b18-4f58-968d-86655b4d2ce9', name: 'CmdLine', version: '2.0.0', input: 'script' },
  bash: { id: '6c731c3c-3c68-459a-a5c9-bde6e6595b5b', name: 'Bash', version: '3.0.0', input: 'script' },
  powershell: { id: 'e213ff0f-5d5c-4791-802d-52ea3e7be1f1', name: 'PowerShell', version: '2.0.0', input: 'script' },
  pwsh: { id: 'e213ff0f-5d5c-4791-802d-52ea3e7be1f1', name: 'PowerShell', version: '2.0.0', input: 'script' },
};

function taskCatalog(): Record<string, { id: string; name: string }> {
  const palisade = JSON.parse(readFileSync(join(REPO_ROOT, 'tasks', 'PalisadeScanV1', 'task.json'), 'utf8')) as { id: string; name: string };
  return {
    [palisade.name.toLowerCase()]: { id: palisade.id, name: palisade.name },
    cmdline: { id: KEYWORDS.script.id, name: 'CmdLine' },
    publishbuildartifacts: { id: '2ff763a7-ce83-4e1f-bc89-0ae63477cebe', name: 'PublishBuildArtifacts' },
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function resolveTask(ref: string, catalog: ReturnType<typeof taskCatalog>): { id: string; name: string; version: string } {
  const m = /^([^@]+)@(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`task reference "${ref}" is not Name@major or id@major`);
  if (GUID.test(m[1])) {
    const known = Object.values(catalog).find((t) => t.id.toLowerCase() === m[1].toLowerCase());
    return { id: m[1].toLowerCase(), name: known?.name ?? m[1], version: `${m[2]}.0.0` };
  }
  const t = catalog[m[1].toLowerCase()];
  if (!t) throw new Error(`task ${m[1]} is not known to the emulator`);
  return { id: t.id, name: t.name, version: `${m[2]}.0.0` };
}

/** Step 1: names and keywords to ids; the implicit `checkout: self`. */
export function resolveJob(job: JobDescription): ResolvedStep[] {
  const catalog = taskCatalog();
  const authored = [...job.steps];
  if (!job.classic && !authored.some((s) => s.checkout !== undefined)) authored.unshift({ checkout: 'self' });
  return authored.map((s) => {
    const keyword = (Object.keys(KEYWORDS) as (keyof typeof KEYWORDS)[]).find((k) => s[k as keyof AuthoredStep] !== undefined);
    if (keyword) {
      const k = KEYWORDS[keyword];
      return { type: 'Task', task: { id: k.id, name: k.name, version: k.version }, inputs: { [k.input]: String(s[keyword as keyof AuthoredStep]), ...s.inputs }, env: { ...s.env }, displayName: s.displayName ?? k.name };
    }
    if (!s.task) throw new Error(`step ${JSON.stringify(s)} has no task or keyword`);
    const task = resolveTask(s.task, catalog);
    return { type: 'Task', task, inputs: { ...s.inputs }, env: { ...s.env }, displayName: s.displayName ?? task.name };
  });
}

/** The decorator context: the resolved job, its repositories and its variables. */
export function decoratorContext(job: JobDescription, steps: ResolvedStep[]): Record<string, Value> {
  return {
    job: { steps: steps as unknown as Value },
    resources: { repositories: job.repositories as unknown as Value },
    variables: { ...job.variables },
  };
}

/** Step 2: a template's steps for this job. */
export function expandTemplate(templateText: string, context: Record<string, Value>, contributionId: string): ResolvedStep[] {
  const doc = parse(templateText) as unknown;
  const items = Array.isArray(doc) ? doc : (doc as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(items)) throw new Error(`decorator ${contributionId}: the template must hold a list of steps (or "steps:")`);
  return expandItems(items, context).map((raw) => {
    const s = raw as AuthoredStep;
    const resolved = resolveJob({ steps: [s], repositories: {}, classic: true })[0];
    if (s.task && !GUID.test(s.task.split('@')[0])) {
      // Learn: decorators run after names became ids; a decorator must name tasks by id.
      throw new Error(`decorator ${contributionId} names task "${s.task}" by name; a decorator must use the task's id`);
    }
    return { ...resolved, inputs: stringify(resolved.inputs), injectedBy: contributionId };
  });
}

function expandItems(items: unknown[], context: Record<string, Value>): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const directive = keys.find(isDirective);
      if (directive) {
        if (keys.length !== 1) throw new ExpressionError(`a directive item must be alone in its mapping: ${directive}`);
        const condition = ifDirective(directive);
        if (condition === undefined) throw new ExpressionError(`the emulator evaluates only \${{ if }} items, not ${directive}`);
        const body = (item as Record<string, unknown>)[directive];
        if (!Array.isArray(body)) throw new ExpressionError(`the body of ${directive} must be a list of steps`);
        const value = evaluate(parseExpression(condition), context);
        if (value !== null && value !== false && value !== '' && value !== 0) out.push(...expandItems(body, context));
        continue;
      }
    }
    out.push(substitute(item, context));
  }
  return out;
}

/** `${{ expr }}` inside strings. */
function substitute(v: unknown, context: Record<string, Value>): unknown {
  if (typeof v === 'string') {
    return v.replace(/\$\{\{([\s\S]+?)\}\}/g, (_, e: string) => {
      const r = evaluate(parseExpression(e.trim()), context);
      return r === null ? '' : typeof r === 'object' ? JSON.stringify(r) : String(r);
    });
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, context));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, context)]));
  return v;
}

/** Inputs reach a task as strings (YAML `true` becomes "true"... the service sends "True"; tasks compare case-insensitively). */
function stringify(inputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}

/** A pipeline-decorator contribution of the extension's manifest, with its template's text. */
export interface DecoratorContribution {
  id: string;
  target: string;
  template: string;
}

interface Manifest {
  files: { path: string; packagePath?: string }[];
  contributions: { id: string; type: string; targets: string[]; properties: Record<string, unknown> }[];
}

/** The decorators vss-extension.json contributes, their templates read through the `files` mapping. */
export function manifestDecorators(manifestPath = join(REPO_ROOT, 'vss-extension.json')): DecoratorContribution[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return manifest.contributions
    .filter((c) => c.type === 'ms.azure-pipelines.pipeline-decorator')
    .flatMap((c) => {
      const packaged = String(c.properties.template ?? '');
      const file = manifest.files.find((f) => (f.packagePath ?? f.path) === packaged);
      if (!file) throw new Error(`decorator ${c.id}: template ${packaged} is not among the manifest's files`);
      return c.targets.map((target) => ({ id: c.id, target, template: readFileSync(join(REPO_ROOT, file.path), 'utf8') }));
    });
}

const CHECKOUT_ID = KEYWORDS.checkout.id;

/** Steps 1-3: the job as the agent receives it. */
export function decorateJob(job: JobDescription, decorators: DecoratorContribution[] = manifestDecorators()): ResolvedStep[] {
  const steps = resolveJob(job);
  const context = decoratorContext(job, steps);
  let out = [...steps];
  for (const d of decorators) {
    const injected = expandTemplate(d.template, context, d.id);
    if (!injected.length) continue;
    if (d.target === 'ms.azure-pipelines-agent-job.post-checkout-tasks') {
      const last = out.map((s) => s.task.id).lastIndexOf(CHECKOUT_ID);
      // Classic jobs have no checkout step in the list: their sources are synced before any task.
      out.splice(last + 1, 0, ...injected);
    } else if (d.target === 'ms.azure-pipelines-agent-job.pre-job-tasks') {
      out = [...injected, ...out];
    } else if (d.target === 'ms.azure-pipelines-agent-job.post-job-tasks') {
      out = [...out, ...injected];
    } else {
      throw new Error(`decorator ${d.id}: target ${d.target} is not emulated`);
    }
  }
  return out;
}
