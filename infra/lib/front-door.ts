/**
 * The front door of the API: a regional API Gateway REST API on the regency's own host name, with
 * a regional AWS WAF web ACL in the same region (Jakarta). An HTTP API cannot take a WAF web ACL;
 * a REST API can, and keeps everything in the region, where CloudFront's WAF and certificate would
 * have to live in us-east-1 (infra/README.md, "The front door").
 *
 * The WAF counts requests per client address across every Lambda instance (the engine's own
 * limiter, api/rate-limit.ts, counts per instance): one bucket per client for the emailed links
 * and one for sign-in, then AWS's managed rule groups against common attacks.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * REST API access log fields. Not the path: `/act/<token>` and `/masuk/<token>` carry an emailed
 * link's token, which must not sit in a log anyone with log access could read and use.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatencyMs: '$context.integration.latency',
  integrationError: '$context.integration.error',
  // WAF_ALLOW, WAF_BLOCK (a rate rule or a managed rule refused the request), WAF_FAILED.
  waf: '$context.waf.status',
};

/** The stage the custom domain maps to; it never appears in a path people see. */
export const apiStageName = 'live';

/** How long WAF counts a client's requests before comparing them to a rule's limit. */
export const rateWindowSeconds = 300;

/** The paths each rate rule counts (URI path, starts with). */
export const rateLimitedPaths = {
  /** Emailed action links: /act/<token> (api/routes/act.ts). */
  links: '/act/',
  /** Sign-in: the page, the emailed sign-in links, SSO (api/web/sign-in.tsx). */
  signIn: '/masuk',
} as const;

/** AWS managed rule groups, in order; SizeRestrictions_BODY only counts (the roster import and long proposals exceed its 8 KB). */
export const managedRuleGroups = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/** The page a client over a rate limit sees (formal Indonesian: officials read it). */
export const tooManyRequestsPage =
  '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Terlalu banyak permintaan</title></head>' +
  '<body><h1>Terlalu banyak permintaan</h1><p>Terlalu banyak permintaan dari alamat jaringan Anda dalam beberapa menit terakhir. ' +
  'Silakan coba kembali dalam lima menit. Bila ini terus terjadi, hubungi Diskominfo.</p></body></html>';

export interface FrontDoorProps {
  apiName: string;
  handler: lambda.IFunction;
  domainName: string;
  certificate: acm.ICertificate;
  accessLogRetention: logs.RetentionDays;
  /** Stage throttling over all clients: requests per second, burst. */
  rateLimit: number;
  burstLimit: number;
  /** Requests per client address per 5 minutes, by rule. */
  linkRequestsPerClient: number;
  signInRequestsPerClient: number;
}

export class FrontDoor extends Construct {
  readonly restApi: apigw.LambdaRestApi;
  readonly domain: apigw.DomainName;
  readonly webAcl: wafv2.CfnWebACL;
  readonly accessLogs: logs.LogGroup;
  /** WAF's metrics name a web ACL and its rules by these names (their visibility configuration). */
  private readonly metricPrefix: string;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    this.metricPrefix = props.apiName.replace(/[^A-Za-z0-9]/g, '');
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention });

    this.restApi = new apigw.LambdaRestApi(this, 'Api', {
      restApiName: props.apiName,
      description: 'alur REST API (every path goes to the Lambda; Hono routes inside)',
      handler: props.handler,
      proxy: true,
      // No test-invoke permissions: only the deployed stage may invoke the function.
      integrationOptions: { allowTestInvoke: false },
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // Only the regency's own host name answers: links and people never see execute-api.
      disableExecuteApiEndpoint: true,
      // Every body passes through untouched: the function gets it base64-encoded and answers
      // binary responses (icons, downloads) base64-encoded, which API Gateway decodes.
      binaryMediaTypes: ['*/*'],
      // API Gateway writes access logs through the region's account setting, which needs this role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: apiStageName,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify(accessLogFields)),
        metricsEnabled: true,
        // No execution log: at INFO it records paths and headers (link tokens, bearer tokens).
        loggingLevel: apigw.MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
      },
    });
    this.domain = new apigw.DomainName(this, 'Domain', {
      // Host names are case-insensitive; API Gateway takes them in lower case only.
      domainName: props.domainName.toLowerCase(),
      certificate: props.certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    this.domain.addBasePathMapping(this.restApi, { stage: this.restApi.deploymentStage });

    const stage = this.restApi.deploymentStage;
    Validations.of(stage).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG6',
      reason:
        'Execution logging is off on purpose: at INFO it records request paths and headers, that is emailed link tokens and bearer tokens. The access log (without paths) and the function log say what happened.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG2',
      reason:
        'The function validates every request itself (api/validation.ts, zod schemas) and answers bad input with a problem document; a proxy API has no models to validate against.',
    });
    for (const method of this.restApi.methods) {
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason:
            'The app authorizes every request itself (api/auth.ts: bearer tokens verified against the identity provider; emailed links by their HMAC token), and some routes are public by design: /health, the link pages, /v1/commitments/:hash verification.',
        },
        {
          id: 'AwsSolutions::AwsSolutions-COG4',
          reason:
            'People sign in with the regency identity provider (OIDC) or an emailed link, not a Cognito user pool; the app verifies the tokens (api/auth.ts).',
        },
      );
    }
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account setting for the region (one role, used by API Gateway itself to write access logs); AWS's own policy for it is the one API Gateway documents.",
      });
    }

    this.webAcl = this.createWebAcl(props);
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: stage.stageArn, webAclArn: this.webAcl.attrArn });
  }

  private createWebAcl(props: FrontDoorProps): wafv2.CfnWebACL {
    // No sampled requests: the console would show their paths, emailed link tokens included.
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: this.metricName(name),
      sampledRequestsEnabled: false,
    });
    const rateRule = (name: string, priority: number, limit: number, pathPrefix: string): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: {
        block: {
          customResponse: {
            responseCode: 429,
            customResponseBodyKey: 'tooManyRequests',
            responseHeaders: [{ name: 'Retry-After', value: String(rateWindowSeconds) }],
          },
        },
      },
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: rateWindowSeconds,
          // One bucket per client: the address that connected to API Gateway.
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'STARTS_WITH',
              searchString: pathPrefix,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
      },
      visibilityConfig: visibility(name),
    });
    const managedRule = (name: (typeof managedRuleGroups)[number], priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(name === 'AWSManagedRulesCommonRuleSet' ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    return new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: `alur front door in ${Stack.of(this).region}: per-client rate limits on links and sign-in, AWS managed rules`,
      defaultAction: { allow: {} },
      customResponseBodies: { tooManyRequests: { contentType: 'TEXT_HTML', content: tooManyRequestsPage } },
      rules: [
        rateRule('LinkRequestsPerClient', 0, props.linkRequestsPerClient, rateLimitedPaths.links),
        rateRule('SignInRequestsPerClient', 1, props.signInRequestsPerClient, rateLimitedPaths.signIn),
        ...managedRuleGroups.map((name, i) => managedRule(name, 10 + i)),
      ],
      visibilityConfig: visibility('WebAcl'),
    });
  }

  private metricName(ruleOrAcl: string): string {
    return `${this.metricPrefix}${ruleOrAcl}`;
  }

  /** Requests WAF blocked, by rule name (`ALL`: the whole web ACL). */
  metricBlocked(rule: string, period = Duration.minutes(5)): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: this.metricName('WebAcl'), Region: Stack.of(this).region, Rule: rule === 'ALL' ? 'ALL' : this.metricName(rule) },
      statistic: cloudwatch.Stats.SUM,
      period,
    });
  }
}
