import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DATA_METRIC_PERIOD, type DataAlarmDefinition } from './data-alarms';
import type { CacheProps } from './cache';

const { GREATER_THAN_THRESHOLD: ABOVE } = cloudwatch.ComparisonOperator;

type MonitoredCache = Pick<CacheProps, 'identifier'> &
  ({ readonly mode: 'serverless' } | { readonly mode: 'nodes'; readonly replicas: number });

function metric(dimensions: Record<string, string>, name: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ElastiCache',
    metricName: name,
    dimensionsMap: dimensions,
    statistic,
    period: DATA_METRIC_PERIOD,
  });
}

/** Per member of a replication group (`<id>-001` is the first; the primary can move on failover). */
function members(cache: MonitoredCache): Record<string, string>[] {
  if (cache.mode === 'serverless') return [{ clusterId: cache.identifier }];
  return Array.from({ length: cache.replicas + 1 }, (_, i) => ({
    CacheClusterId: `${cache.identifier}-${String(i + 1).padStart(3, '0')}`,
  }));
}

/**
 * Nodes: engine CPU over 80%, memory over 80% and any sustained evictions, per member. Serverless sizes
 * itself, so the signals are evictions (it reached its limits) and throttled commands.
 */
export function cacheAlarmDefinitions(cache: MonitoredCache): DataAlarmDefinition[] {
  return members(cache).flatMap((dimensions, index) => {
    const suffix = cache.mode === 'serverless' ? '' : String(index + 1);
    const evictions: DataAlarmDefinition = {
      id: `Evictions${suffix}`,
      metric: metric(dimensions, 'Evictions', 'Sum'),
      threshold: 0,
      comparison: ABOVE,
      description: 'The cache evicts keys: it is full, and a queue on it loses jobs',
    };
    if (cache.mode === 'serverless') {
      return [
        evictions,
        {
          id: 'Throttled',
          metric: metric(dimensions, 'ThrottledCmds', 'Sum'),
          threshold: 0,
          comparison: ABOVE,
          description: 'The serverless cache throttles commands: it is scaling or at its limits',
        },
      ];
    }
    return [
      {
        id: `EngineCpuHigh${suffix}`,
        metric: metric(dimensions, 'EngineCPUUtilization', 'Average'),
        threshold: 80,
        comparison: ABOVE,
        description: 'Cache engine CPU above 80% for 15 minutes (the engine thread is single-threaded per shard)',
      },
      {
        id: `MemoryHigh${suffix}`,
        metric: metric(dimensions, 'DatabaseMemoryUsagePercentage', 'Maximum'),
        threshold: 80,
        comparison: ABOVE,
        description: 'Cache memory above 80% for 15 minutes: evictions follow',
      },
      evictions,
    ];
  });
}

/** One row: hits and misses, evictions, CPU (or ECPUs) and memory, alarm status. */
export function cacheWidgets(cache: MonitoredCache, alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IWidget[] {
  const all = members(cache);
  const graph = (title: string, name: string, statistic: string) =>
    new cloudwatch.GraphWidget({
      title,
      width: 6,
      left: all.map((d) => metric(d, name, statistic).with({ label: Object.values(d)[0] })),
    });
  return [
    new cloudwatch.GraphWidget({
      title: 'Cache hits / misses',
      width: 6,
      left: all.map((d) => metric(d, 'CacheHits', 'Sum').with({ label: `hits ${Object.values(d)[0]}` })),
      right: all.map((d) => metric(d, 'CacheMisses', 'Sum').with({ label: `misses ${Object.values(d)[0]}` })),
    }),
    graph('Cache evictions', 'Evictions', 'Sum'),
    cache.mode === 'serverless'
      ? graph('Cache ECPUs', 'ElastiCacheProcessingUnits', 'Sum')
      : graph('Cache engine CPU (%)', 'EngineCPUUtilization', 'Average'),
    new cloudwatch.AlarmStatusWidget({ title: 'Cache alarms', alarms: [...alarms], width: 6 }),
  ];
}
