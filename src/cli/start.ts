// Builds and starts the servers from a FlashbackConfig: the default applications (live, vod), user applications
// from the apps folder and the config, and the RTMP listener.
import {
  createLiveApplication,
  createServer,
  createVodApplication,
  type ApplicationDefinition,
  type FlashbackServer,
  type ListenAddress,
  type Logger,
  type StreamEventHandler,
} from '../server/index.js';
import { LiveStreamHandler } from '../server/live/index.js';
import { listAppModules, loadAppModule } from './app-loader.js';
import type { FlashbackConfig } from './config.js';

export interface RunningFlashback {
  readonly rtmp: FlashbackServer;
  readonly rtmpAddress: ListenAddress;
  readonly applications: readonly string[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Overrides the stream handler (the live/VOD one once wired; tests). */
  readonly streamHandler?: StreamEventHandler;
}

/** The applications a configuration asks for, in precedence order (later replaces earlier with the same name). */
export async function resolveApplications(config: FlashbackConfig, logger: Logger): Promise<ApplicationDefinition[]> {
  const apps: ApplicationDefinition[] = [
    createLiveApplication({ publishKey: config.applications.live?.publishKey }),
    createVodApplication(),
  ];
  if (config.apps !== undefined) {
    for (const file of listAppModules(config.apps)) {
      const loaded = await loadAppModule(file, { options: {}, mediaDir: config.media });
      for (const app of loaded) logger.info({ app: app.name, module: file }, 'application loaded');
      apps.push(...loaded);
    }
  }
  for (const [name, entry] of Object.entries(config.applications)) {
    if (entry.module === undefined) {
      if (name !== 'live' && name !== 'vod') logger.warn({ app: name }, 'application entry without module ignored');
      continue;
    }
    const loaded = await loadAppModule(entry.module, { options: entry.options ?? {}, mediaDir: config.media });
    for (const app of loaded) logger.info({ app: app.name, module: entry.module }, 'application loaded');
    apps.push(...loaded);
  }
  return apps;
}

export async function startFlashback(config: FlashbackConfig, options: StartOptions): Promise<RunningFlashback> {
  const { logger } = options;
  const applications = await resolveApplications(config, logger);
  const rtmp = createServer({
    host: config.host,
    port: config.rtmpPort,
    mediaDir: config.media,
    applications,
    logger,
    limits: config.limits,
    session: config.rtmp,
    streamHandler: options.streamHandler ?? new LiveStreamHandler({ ...config.live, logger }),
  });
  const rtmpAddress = await rtmp.listen();
  const names = [...new Map(applications.map((a) => [a.name.toLowerCase(), a.name])).values()];
  logger.info({ rtmp: rtmpAddress, applications: names, media: config.media }, 'flashback started');
  return {
    rtmp,
    rtmpAddress,
    applications: names,
    close: () => rtmp.close(),
  };
}
