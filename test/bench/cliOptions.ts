/**
 * The bench drivers' option check: every argument is an option the driver knows, and each
 * option that takes a value has one. A misspelt flag would otherwise be ignored and the run
 * would measure something other than what was asked, for minutes, with no word said.
 */
export function checkOptions(tool: string, argv: readonly string[], withValue: readonly string[], flags: readonly string[] = []): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (flags.includes(a)) continue;
    if (!withValue.includes(a)) {
      const known = [...withValue.map((o) => `${o} VALUE`), ...flags].join(', ');
      throw new Error(`${tool}: unknown option "${a}" (it takes ${known || 'no options'})`);
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${tool}: ${a} needs a value`);
    i++;
  }
}
