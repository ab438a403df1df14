import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { patch, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { User } from '../../api/types.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { usersQuery } from '../incidents/users-query.ts';
import { nameOf, useActivePolicy } from '../policy/queries.ts';

export function UsersSection() {
  const users = useQuery(usersQuery);
  const policy = useActivePolicy();
  const roles = (policy.data?.document.roles ?? []).map((r) => ({ value: r.key, label: r.name }));
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="users-title">
      <Stack>
        <Title order={2} size="h3" id="users-title">
          Users
        </Title>
        <ErrorAlert error={users.error} title="The users could not be loaded" />
        <ScrollTable label="Users" minWidth={640}>
          <Table verticalSpacing="xs">
            <ColumnHeads columns={['Username', 'Name', 'Roles', 'Status']} actions />
            <Table.Tbody>
              {(users.data?.items ?? []).map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.username}</Table.Td>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} variant="outline" color="gray.8" style={{ textTransform: 'none' }}>
                          {nameOf(policy.data?.document.roles, r)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{u.disabled ? 'Disabled' : u.hasPassword ? 'Active' : 'API only'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setEditing(editing === u.id ? null : u.id)}
                      aria-expanded={editing === u.id}
                    >
                      Edit<span className="visually-hidden"> {u.username}</span>
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {editing && users.data?.items.find((u) => u.id === editing) && (
          <EditUser
            key={editing}
            user={users.data.items.find((u) => u.id === editing) as User}
            roles={roles}
            onDone={() => setEditing(null)}
          />
        )}
        <CreateUser roles={roles} />
      </Stack>
    </section>
  );
}

type RoleOption = { value: string; label: string };

function EditUser({ user, roles, onDone }: { user: User; roles: RoleOption[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: user.name,
    roles: user.roles,
    disabled: user.disabled,
    password: '',
  });
  const save = useMutation({
    mutationFn: () =>
      patch<User>(`/users/${user.id}`, {
        name: form.name,
        roles: form.roles,
        disabled: form.disabled,
        ...(form.password ? { password: form.password } : {}),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'green', title: 'Saved', message: `${user.username} is updated.` });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label={`Edit ${user.username}`}>
        <Stack gap="xs">
          <Title order={3} size="h4">
            Edit {user.username}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            <PasswordInput
              label="New password"
              description="Leave empty to keep it. At least 12 characters."
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              autoComplete="new-password"
            />
          </SimpleGrid>
          <MultiSelect
            label="Roles"
            data={roles}
            value={form.roles}
            onChange={(v) => setForm({ ...form, roles: v })}
            searchable
          />
          <Switch
            label="Disabled (cannot sign in or use tokens)"
            checked={form.disabled}
            onChange={(e) => setForm({ ...form, disabled: e.currentTarget.checked })}
          />
          <ErrorAlert error={save.error} title="Not saved" />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
            <Button variant="subtle" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CreateUser({ roles }: { roles: RoleOption[] }) {
  const queryClient = useQueryClient();
  const empty = { username: '', name: '', email: '', password: '', roles: [] as string[] };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () =>
      post<User>('/users', {
        username: form.username.trim(),
        name: form.name.trim(),
        roles: form.roles,
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        ...(form.password ? { password: form.password } : {}),
      }),
    onSuccess: (u) => {
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({
        color: 'green',
        title: 'User created',
        message: `${u.username} can now sign in.`,
      });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby="create-user-title">
        <Stack gap="xs">
          <Title order={3} size="h4" id="create-user-title">
            Create a user
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Username"
              required
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
              autoComplete="off"
            />
            <TextInput
              label="Full name"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              autoComplete="off"
            />
            <TextInput
              label="E-mail"
              type="email"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
              autoComplete="off"
            />
            <PasswordInput
              label="Password"
              description="At least 12 characters. Leave empty for an API-only user."
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              autoComplete="new-password"
            />
          </SimpleGrid>
          <MultiSelect
            label="Roles"
            description="From the active policy."
            data={roles}
            value={form.roles}
            onChange={(v) => setForm({ ...form, roles: v })}
            searchable
          />
          <ErrorAlert error={create.error} title="The user was not created — the form is kept" />
          <Text size="xs">Every change to users is recorded in the audit log.</Text>
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!form.username || !form.name}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
