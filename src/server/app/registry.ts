// The applications a server offers and their live instances. Application names are matched case-insensitively
// (FMS on Windows, and what users type); onAppStart runs once per instance before any onConnect, and onAppStop
// when the instance empties.
import { join } from 'node:path';
import type { AmfEncodeOptions } from '../../amf/index.js';
import type { ApplicationDefinition } from '../application.js';
import { ServerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type BroadcastCodec, createBroadcastCodec } from './broadcast.js';
import { ServerInstance } from './instance.js';

export interface RegistryOptions {
  /** AMF encode options of broadcasts: pass the sessions' `amfEncode` so both write typed objects alike. Defaults
   * to none (the default class registry), as the sessions' own default. */
  readonly amfEncode?: Omit<AmfEncodeOptions, 'amf3'>;
}

export interface ApplicationStats {
  readonly name: string;
  readonly instances: ReadonlyArray<{ readonly name: string; readonly clients: number }>;
}

const APP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Application names become folder names (`<media>/<app>/`): letters, digits, `_.-`, no `..`, at most 128. */
export function isApplicationName(name: unknown): name is string {
  return typeof name === 'string' && APP_NAME.test(name) && !name.includes('..');
}

export class ApplicationRegistry {
  private readonly apps = new Map<string, ApplicationDefinition>();
  /** Instances by key, with their onAppStart (settled once started). */
  private readonly instances = new Map<string, { readonly inst: ServerInstance; readonly started: Promise<void> }>();
  /** Started instances (onAppStart done), for stats. */
  private readonly running = new Map<string, ServerInstance>();

  /** Encodes every instance's broadcasts; undefined: the instances' process-wide default. */
  private readonly codec: BroadcastCodec | undefined;

  constructor(
    private readonly mediaDir: string,
    private readonly logger: Logger,
    options: RegistryOptions = {},
  ) {
    this.codec = options.amfEncode === undefined ? undefined : createBroadcastCodec(options.amfEncode);
  }

  /** Adds an application; a later one with the same name replaces an earlier one (config overrides defaults). */
  register(app: ApplicationDefinition): void {
    if (!isApplicationName(app?.name)) {
      throw new ServerError('SERVER_ERR_CONFIG', `bad application name '${String(app?.name)}'`);
    }
    this.apps.set(app.name.toLowerCase(), app);
  }

  get(name: string): ApplicationDefinition | undefined {
    return this.apps.get(name.toLowerCase());
  }

  get names(): string[] {
    return [...this.apps.values()].map((a) => a.name);
  }

  /** Every application with its running instances and their accepted clients. */
  stats(): ApplicationStats[] {
    return [...this.apps.values()].map((app) => ({
      name: app.name,
      instances: [...this.running.values()]
        .filter((i) => i.application === app)
        .map((i) => ({ name: i.name, clients: i.clients.size })),
    }));
  }

  /** The instance, created (and onAppStart awaited) on first use; takes a reference the caller must release. */
  async acquire(app: ApplicationDefinition, instanceName: string): Promise<ServerInstance> {
    const key = `${app.name.toLowerCase()}/${instanceName}`;
    let entry = this.instances.get(key);
    if (entry === undefined) {
      const inst = new ServerInstance(app, instanceName, join(this.mediaDir, app.name), this.codec);
      const started = (async () => {
        await app.onAppStart?.(inst);
        this.running.set(key, inst);
        this.logger.info({ app: app.name, instance: instanceName }, 'instance started');
      })();
      entry = { inst, started };
      this.instances.set(key, entry);
      // A failed onAppStart is retried by the next connect.
      started.catch(() => this.instances.delete(key));
    }
    // The reference is taken before waiting: a release by another client meanwhile must not stop the instance
    // this caller is about to join.
    entry.inst.refs++;
    try {
      await entry.started;
    } catch (err) {
      entry.inst.refs--;
      throw err;
    }
    return entry.inst;
  }

  /** Drops a reference; the last one stops the instance. */
  release(inst: ServerInstance): void {
    if (--inst.refs > 0) return;
    const key = `${inst.application.name.toLowerCase()}/${inst.name}`;
    this.instances.delete(key);
    this.running.delete(key);
    this.logger.info({ app: inst.application.name, instance: inst.name }, 'instance stopped');
    try {
      const r = inst.application.onAppStop?.(inst);
      if (r instanceof Promise) r.catch((err: unknown) => this.logger.error({ err, app: inst.application.name }, 'onAppStop failed'));
    } catch (err) {
      this.logger.error({ err, app: inst.application.name }, 'onAppStop failed');
    }
  }
}
