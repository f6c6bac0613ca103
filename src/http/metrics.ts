import type { Context, Next } from 'koa';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  decisions: Counter<'outcome'>;
}

export function createMetrics(opts: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'eligibility_decisions_total',
      help: 'Release-eligibility decisions answered to users, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

export function metricsMiddleware(m: Metrics) {
  return async function measure(ctx: Context, next: Next): Promise<void> {
    const end = m.httpDuration.startTimer({ method: ctx.method });
    try {
      await next();
    } finally {
      const matched: unknown = ctx.state.routeTemplate;
      end({ route: typeof matched === 'string' ? matched : 'unmatched', status: String(ctx.status) });
    }
  };
}
