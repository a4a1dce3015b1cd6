/**
 * Runs the emulator until Ctrl-C:
 *
 *   node out/test/emulator/cli.js [--port N] [--content-port N] [--state FILE]
 *        [--serve /prefix/=DIR ...] [--page /path/to/page.html] [--no-build]
 *
 * Defaults: ports 7100 (API and host page) and 7101 (extension content), or
 * PALISADE_EMULATOR_PORT / PALISADE_EMULATOR_CONTENT_PORT; `--port 0` picks free ports.
 */
import { resolve } from 'node:path';
import { ensureHostBundle } from './hostBundle';
import { PortInUseError, startEmulator } from './index';

interface CliOptions {
  port: number;
  contentPort: number;
  stateFile?: string;
  mounts: Record<string, string>;
  page?: string;
  build: boolean;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const port = Number(env.PALISADE_EMULATOR_PORT ?? 7100);
  const options: CliOptions = { port, contentPort: Number(env.PALISADE_EMULATOR_CONTENT_PORT ?? port + 1), mounts: {}, build: true };
  let contentPortGiven = env.PALISADE_EMULATOR_CONTENT_PORT !== undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--port':
        options.port = integer(arg, value());
        if (!contentPortGiven) options.contentPort = options.port === 0 ? 0 : options.port + 1;
        break;
      case '--content-port':
        options.contentPort = integer(arg, value());
        contentPortGiven = true;
        break;
      case '--state':
        options.stateFile = resolve(value());
        break;
      case '--serve': {
        const [prefix, dir] = value().split('=');
        if (!prefix?.startsWith('/') || !dir) throw new Error('--serve takes /prefix/=directory');
        options.mounts[prefix] = resolve(dir);
        break;
      }
      case '--page':
        options.page = value();
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--help':
      case '-h':
        throw new HelpRequested();
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

class HelpRequested extends Error {}

function integer(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, not "${v}"`);
  return n;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof HelpRequested)) process.stderr.write(`${(e as Error).message}\n\n`);
    process.stderr.write('usage: node out/test/emulator/cli.js [--port N] [--content-port N] [--state FILE] [--serve /prefix/=DIR] [--page PATH] [--no-build]\n');
    process.exitCode = e instanceof HelpRequested ? 0 : 2;
    return;
  }
  if (options.build) {
    process.stdout.write('Building the host page...\n');
    await ensureHostBundle();
  }
  const emulator = await startEmulator({
    port: options.port, contentPort: options.contentPort, stateFile: options.stateFile, staticMounts: options.mounts,
  });
  const lines = [
    'Palisade Azure DevOps emulator',
    `  organization   ${emulator.orgUrl}`,
    `  host page      ${emulator.hostUrl({ page: options.page ?? '/_sample/sample-page.html' })}`,
    `  content        ${emulator.contentUrl}  (${Object.keys(options.mounts).join(', ') || 'sample page only'})`,
    `  state          ${options.stateFile ?? '(in memory)'}`,
    `  control        ${emulator.url}/_emulator/  (requests, faults, reset, state)`,
    '  tokens',
    ...Object.entries(emulator.tokens).map(([key, token]) => `    ${key.padEnd(13)} ${token}`),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping...\n`);
    emulator.stop().then(
      () => process.stdout.write('Emulator stopped.\n'),
      (e: unknown) => {
        process.stderr.write(`Could not stop cleanly: ${String(e)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    if (e instanceof PortInUseError) process.stderr.write(`${e.message}\nUse --port (and --content-port), or PALISADE_EMULATOR_PORT.\n`);
    else process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
