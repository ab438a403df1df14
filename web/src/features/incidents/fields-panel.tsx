import { Button, Paper, Select, Stack, Switch, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { patch, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Incident, PolicyDocument } from '../../api/types.ts';
import { useCan } from '../../app/session.tsx';
import { nameOf } from '../policy/queries.ts';
import { usersQuery } from './users-query.ts';

type Fields = {
  classification: string | null;
  location: string | null;
  likelihood: string | null;
  ownerTeam: string | null;
  assigneeId: string | null;
  restricted: boolean;
};

const fromIncident = (i: Incident): Fields => ({
  classification: i.classification,
  location: i.location,
  likelihood: i.likelihood,
  ownerTeam: i.ownerTeam,
  assigneeId: i.assignee?.id ?? null,
  restricted: i.visibility === 'restricted',
});

/**
 * "Ticket ownership remains in the DevOps team and includes classification, location, and likelihood":
 * the values are the policy's lists. Only changed fields are sent; a refusal keeps the choices.
 */
export function FieldsPanel({ incident, doc }: { incident: Incident; doc: PolicyDocument }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const users = useQuery({ ...usersQuery, enabled: can('incident.assign_roles') || can('users.manage') });
  const [form, setForm] = useState<Fields>(() => fromIncident(incident));
  const [base, setBase] = useState(incident.updatedAt);
  // Someone else changed the incident: take their values unless this person is mid-edit.
  const server = fromIncident(incident);
  const dirtyKeys = (Object.keys(form) as (keyof Fields)[]).filter((k) => form[k] !== server[k]);
  if (base !== incident.updatedAt) {
    setBase(incident.updatedAt);
    if (dirtyKeys.length === 0) setForm(server);
  }
  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      for (const k of dirtyKeys) {
        if (k === 'restricted') body.visibility = form.restricted ? 'restricted' : 'normal';
        else body[k] = form[k];
      }
      return patch<Incident>(`/incidents/${incident.key}`, body);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(['incident', incident.key], updated);
      setForm(fromIncident(updated));
      void queryClient.invalidateQueries({ queryKey: ['incident', incident.key] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const editable = can('incident.update');
  const options = (list: string[] | undefined, current: string | null) => {
    const values = [...(list ?? [])];
    if (current && !values.includes(current)) values.push(current);
    return values;
  };
  const assigneeOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  if (incident.assignee && !assigneeOptions.some((o) => o.value === incident.assignee?.id)) {
    assigneeOptions.push({ value: incident.assignee.id, label: incident.assignee.name });
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirtyKeys.length > 0) save.mutate();
  };
  const set =
    <K extends keyof Fields>(k: K) =>
    (v: Fields[K]) =>
      setForm((f) => ({ ...f, [k]: v }));
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Title order={2} size="h4">
            Details
          </Title>
          <Select
            label="Classification"
            data={options(doc.fields.classification, form.classification)}
            value={form.classification}
            onChange={set('classification')}
            disabled={!editable}
            clearable
            placeholder="Not set"
          />
          <Select
            label="Location"
            data={options(doc.fields.locations, form.location)}
            value={form.location}
            onChange={set('location')}
            disabled={!editable}
            clearable
            placeholder="Not set"
          />
          <Select
            label="Likelihood"
            data={options(doc.fields.likelihood, form.likelihood)}
            value={form.likelihood}
            onChange={set('likelihood')}
            disabled={!editable}
            clearable
            placeholder="Not set"
          />
          <Select
            label="Owner team"
            data={options(doc.fields.ownerTeams, form.ownerTeam).map((t) => ({
              value: t,
              label: nameOf(doc.teams, t),
            }))}
            value={form.ownerTeam}
            onChange={set('ownerTeam')}
            disabled={!editable}
            clearable
            placeholder="Not set"
          />
          <Select
            label="Assignee"
            data={assigneeOptions}
            value={form.assigneeId}
            onChange={set('assigneeId')}
            disabled={!editable || assigneeOptions.length === 0}
            searchable
            clearable
            placeholder="Nobody"
          />
          <Switch
            label="Restricted (need-to-know)"
            checked={form.restricted}
            onChange={(e) => set('restricted')(e.currentTarget.checked)}
            disabled={!editable}
          />
          <ErrorAlert error={save.error} title="The changes were not saved — your choices are kept" />
          {editable && (
            <Button type="submit" size="sm" disabled={dirtyKeys.length === 0} loading={save.isPending}>
              Save details
            </Button>
          )}
        </Stack>
      </form>
      {can('incident.set_severity') && <SeverityChange incident={incident} doc={doc} />}
    </Paper>
  );
}

function SeverityChange({ incident, doc }: { incident: Incident; doc: PolicyDocument }) {
  const queryClient = useQueryClient();
  const [severity, setSeverity] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      post<Incident>(`/incidents/${incident.key}/severity`, { severity, reason: reason.trim() }),
    onSuccess: (updated) => {
      setSeverity(null);
      setReason('');
      queryClient.setQueryData(['incident', incident.key], updated);
      void queryClient.invalidateQueries({ queryKey: ['incident', incident.key] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (severity && reason.trim().length >= 3) change.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs" mt="md">
        <Title order={3} size="h5">
          Change severity
        </Title>
        <Select
          label="New severity"
          data={doc.severities
            .filter((s) => s.key !== incident.severity)
            .map((s) => ({
              value: s.key,
              label: `${s.key} · ${s.name}${s.remediationSla ? ` (SLA ${s.remediationSla})` : ''}`,
            }))}
          value={severity}
          onChange={setSeverity}
        />
        <Textarea
          label="Why"
          description="At least 3 characters; kept on the timeline."
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={change.error} title="The severity was not changed" />
        <Button
          type="submit"
          size="sm"
          variant="default"
          disabled={!severity || reason.trim().length < 3}
          loading={change.isPending}
        >
          Change severity
        </Button>
      </Stack>
    </form>
  );
}
