/**
 * What an operator is told about, and the one dashboard that shows it. Alarms go to an SNS topic
 * with a required e-mail subscription:
 * - the worker: no task running, crashing (ECS says the container exited by itself), not able to
 *   poll Temporal, memory near its limit, tasks waiting for a worker (Temporal's
 *   schedule-to-start latency, from the SDK's metrics exported by the collector beside it);
 * - activities and email: log metric filters on the worker's log group, and SES bounce and
 *   complaint rates;
 * - the API: REST API 5xx, Lambda errors and throttles (and, on the dashboard, what WAF blocked);
 * - the table: throttled reads or writes.
 *
 * The log patterns are CloudWatch filter-pattern terms (case-sensitive; `?` = any of). Each is
 * checked in test/log-patterns.test.ts against what the worker's libraries really print.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FrontDoor } from './front-door.js';

/**
 * The awslogs driver starts a new log event at each line that begins with this timestamp, so a
 * multi-line entry (the SDK prints the failing error and its stack on the lines after
 * "Activity failed") stays one event. Both the SDK's logger (`2026-11-29T02:40:37.354Z [WARN] …`)
 * and Temporal Core's (`2026-11-29T02:41:51.786927Z  WARN …`, with NO_COLOR=1) begin with it.
 */
export const workerLogDatetimeFormat = '%Y-%m-%dT%H:%M:%S';

export interface LogPattern {
  /** Metric name (namespace `Alur/<stack>`). */
  metric: string;
  /** CloudWatch Logs filter pattern. */
  pattern: string;
  /** Where the matched text comes from. */
  source: string;
}

const anyOf = (...terms: string[]) => terms.map((t) => `?"${t}"`).join(' ');

/** Email failure markers: nodemailer's SMTP error codes (as `util.inspect` prints them) and the engine's permanent failure. */
export const nodemailerErrorCodes = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'EPROTOCOL'] as const;

export const workerLogPatterns = {
  activityFailures: {
    metric: 'ActivityFailures',
    pattern: '"Activity failed"',
    source: "@temporalio/worker (lib/activity.js): every failed activity attempt is logged at WARN as 'Activity failed' with the error",
  },
  emailFailures: {
    metric: 'EmailFailures',
    pattern: anyOf('email refused permanently', 'PermanentMailError', ...nodemailerErrorCodes.map((c) => `code: '${c}'`)),
    source:
      "mail/mailer.ts: an SMTP 5xx becomes PermanentMailError, which the activities log ('email refused permanently') and fail with (a non-retryable ApplicationFailure of that type); other SMTP failures are nodemailer errors whose code the 'Activity failed' entry prints",
  },
  pollErrors: {
    metric: 'WorkerPollErrors',
    pattern: anyOf('poll_workflow_task_queue retried', 'poll_activity_task_queue retried', 'Error while polling', 'error from server while polling'),
    source:
      "Temporal Core (Rust), printed to stdout: 'gRPC call poll_workflow_task_queue retried N times error=…' while the server cannot be reached; 'Error while polling …' on other poll failures",
  },
} as const satisfies Record<string, LogPattern>;

/** The Temporal SDK metrics the collector publishes (lib/worker-metrics.ts), by name. */
export const temporalMetricNames = {
  workflowTaskScheduleToStart: 'temporal_workflow_task_schedule_to_start_latency',
  activityScheduleToStart: 'temporal_activity_schedule_to_start_latency',
  slotsAvailable: 'temporal_worker_task_slots_available',
  stickyCacheSize: 'temporal_sticky_cache_size',
} as const;

/** An alarm another construct defines, notified and shown like the others. */
export interface AlarmDefinition {
  name: string;
  description: string;
  props: Omit<cloudwatch.AlarmProps, 'alarmDescription'>;
}

/** Tasks waiting this long for a worker (ms, the SDK's unit) mean the workers cannot keep up or are not polling. */
export const scheduleToStartAlarmMs = 60_000;

export interface AlarmsProps {
  /** Namespace of the worker's log metrics. */
  namespace: string;
  /** Namespace of the Temporal SDK's metrics (the collector's). */
  temporalNamespace: string;
  taskQueue: string;
  alarmEmail: string;
  workerLogGroup: logs.ILogGroup;
  workerCluster: ecs.ICluster;
  workerService: ecs.FargateService;
  frontDoor: FrontDoor;
  api: lambda.IFunction;
  tableName: string;
  dashboardName: string;
  /** More alarms (the self-hosted Temporal's), on the same topic and dashboard. */
  moreAlarms?: readonly AlarmDefinition[];
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  readonly crashRule: events.Rule;
  readonly dashboard: cloudwatch.Dashboard;
  /** The longest a workflow or activity task waited for a worker in a period (ms): scaling reads it too. */
  readonly scheduleToStart: (period: Duration) => cloudwatch.IMetric;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'alur alarms', enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const action = new cwActions.SnsAction(this.topic);

    const metrics: Record<keyof typeof workerLogPatterns, (period: Duration) => cloudwatch.IMetric> = {} as never;
    for (const [key, p] of Object.entries(workerLogPatterns) as [keyof typeof workerLogPatterns, LogPattern][]) {
      const filter = new logs.MetricFilter(this, `${p.metric}Filter`, {
        logGroup: props.workerLogGroup,
        filterPattern: logs.FilterPattern.literal(p.pattern),
        metricNamespace: props.namespace,
        metricName: p.metric,
        metricValue: '1',
        defaultValue: 0,
      });
      metrics[key] = (period) => filter.metric({ statistic: cloudwatch.Stats.SUM, period });
    }

    const add = (name: string, description: string, alarmProps: Omit<cloudwatch.AlarmProps, 'alarmDescription'>) => {
      const alarm = new cloudwatch.Alarm(this, name, { alarmDescription: description, ...alarmProps });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms[name] = alarm;
    };
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const quietWhenMissing = cloudwatch.TreatMissingData.NOT_BREACHING;

    // ---- The worker ------------------------------------------------------------------------
    // No running worker task: ECS publishes the service's CPU once a minute per running task;
    // no data at all means no task (missing data counts as breaching).
    add('WorkerNotRunning', 'No worker task has been running for 5 minutes: nothing polls Temporal, no workflow moves.', {
      metric: props.workerService.metricCpuUtilization({ statistic: cloudwatch.Stats.SAMPLE_COUNT, period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // A crash is a task whose essential container exited by itself (an error at start, a bad
    // secret, a refused certificate, out of memory), as opposed to one ECS stopped for a deploy
    // or scale-in. ECS reports it as an event whatever the process printed, so this also catches
    // a crash before the first log line. Each crash is mailed with ECS's reason; three in 15
    // minutes (a crash loop) is an alarm.
    this.crashRule = new events.Rule(this, 'WorkerCrashed', {
      description: 'A worker task stopped by itself (its container exited): crash, bad configuration, out of memory',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [props.workerCluster.clusterArn],
          lastStatus: ['STOPPED'],
          stopCode: ['EssentialContainerExited', 'TaskFailedToStart'],
        },
      },
    });
    this.crashRule.addTarget(
      new targets.SnsTopic(this.topic, {
        message: events.RuleTargetInput.fromText(
          `alur: a worker task stopped by itself (${events.EventField.fromPath('$.detail.stopCode')}): ${events.EventField.fromPath('$.detail.stoppedReason')}. Task ${events.EventField.fromPath('$.detail.taskArn')}; its log is in the worker log group.`,
        ),
      }),
    );
    add(
      'WorkerCrashLoop',
      'Worker tasks stopped by themselves 3 or more times in 15 minutes: it is crash-looping (configuration, secret, certificate, memory).',
      {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'TriggeredRules',
          dimensionsMap: { RuleName: this.crashRule.ruleName },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(15),
        }),
        threshold: 3,
        comparisonOperator: atLeast,
        evaluationPeriods: 1,
        treatMissingData: quietWhenMissing,
      },
    );
    add('WorkerNotPolling', 'The worker has failed to poll Temporal for 15 minutes (Temporal unreachable, certificate, network).', {
      metric: metrics.pollErrors(Duration.minutes(5)),
      threshold: 1,
      comparisonOperator: atLeast,
      evaluationPeriods: 3,
      treatMissingData: quietWhenMissing,
    });
    add('WorkerMemoryHigh', 'A worker task has used 85 % or more of its memory for 15 minutes: lower WORKER_MAX_CACHED_WORKFLOWS or give it more memory.', {
      metric: props.workerService.metricMemoryUtilization({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(5) }),
      threshold: 85,
      comparisonOperator: atLeast,
      evaluationPeriods: 3,
      treatMissingData: quietWhenMissing,
    });
    const temporalMetric = (metricName: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: props.temporalNamespace,
        metricName,
        dimensionsMap: { task_queue: props.taskQueue },
        statistic: cloudwatch.Stats.MAXIMUM,
        period,
        // No unit: an alarm that names one sees only data published with exactly that unit, and
        // the collector's unit for these histograms is the SDK's to choose.
      });
    this.scheduleToStart = (period) =>
      new cloudwatch.MathExpression({
        expression: 'MAX([workflowTask, activity])',
        label: 'schedule-to-start latency (ms, max)',
        usingMetrics: {
          workflowTask: temporalMetric(temporalMetricNames.workflowTaskScheduleToStart, period),
          activity: temporalMetric(temporalMetricNames.activityScheduleToStart, period),
        },
        period,
      });
    add(
      'TasksWaitingForWorker',
      `Workflow or activity tasks waited ${scheduleToStartAlarmMs / 1000} s or more for a worker, in each of 3 periods of 5 minutes: workers are saturated or not polling.`,
      {
        metric: this.scheduleToStart(Duration.minutes(5)),
        threshold: scheduleToStartAlarmMs,
        comparisonOperator: atLeast,
        evaluationPeriods: 3,
        treatMissingData: quietWhenMissing,
      },
    );

    // ---- Activities and email --------------------------------------------------------------
    add(
      'ActivityFailures',
      '5 or more activity attempts failed in 15 minutes (DynamoDB, SMTP, or a bug); Temporal retries them, so look before they pile up.',
      {
        metric: metrics.activityFailures(Duration.minutes(15)),
        threshold: 5,
        comparisonOperator: atLeast,
        evaluationPeriods: 1,
        treatMissingData: quietWhenMissing,
      },
    );
    add('EmailFailures', 'An email failed to send in the last 5 minutes (SMTP refused it, or the relay is unreachable or refuses the credentials).', {
      metric: metrics.emailFailures(Duration.minutes(5)),
      threshold: 1,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });
    // SES reviews an account at a 5 % bounce rate or a 0.1 % complaint rate (and may pause its
    // sending at 10 % and 0.5 %): alarm when a review starts, so the roster's addresses get fixed.
    const sesRate = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) });
    add('EmailBounces', 'The SES bounce rate reached 5 % (SES reviews the account there): check the roster for wrong addresses.', {
      metric: sesRate('Reputation.BounceRate'),
      threshold: 0.05,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });
    add('EmailComplaints', 'The SES complaint rate reached 0.1 % (SES reviews the account there): someone marks the emails as spam.', {
      metric: sesRate('Reputation.ComplaintRate'),
      threshold: 0.001,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });

    // ---- The API ---------------------------------------------------------------------------
    add('Api5xx', 'The API answered 3 or more 5xx in 5 minutes (a 503 from /health means a dependency is down).', {
      metric: props.frontDoor.restApi.metricServerError({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 3,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });
    add('ApiErrors', 'The API function failed (an unhandled error, a timeout or a crash at start) in the last 5 minutes.', {
      metric: props.api.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });
    add('ApiThrottles', 'Lambda refused to run the API function (concurrency limit) in the last 5 minutes: requests were lost.', {
      metric: props.api.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });

    // ---- The table -------------------------------------------------------------------------
    const tableMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: props.tableName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      });
    add('TableThrottled', 'DynamoDB throttled reads or writes of the table in the last 5 minutes (requests were retried or failed).', {
      metric: new cloudwatch.MathExpression({
        expression: 'reads + writes',
        label: 'throttle events',
        usingMetrics: { reads: tableMetric('ReadThrottleEvents'), writes: tableMetric('WriteThrottleEvents') },
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: atLeast,
      evaluationPeriods: 1,
      treatMissingData: quietWhenMissing,
    });

    for (const more of props.moreAlarms ?? []) add(more.name, more.description, more.props);

    // ---- One dashboard ---------------------------------------------------------------------
    const five = Duration.minutes(5);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'alur alarms', alarms: Object.values(this.alarms), width: 24, height: 4 })],
        [
          new cloudwatch.GraphWidget({
            title: 'API: requests, 5xx, function errors and throttles',
            left: [
              props.frontDoor.restApi.metricCount({ period: five }),
              props.frontDoor.restApi.metricServerError({ period: five }),
              props.api.metricErrors({ period: five }),
              props.api.metricThrottles({ period: five }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'API: latency (p99, ms) and requests WAF blocked',
            left: [props.frontDoor.restApi.metricLatency({ period: five, statistic: 'p99' })],
            right: [
              props.frontDoor.metricBlocked('LinkRequestsPerClient', five),
              props.frontDoor.metricBlocked('SignInRequestsPerClient', five),
              props.frontDoor.metricBlocked('ALL', five),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Worker: CPU and memory (%)',
            left: [
              props.workerService.metricCpuUtilization({ period: five }),
              props.workerService.metricMemoryUtilization({ period: five, statistic: 'Maximum' }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({ title: 'Temporal: schedule-to-start latency (ms)', left: [this.scheduleToStart(five)], width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Activities, email, polling (count)',
            left: [metrics.activityFailures(five), metrics.emailFailures(five), metrics.pollErrors(five)],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'DynamoDB: consumed capacity and throttles',
            left: [tableMetric('ConsumedReadCapacityUnits'), tableMetric('ConsumedWriteCapacityUnits')],
            right: [tableMetric('ReadThrottleEvents'), tableMetric('WriteThrottleEvents')],
            width: 12,
          }),
        ],
      ],
    });
  }
}
