import { z } from 'zod';
import { parseModelUri } from '../domain/model-uri.js';
import type { ModelReference } from '../domain/model-uri.js';

const EXPECTED =
  'must be a model URI: models:/<name>/<version>, models:/<name>@<alias> or models:/<name>/latest';

/** Parses a model reference of a deployment spec, or undefined when it is not one a deployment takes. */
function referenceOf(uri: string): ModelReference | undefined {
  try {
    return parseModelUri(uri);
  } catch {
    return undefined;
  }
}

/**
 * A registry reference a deployment role points at. Stage URIs (`models:/fraud/Production`) parse as
 * MLflow model URIs but are refused here: stages are deprecated in MLflow and a deployment that
 * follows one would change silently when someone moves a stage.
 */
export const modelRefSchema = z.string({ error: EXPECTED }).superRefine((uri, ctx) => {
  const ref = referenceOf(uri);
  if (ref === undefined) {
    ctx.addIssue({ code: 'custom', message: `${EXPECTED} (got '${uri}')` });
  } else if (ref.kind === 'stage') {
    ctx.addIssue({
      code: 'custom',
      message: `names the stage '${ref.stage}'; stages are deprecated, use an alias (models:/${ref.name}@champion) or a version (models:/${ref.name}/3)`,
    });
  }
});
