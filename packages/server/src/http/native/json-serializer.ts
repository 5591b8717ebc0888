/**
 * JSON has no NaN or Infinity, and metric values may be either; they go out as the strings "NaN",
 * "Infinity" and "-Infinity" (MLflow's convention, and what the contract's wire numbers accept).
 */
export function serializeNativeJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}
