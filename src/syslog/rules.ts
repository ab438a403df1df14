import { fromGeneric, genericAlertSchema, type NormalizedAlert } from '../alerts/index.ts';
import type { Routing } from '../policy/schema.ts';
import { SYSLOG_SEVERITY_NAMES, type SyslogMessage } from './parse.ts';

type SyslogRule = Routing['syslog']['rules'][number];
interface Compiled {
  rule: SyslogRule;
  appName: RegExp | null;
  hostname: RegExp | null;
  message: RegExp;
}

const compiledByVersion = new Map<number, Compiled[]>();

function compile(version: number, rules: SyslogRule[]): Compiled[] {
  let out = compiledByVersion.get(version);
  if (!out) {
    out = rules.map((rule) => ({
      rule,
      appName: rule.match.appName ? new RegExp(rule.match.appName, 'u') : null,
      hostname: rule.match.hostname ? new RegExp(rule.match.hostname, 'iu') : null,
      message: new RegExp(rule.match.message, 'u'),
    }));
    compiledByVersion.set(version, out);
  }
  return out;
}

const render = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => vars[name] ?? '');

export type RuleResult =
  | { kind: 'alert'; rule: string; alert: NormalizedAlert }
  | { kind: 'no-rule' }
  | { kind: 'invalid'; rule: string; message: string };

/**
 * The policy's syslog parse rules (routing.syslog.rules), first match wins: named groups of the patterns
 * and the message's own fields fill the alert template. The result is checked like any generic alert.
 */
export function applySyslogRules(version: number, rules: SyslogRule[], msg: SyslogMessage): RuleResult {
  for (const c of compile(version, rules)) {
    if (c.appName && !c.appName.test(msg.appName)) continue;
    if (c.hostname && !c.hostname.test(msg.hostname)) continue;
    const m = c.message.exec(msg.message);
    if (!m) continue;
    const vars: Record<string, string> = {
      hostname: msg.hostname,
      appName: msg.appName,
      procId: msg.procId,
      msgId: msg.msgId,
      message: msg.message,
      severity: SYSLOG_SEVERITY_NAMES[msg.severity] ?? 'unknown',
      facility: String(msg.facility),
      ...Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v ?? ''])),
    };
    const a = c.rule.alert;
    const list = (templates: string[]) =>
      templates.map((t) => render(t, vars).trim()).filter((v) => v !== '');
    const entities = {
      hosts: list(a.hosts),
      accounts: list(a.accounts),
      ips: list(a.ips),
      hashes: list(a.hashes),
      files: list(a.files),
    };
    const candidate = {
      title: render(a.title, vars).slice(0, 500),
      description: a.description
        ? render(a.description, vars).slice(0, 20_000)
        : msg.message.slice(0, 20_000),
      severity: a.severity,
      status: a.status,
      labels: Object.fromEntries(
        Object.entries(a.labels).map(([k, t]) => [k, render(t, vars).slice(0, 1024)]),
      ),
      entities: Object.fromEntries(Object.entries(entities).filter(([, v]) => v.length > 0)),
      ...(msg.timestamp ? { observedAt: msg.timestamp.toISOString() } : {}),
      ...(a.fingerprint ? { fingerprint: render(a.fingerprint, vars).slice(0, 200) || undefined } : {}),
    };
    const parsed = genericAlertSchema.safeParse(candidate);
    if (!parsed.success) {
      return { kind: 'invalid', rule: c.rule.id, message: parsed.error.issues[0]?.message ?? 'invalid' };
    }
    return { kind: 'alert', rule: c.rule.id, alert: fromGeneric(parsed.data) };
  }
  return { kind: 'no-rule' };
}
