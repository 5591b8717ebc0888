import type { Platform } from '../platform.js';

/** What every API plugin receives from buildHttpApp. */
export interface ApiPluginOptions {
  platform: Platform;
  artifactLimitBytes: number;
}
