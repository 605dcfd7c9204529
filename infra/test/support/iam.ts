/** Reading IAM out of a synthesized template: every statement, and what each resource is. */
import type { Json, Resource, TemplateJson } from './synth.js';

export interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
  Sid?: string;
}

export interface FoundStatement {
  /** Logical id of the policy (or role, for inline policies). */
  policy: string;
  /** Logical ids of the roles it applies to. */
  roles: string[];
  statement: Statement;
}

const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && 'Ref' in v ? String(v.Ref) : undefined);

/** Every identity-policy statement: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and roles' inline policies. */
export function allStatements(t: TemplateJson): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = ((p['Roles'] as unknown[] | undefined) ?? []).map(refOf).filter((x): x is string => !!x);
      for (const statement of ((p['PolicyDocument'] as Json)['Statement'] as Statement[]) ?? []) found.push({ policy: id, roles, statement });
    }
    if (r.Type === 'AWS::IAM::Role') {
      for (const inline of (p['Policies'] as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []) {
        for (const statement of inline.PolicyDocument.Statement) found.push({ policy: id, roles: [id], statement });
      }
    }
  }
  return found;
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A CloudFormation value as a readable string: `${Logical.Attr}`, `${Ref}`, `${Import:Name}`. */
export function render(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Json;
    if ('Ref' in o) return `\${${String(o['Ref'])}}`;
    if ('Fn::GetAtt' in o) return `\${${(o['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if ('Fn::Sub' in o) return String(o['Fn::Sub']);
    if ('Fn::ImportValue' in o) return `\${Import:${render(o['Fn::ImportValue'])}}`;
  }
  return JSON.stringify(v);
}

export interface Classifier {
  tableId: string;
  /** Export name → configuration name of the secret behind it. */
  secretExports: Map<string, string>;
  resources: Record<string, Resource>;
}

/** What a statement's resource is, in words the test can compare: `table`, `indexes`, `secret:SMTP_URL`, ... */
export function classify(resource: unknown, c: Classifier): string {
  const s = render(resource);
  if (s === `\${${c.tableId}.Arn}`) return 'table';
  const index = new RegExp(String.raw`^\$\{${c.tableId}\.Arn\}/index/(\w+)$`).exec(s);
  if (index) return `index:${index[1]}`;
  const imported = /^\$\{Import:(.+)\}$/.exec(s);
  if (imported) {
    const env = c.secretExports.get(imported[1]!);
    return env ? `secret:${env}` : `unknown import ${imported[1]}`;
  }
  // The region is the stacks' own: a literal (alur:region) or, environment-agnostic, a pseudo parameter.
  const region = String.raw`(?:\$\{AWS::Region\}|[a-z]{2}(?:-[a-z]+)+-\d)`;
  const ses = new RegExp(String.raw`^arn:\$\{AWS::Partition\}:ses:${region}:\$\{AWS::AccountId\}:identity\/(.+)$`).exec(s);
  if (ses) return `ses-identity:${ses[1]}`;
  const getAtt = /^\$\{([A-Za-z0-9]+)\.Arn\}$/.exec(s);
  if (getAtt && c.resources[getAtt[1]!]?.Type === 'AWS::Logs::LogGroup') return `log-group:${getAtt[1]}`;
  if (
    new RegExp(
      String.raw`^arn:\$\{AWS::Partition\}:ecr:(${region}):\$\{AWS::AccountId\}:repository/cdk-hnb659fds-container-assets-\$\{AWS::AccountId\}-\1$`,
    ).test(s)
  )
    return 'cdk-container-assets-repository';
  if (s === '*') return '*';
  return `unrecognised ${s}`;
}

/** Export name → the secret (by configuration name) it exports, from the secrets stack. */
export function secretExportMap(secretsJson: TemplateJson, logicalIdToEnv: Map<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const output of Object.values(secretsJson.Outputs ?? {})) {
    const ref = refOf(output.Value);
    if (output.Export && ref && logicalIdToEnv.has(ref)) map.set(output.Export.Name, logicalIdToEnv.get(ref)!);
  }
  return map;
}
