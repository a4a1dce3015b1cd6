import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { compileChainPattern } from './chains';
import { PROGRAM_LANGUAGES, type CodeSample, type ParameterModel, type ProgramLanguage } from '../rules/codeRuleSpec';
import { describeAjvErrors, FileProblemError, parseYamlFile, validator, type ParsedYaml } from '../text/yamlValidation';
import { checkedFilesIn } from '../text/checkedFiles';

/**
 * Framework source models: what a web framework (or a function platform) hands a handler as
 * request input, as data files under `tasks/rules/code/sources/` (`kind: sources`). They are
 * not rules (they report nothing); every code rule that asks `tainted: true` sees the input
 * they describe. Each model carries samples: in a positive sample, input it describes reaches
 * an argument of a call to `sink(...)`; in a negative one, no input does.
 */

/** Function parameters a framework fills from the request (declared with the rules' types, where rules may carry them too). */
export type { ParameterModel };

export interface SourceModelSpec {
  kind: 'sources';
  /** Short name of the framework or platform (`flask`, `aws-lambda`); unique. */
  framework: string;
  title: string;
  description?: string;
  languages: ProgramLanguage[];
  /** Chain patterns; an expression whose chain starts with one of them is request input. */
  sources?: string[];
  /**
   * Request objects whose members, other than those listed, are input (`req.vbody`, `req["data"]`):
   * middleware puts the client's parsed input on the request under names of its choosing (body
   * parsers, upload handlers), while the members the server side sets are few and known.
   */
  otherMembers?: OtherMembersModel[];
  /** Parameters carrying one of these annotations / attributes / decorators are request input. */
  annotatedSources?: string[];
  /**
   * Classes carrying one of these attributes have every public settable property bound from the
   * request (ASP.NET Core `[BindProperties]`). Fields and properties carrying one of
   * `annotatedSources` are request input in any class.
   */
  boundClasses?: string[];
  parameters?: ParameterModel[];
  /**
   * Python classes whose instances carry request input: a class of the scanned file deriving
   * (directly, or through other classes of the file) from a base whose last name is one of
   * `extends`. With `carries: input`, calling the class gives request input (Flask-WTF's
   * `FlaskForm()` fills itself from the request); with `arguments`, the instance carries what it
   * was built from (pydantic `Model(**body)`, WTForms `Form(request.form)`), which a call of a
   * class the engine does not know otherwise drops.
   */
  instances?: InstancesModel[];
  /** Chain patterns of calls whose result cannot carry an injection payload whatever their input. */
  sanitizers?: string[];
  /**
   * Calls whose result is made from some of their arguments only (date-fns `format(date, fmt)`:
   * the text is the format string's, with the date's digits and names put in). `args` are the
   * arguments the result carries; with `curried`, the call returns a function whose result
   * carries them (date-fns/fp `format(fmt)(date)`).
   */
  resultArgs?: ResultArgsModel[];
  samples: { positive: CodeSample[]; negative: CodeSample[] };
}

export interface OtherMembersModel {
  /** Chain patterns of the request objects (`req`, `ctx.request`). */
  of: string[];
  /** Members that are not input: set by the framework or server-side middleware (`user`, `session`, `app`). */
  except: string[];
}

export interface InstancesModel {
  extends: string[];
  carries: 'input' | 'arguments';
}

export interface ResultArgsModel {
  calls: string[];
  args: number[];
  curried?: boolean;
}

const strList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } as const;
const sample = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', additionalProperties: false, required: ['code'], properties: { code: { type: 'string' }, language: { enum: [...PROGRAM_LANGUAGES] }, file: { type: 'string', minLength: 1 } } },
  ],
} as const;

export const sourceModelSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'framework', 'title', 'languages', 'samples'],
  properties: {
    kind: { const: 'sources' },
    framework: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    title: { type: 'string', minLength: 3, maxLength: 120 },
    description: { type: 'string' },
    languages: { type: 'array', minItems: 1, items: { enum: [...PROGRAM_LANGUAGES] } },
    sources: strList,
    otherMembers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['of', 'except'],
        properties: { of: strList, except: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*$' } } },
      },
    },
    annotatedSources: strList,
    boundClasses: strList,
    instances: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['extends', 'carries'],
        properties: { extends: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_]\\w*$' } }, carries: { enum: ['input', 'arguments'] } },
      },
    },
    sanitizers: strList,
    resultArgs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['calls', 'args'],
        properties: { calls: strList, args: { type: 'array', items: { type: 'integer', minimum: 0 } }, curried: { type: 'boolean' } },
      },
    },
    parameters: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          decorators: strList,
          passedTo: strList,
          assignedTo: strList,
          eventNames: strList,
          classes: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { extends: strList, extendsMatches: { type: 'string', minLength: 1 }, annotated: strList, nameMatches: { type: 'string', minLength: 1 } },
          },
          functionName: { type: 'string', minLength: 1 },
          signature: strList,
          imports: strList,
          headerMatches: { type: 'string', minLength: 1 },
          directives: strList,
          params: { anyOf: [{ enum: ['all', 'afterSignature'] }, strList] },
          types: { type: 'string', minLength: 1 },
          exceptTypes: { type: 'string', minLength: 1 },
          exceptText: { type: 'string', minLength: 1 },
          inObjectUnder: strList,
          position: { type: 'integer', minimum: 0 },
          exceptBody: { type: 'string', minLength: 1 },
        },
      },
    },
    samples: {
      type: 'object',
      additionalProperties: false,
      required: ['positive', 'negative'],
      properties: { positive: { type: 'array', minItems: 1, items: sample }, negative: { type: 'array', minItems: 1, items: sample } },
    },
  },
} as const;

export interface LoadedSourceModel {
  spec: SourceModelSpec;
  source: string;
}

function checkRegex(src: string | undefined, what: string): string | undefined {
  if (src === undefined) return undefined;
  try {
    new RegExp(src);
    return undefined;
  } catch (e) {
    return `${what} is not a valid regular expression: ${(e as Error).message}`;
  }
}

/** Problems of a code rule's own `parameters` entries, checked as a source model's are (schema, chains, regexes). */
export function parameterModelProblems(list: readonly unknown[]): string[] {
  const model = { kind: 'sources', framework: 'rule', title: 'rule', languages: ['javascript'], parameters: list, samples: { positive: ['x'], negative: ['x'] } };
  try {
    validateSourceModel(model, 'parameters');
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** Checks one source model (schema, chain patterns, regexes); throws FileProblemError naming the file and key. */
export function validateSourceModel(value: unknown, file: string, parsed?: ParsedYaml): SourceModelSpec {
  const validate = validator(sourceModelSchema);
  if (!validate(value)) throw new FileProblemError(file, describeAjvErrors(validate.errors ?? [], parsed));
  const spec = value as SourceModelSpec;
  const problems: { key: string; message: string }[] = [];
  const chains = (key: string, list: readonly string[] | undefined): void => {
    for (const s of list ?? []) {
      try {
        compileChainPattern(s);
      } catch (e) {
        problems.push({ key, message: (e as Error).message });
      }
    }
  };
  chains('sources', spec.sources);
  chains('sanitizers', spec.sanitizers);
  (spec.otherMembers ?? []).forEach((o, i) => chains(`otherMembers[${i}].of`, o.of));
  (spec.resultArgs ?? []).forEach((r, i) => chains(`resultArgs[${i}].calls`, r.calls));
  (spec.parameters ?? []).forEach((p, i) => {
    chains(`parameters[${i}].decorators`, p.decorators);
    chains(`parameters[${i}].passedTo`, p.passedTo);
    chains(`parameters[${i}].assignedTo`, p.assignedTo);
    for (const [k, v] of [['functionName', p.functionName], ['headerMatches', p.headerMatches], ['types', p.types], ['exceptTypes', p.exceptTypes], ['exceptText', p.exceptText], ['exceptBody', p.exceptBody], ['classes.nameMatches', p.classes?.nameMatches], ['classes.extendsMatches', p.classes?.extendsMatches]] as const) {
      const m = checkRegex(v, `parameters[${i}].${k}`);
      if (m) problems.push({ key: `parameters[${i}].${k}`, message: m });
    }
    if (!p.decorators && !p.passedTo && !p.assignedTo && !p.classes && !p.signature && !p.functionName && !p.types && !p.headerMatches && !p.directives && !p.inObjectUnder) {
      problems.push({ key: `parameters[${i}]`, message: 'say which functions: give decorators, passedTo, assignedTo, classes, signature, functionName, headerMatches, directives, types or inObjectUnder' });
    }
    if (p.eventNames && !p.passedTo) problems.push({ key: `parameters[${i}].eventNames`, message: 'eventNames needs passedTo (the call that registers the listener)' });
    if (p.params === 'afterSignature' && !p.signature) problems.push({ key: `parameters[${i}].params`, message: 'afterSignature needs a signature' });
  });
  if (problems.length) throw new FileProblemError(file, problems);
  return spec;
}

/** Where source models live inside the rules folder; the rule loader leaves this folder to us. */
export const SOURCE_MODELS_SUBDIR = join('code', 'sources');

/** A rule-folder file that is a source model, not a rule. */
export function isSourceModelFile(rulesDir: string, file: string): boolean {
  return relative(rulesDir, file).split(sep).join('/').startsWith('code/sources/');
}

export function loadSourceModelDir(dir: string): LoadedSourceModel[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  const models = files.map((f) => {
    const name = relative(process.cwd(), f) || f;
    const parsed = parseYamlFile(name, readFileSync(f, 'utf8'));
    return { spec: validateSourceModel(parsed.value, name, parsed), source: name };
  });
  const seen = new Map<string, string>();
  for (const m of models) {
    const prev = seen.get(m.spec.framework);
    if (prev) throw new FileProblemError(m.source, [{ key: 'framework', message: `framework "${m.spec.framework}" is already described by ${prev}` }]);
    seen.set(m.spec.framework, m.source);
  }
  return models;
}

/**
 * The models, validated at build time into one JSON file beside the rule bundle: loading the
 * YAML with its schema checks costs about a second (the YAML and schema libraries), the JSON
 * nothing. The YAML stays the source of truth: a bundle older than the model files is ignored.
 */
export const SOURCE_MODEL_BUNDLE_FILE = 'source-models.bundle.json';

interface ModelStamp {
  name: string;
  size: number;
  mtimeMs: number;
}

interface SourceModelBundle {
  version: 1;
  stamps: ModelStamp[];
  models: LoadedSourceModel[];
}

function modelStamps(dir: string): ModelStamp[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => {
      const st = statSync(join(dir, name));
      return { name, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    });
}

export function writeSourceModelBundle(modelDir: string, outFile: string): number {
  const bundle: SourceModelBundle = { version: 1, stamps: modelStamps(modelDir), models: loadSourceModelDir(modelDir) };
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(bundle));
  renameSync(tmp, outFile);
  return bundle.models.length;
}

/**
 * The bundle's models, or null when missing, unreadable or older than `modelDir`'s files (when
 * that folder exists). `afterRuleCheck`: the files may be taken as the rule bundle's check of
 * this thread found them (see text/checkedFiles.ts), for a check made once at start.
 */
export function readFreshSourceModelBundle(file: string, modelDir: string | undefined, afterRuleCheck = false): LoadedSourceModel[] | null {
  if (!existsSync(file)) return null;
  let bundle: SourceModelBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as SourceModelBundle;
  } catch {
    return null;
  }
  if (bundle.version !== 1 || !Array.isArray(bundle.models) || !Array.isArray(bundle.stamps)) return null;
  if (modelDir) {
    const asStamped = (now: ModelStamp[]): boolean => now.length === bundle.stamps.length && now.every((a, i) => a.name === bundle.stamps[i].name && a.size === bundle.stamps[i].size && a.mtimeMs === bundle.stamps[i].mtimeMs);
    // The rule bundle's check has usually just stat'ed these files (they are rule files to it): as
    // it found them, when that matches, else stat'ed again here.
    const checked = afterRuleCheck ? checkedFilesIn(modelDir) : undefined;
    if (!(checked && asStamped(checked.map((f) => ({ name: f.name, size: f.size, mtimeMs: Math.floor(f.mtimeMs) }))))) {
      if (existsSync(modelDir) && !asStamped(modelStamps(modelDir))) return null;
    }
  }
  return bundle.models;
}

/** The repository's model folder, seen from the compiled engine (out/tasks/engine/code). */
export const SOURCE_MODELS_DIR = join(__dirname, '..', '..', '..', '..', 'tasks', 'rules', SOURCE_MODELS_SUBDIR);

/** Folders that may hold a model bundle: beside the bundled task or CLI (`rules/`), and out/tasks/rules. */
function bundleDirCandidates(): string[] {
  return [join(__dirname, 'rules'), join(__dirname, '..', 'rules'), join(__dirname, '..', '..', 'rules')];
}

/**
 * Rules folders that may hold the models: beside the bundled task or CLI (`rules/`), and the
 * repository's sources seen from the compiled engine (out/tasks/engine/code) or from ts-node.
 */
function modelDirCandidates(): string[] {
  return [
    join(__dirname, 'rules', SOURCE_MODELS_SUBDIR),
    join(__dirname, '..', 'rules', SOURCE_MODELS_SUBDIR),
    SOURCE_MODELS_DIR,
  ];
}

let builtin: LoadedSourceModel[] | undefined;

/** The shipped source models, loaded once per thread. */
export function builtinSourceModels(): LoadedSourceModel[] {
  if (builtin) return builtin;
  for (const d of bundleDirCandidates()) {
    const fresh = readFreshSourceModelBundle(join(d, SOURCE_MODEL_BUNDLE_FILE), SOURCE_MODELS_DIR, true);
    if (fresh) return (builtin = fresh);
  }
  const dir = modelDirCandidates().find((d) => existsSync(d) && readdirSync(d).some((f) => /\.ya?ml$/.test(f)));
  if (!dir) throw new Error(`Palisade's source models are missing (looked in ${modelDirCandidates().join(', ')}); reinstall the task or CLI.`);
  builtin = loadSourceModelDir(dir);
  return builtin;
}
