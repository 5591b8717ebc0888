import { z } from 'zod';

/** What every named schema of the native API carries; `id` becomes its OpenAPI component name. */
export interface ContractSchemaMeta {
  id: string;
  description?: string;
}

/**
 * The schemas that appear as named components in the OpenAPI document. A registry of our own (not
 * zod's global one) so that other code registering schemas cannot leak into the document.
 */
export const contractRegistry = z.registry<ContractSchemaMeta>();
