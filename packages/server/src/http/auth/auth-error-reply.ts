import type { SlipwayError } from '@slipway/core';
import { mlflowErrorFor } from '../mlflow/mlflow-errors.js';

export interface AuthErrorReply {
  contentType: string;
  body: string;
}

/**
 * A refused request in the error shape of the API it was sent to: native `{error: {...}}`,
 * MLflow and MLflow scoring `{error_code, message}`, the inference protocol `{error}`, and plain
 * text for /metrics.
 */
export function authErrorReply(path: string, err: SlipwayError): AuthErrorReply {
  const json = (value: unknown) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(value),
  });
  if (path.startsWith('/api/v1/') && !path.endsWith('/invocations')) {
    return json({ error: { code: err.code, message: err.message, details: err.details ?? {} } });
  }
  if (path.startsWith('/v2/') || path === '/v2') return json({ error: err.message });
  if (
    path.startsWith('/api/2.0/') ||
    path.startsWith('/ajax-api/2.0/') ||
    path.endsWith('/invocations') ||
    path.startsWith('/get-artifact') ||
    path.startsWith('/model-versions/get-artifact')
  ) {
    const [code] = mlflowErrorFor(err.code);
    return json({ error_code: code, message: err.message });
  }
  return { contentType: 'text/plain; charset=utf-8', body: `${err.message}\n` };
}
