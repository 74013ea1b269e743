// Public API of the CLI layer (for embedding the same startup in other programs).
export { loadConfig, mergeConfig, parseConfigText, ConfigError, type FlashbackConfig, type ApplicationConfig, type ConfigFlags, type LogLevel } from './config.js';
export { startFlashback, resolveApplications, type RunningFlashback, type StartOptions } from './start.js';
export { loadAppModule, listAppModules, AppLoadError, type AppModuleContext } from './app-loader.js';
export { createLogger } from './logger.js';
