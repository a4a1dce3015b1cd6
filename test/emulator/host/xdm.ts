/**
 * The host end of the extension SDK's XDM channel: JSON-RPC over `postMessage` between the
 * host page and the extension's iframe.
 *
 * Protocol (as azure-devops-extension-sdk speaks it):
 * - a request is `{id, methodName, instanceId, instanceContext, params, serializationSettings,
 *   handshakeToken}`; `instanceId` names a registered object (`DevOps.HostControl`,
 *   `DevOps.ServiceManager`, or `__proxyFunctions` for callbacks), an empty `methodName` asks
 *   for the object itself;
 * - a reply is `{id, result}` or `{id, error}` and must echo the requester's handshake token:
 *   the SDK accepts nothing from its parent until a message carries the token it sent;
 * - values are JSON with three escapes: functions become `{__proxyFunctionId, _channelId}`
 *   (the other side calls `proxy{id}` on `__proxyFunctions`), dates `{__proxyDate: ms}`, and
 *   cycles `{__circularReference: n}` pointing at an object marked `__circularReferenceId: n`.
 *   Properties starting with `_` are not sent unless `includeUnderscoreProperties` is set.
 *
 * Written against the protocol, DOM-free (the page supplies `postMessage`), so it is testable in
 * Node against the SDK's own channel.
 */

export interface MessageSink {
  postMessage(message: string, targetOrigin: string): void;
}

interface SerializationSettings {
  includeUnderscoreProperties?: boolean;
}

export interface XdmMessage {
  id: number;
  methodName?: string;
  instanceId?: string;
  instanceContext?: unknown;
  params?: unknown[];
  result?: unknown;
  error?: unknown;
  handshakeToken?: string;
  serializationSettings?: SerializationSettings;
}

type AnyFunction = (...args: unknown[]) => unknown;
type Registered = object | ((context: unknown) => object | Promise<object>);

const MAX_DEPTH = 100;
const PROXY_FUNCTIONS = '__proxyFunctions';

export class HostChannel {
  private readonly objects = new Map<string, Registered>();
  private readonly proxyFunctions: Record<string, AnyFunction> = {};
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextMessageId = 1;
  private nextProxyId = 1;
  private nextCircularId = 1;
  private handshakeToken: string | undefined;

  constructor(
    private readonly target: MessageSink,
    private readonly targetOrigin: string,
    private readonly channelId = 1,
  ) {}

  /** Exposes an object (or a factory taking the caller's instance context) to the content frame. */
  register(instanceId: string, instance: Registered): void {
    this.objects.set(instanceId, instance);
  }

  /** True once the content frame has introduced itself with its handshake token. */
  get connected(): boolean {
    return this.handshakeToken !== undefined;
  }

  /**
   * Handles `event.data` of a message the page has already checked comes from the content
   * frame. Returns false when it is not an XDM message for this channel.
   */
  receive(data: unknown): boolean {
    if (typeof data !== 'string') return false;
    let message: XdmMessage;
    try {
      message = JSON.parse(data) as XdmMessage;
    } catch {
      return false;
    }
    if (!message || typeof message !== 'object' || typeof message.id !== 'number') return false;
    if (message.instanceId) {
      if (message.handshakeToken) this.handshakeToken = message.handshakeToken;
      void this.dispatch(message);
      return true;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return false;
    this.pending.delete(message.id);
    if (message.error) waiting.reject(this.deserialize(message.error));
    else waiting.resolve(this.deserialize(message.result));
    return true;
  }

  /** Calls a method of an object the content frame registered (e.g. `DevOps.SdkClient`). */
  invoke(methodName: string, instanceId: string, params: unknown[] = [], instanceContext?: unknown, settings?: SerializationSettings): Promise<unknown> {
    const id = this.nextMessageId++;
    const message: XdmMessage = {
      id, methodName, instanceId, instanceContext,
      params: this.serialize(params, settings) as unknown[],
      serializationSettings: settings,
      handshakeToken: this.handshakeToken,
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(message);
    });
  }

  private async dispatch(request: XdmMessage): Promise<void> {
    try {
      const instance = await this.lookup(request.instanceId as string, request.instanceContext);
      if (!instance) throw new Error(`The registered object ${request.instanceId} could not be found.`);
      if (!request.methodName) {
        this.reply(request, { result: this.serialize(instance, request.serializationSettings) });
        return;
      }
      const method = (instance as Record<string, unknown>)[request.methodName];
      if (typeof method !== 'function') throw new Error(`RPC method not found: ${request.methodName}`);
      const args = request.params ? (this.deserialize(request.params) as unknown[]) : [];
      const result = await (method as AnyFunction).apply(instance, args);
      this.reply(request, { result: this.serialize(result, request.serializationSettings) });
    } catch (e) {
      // A falsy error would be taken for success by the SDK, so always send an object.
      this.reply(request, { error: this.serialize(errorObject(e), request.serializationSettings) ?? { message: 'Error' } });
    }
  }

  private async lookup(instanceId: string, context: unknown): Promise<object | undefined> {
    if (instanceId === PROXY_FUNCTIONS) return this.proxyFunctions;
    const registered = this.objects.get(instanceId);
    if (typeof registered === 'function') return (registered as (c: unknown) => object | Promise<object>)(context);
    return registered;
  }

  private reply(request: XdmMessage, payload: { result?: unknown; error?: unknown }): void {
    this.send({ id: request.id, ...payload, handshakeToken: request.handshakeToken });
  }

  private send(message: XdmMessage): void {
    this.target.postMessage(JSON.stringify(message), this.targetOrigin);
  }

  /* ------------------------------------------------------------------ serialisation */

  serialize(value: unknown, settings?: SerializationSettings): unknown {
    return this.serializeValue(value, undefined, settings, new Map(), 1);
  }

  private serializeValue(
    value: unknown, owner: object | undefined, settings: SerializationSettings | undefined,
    ancestors: Map<object, Record<string, unknown>>, depth: number,
  ): unknown {
    if (typeof value === 'function') {
      const id = this.nextProxyId++;
      const fn = value as AnyFunction;
      this.proxyFunctions[`proxy${id}`] = (...args: unknown[]) => fn.apply(owner, args);
      return { __proxyFunctionId: id, _channelId: this.channelId };
    }
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return { __proxyDate: value.getTime() };
    if (depth > MAX_DEPTH) return undefined;
    const seen = ancestors.get(value);
    if (seen) {
      seen.__circularReferenceId ??= this.nextCircularId++;
      return { __circularReference: seen.__circularReferenceId };
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      ancestors.set(value, copy as unknown as Record<string, unknown>);
      for (const item of value) copy.push(this.serializeValue(item, value, settings, ancestors, depth + 1));
      ancestors.delete(value);
      return copy;
    }
    const copy: Record<string, unknown> = {};
    ancestors.set(value, copy);
    for (const key of propertyNames(value)) {
      if (key === '__proxyFunctionId') continue;
      if (key.startsWith('_') && !settings?.includeUnderscoreProperties) continue;
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      copy[key] = this.serializeValue(member, value, settings, ancestors, depth + 1);
    }
    ancestors.delete(value);
    return copy;
  }

  deserialize(value: unknown, circular = new Map<number, object>()): unknown {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.deserialize(value[i], circular);
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    const v = value as Record<string, unknown>;
    if (typeof v.__proxyFunctionId === 'number') {
      const name = `proxy${v.__proxyFunctionId}`;
      return (...args: unknown[]) => this.invoke(name, PROXY_FUNCTIONS, args, {}, { includeUnderscoreProperties: true });
    }
    if (typeof v.__proxyDate === 'number') return new Date(v.__proxyDate);
    if (typeof v.__circularReference === 'number') return circular.get(v.__circularReference);
    if (typeof v.__circularReferenceId === 'number') {
      circular.set(v.__circularReferenceId, v);
      delete v.__circularReferenceId;
    }
    for (const key of Object.keys(v)) v[key] = this.deserialize(v[key], circular);
    return v;
  }
}

/** Own and inherited property names (methods of classes included), as the SDK sends objects. */
function propertyNames(obj: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/** Errors travel as plain objects: what the REST clients put on them (status, serverError) included. */
function errorObject(e: unknown): Record<string, unknown> {
  if (e instanceof Error) {
    return { ...(e as unknown as Record<string, unknown>), name: e.name, message: e.message, stack: e.stack };
  }
  if (e && typeof e === 'object') return { ...(e as Record<string, unknown>) };
  return { message: String(e) };
}
