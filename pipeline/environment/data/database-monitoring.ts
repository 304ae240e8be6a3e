import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { isAurora } from '../../../model/config/database-engines';
import { DATA_METRIC_PERIOD, type DataAlarmDefinition } from './data-alarms';
import type { DatabaseProps } from './database';

/** What a Database wraps: an instance or a cluster, new or restored. */
export type DatabaseResource =
  rds.DatabaseInstance | rds.DatabaseInstanceFromSnapshot | rds.DatabaseCluster | rds.DatabaseClusterFromSnapshot;

const GIB = 1024 ** 3;
const { GREATER_THAN_THRESHOLD: ABOVE, LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;

type MetricProps = Pick<DatabaseProps, 'engine' | 'serverless' | 'multiAz' | 'allocatedStorageGiB'>;

function metric(resource: DatabaseResource, name: string, statistic: string): cloudwatch.Metric {
  return resource.metric(name, { statistic, period: DATA_METRIC_PERIOD });
}

/**
 * CPU (or ACU utilization on Serverless v2), connections, free storage (RDS: under 10% of the
 * allocated storage; Aurora: local storage for temporary tables under 2 GiB) and, with an Aurora
 * reader, replica lag over a second.
 */
export function databaseAlarmDefinitions(
  resource: DatabaseResource,
  props: MetricProps & Pick<DatabaseProps, 'connectionsAlarmThreshold'>,
): DataAlarmDefinition[] {
  const aurora = isAurora(props.engine);
  const definitions: DataAlarmDefinition[] = [
    props.serverless
      ? {
          id: 'AcuHigh',
          metric: metric(resource, 'ACUUtilization', 'Average'),
          threshold: 90,
          comparison: ABOVE,
          description: 'Aurora Serverless v2 above 90% of its maximum capacity for 15 minutes: raise maxCapacity',
        }
      : {
          id: 'CpuHigh',
          metric: metric(resource, 'CPUUtilization', 'Average'),
          threshold: 80,
          comparison: ABOVE,
          description: 'Database CPU above 80% for 15 minutes',
        },
    {
      id: 'ConnectionsHigh',
      metric: metric(resource, 'DatabaseConnections', 'Maximum'),
      threshold: props.connectionsAlarmThreshold ?? 100,
      comparison: ABOVE,
      description: 'Database connections above the threshold for 15 minutes: a pool leaks or the class is too small',
    },
    aurora
      ? {
          id: 'FreeLocalStorageLow',
          metric: metric(resource, 'FreeLocalStorage', 'Minimum'),
          threshold: 2 * GIB,
          comparison: BELOW,
          description: 'Aurora local storage (temporary tables, sorts) under 2 GiB',
        }
      : {
          id: 'FreeStorageLow',
          metric: metric(resource, 'FreeStorageSpace', 'Minimum'),
          threshold: 0.1 * (props.allocatedStorageGiB ?? 20) * GIB,
          comparison: BELOW,
          description: 'Database free storage under 10% of the allocated storage',
        },
  ];
  if (aurora && props.multiAz) {
    definitions.push({
      id: 'ReplicaLagHigh',
      metric: metric(resource, 'AuroraReplicaLagMaximum', 'Maximum'),
      threshold: 1000,
      comparison: ABOVE,
      description: 'Aurora reader more than 1 s behind the writer: a failover would lose that much',
    });
  }
  return definitions;
}

/** One dashboard row: CPU or ACU, connections, free storage, replica lag (Aurora with a reader), alarms. */
export function databaseWidgets(
  resource: DatabaseResource,
  props: MetricProps,
  alarms: readonly cloudwatch.IAlarm[],
): cloudwatch.IWidget[] {
  const aurora = isAurora(props.engine);
  const graph = (title: string, metrics: cloudwatch.IMetric[]) =>
    new cloudwatch.GraphWidget({ title, width: 6, left: metrics });
  const widgets: cloudwatch.IWidget[] = [
    props.serverless
      ? graph('Database capacity (ACU)', [
          metric(resource, 'ServerlessDatabaseCapacity', 'Average'),
          metric(resource, 'ACUUtilization', 'Average'),
        ])
      : graph('Database CPU (%)', [metric(resource, 'CPUUtilization', 'Average')]),
    graph('Database connections', [metric(resource, 'DatabaseConnections', 'Maximum')]),
    graph(aurora ? 'Database free local storage (bytes)' : 'Database free storage (bytes)', [
      metric(resource, aurora ? 'FreeLocalStorage' : 'FreeStorageSpace', 'Minimum'),
    ]),
  ];
  if (aurora && props.multiAz) {
    widgets.push(graph('Aurora replica lag (ms)', [metric(resource, 'AuroraReplicaLagMaximum', 'Maximum')]));
  }
  widgets.push(new cloudwatch.AlarmStatusWidget({ title: 'Database alarms', alarms: [...alarms], width: 6 }));
  return widgets;
}
