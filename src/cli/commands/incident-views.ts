import type { Incident, TimelineEntry } from '../api-types.ts';
import {
  formatDue,
  formatDuration,
  formatTime,
  renderFields,
  renderTable,
  summarizeData,
  who,
} from '../table.ts';

/** How many timeline entries `incidents show` prints. */
export const SHOW_TIMELINE_ENTRIES = 20;

export function renderIncidents(incidents: readonly Incident[], now: number): string {
  return renderTable(
    incidents,
    [
      { header: 'KEY', value: (i) => i.key },
      { header: 'SEV', value: (i) => i.severity },
      { header: 'PHASE', value: (i) => i.phase },
      { header: 'TYPE', value: (i) => i.type, maxWidth: 24 },
      { header: 'ASSIGNEE', value: (i) => (i.assignee ? who(i.assignee) : null), maxWidth: 16 },
      { header: 'DUE', value: (i) => (i.closedAt ? 'closed' : dueShort(i.remediationDueAt, now)) },
      {
        header: 'TITLE',
        value: (i) => `${i.visibility === 'restricted' ? '[restricted] ' : ''}${i.title}`,
        maxWidth: 60,
      },
    ],
    '(no incidents)',
  );
}

function dueShort(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const left = new Date(iso).getTime() - now;
  if (Number.isNaN(left)) return iso;
  return left >= 0 ? `in ${formatDuration(left)}` : `OVERDUE ${formatDuration(left)}`;
}

/** A timeline entry in one line: notes show their text, other kinds their data. */
export function describeEntry(entry: TimelineEntry): string {
  const data = entry.data ?? {};
  if (typeof data.text === 'string' && Object.keys(data).length === 1) return data.text;
  return summarizeData(data);
}

export function renderTimeline(entries: readonly TimelineEntry[]): string {
  return renderTable(
    entries,
    [
      { header: 'SEQ', value: (e) => e.seq, align: 'right' },
      { header: 'AT', value: (e) => formatTime(e.at) },
      { header: 'ACTOR', value: (e) => who(e.actor), maxWidth: 20 },
      { header: 'KIND', value: (e) => e.kind },
      { header: 'DETAILS', value: describeEntry, maxWidth: 100 },
    ],
    '(no timeline entries)',
  );
}

/** Phase times in the order they were reached. */
function phaseTimes(incident: Incident): string {
  return Object.entries(incident.phaseTimes)
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([phase, at]) => `${phase.padEnd(16)} ${formatTime(at)}`)
    .join('\n');
}

function roles(incident: Incident): string {
  return incident.roles.map((r) => `${r.role}: ${r.user.name} (${r.user.username}, ${r.user.id})`).join('\n');
}

export function renderIncident(i: Incident, timeline: readonly TimelineEntry[], now: number): string {
  const flags = [
    i.visibility === 'restricted' ? 'restricted (need-to-know)' : '',
    i.suspectedInternalActor ? 'suspected internal actor' : '',
  ].filter(Boolean);
  const fields = renderFields([
    ['Key', i.key],
    ['Title', i.title],
    ['Type', i.type],
    ['Severity', i.severity],
    ['Phase', i.closedAt ? `${i.phase} (closed ${formatTime(i.closedAt)})` : i.phase],
    ['Flags', flags.join(', ')],
    ['Classification', i.classification],
    ['Location', i.location],
    ['Likelihood', i.likelihood],
    ['Owner team', i.ownerTeam],
    ['Assignee', i.assignee ? `${i.assignee.name} (${i.assignee.username})` : null],
    ['Declared', `${formatTime(i.declaredAt)} by ${who(i.declaredBy)}`],
    ['SLA due', i.remediationDueAt ? formatDue(i.remediationDueAt, now, i.closedAt !== null) : 'none'],
    ['RCA', i.hasRca ? 'recorded' : 'not recorded'],
    ['Policy', `version ${i.policyVersion}`],
    ['Updated', formatTime(i.updatedAt)],
    ['Roles', roles(i) || 'none assigned'],
    ['Phase times', phaseTimes(i)],
  ]);
  const last = timeline.slice(-SHOW_TIMELINE_ENTRIES);
  const heading =
    timeline.length > last.length
      ? `Timeline (last ${last.length} of ${timeline.length}; all: cordon incidents timeline ${i.key})`
      : 'Timeline';
  const summary = i.summary ? `\n${i.summary}\n` : '';
  return `${fields}${summary}\n${heading}\n${renderTimeline(last)}`;
}
