/**
 * The host end of the XDM channel against the extension SDK's own code (SDK.js and XDM.js from
 * azure-devops-extension-sdk, loaded in Node with two fake windows), so the protocol details
 * (handshake token, proxied functions, dates, cycles, errors) are checked without a browser.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostChannel } from './host/xdm';

type Listener = (e: Event) => void;

// Node's own event classes, taken when this file loads: the hub's component tests install
// jsdom's Event globally in the same mocha process, and Node's EventTarget rejects those.
const NodeEvent = globalThis.Event;
const NodeCustomEvent = globalThis.CustomEvent;

/** A window that delivers postMessage to its listeners asynchronously, as browsers do. */
class FakeWindow extends EventTarget {
  parent: FakeWindow = this;
  peer: FakeWindow | undefined;
  readonly CustomEvent = NodeCustomEvent;
  constructor(readonly origin: string) {
    super();
  }
  postMessage(data: string): void {
    const sender = this.peer as FakeWindow;
    setImmediate(() => {
      const event = new NodeEvent('message');
      Object.assign(event, { data, source: sender, origin: sender.origin });
      this.dispatchEvent(event);
    });
  }
}

interface Sdk {
  init(options?: { loaded?: boolean; applyTheme?: boolean }): Promise<void>;
  getUser(): { id: string; displayName: string };
  getHost(): { name: string };
  getContributionId(): string;
  getConfiguration(): Record<string, unknown>;
  getService<T>(id: string): Promise<T>;
  getAccessToken(): Promise<string>;
  notifyLoadSucceeded(): Promise<void>;
  resize(width?: number, height?: number): void;
}

/** Loads one of the SDK's AMD modules (`define([...deps], factory)`). */
function loadAmd(file: string, modules: Record<string, unknown>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const define = (deps: string[], factory: (...args: unknown[]) => void) => factory(...deps.map((d) => (d === 'exports' ? exports : modules[d])));
  // palisade-ignore js-code-injection -- evaluates the SDK's own file from node_modules to test the protocol
  new Function('define', readFileSync(file, 'utf8'))(define);
  return exports;
}

describe('emulator host: XDM channel against the extension SDK', () => {
  const host = new FakeWindow('http://host.test');
  const frame = new FakeWindow('http://content.test');
  host.peer = frame;
  frame.peer = host;
  frame.parent = host;
  const posted: Array<Record<string, unknown>> = [];
  const calls: Array<[string, unknown[]]> = [];
  let sdk: Sdk;
  let channel: HostChannel;
  const globals = globalThis as Record<string, unknown>;
  const saved: Record<string, unknown> = {};

  before(async () => {
    for (const name of ['window', 'document', 'Node', 'Window']) saved[name] = globals[name];
    const style = { type: '', innerText: '' };
    Object.assign(globals, {
      window: frame,
      Node: class {},
      Window: FakeWindow,
      document: { head: { appendChild: () => undefined }, body: { scrollWidth: 640, scrollHeight: 480 }, createElement: () => style },
    });
    channel = new HostChannel({
      postMessage: (message) => {
        posted.push(JSON.parse(message) as Record<string, unknown>);
        frame.postMessage(message);
      },
    }, frame.origin);
    host.addEventListener('message', ((e: MessageEvent) => {
      if (e.source === (frame as unknown as MessageEventSource)) channel.receive(e.data);
    }) as Listener);
    const hostControl = {
      initialHandshake(options: unknown) {
        calls.push(['initialHandshake', [options]]);
        return {
          contributionId: 'palisade-security.palisade.security-hub',
          context: {
            extension: { id: 'palisade.palisade', publisherId: 'palisade', extensionId: 'palisade', version: '1.0.0' },
            user: { id: 'u1', name: 'riley@x', displayName: 'Riley Reader', descriptor: 'aad.x', imageUrl: '' },
            host: { id: 'h1', name: 'palisade-demo', serviceVersion: 'test', type: 4, isHosted: true },
          },
          initialConfig: { mode: 'test' },
          themeData: { 'background-color': 'black' },
        };
      },
      notifyLoadSucceeded: () => { calls.push(['notifyLoadSucceeded', []]); },
      getAccessToken: () => ({ token: 'palisade-reader-token' }),
      resize: (width: number, height: number) => { calls.push(['resize', [width, height]]); },
    };
    const calculator = {
      add: (a: number, b: number) => a + b,
      tomorrow: (d: Date) => new Date(d.getTime() + 86_400_000),
      notifyLater(callback: (message: string) => void) {
        setImmediate(() => callback('from the host'));
        return true;
      },
      failing() {
        throw Object.assign(new Error('The document does not exist'), { status: 404 });
      },
      cyclic() {
        const node: Record<string, unknown> = { name: 'root' };
        node.self = node;
        return node;
      },
      _hidden: 'not sent',
    };
    channel.register('DevOps.HostControl', hostControl);
    channel.register('DevOps.ServiceManager', {
      getService(id: string) {
        if (id !== 'test.calculator') throw new Error(`The emulator host does not provide the service ${id}.`);
        return calculator;
      },
    });
    const sdkDir = dirname(require.resolve('azure-devops-extension-sdk'));
    const tslib = require('tslib') as unknown;
    const xdm = loadAmd(join(sdkDir, 'XDM.js'), { tslib });
    sdk = loadAmd(join(sdkDir, 'SDK.js'), { tslib, './XDM': xdm }) as unknown as Sdk;
    await sdk.init({ loaded: false });
  });

  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete globals[name];
      else globals[name] = value;
    }
  });

  it('completes the handshake, echoing the token the SDK sent', () => {
    assert.deepEqual(calls[0], ['initialHandshake', [{ loaded: false, sdkVersion: 4.2 }]]);
    assert.equal(sdk.getUser().displayName, 'Riley Reader');
    assert.equal(sdk.getHost().name, 'palisade-demo');
    assert.equal(sdk.getContributionId(), 'palisade-security.palisade.security-hub');
    assert.deepEqual(sdk.getConfiguration(), { mode: 'test' });
    assert.ok(channel.connected);
    const reply = posted[0];
    assert.equal(typeof reply.handshakeToken, 'string');
    assert.ok((reply.handshakeToken as string).length >= 16, 'the SDK ignores its parent until a message carries its token');
  });

  it('answers the host control methods the SDK calls', async () => {
    assert.equal(await sdk.getAccessToken(), 'palisade-reader-token');
    await sdk.notifyLoadSucceeded();
    sdk.resize(undefined, 300);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls.slice(1).map((c) => c[0]), ['notifyLoadSucceeded', 'resize']);
    assert.deepEqual(calls.at(-1)?.[1], [640, 300]);
  });

  it('hands out services whose methods are proxied, with dates and callbacks crossing both ways', async () => {
    const calc = await sdk.getService<{
      add(a: number, b: number): Promise<number>;
      tomorrow(d: Date): Promise<Date>;
      notifyLater(cb: (m: string) => void): Promise<boolean>;
      _hidden?: string;
    }>('test.calculator');
    assert.equal(calc._hidden, undefined, 'underscore members are not sent');
    assert.equal(await calc.add(2, 3), 5);
    const next = await calc.tomorrow(new Date('2025-01-10T00:00:00Z'));
    assert.ok(next instanceof Date);
    assert.equal(next.toISOString(), '2025-01-11T00:00:00.000Z');
    const message = await new Promise<string>((resolve) => {
      void calc.notifyLater(resolve);
    });
    assert.equal(message, 'from the host');
  });

  it('rejects on the extension side with what the host threw, status included', async () => {
    const calc = await sdk.getService<{ failing(): Promise<void> }>('test.calculator');
    await assert.rejects(calc.failing(), (e: { message?: string; status?: number }) => e.status === 404 && e.message === 'The document does not exist');
    await assert.rejects(sdk.getService('ms.unknown-service'), (e: { message?: string }) => /does not provide the service/.test(e.message ?? ''));
  });

  it('sends cyclic values as references the SDK resolves', async () => {
    const calc = await sdk.getService<{ cyclic(): Promise<{ name: string; self: unknown }> }>('test.calculator');
    const node = await calc.cyclic();
    assert.equal(node.name, 'root');
    assert.equal(node.self, node);
  });

  it('calls into the extension: a theme change reaches the SDK', async () => {
    const applied = new Promise<unknown>((resolve) => frame.addEventListener('themeApplied', ((e: CustomEvent) => resolve(e.detail)) as Listener));
    await channel.invoke('dispatchEvent', 'DevOps.SdkClient', ['themeChanged', { detail: { data: { 'background-color': 'white' } } }]);
    assert.deepEqual(await applied, { 'background-color': 'white' });
  });
});
