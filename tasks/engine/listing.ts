/**
 * The engine's second entry for the CLI: what a command needs before it knows it will scan
 * (the version, the rules' listing, the error a configuration problem throws), from modules that
 * load little. `palisade rules` uses only this; index.ts (all of the engine) is required by a scan.
 */
export { listedRuleSummaries } from './ruleset/ruleList';
export { FileProblemError } from './text/yamlValidation';
export { ENGINE_VERSION } from './version';
