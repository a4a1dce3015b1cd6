/**
 * Mocha wiring shared by the emulator's tests: one emulator per suite, reset before each test,
 * and (when ../shared has the specs) every standard-dialect response of each test validated
 * against the official REST specs.
 */
import assert from 'node:assert/strict';
import { requireShared, sharedPath } from '../../support/paths';
import { startEmulator, type Emulator, type EmulatorOptions } from '../index';
import type { LoggedRequest } from '../requestLog';
import { SpecValidator } from './specValidator';

export interface EmulatorFixture {
  readonly emulator: Emulator;
}

export function emulatorFixture(options: EmulatorOptions = {}): EmulatorFixture {
  let emulator: Emulator | undefined;
  before(async () => {
    emulator = await startEmulator({ faultsFromEnv: false, ...options });
  });
  after(async () => {
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator?.store.reset();
    emulator?.faults.clear();
    emulator?.requestLog.clear();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('the emulator is not started yet');
      return emulator;
    },
  };
}

/** Routes the 7.1 spec files do not describe (their shapes are asserted by the tests themselves). */
const OUTSIDE_SPECS = /^(extensionData|containers|location)\./;

let validator: SpecValidator | null | undefined;

/** The validator, or null when ../shared is not on this machine. */
export function specValidator(): SpecValidator | null {
  if (validator === undefined) {
    const dir = sharedPath('azure-devops-rest-specs');
    validator = dir ? new SpecValidator(dir) : null;
  }
  return validator;
}

/**
 * Validates the responses a test caused; registers the afterEach that does it. Adds a test that
 * skips visibly when the specs are absent, so a run without ../shared says what it did not check.
 */
export function validateResponsesAgainstSpecs(fixture: EmulatorFixture): void {
  it('validates every response against the official REST specs', function () {
    requireShared(this, 'azure-devops-rest-specs');
    assert.ok(specValidator());
  });
  afterEach(function () {
    const spec = specValidator();
    if (!spec || this.currentTest?.state === 'failed') return;
    const problems = specProblems(spec, fixture.emulator.requestLog.entries);
    if (problems.length) throw new Error(`responses do not match the REST specs:\n${problems.join('\n')}`);
  });
}

export function specProblems(spec: SpecValidator, entries: readonly LoggedRequest[]): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    if (e.dialect !== 'standard' || e.responseBody === undefined) continue;
    const result = spec.validateLogged(e, e.status < 400 ? singleObjectAtListPath(e) : undefined);
    if (!result) {
      if (e.status < 400 && !OUTSIDE_SPECS.test(e.route ?? '')) problems.push(`${e.method} ${e.path} (${e.route}): no operation in the specs`);
      continue;
    }
    for (const err of result.errors.slice(0, 8)) problems.push(`${e.method} ${e.path} (${e.route}) vs ${result.against}: ${err}`);
  }
  return problems;
}

/**
 * Two GETs answer one object at a path the 7.1 spec files only document as a list (their
 * single-object operations share the path and were dropped from the files): items with `path`,
 * and an artifact by `artifactName`.
 */
function singleObjectAtListPath(e: LoggedRequest): { spec: string; definition: string } | undefined {
  const isList = Array.isArray((e.responseBody as { value?: unknown }).value);
  if (isList) return undefined;
  if (e.route?.startsWith('git.items.')) return { spec: 'git', definition: 'GitItem' };
  if (e.route === 'build.artifacts.list') return { spec: 'build', definition: 'BuildArtifact' };
  return undefined;
}
