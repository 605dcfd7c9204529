/**
 * What an operator is told about: alarms on the worker (not running, crash-looping, not able to
 * poll Temporal), on activities and email (log metric filters on the worker's log group), and on
 * the API (HTTP API 5xx). Temporal Cloud's own metrics (poll success, schedule-to-start latency)
 * are not in CloudWatch, so "worker not polling" is read from what the worker itself shows:
 * the ECS service's task count and the SDK's poll-failure log lines.
 *
 * The log patterns are CloudWatch filter-pattern terms (case-sensitive; `?` = any of). Each is
 * checked in test/log-patterns.test.ts against what the worker's libraries really print.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

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
  workerStarts: {
    metric: 'WorkerStarts',
    pattern: '"worker polling task queue"',
    source: 'worker/main.ts prints it once per start, after the worker connected to Temporal',
  },
} as const satisfies Record<string, LogPattern>;

export interface AlarmsProps {
  namespace: string;
  alarmEmail: string | null;
  workerLogGroup: logs.ILogGroup;
  workerService: ecs.FargateService;
  httpApi: apigwv2.HttpApi;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'alur alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
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

    // No running worker task: ECS publishes the service's CPU once a minute per running task;
    // no data at all means no task (missing data counts as breaching).
    add('WorkerNotRunning', 'No worker task has been running for 5 minutes: nothing polls Temporal, no workflow moves.', {
      metric: props.workerService.metricCpuUtilization({ statistic: cloudwatch.Stats.SAMPLE_COUNT, period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    add('WorkerRestarting', 'The worker started 3 or more times in 15 minutes: it is crash-looping (bad secret or configuration, Temporal refusing it).', {
      metric: metrics.workerStarts(Duration.minutes(15)),
      threshold: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add('WorkerNotPolling', 'The worker has failed to poll Temporal for 15 minutes (Temporal unreachable, certificate, network).', {
      metric: metrics.pollErrors(Duration.minutes(5)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add(
      'ActivityFailures',
      '5 or more activity attempts failed in 15 minutes (DynamoDB, SMTP, or a bug); Temporal retries them, so look before they pile up.',
      {
        metric: metrics.activityFailures(Duration.minutes(15)),
        threshold: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    add('EmailFailures', 'An email failed to send in the last 5 minutes (SMTP refused it, or the relay is unreachable or refuses the credentials).', {
      metric: metrics.emailFailures(Duration.minutes(5)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    add('Api5xx', 'The API answered 3 or more 5xx in 5 minutes (a 503 from /health means a dependency is down).', {
      metric: props.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
      threshold: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
