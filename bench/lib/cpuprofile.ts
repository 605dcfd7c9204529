/**
 * Reads V8 CPU profiles (node --cpu-prof) and says where the time went: self time by package
 * or source folder, and the busiest functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function categoryOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /\/(activities|api|store|mail|workflows|domain|security|config|worker|bench|dev)\//.exec(url);
  if (m) return `alur ${m[1]}/`;
  if (url.includes('workflow-bundle')) return 'workflow bundle (sandbox)';
  return url.replace(/^file:\/\//, '').slice(-60);
}

export interface ProfileSummary {
  seconds: number;
  byCategory: [string, number, string][];
  byFunction: [string, number, string][];
}

/** Merges every profile in `dir` into self-time shares. */
export function summarizeProfiles(dir: string, top = 15): ProfileSummary | null {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    // Self time per node from the samples and their time deltas (microseconds).
    const self = new Map<number, number>();
    for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
    for (const [id, us] of self) {
      const n = nodes.get(id);
      if (!n) continue;
      const { functionName, url, lineNumber } = n.callFrame;
      if (functionName === '(idle)') continue;
      total += us;
      const cat = categoryOf(url, functionName);
      byCategory.set(cat, (byCategory.get(cat) ?? 0) + us);
      const fname = `${functionName || '(anonymous)'} ${cat}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(fname, (byFunction.get(fname) ?? 0) + us);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => [k, us / 1e6, `${((100 * us) / total).toFixed(1)} %`] as [string, number, string]);
  return { seconds: total / 1e6, byCategory: rows(byCategory), byFunction: rows(byFunction) };
}
