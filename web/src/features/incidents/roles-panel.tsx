import { Button, CloseButton, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { del, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { Incident, PolicyDocument } from '../../api/types.ts';
import { useCan } from '../../app/session.tsx';
import { nameOf } from '../policy/queries.ts';
import { usersQuery } from './users-query.ts';

/** Who holds which incident role (Security Delegate, Incident Commander …); assigning one is audited. */
export function RolesPanel({ incident, doc }: { incident: Incident; doc: PolicyDocument }) {
  const can = useCan();
  const queryClient = useQueryClient();
  const mayAssign = can('incident.assign_roles');
  const users = useQuery({ ...usersQuery, enabled: mayAssign });
  const [role, setRole] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const done = (updated: Incident) => {
    queryClient.setQueryData(['incident', incident.key], updated);
    void queryClient.invalidateQueries({ queryKey: ['incident', incident.key] });
  };
  const assign = useMutation({
    mutationFn: () => post<Incident>(`/incidents/${incident.key}/roles`, { role, userId }),
    onSuccess: (u) => {
      setUserId(null);
      done(u);
    },
  });
  const remove = useMutation({
    mutationFn: (r: { role: string; userId: string }) =>
      del<Incident>(`/incidents/${incident.key}/roles/${encodeURIComponent(r.role)}/${r.userId}`),
    onSuccess: done,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (role && userId) assign.mutate();
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Roles
        </Title>
        {incident.roles.length === 0 && <Text size="sm">Nobody holds an incident role yet.</Text>}
        {incident.roles.map((r) => (
          <Group key={`${r.role}:${r.user.id}`} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm">
              <strong>{nameOf(doc.roles, r.role)}</strong>: {r.user.name}
            </Text>
            {mayAssign && (
              <CloseButton
                size="sm"
                aria-label={`Remove ${r.user.name} as ${nameOf(doc.roles, r.role)}`}
                onClick={() => remove.mutate({ role: r.role, userId: r.user.id })}
              />
            )}
          </Group>
        ))}
        <ErrorAlert error={remove.error} title="The role was not removed" />
        {mayAssign && (
          <form onSubmit={submit}>
            <Stack gap="xs" mt="xs">
              <Select
                label="Role"
                data={doc.roles.map((r) => ({ value: r.key, label: r.name }))}
                value={role}
                onChange={setRole}
                searchable
              />
              <Select
                label="Person"
                data={(users.data?.items ?? [])
                  .filter((u) => !u.disabled)
                  .map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
                value={userId}
                onChange={setUserId}
                searchable
              />
              <ErrorAlert error={users.error ?? assign.error} title="The role was not assigned" />
              <Button type="submit" size="sm" disabled={!role || !userId} loading={assign.isPending}>
                Assign the role
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
