import type { RegistryTables } from './schema-registry.js';
import type { TrackingTables } from './schema-tracking.js';

/** Every table Slipway keeps in its SQL backend, for Kysely's type checking. */
export interface SlipwaySchema extends TrackingTables, RegistryTables {}
