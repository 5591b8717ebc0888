import { SlipwayError, deploymentVariants, isSlipwayError } from '@slipway/core';
import type { DeploymentSpec, ModelVersion, ResolvedModel, VariantId } from '@slipway/core';

/** Resolves `models:/` URIs; the RegistryService. */
export interface ModelUriResolver {
  resolveModelUri(uri: string): Promise<ModelVersion>;
}

/** The registry version every variant of the spec points at now; errors name the variant. */
export async function resolveVariants(
  models: ModelUriResolver,
  spec: DeploymentSpec,
): Promise<Record<VariantId, ResolvedModel>> {
  const resolved: Record<VariantId, ResolvedModel> = {};
  await Promise.all(
    deploymentVariants(spec.policy).map(async (variant) => {
      try {
        const version = await models.resolveModelUri(variant.model);
        resolved[variant.id] = { name: version.name, version: version.version };
      } catch (err) {
        throw new SlipwayError({
          code: isSlipwayError(err) ? err.code : 'INTERNAL',
          message: `Deployment '${spec.name}', ${variant.id}: cannot resolve ${variant.model}: ${err instanceof Error ? err.message : String(err)}`,
          cause: err,
        });
      }
    }),
  );
  return resolved;
}
