import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the stack a function belongs to: a package, a Cordon feature folder, or Node itself. */
function category(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1]) return pkg[1];
  const src = /\/(src\/[^/]+)\//.exec(url);
  if (src?.[1]) return src[1];
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? 'internal' : url.slice(5)}`;
  return url.replace(/^file:\/\/\/work\/main\//, '');
}

export interface ProfileSummary {
  sampledMs: number;
  byCategory: { name: string; ms: number; share: number }[];
  byFunction: { name: string; ms: number; share: number }[];
}

/**
 * Self time per category and per function from a V8 .cpuprofile, counting only samples inside [fromUs, toUs]
 * (monotonic microseconds, the clock V8 and process.hrtime share on Linux).
 */
export function summariseProfile(dir: string, fromUs: number, toUs: number): ProfileSummary {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let inWindow = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) continue;
    const id = profile.samples[i] ?? 0;
    const next = profile.timeDeltas[i + 1] ?? delta;
    self.set(id, (self.get(id) ?? 0) + next);
    inWindow += next;
  }
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const cat = category(node);
    cats.set(cat, (cats.get(cat) ?? 0) + us);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\/\/work\/main\//, '')}:${lineNumber + 1}` : '';
    const fn = `${functionName || '(anonymous)'} ${where}`.trim();
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  }
  const rank = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: Math.round((us / Math.max(1, inWindow)) * 1000) / 10,
      }));
  return { sampledMs: Math.round(inWindow / 1000), byCategory: rank(cats, 14), byFunction: rank(fns, 20) };
}
