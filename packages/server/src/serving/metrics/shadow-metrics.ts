import type { Counter, Gauge } from 'prom-client';

type CounterChild = ReturnType<Counter<string>['labels']>;
type GaugeChild = ReturnType<Gauge<string>['labels']>;

export interface ShadowMetricFamilies {
  comparisons: Counter<'deployment'>;
  agreements: Counter<'deployment'>;
  absoluteDifference: Counter<'deployment'>;
  errors: Counter<'deployment'>;
  agreementRatio: Gauge<'deployment'>;
  meanAbsoluteDifference: Gauge<'deployment'>;
}

/**
 * Primary-versus-challenger comparisons of one shadow deployment. The gauges hold the ratios since
 * the process started; the counters let PromQL compute them over any window
 * (`rate(agreements) / rate(comparisons)`).
 */
export class ShadowMetrics {
  private comparisonCount = 0;
  private agreementCount = 0;
  private differenceSum = 0;
  private readonly comparisons: CounterChild;
  private readonly agreements: CounterChild;
  private readonly absoluteDifference: CounterChild;
  private readonly errors: CounterChild;
  private readonly agreementRatio: GaugeChild;
  private readonly meanAbsoluteDifference: GaugeChild;

  constructor(
    private readonly families: ShadowMetricFamilies,
    readonly deployment: string,
  ) {
    this.comparisons = families.comparisons.labels(deployment);
    this.agreements = families.agreements.labels(deployment);
    this.absoluteDifference = families.absoluteDifference.labels(deployment);
    this.errors = families.errors.labels(deployment);
    this.agreementRatio = families.agreementRatio.labels(deployment);
    this.meanAbsoluteDifference = families.meanAbsoluteDifference.labels(deployment);
  }

  /** One compared request: whether the outputs agreed, and their mean absolute difference. */
  record(agreed: boolean, absoluteDifference: number): void {
    this.comparisonCount += 1;
    this.comparisons.inc();
    if (agreed) {
      this.agreementCount += 1;
      this.agreements.inc();
    }
    if (Number.isFinite(absoluteDifference) && absoluteDifference >= 0) {
      this.differenceSum += absoluteDifference;
      this.absoluteDifference.inc(absoluteDifference);
    }
    this.agreementRatio.set(this.agreementCount / this.comparisonCount);
    this.meanAbsoluteDifference.set(this.differenceSum / this.comparisonCount);
  }

  /** The challenger failed (its failures never reach the response, but they are counted). */
  recordError(): void {
    this.errors.inc();
  }

  remove(): void {
    for (const family of Object.values(this.families) as (
      Counter<'deployment'> | Gauge<'deployment'>
    )[]) {
      family.remove(this.deployment);
    }
  }
}
