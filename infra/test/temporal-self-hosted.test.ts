/**
 * The self-hosted Temporal option (alur:temporalHosting=self-hosted), synthesized offline: the
 * server and its database in this region, both stores, TLS everywhere a client connects, the Web
 * UI behind the identity provider, least-privilege security groups, backups and alarms, and
 * cdk-nag clean (the synth would fail otherwise).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { secretArnVariable } from '../lib/secrets.js';
import { readSettings } from '../lib/settings.js';
import {
  namespaceSetupScript,
  schemaSetupScript,
  serverStartScript,
  temporalDatabases,
  temporalHistoryShards,
  temporalPorts,
} from '../lib/temporal-self-hosted.js';
import { render } from './support/iam.js';
import { onlyResource, resourcesOfType, synth, type Json, type Synthesized } from './support/synth.js';

const selfHosted = {
  'alur:temporalHosting': 'self-hosted',
  'alur:temporalAddress': 'temporal.alur.solselkab.go.id:7233',
  'alur:temporalNamespace': 'alur',
  'alur:temporalUiDomainName': 'temporal-ui.alur.solselkab.go.id',
  'alur:temporalUiOidcIssuer': 'https://sso.solselkab.go.id/realms/pemda',
  'alur:temporalUiOidcAuthorizationEndpoint': 'https://sso.solselkab.go.id/realms/pemda/protocol/openid-connect/auth',
  'alur:temporalUiOidcTokenEndpoint': 'https://sso.solselkab.go.id/realms/pemda/protocol/openid-connect/token',
  'alur:temporalUiOidcUserInfoEndpoint': 'https://sso.solselkab.go.id/realms/pemda/protocol/openid-connect/userinfo',
  'alur:temporalUiOidcClientId': 'temporal-ui',
};

let s: Synthesized;
beforeAll(() => {
  s = synth(inject('apiBundle').dir, selfHosted);
});
afterAll(() => rmSync(s.outdir, { recursive: true, force: true }));

type Container = Json & { Name: string; Image: string; Environment?: { Name: string; Value: unknown }[]; Secrets?: { Name: string; ValueFrom: unknown }[] };
const taskContainers = (prefix: string): Container[] => {
  const [, task] = resourcesOfType(s.mainJson, 'AWS::ECS::TaskDefinition').find(([id]) => id.startsWith(prefix))!;
  return task.Properties!['ContainerDefinitions'] as Container[];
};
const container = (prefix: string, name: string) => taskContainers(prefix).find((c) => c.Name === name)!;
const envOf = (c: Container) => Object.fromEntries((c.Environment ?? []).map((e) => [e.Name, render(e.Value)]));
const secretsOf = (c: Container) => Object.fromEntries((c.Secrets ?? []).map((e) => [e.Name, render(e.ValueFrom)]));
const logicalId = (prefix: string, type: string) => resourcesOfType(s.mainJson, type).find(([id]) => id.startsWith(prefix))![0];
const secretExport = (env: string) => {
  const id = s.secretsStack.getLogicalId(s.secretsStack.secrets.get(env)!.secret.node.defaultChild as never);
  return new RegExp(`^\\$\\{Import:AlurSecrets:ExportsOutputRef${id}`);
};

describe('self-hosted Temporal: the database', () => {
  it('is Aurora PostgreSQL in isolated subnets, encrypted, TLS only, deleted only through a final snapshot, with 35 days of recovery', () => {
    const [, cluster] = onlyResource(s.mainJson, 'AWS::RDS::DBCluster');
    expect(cluster.Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      BackupRetentionPeriod: 35,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: s.settings.temporalDatabaseMaxCapacity },
    });
    // Snapshot, and no deletion protection: a failed first deploy can roll back (a kept cluster
    // would keep its subnets and the VPC), and deleting the stack leaves a final snapshot.
    expect(cluster.DeletionPolicy).toBe('Snapshot');
    expect(cluster.UpdateReplacePolicy).toBe('Snapshot');
    expect(cluster.Properties!['DeletionProtection']).toBe(false);
    expect(cluster.Properties).not.toHaveProperty('DBClusterIdentifier');
    const [, parameters] = onlyResource(s.mainJson, 'AWS::RDS::DBClusterParameterGroup');
    expect(parameters.Properties!['Parameters']).toEqual({ 'rds.force_ssl': '1' });
    const [, subnets] = onlyResource(s.mainJson, 'AWS::RDS::DBSubnetGroup');
    for (const subnet of subnets.Properties!['SubnetIds'] as unknown[]) expect(render(subnet)).toMatch(/^\$\{Vpcdata/);
    // A writer and a reader in the other zone, to fail over to.
    expect(resourcesOfType(s.mainJson, 'AWS::RDS::DBInstance')).toHaveLength(2);
  });

  it('is copied by AWS Backup with the table, on the same daily and monthly schedule', () => {
    const [, selection] = onlyResource(s.mainJson, 'AWS::Backup::BackupSelection');
    const resources = ((selection.Properties!['BackupSelection'] as Json)['Resources'] as unknown[]).map(render);
    expect(resources).toHaveLength(2);
    expect(resources).toContain(`\${${onlyResource(s.mainJson, 'AWS::DynamoDB::Table')[0]}.Arn}`);
    expect(resources.some((r) => r.includes(`:cluster:\${${onlyResource(s.mainJson, 'AWS::RDS::DBCluster')[0]}}`))).toBe(true);
  });

  it('holds both stores: the schema container creates and migrates persistence and visibility before the server starts', () => {
    const schema = container('TemporalServerTask', 'schema');
    expect(schema.Image).toBe(s.settings.temporalAdminToolsImage);
    expect(schema['Essential']).toBe(false);
    expect(schema['Command']).toEqual([schemaSetupScript]);
    for (const db of Object.values(temporalDatabases)) expect(schemaSetupScript).toContain(`--db ${db} setup-schema -v 0.0`);
    expect(schemaSetupScript).toContain('update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned');
    expect(schemaSetupScript).toContain('update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned');
    expect(secretsOf(schema)['SQL_PASSWORD']).toMatch(/TemporalDatabaseSecret.*:password::$/);
    const server = container('TemporalServerTask', 'server');
    expect(server['DependsOn']).toEqual([{ ContainerName: 'schema', Condition: 'SUCCESS' }]);
    expect(envOf(server)).toMatchObject({
      DB: 'postgres12',
      DBNAME: temporalDatabases.persistence,
      VISIBILITY_DBNAME: temporalDatabases.visibility,
      POSTGRES_TLS_ENABLED: 'true',
      NUM_HISTORY_SHARDS: String(temporalHistoryShards),
    });
  });
});

describe('self-hosted Temporal: the server', () => {
  const host = selfHosted['alur:temporalAddress'].split(':')[0]!;

  it('runs the pinned official image, every service in each of two tasks', () => {
    const server = container('TemporalServerTask', 'server');
    expect(server.Image).toBe('temporalio/server:1.29.7');
    expect(server['Command']).toEqual([serverStartScript]);
    expect(serverStartScript).toMatch(/exec \/etc\/temporal\/entrypoint\.sh$/);
    expect(envOf(server)).not.toHaveProperty('SERVICES');
    const [, service] = resourcesOfType(s.mainJson, 'AWS::ECS::Service').find(([id]) => id.startsWith('TemporalServer'))!;
    expect(service.Properties!['DesiredCount']).toBe(2);
  });

  it('requires TLS and a client certificate from the deployment CA, between services too', () => {
    const server = container('TemporalServerTask', 'server');
    expect(envOf(server)).toMatchObject({
      TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
      TEMPORAL_TLS_INTERNODE_SERVER_NAME: host,
      TEMPORAL_TLS_FRONTEND_SERVER_NAME: host,
    });
    for (const v of [
      'TEMPORAL_TLS_SERVER_CA_CERT',
      'TEMPORAL_TLS_SERVER_CERT',
      'TEMPORAL_TLS_SERVER_KEY',
      'TEMPORAL_TLS_FRONTEND_CERT',
      'TEMPORAL_TLS_FRONTEND_KEY',
      'TEMPORAL_TLS_CLIENT1_CA_CERT',
    ])
      expect(envOf(server)[v], v).toMatch(/^\/tmp\/temporal-tls\//);
    const secrets = secretsOf(server);
    expect(secrets['TLS_CA_PEM']).toMatch(secretExport('TEMPORAL_TLS_SERVER_CA'));
    expect(secrets['TLS_SERVER_CERT_PEM']).toMatch(secretExport('TEMPORAL_SERVER_TLS_CERT'));
    expect(secrets['TLS_SERVER_KEY_PEM']).toMatch(secretExport('TEMPORAL_SERVER_TLS_KEY'));
    expect(serverStartScript).toContain('umask 077');
  });

  it("registers the app's namespace, with its retention, once the frontend answers", () => {
    const namespace = container('TemporalServerTask', 'namespace');
    expect(namespace['Essential']).toBe(false);
    expect(namespace['DependsOn']).toEqual([{ ContainerName: 'server', Condition: 'START' }]);
    expect(envOf(namespace)).toMatchObject({
      ALUR_NAMESPACE: 'alur',
      ALUR_RETENTION_DAYS: String(s.settings.temporalRetentionDays),
      TEMPORAL_TLS_SERVER_NAME: host,
    });
    expect(Object.keys(secretsOf(namespace)).sort()).toEqual(['TEMPORAL_TLS_CA_DATA', 'TEMPORAL_TLS_CERT_DATA', 'TEMPORAL_TLS_KEY_DATA']);
    expect(namespaceSetupScript).toContain('temporal operator namespace describe');
    expect(namespaceSetupScript).toContain('temporal operator namespace create');
  });

  it('is reached on 7233 through an internet-facing network load balancer that passes TLS through', () => {
    const [, listener] = resourcesOfType(s.mainJson, 'AWS::ElasticLoadBalancingV2::Listener').find(([id]) => id.startsWith('TemporalFrontendLoadBalancer'))!;
    expect(listener.Properties).toMatchObject({ Port: temporalPorts.frontend, Protocol: 'TCP' });
    const [, nlb] = resourcesOfType(s.mainJson, 'AWS::ElasticLoadBalancingV2::LoadBalancer').find(([id]) => id.startsWith('TemporalFrontendLoadBalancer'))!;
    expect(nlb.Properties).toMatchObject({ Type: 'network', Scheme: 'internet-facing' });
  });
});

describe('self-hosted Temporal: security groups', () => {
  type Rule = {
    IpProtocol: string;
    FromPort?: number;
    ToPort?: number;
    CidrIp?: string;
    SourceSecurityGroupId?: unknown;
    DestinationSecurityGroupId?: unknown;
  };
  const rulesOf = (prefix: string, kind: 'Ingress' | 'Egress') => {
    const id = logicalId(prefix, 'AWS::EC2::SecurityGroup');
    const [, group] = resourcesOfType(s.mainJson, 'AWS::EC2::SecurityGroup').find(([gid]) => gid === id)!;
    const inline = (group.Properties![kind === 'Ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress'] as Rule[] | undefined) ?? [];
    const separate = resourcesOfType(s.mainJson, `AWS::EC2::SecurityGroup${kind}`)
      .map(([, r]) => r.Properties!)
      .filter((p) => render(p['GroupId']) === `\${${id}.GroupId}`) as Rule[];
    return [...inline, ...separate].map((r) => ({
      ports: `${r.FromPort}-${r.ToPort}`,
      peer: r.CidrIp ?? render(r.SourceSecurityGroupId ?? r.DestinationSecurityGroupId).replace(/^\$\{(\w+?)[0-9A-F]{8}\.GroupId\}$/, '$1'),
    }));
  };

  it('let only the server tasks reach the database, and only on PostgreSQL', () => {
    expect(rulesOf('TemporalDatabaseSecurityGroup', 'Ingress')).toEqual([{ ports: '5432-5432', peer: 'TemporalServerSecurityGroup' }]);
  });

  it('let only the load balancer reach the frontend, and the server tasks reach each other on Temporal ports only', () => {
    expect(rulesOf('TemporalServerSecurityGroup', 'Ingress').sort((a, b) => a.ports.localeCompare(b.ports))).toEqual([
      { ports: '6933-6939', peer: 'TemporalServerSecurityGroup' },
      { ports: '7233-7233', peer: 'TemporalFrontendLoadBalancerSecurityGroup' },
      { ports: '7233-7239', peer: 'TemporalServerSecurityGroup' },
    ]);
    expect(rulesOf('TemporalServerSecurityGroup', 'Egress').sort((a, b) => a.ports.localeCompare(b.ports))).toEqual([
      { ports: '443-443', peer: '0.0.0.0/0' },
      { ports: '5432-5432', peer: 'TemporalDatabaseSecurityGroup' },
      { ports: '6933-6939', peer: 'TemporalServerSecurityGroup' },
      { ports: '7233-7239', peer: 'TemporalServerSecurityGroup' },
    ]);
  });

  it('let the Web UI be reached only through its load balancer', () => {
    expect(rulesOf('TemporalUiSecurityGroup', 'Ingress')).toEqual([{ ports: '8080-8080', peer: 'TemporalUiLoadBalancerSecurityGroup' }]);
    expect(rulesOf('TemporalUiLoadBalancerSecurityGroup', 'Ingress')).toEqual([{ ports: '443-443', peer: '0.0.0.0/0' }]);
  });
});

describe('self-hosted Temporal: the Web UI', () => {
  it('signs people in at the identity provider before forwarding to the UI, the client secret read at deploy time', () => {
    const [, listener] = resourcesOfType(s.mainJson, 'AWS::ElasticLoadBalancingV2::Listener').find(([id]) => id.startsWith('TemporalUiLoadBalancer'))!;
    expect(listener.Properties).toMatchObject({ Port: 443, Protocol: 'HTTPS' });
    const [authenticate, forward] = listener.Properties!['DefaultActions'] as Json[];
    expect(authenticate).toMatchObject({
      Type: 'authenticate-oidc',
      Order: 1,
      AuthenticateOidcConfig: {
        Issuer: selfHosted['alur:temporalUiOidcIssuer'],
        ClientId: 'temporal-ui',
        OnUnauthenticatedRequest: 'authenticate',
      },
    });
    const clientSecret = render((authenticate!['AuthenticateOidcConfig'] as Json)['ClientSecret']);
    expect(clientSecret).toMatch(/^\{\{resolve:secretsmanager:\$\{Import:AlurSecrets:ExportsOutputRefTEMPORALUIOIDCCLIENTSECRET\w+\}:SecretString:::\}\}$/);
    expect(forward).toMatchObject({ Type: 'forward', Order: 2 });
    const [, certificate] = resourcesOfType(s.secretsJson, 'AWS::CertificateManager::Certificate').find(([id]) => id.startsWith('TemporalUiCertificate'))!;
    expect(certificate.Properties).toMatchObject({ DomainName: selfHosted['alur:temporalUiDomainName'], ValidationMethod: 'DNS' });
  });

  it('connects to the frontend with the client certificate and checks the server name', () => {
    const ui = container('TemporalUiTask', 'ui');
    expect(ui.Image).toBe(s.settings.temporalUiImage);
    expect(envOf(ui)).toMatchObject({
      TEMPORAL_ADDRESS: selfHosted['alur:temporalAddress'],
      TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
      TEMPORAL_AUTH_ENABLED: 'false',
    });
    expect(Object.keys(secretsOf(ui)).sort()).toEqual(['TEMPORAL_TLS_CA_DATA', 'TEMPORAL_TLS_CERT_DATA', 'TEMPORAL_TLS_KEY_DATA']);
  });
});

describe('self-hosted Temporal: the engine as its client', () => {
  it("gives the API and the worker the server's address and the CA to trust, as secrets", () => {
    const [, fn] = onlyResource(s.mainJson, 'AWS::Lambda::Function');
    const apiEnv = ((fn.Properties!['Environment'] as Json)['Variables'] as Record<string, unknown>) ?? {};
    expect(apiEnv['TEMPORAL_ADDRESS']).toBe(selfHosted['alur:temporalAddress']);
    expect(render(apiEnv[secretArnVariable('TEMPORAL_TLS_SERVER_CA')])).toMatch(secretExport('TEMPORAL_TLS_SERVER_CA'));
    const worker = container('WorkerTask', 'worker');
    expect(envOf(worker)['TEMPORAL_ADDRESS']).toBe(selfHosted['alur:temporalAddress']);
    expect(secretsOf(worker)['TEMPORAL_TLS_SERVER_CA']).toMatch(secretExport('TEMPORAL_TLS_SERVER_CA'));
    // The server's own certificate and key never reach the engine.
    for (const env of ['TEMPORAL_SERVER_TLS_CERT', 'TEMPORAL_SERVER_TLS_KEY', 'TEMPORAL_UI_OIDC_CLIENT_SECRET']) {
      expect(secretsOf(worker), env).not.toHaveProperty(env);
      expect(apiEnv, env).not.toHaveProperty(secretArnVariable(env));
    }
  });
});

describe('self-hosted Temporal: the first deploy', () => {
  it('starts the workers only once the Temporal server service is stable', () => {
    const [, worker] = resourcesOfType(s.mainJson, 'AWS::ECS::Service').find(([id]) => id.startsWith('Worker'))!;
    const serverService = logicalId('TemporalServer', 'AWS::ECS::Service');
    expect((worker as { DependsOn?: string[] }).DependsOn).toContain(serverService);
  });
});

describe('self-hosted Temporal: alarms and retries', () => {
  it('alarm when no server task runs, the frontend is unhealthy, or the database is saturated', () => {
    const names = resourcesOfType(s.mainJson, 'AWS::CloudWatch::Alarm')
      .map(([id]) => id)
      .filter((id) => id.startsWith('AlarmsTemporal'))
      .map((id) => id.replace(/^Alarms/, '').replace(/[0-9A-F]{8}$/, ''))
      .sort();
    expect(names).toEqual(['TemporalDatabaseBusy', 'TemporalDatabaseCpuHigh', 'TemporalFrontendUnhealthy', 'TemporalServerNotRunning']);
  });

  it('keeps nothing under a fixed name after a rolled-back create', () => {
    // A name of its own (a literal), not a reference to another resource's generated one.
    const naming = ['TableName', 'Name', 'LogGroupName', 'DBClusterIdentifier', 'DBInstanceIdentifier', 'DBSubnetGroupName', 'DBClusterParameterGroupName'];
    const offenders = Object.entries(s.mainJson.Resources).flatMap(([id, r]) =>
      r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'Snapshot'
        ? naming.filter((n) => typeof r.Properties?.[n] === 'string').map((n) => `${id}.${n}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it('acknowledges every cdk-nag finding it has with its rule and a reason', () => {
    const found = s.app.node
      .findAll()
      .filter((c) => c.node.path.includes('/Temporal/'))
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
          .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
      );
    expect(found.map((a) => a.id)).toEqual(
      expect.arrayContaining(['AwsSolutions::AwsSolutions-RDS6', 'AwsSolutions::AwsSolutions-ELB2', 'AwsSolutions::AwsSolutions-EC23']),
    );
    for (const a of found) expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
  });
});

describe('self-hosted Temporal: settings', () => {
  const ctx = (overrides: Record<string, string>) => (key: string) =>
    ({
      'alur:alarmEmail': 'it@solselkab.go.id',
      'alur:domainName': 'alur.solselkab.go.id',
      'alur:authJwksUrl': 'https://sso.solselkab.go.id/jwks',
      ...selfHosted,
      ...overrides,
    })[key];

  it('require the Web UI host name and every OIDC endpoint', () => {
    expect(() => readSettings(ctx({ 'alur:temporalUiDomainName': '' }))).toThrow(/alur:temporalUiDomainName is required/);
    expect(() => readSettings(ctx({ 'alur:temporalUiOidcTokenEndpoint': '' }))).toThrow(/alur:temporalUiOidcTokenEndpoint is required/);
  });

  it('require mTLS, and refuse a Temporal Cloud address', () => {
    expect(() => readSettings(ctx({ 'alur:temporalTls': 'false' }))).toThrow(/alur:temporalTls must be true/);
    expect(() => readSettings(ctx({ 'alur:temporalAddress': 'ns.acct.tmprl.cloud:7233' }))).toThrow(/is Temporal Cloud/);
  });

  it('refuse an unknown hosting', () => {
    expect(() => readSettings(ctx({ 'alur:temporalHosting': 'on-premises' }))).toThrow(/alur:temporalHosting must be cloud or self-hosted/);
  });
});
