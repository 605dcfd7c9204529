/**
 * The Temporal SDK's metrics, from the worker to CloudWatch: the worker exports them over
 * OTLP/HTTP (worker/telemetry.ts, `WORKER_METRICS_OTLP_URL`) to an AWS Distro for OpenTelemetry
 * collector in the same task, which writes them as CloudWatch embedded-metric log events; CloudWatch
 * turns those into metrics (namespace `Alur/<stack>/Temporal`, dimension `task_queue`). The
 * alarms, the dashboard and the worker's scaling read them.
 *
 * The collector only listens on the task's loopback interface: nothing outside the task reaches it.
 */
import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { temporalMetricNames } from './observability.js';

/** Where the worker sends its metrics (the collector's OTLP/HTTP receiver, inside the task). */
export const workerMetricsUrl = 'http://127.0.0.1:4318/v1/metrics';

/** The collector's configuration (JSON is YAML, which the collector reads from AOT_CONFIG_CONTENT). */
export function collectorConfig(options: { namespace: string; logGroupName: string; region: string }) {
  return {
    receivers: { otlp: { protocols: { http: { endpoint: '127.0.0.1:4318' } } } },
    processors: { batch: { timeout: '60s' } },
    exporters: {
      awsemf: {
        namespace: options.namespace,
        log_group_name: options.logGroupName,
        log_stream_name: 'worker-{TaskId}',
        region: options.region,
        dimension_rollup_option: 'NoDimensionRollup',
        // Only what alarms, scaling and the dashboard read becomes a metric (each costs money).
        metric_declarations: [{ dimensions: [['task_queue']], metric_name_selectors: Object.values(temporalMetricNames).map((n) => `^${n}$`) }],
      },
    },
    service: { pipelines: { metrics: { receivers: ['otlp'], processors: ['batch'], exporters: ['awsemf'] } } },
  };
}

export interface WorkerMetricsProps {
  task: ecs.FargateTaskDefinition;
  namespace: string;
  collectorImage: string;
  retention: logs.RetentionDays;
  collectorLogGroup: logs.ILogGroup;
}

export class WorkerMetrics extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: WorkerMetricsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.retention });
    const config = collectorConfig({ namespace: props.namespace, logGroupName: this.logGroup.logGroupName, region: Stack.of(this).region });
    this.container = props.task.addContainer('metrics', {
      image: ecs.ContainerImage.fromRegistry(props.collectorImage),
      // Losing metrics must not stop the worker.
      essential: false,
      memoryReservationMiB: 64,
      environment: { AOT_CONFIG_CONTENT: Stack.of(this).toJsonString(config) },
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.collectorLogGroup, streamPrefix: 'metrics-collector' }),
    });
    // The embedded-metric log events go to this group only.
    props.task.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WorkerMetricsLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }
}
