/**
 * Event on `process` by which a built-in module the engine needs only late (node:crypto for the
 * first JWT a secret scan checks; see secrets/placeholders.ts) is asked of whoever set V8's flags at start: the CLI launcher
 * (tasks/cli/palisade.js) sets flags before it compiles the CLI, and Node compiles a built-in
 * loaded under other flags than its own from source (~30 M instructions for node:crypto instead
 * of ~11 M). A listener may put the module in `request.module`; nobody listening, or a listener
 * that cannot, leaves the ordinary require.
 */
export const REQUIRE_BUILTIN = 'palisade:require-builtin';

/**
 * A built-in (`node:` + name), through REQUIRE_BUILTIN's listener if there is one, else `load()`.
 * The caller passes `() => require('node:…')` with the name written out: a bundler (the task's
 * webpack build) resolves only a literal require, and a require of a variable fails there.
 */
export function requireBuiltin<T>(id: `node:${string}`, load: () => T): T {
  const request: { id: string; module?: unknown } = { id };
  (process as NodeJS.EventEmitter).emit(REQUIRE_BUILTIN, request);
  return (request.module as T | undefined) ?? load();
}
