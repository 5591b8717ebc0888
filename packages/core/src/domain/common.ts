/** Key/value tag, as MLflow models them on experiments, runs, registered models and versions. */
export interface Tag {
  key: string;
  value: string;
}

export type LifecycleStage = 'active' | 'deleted';

/** Which lifecycle stages a search returns (MLflow's ViewType). */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** One page of results; `offset`-based paging is wrapped into opaque tokens by the services. */
export interface Page<T> {
  items: T[];
  /** Present when more results exist: the offset of the next page. */
  nextOffset?: number;
}

/** Who did something and when (milliseconds since the epoch). */
export interface Audit {
  actor: string;
  time: number;
}
