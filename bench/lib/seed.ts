import type { SeedReport } from './protocol.ts';

/** Raw SQL on the benchmark database: one session (a checked-out pg client, or PGlite's only connection). */
export interface SqlSession {
  query(text: string): Promise<Record<string, unknown>[]>;
}

const GENESIS = '0'.repeat(64);

/** Text arrays as SQL literals (trusted constants and uuids read from our own database). */
const textArray = (values: readonly string[]) =>
  `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}]::text[]`;

// Values from policies/default.yaml, so the seeded rows look like ones the API would have written.
const TYPES = [
  'suspicious-email',
  'suspicious-email',
  'suspicious-email',
  'probe',
  'probe',
  'malicious-code',
  'unauthorized-access',
  'unauthorized-access',
  'lost-or-stolen-device',
  'denial-of-service',
  'system-outage',
  'unauthorized-use',
  'data-breach',
  'root-account-compromise',
  'hoax',
  'other',
];
const CLASSIFICATIONS = [
  'Customer Information',
  'Internal Confidential Information',
  'Intellectual Property',
  'Other non-public Company data',
  'No confidential information',
];
const LOCATIONS = [
  'Hosted platform (customer-facing infrastructure)',
  'Cloud provider account',
  'Corporate systems and devices',
  'Third party (partner or vendor)',
];
const LIKELIHOODS = ['Has occurred', 'Is occurring', 'Will occur', 'Not validated'];
const THREATS = [
  'Phishing campaign',
  'Ransomware note',
  'Credential stuffing',
  'Port scan',
  'Malware detected',
  'Unusual login',
  'Leaked API key',
  'Laptop stolen',
  'DDoS traffic',
  'Privilege escalation',
  'Suspicious outbound traffic',
  'Unpatched CVE exploited',
  'Root account login',
  'Data exfiltration suspected',
  'Account takeover',
];
const SYSTEMS = [
  'payments-api',
  'vpn gateway',
  'billing database',
  'customer portal',
  'kubernetes cluster',
  'build server',
  'mail relay',
  'hr laptop',
  'S3 bucket',
  'jump host',
  'identity provider',
  'support desk',
  'crm',
  'wiki',
  'edge proxy',
  'backup vault',
  'analytics warehouse',
  'ci runners',
  'office wifi',
  'dns',
];
const CHANNELS = ['web form', 'e-mail', 'alert from the SIEM', 'phone call', 'customer success'];
const NOTES = [
  'Isolated the host from the network.',
  'Collected memory image and disk snapshot.',
  'Rotated the affected credentials.',
  'Blocked the indicator at the edge proxy.',
  'Confirmed scope with the service owner.',
  'Customer notified through Customer Success.',
  'Patched and redeployed the service.',
  'No further suspicious activity observed.',
];
const TIMELINE_KINDS = [
  'note.added',
  'incident.transitioned',
  'incident.role_assigned',
  'incident.updated',
  'incident.severity_changed',
  'note.added',
];

/** A deterministic pseudo-random number in [0, 1) per row and column (reproducible seeds, no random()). */
const u = (row: string, salt: number) =>
  `(((hashint4((${row} * 32 + ${salt})::int)::bigint + 2147483648) % 100000) / 100000.0)`;
const pick = (array: string, length: number, row: string, salt: number) =>
  `(${array})[1 + floor(${u(row, salt)} * ${length})::int]`;
const iso = (expr: string) => `to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Timeline entries per incident: 1 to 19, ten on average (1,000,000 for 100,000 incidents). */
const entriesOf = (ord: string) => `(1 + ((${ord})::bigint * 7919) % 19)::int`;
const entryHash = (id: string, seq: string) =>
  `encode(sha256(convert_to((${id})::text || ':' || (${seq})::text, 'UTF8')), 'hex')`;

function incidentsSql(total: number, from: number, to: number, people: string, peopleCount: number): string {
  return `
with numbered as (
  select i, ts, extract(year from ts at time zone 'UTC')::int as yr,
         row_number() over (partition by extract(year from ts at time zone 'UTC') order by i) as yseq
  from (select i, date_trunc('hour', now()) - interval '1 day' - (${total} - i) * interval '5 minutes' as ts
        from generate_series(1, ${total}) as g(i)) s
), drawn as (
  select n.*,
    case when ${u('i', 1)} < 0.01 then 'P0' when ${u('i', 1)} < 0.10 then 'P1'
         when ${u('i', 1)} < 0.40 then 'P2' else 'P3' end as sev,
    case when (i > ${Math.floor(total * 0.97)} and ${u('i', 3)} < 0.7) or ${u('i', 3)} < 0.02 then
      case when ${u('i', 4)} < 0.30 then 'analysis' when ${u('i', 4)} < 0.55 then 'investigation'
           when ${u('i', 4)} < 0.75 then 'containment' when ${u('i', 4)} < 0.85 then 'eradication'
           when ${u('i', 4)} < 0.95 then 'recovery' else 'review' end
    else 'closed' end as ph,
    ${u('i', 5)} < 0.02 as restricted,
    ${pick(textArray(THREATS), THREATS.length, 'i', 12)} || ' on ' ||
      ${pick(textArray(SYSTEMS), SYSTEMS.length, 'i', 13)} as ttl
  from numbered n where i between ${from} and ${to}
)
insert into incidents (id, key, title, summary, type, severity, phase, is_open, classification, location,
  likelihood, owner_team, assignee_id, visibility, suspected_internal_actor, policy_version, remediation_due_at,
  phase_times, declared_at, declared_by, closed_at, updated_at)
select gen_random_uuid(), 'INC-' || yr || '-' || lpad(yseq::text, greatest(4, length(yseq::text)), '0'), ttl,
  'Reported via ' || ${pick(textArray(CHANNELS), CHANNELS.length, 'i', 14)} || '. ' || ttl ||
    ' affecting ' || ${pick(textArray(SYSTEMS), SYSTEMS.length, 'i', 15)} || '; ' ||
    ${pick(textArray(NOTES), NOTES.length, 'i', 16)},
  ${pick(textArray(TYPES), TYPES.length, 'i', 2)}, sev, ph, ph <> 'closed',
  ${pick(textArray(CLASSIFICATIONS), CLASSIFICATIONS.length, 'i', 6)},
  ${pick(textArray(LOCATIONS), LOCATIONS.length, 'i', 7)},
  ${pick(textArray(LIKELIHOODS), LIKELIHOODS.length, 'i', 8)},
  case when ${u('i', 17)} < 0.9 then 'devops' else 'customer-success' end,
  case when ${u('i', 9)} < 0.7 then ${pick(people, peopleCount, 'i', 10)}::uuid end,
  case when restricted then 'restricted' else 'normal' end,
  restricted and ${u('i', 6)} < 0.5,
  (select version from policy_versions where active),
  ts + case sev when 'P0' then interval '1 day' when 'P1' then interval '3 days'
                when 'P2' then interval '14 days' else interval '30 days' end,
  jsonb_build_object('analysis', ${iso('ts')}) ||
    case when ph = 'analysis' then '{}'::jsonb
         else jsonb_build_object(ph, ${iso(`ts + (1 + ${u('i', 18)} * 20) * interval '1 day'`)}) end,
  ts, ${pick(people, peopleCount, 'i', 11)}::uuid,
  case when ph = 'closed' then ts + (1 + ${u('i', 18)} * 20) * interval '1 day' end,
  ts + (1 + ${u('i', 18)} * 20) * interval '1 day'
from drawn order by i`;
}

function rolesSql(after: number, people: string, peopleCount: number): string {
  return `
insert into incident_roles (incident_id, user_id, role, assigned_at, assigned_by)
select id, ${pick(people, peopleCount, 'ord', 20)}::uuid, 'security-delegate', declared_at, declared_by
  from incidents where ord > ${after}
union all
select id, ${pick(people, peopleCount, 'ord', 22)}::uuid, 'incident-commander', declared_at + interval '1 hour',
       declared_by
  from incidents where ord > ${after} and ${u('ord', 21)} < 0.3`;
}

function timelineSql(after: number, people: string, peopleCount: number): string {
  return `
insert into timeline_entries (id, incident_id, seq, kind, at, actor_id, data, prev_hash, hash)
select gen_random_uuid(), x.id, s,
  case when s = 1 then 'incident.declared' else ${pick(textArray(TIMELINE_KINDS), TIMELINE_KINDS.length, 'x.ord * 20 + s', 23)} end,
  x.declared_at + (s - 1) * interval '37 minutes',
  case when s = 1 then x.declared_by else ${pick(people, peopleCount, 'x.ord * 20 + s', 24)}::uuid end,
  case when s = 1 then jsonb_build_object('key', x.key, 'title', x.title, 'type', x.type, 'severity', x.severity,
                         'phase', 'analysis', 'visibility', x.visibility, 'policyVersion', x.policy_version,
                         'specialCases', '[]'::jsonb, 'fromEvent', null)
       else jsonb_build_object('text', ${pick(textArray(NOTES), NOTES.length, 'x.ord * 20 + s', 25)}) end,
  case when s = 1 then '${GENESIS}' else ${entryHash('x.id', 's - 1')} end,
  ${entryHash('x.id', 's')}
from (select id, ord, key, title, type, severity, visibility, policy_version, declared_at, declared_by,
             ${entriesOf('ord')} as n
        from incidents where ord > ${after}) x
cross join lateral generate_series(1, x.n) as s`;
}

function chainHeadsSql(after: number): string {
  return `
insert into chain_heads (chain, seq, hash)
select 'incident:' || id, n, ${entryHash('id', 'n')}
from (select id, ${entriesOf('ord')} as n from incidents where ord > ${after}) x`;
}

const num = (rows: Record<string, unknown>[], column: string) => Number(rows[0]?.[column] ?? 0);

/**
 * Bulk-loads incidents, their role holders, hash-chained-looking timelines (1–19 entries, ten on average) and
 * chain heads straight into the tables, in batches of 10,000 incidents. The rows only need to look like the
 * API wrote them, for realistic query plans; the timeline hashes are not a verifiable chain.
 */
export async function seedIncidents(
  db: SqlSession,
  total: number,
  progress: (message: string) => void,
): Promise<SeedReport> {
  const started = performance.now();
  const userRows = await db.query(`select id from users where username like 'bench-%' order by username`);
  const ids = userRows.map((r) => String(r.id));
  if (ids.length === 0) throw new Error('seeding needs bench-* users');
  const people = textArray(ids);
  const batch = 10_000;
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    const after = num(await db.query('select coalesce(max(ord), 0) as m from incidents'), 'm');
    await db.query('begin');
    await db.query(incidentsSql(total, from, to, people, ids.length));
    await db.query(rolesSql(after, people, ids.length));
    await db.query(timelineSql(after, people, ids.length));
    await db.query(chainHeadsSql(after));
    await db.query('commit');
    progress(
      `seeded incidents ${from}–${to} of ${total} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  // Numbering continues after the seeded keys (INC-<year>-<seq> is gapless per year).
  await db.query(`
insert into counters (name, value)
select 'incident:' || split_part(key, '-', 2), max(split_part(key, '-', 3)::bigint) from incidents group by 1
on conflict (name) do update set value = excluded.value`);
  const seconds = (performance.now() - started) / 1000;
  const analyzeStarted = performance.now();
  // As autovacuum would have by the time anyone searches (its insert threshold): index-only scans need the
  // visibility map of the tables filled by triggers too.
  for (const table of [
    'incidents',
    'incident_views',
    'incident_terms',
    'incident_roles',
    'timeline_entries',
    'chain_heads',
    'users',
    'counters',
  ]) {
    await db.query(`vacuum analyze ${table}`);
  }
  // Flush what seeding wrote, so the first measurements are not the checkpoint of the seed's ~1 GB of WAL
  // (fsync on: a checkpoint during a load showed as 100–200 ms stalls). Needs a superuser or pg_checkpoint;
  // without it the seed stays as written.
  await db.query('checkpoint').catch(() => {});
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
  const [facts] = await db.query(`select
    (select count(*) from incidents) as incidents,
    (select count(*) from timeline_entries) as timeline,
    (select count(*) from incident_roles) as roles,
    (select count(*) from incidents where visibility = 'restricted') as restricted,
    (select count(*) from incidents where is_open) as open`);
  return {
    incidents: Number(facts?.incidents),
    timelineEntries: Number(facts?.timeline),
    roles: Number(facts?.roles),
    restricted: Number(facts?.restricted),
    open: Number(facts?.open),
    seconds,
    analyzeSeconds,
  };
}
