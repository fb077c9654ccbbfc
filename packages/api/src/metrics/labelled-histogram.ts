import type { Registry } from "prom-client";

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

type MetricValue = { labels: Record<string, string | number>; value: number; metricName?: string };

/**
 * A histogram for the hot path: one Map lookup by a key the caller builds and a few additions
 * per observation. prom-client's own Histogram validates and hashes the label object on every
 * observe (~3 µs measured here, more than the rest of the metrics' cost per request); this one
 * does that work at scrape time. It can also expose its counts as a counter (`_total`), so the
 * request counter and histogram agree by construction. Registered as a prom-client metric.
 */
export class LabelledHistogram {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
  ) {}

  /** Counts one observation of the series `key`; `labels` makes its labels the first time. */
  observe(key: string, labels: () => Record<string, string>, value: number): void {
    let s = this.series.get(key);
    if (!s) {
      s = { labels: labels(), buckets: new Array(this.upperBounds.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    const bounds = this.upperBounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (s.buckets[i] as number)++;
    s.sum += value;
    s.count++;
  }

  /** Registers the histogram, and its counts as a counter named `counterName` if given. */
  register(registry: Registry, counter?: { name: string; help: string }): void {
    registry.registerMetric(this.asHistogram() as never);
    if (counter) registry.registerMetric(this.asCounter(counter.name, counter.help) as never);
  }

  private asHistogram() {
    const get = async () => {
      const values: MetricValue[] = [];
      for (const s of this.series.values()) {
        let cumulative = 0;
        this.upperBounds.forEach((le, i) => {
          cumulative += s.buckets[i] as number;
          values.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
        });
        values.push({
          labels: { ...s.labels, le: "+Inf" },
          value: s.count,
          metricName: `${this.name}_bucket`,
        });
        values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
        values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
      }
      return { name: this.name, help: this.help, type: "histogram", values, aggregator: "sum" };
    };
    return {
      name: this.name,
      help: this.help,
      type: "histogram",
      aggregator: "sum",
      get,
      reset: () => this.series.clear(),
    };
  }

  private asCounter(name: string, help: string) {
    const get = async () => ({
      name,
      help,
      type: "counter",
      aggregator: "sum",
      values: [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count })),
    });
    return { name, help, type: "counter", aggregator: "sum", get, reset: () => {} };
  }
}
