import { z } from 'zod';
import type { AlertEntities } from '../intake/tables.ts';
import { type GenericAlert, labelsSchema, MAX_ALERTS_PER_REQUEST } from './schemas.ts';
import type { AlertSeverity, NormalizedAlert } from './types.ts';

/**
 * Adapters: each tool's payload becomes a NormalizedAlert. Unknown top-level fields from the tools are
 * tolerated (they add fields between versions); the fields Cordon reads are checked.
 */

const limitedText = (max: number) => z.string().max(max);

export function fromGeneric(a: GenericAlert): NormalizedAlert {
  return {
    title: a.title,
    description: a.description ?? '',
    severity: a.severity,
    status: a.status,
    labels: a.labels ?? {},
    entities: a.entities ?? {},
    observedAt: a.observedAt ? new Date(a.observedAt) : null,
    fingerprint: a.fingerprint ?? null,
    externalId: a.externalId ?? null,
  };
}

/** Tool severities in words (Alertmanager's `severity` label, syslog keywords) to Cordon's scale. */
export function severityFromWord(word: string | undefined): AlertSeverity {
  switch ((word ?? '').trim().toLowerCase()) {
    case 'critical':
    case 'crit':
    case 'emergency':
    case 'emerg':
    case 'alert':
    case 'fatal':
    case 'page':
      return 'critical';
    case 'high':
    case 'error':
    case 'err':
    case 'major':
      return 'high';
    case 'warning':
    case 'warn':
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'minor':
    case 'notice':
      return 'low';
    case 'info':
    case 'informational':
    case 'none':
    case 'debug':
      return 'info';
    default:
      return 'unknown';
  }
}

const HEX = /^[A-Fa-f0-9]{32,128}$/;
const push = (list: string[] | undefined, value: string | undefined): string[] | undefined => {
  const v = value?.trim();
  if (!v || v.length > 512) return list;
  return [...(list ?? []), v];
};

/** Well-known label names that name an entity (documented in docs/intake.md). */
export function entitiesFromLabels(labels: Record<string, string>): AlertEntities {
  const e: AlertEntities = {};
  for (const [name, value] of Object.entries(labels)) {
    const k = name.toLowerCase();
    if (['host', 'hostname', 'nodename', 'node', 'instance'].includes(k)) {
      // Prometheus `instance` is host:port; the port does not identify the machine.
      e.hosts = push(e.hosts, k === 'instance' ? value.replace(/:\d+$/, '') : value);
    } else if (['user', 'username', 'account', 'auid'].includes(k)) e.accounts = push(e.accounts, value);
    else if (['ip', 'src_ip', 'source_ip', 'client_ip', 'remote_ip'].includes(k)) e.ips = push(e.ips, value);
    else if (['sha256', 'sha1', 'md5', 'hash'].includes(k) && HEX.test(value))
      e.hashes = push(e.hashes, value);
    else if (['file', 'path', 'filename'].includes(k)) e.files = push(e.files, value);
  }
  return e;
}

const amAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: limitedText(2048).optional(),
  fingerprint: z.string().max(200).optional(),
});
/** The Prometheus Alertmanager webhook (version 4). */
export const alertmanagerWebhookSchema = z.looseObject({
  version: z.string().max(10),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: limitedText(500).optional(),
  alerts: z.array(amAlertSchema).min(1).max(MAX_ALERTS_PER_REQUEST),
});

const validTime = (s: string | undefined): Date | null => {
  if (!s) return null;
  const t = Date.parse(s);
  // Alertmanager sends 0001-01-01T00:00:00Z for "no time".
  return Number.isFinite(t) && t > 0 ? new Date(t) : null;
};

export function fromAlertmanager(payload: z.infer<typeof alertmanagerWebhookSchema>): NormalizedAlert[] {
  return payload.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.title;
    const name = a.labels.alertname ?? 'Alertmanager alert';
    const text = [a.annotations.description, a.annotations.message, a.generatorURL].filter(Boolean);
    return {
      title: (summary ? `${name}: ${summary}` : name).slice(0, 500),
      description: text.join('\n\n').slice(0, 20_000),
      severity: severityFromWord(a.labels.severity),
      status: a.status,
      labels: a.labels,
      entities: entitiesFromLabels(a.labels),
      observedAt: validTime(a.startsAt),
      fingerprint: a.fingerprint || null,
      externalId: a.fingerprint || null,
    };
  });
}

const ocsfObservable = z.looseObject({
  type_id: z.number().int(),
  value: z.string().max(2048).optional(),
  name: z.string().max(500).optional(),
});
/** An OCSF Detection Finding (class 2004), as SIEMs and EDRs export them. */
export const ocsfFindingSchema = z.looseObject({
  class_uid: z.literal(2004),
  severity_id: z.number().int().min(0).max(99),
  time: z.number().int().min(0),
  status_id: z.number().int().optional(),
  activity_id: z.number().int().optional(),
  message: z.string().max(20_000).optional(),
  finding_info: z.looseObject({
    uid: z.string().min(1).max(200),
    title: z.string().min(1).max(500),
    desc: z.string().max(20_000).optional(),
    types: z.array(z.string().max(200)).max(20).optional(),
  }),
  metadata: z
    .looseObject({
      product: z
        .looseObject({ name: z.string().max(200).optional(), vendor_name: z.string().max(200).optional() })
        .optional(),
    })
    .optional(),
  device: z
    .looseObject({
      hostname: z.string().max(512).optional(),
      name: z.string().max(512).optional(),
      ip: z.string().max(64).optional(),
    })
    .optional(),
  actor: z
    .looseObject({ user: z.looseObject({ name: z.string().max(512).optional() }).optional() })
    .optional(),
  observables: z.array(ocsfObservable).max(200).optional(),
});
export const ocsfBodySchema = z.union([
  ocsfFindingSchema,
  z.array(ocsfFindingSchema).min(1).max(MAX_ALERTS_PER_REQUEST),
]);
export type OcsfFinding = z.infer<typeof ocsfFindingSchema>;

const OCSF_SEVERITY: Record<number, AlertSeverity> = {
  1: 'info',
  2: 'low',
  3: 'medium',
  4: 'high',
  5: 'critical',
  6: 'critical',
};

export function fromOcsf(f: OcsfFinding): NormalizedAlert {
  let e: AlertEntities = {};
  e.hosts = push(e.hosts, f.device?.hostname ?? f.device?.name);
  e.ips = push(e.ips, f.device?.ip);
  e.accounts = push(e.accounts, f.actor?.user?.name);
  // OCSF observable type_id: 1 hostname, 2 IP address, 4 user name, 5 e-mail, 7 file name, 8 hash.
  for (const o of f.observables ?? []) {
    if (o.type_id === 1) e.hosts = push(e.hosts, o.value);
    else if (o.type_id === 2) e.ips = push(e.ips, o.value);
    else if (o.type_id === 4 || o.type_id === 5) e.accounts = push(e.accounts, o.value);
    else if (o.type_id === 7) e.files = push(e.files, o.value);
    else if (o.type_id === 8 && o.value && HEX.test(o.value)) e.hashes = push(e.hashes, o.value);
  }
  e = Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as AlertEntities;
  const labels: Record<string, string> = {};
  const product = f.metadata?.product;
  if (product?.name) labels.product = product.name;
  if (product?.vendor_name) labels.vendor = product.vendor_name;
  const type = f.finding_info.types?.[0];
  if (type) labels.finding_type = type;
  return {
    title: f.finding_info.title,
    description: (f.finding_info.desc ?? f.message ?? '').slice(0, 20_000),
    severity: OCSF_SEVERITY[f.severity_id] ?? 'unknown',
    // status_id 4 = Resolved; activity_id 3 = Close.
    status: f.status_id === 4 || f.activity_id === 3 ? 'resolved' : 'firing',
    labels,
    entities: e,
    observedAt: new Date(f.time),
    fingerprint: f.finding_info.uid,
    externalId: f.finding_info.uid,
  };
}
