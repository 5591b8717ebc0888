/** Tables of experiment tracking (experiments, runs, params, tags, metrics, dataset inputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TrackingTables {}
