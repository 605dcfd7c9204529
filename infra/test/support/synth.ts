/** Synthesizes the app the way `cdk synth` does (cdk.json context), into a temporary folder. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, cdkJsonContext, type BuiltApp } from '../../lib/app.js';

export type Json = Record<string, unknown>;
export interface Resource {
  Type: string;
  Properties?: Json;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface TemplateJson {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

export interface Synthesized extends BuiltApp {
  outdir: string;
  assembly: CloudAssembly;
  main: Template;
  secrets: Template;
  mainJson: TemplateJson;
  secretsJson: TemplateJson;
  /** Every file the assembly wrote, for searching. */
  assetManifest: {
    files: Record<string, { source: { path: string } }>;
    dockerImages: Record<string, { source: { directory: string; dockerFile?: string; dockerBuildArgs?: Record<string, string>; platform?: string } }>;
  };
}

/** Context overrides on top of cdk.json; the example placeholders are allowed. */
export function synth(apiBundleDir: string, overrides: Record<string, string> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'alur-cdk-out-'));
  const built = buildApp({ apiBundleDir, appProps: { outdir, context: { ...cdkJsonContext(), 'alur:allowPlaceholders': 'true', ...overrides } } });
  const assembly = built.app.synth();
  const main = Template.fromStack(built.stack);
  const secrets = Template.fromStack(built.secretsStack);
  const assetManifest = JSON.parse(readFileSync(join(outdir, `${built.stack.artifactId}.assets.json`), 'utf8')) as Synthesized['assetManifest'];
  return { ...built, outdir, assembly, main, secrets, mainJson: main.toJSON() as TemplateJson, secretsJson: secrets.toJSON() as TemplateJson, assetManifest };
}

export function resourcesOfType(t: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

export function onlyResource(t: TemplateJson, type: string): [string, Resource] {
  const found = resourcesOfType(t, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}
