export { loadServerConfig, serverConfigSchema } from './config/config.js';
export type { ServerConfig, ServerConfigInput } from './config/config.js';
export { buildHttpApp } from './http/build-app.js';
export type { HttpOptions } from './http/build-app.js';
export { openPlatform } from './platform.js';
export type { Platform, PlatformConfig } from './platform.js';
export { serveUntilSignal, startServer } from './server.js';
export type { RunningServer } from './server.js';
export { upgradeDatabase } from './storage/sql/upgrade-database.js';
