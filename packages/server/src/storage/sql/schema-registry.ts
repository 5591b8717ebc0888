/** Tables of the model registry (models, versions, tags, aliases, history). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegistryTables {}
