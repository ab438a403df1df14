import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { del, get, post } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { ApiToken } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { ColumnHeads } from '../../app/column-heads.tsx';
import { ScrollTable } from '../../app/scroll-table.tsx';
import { useCan, useMe } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { usersQuery } from '../incidents/users-query.ts';

/** API tokens for the `cordon` command and automation. The secret is shown once, at creation. */
export function TokensSection() {
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => get<{ items: ApiToken[] }>('/tokens') });
  const users = useQuery({ ...usersQuery, enabled: can('users.manage') });
  const userName = (id: string) =>
    id === me.id ? 'you' : (users.data?.items.find((u) => u.id === id)?.username ?? id.slice(0, 8));
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/tokens/${id}`),
    onSuccess: () => {
      setConfirming(null);
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  return (
    <section aria-labelledby="tokens-title">
      <Stack>
        <Title order={2} size="h3" id="tokens-title">
          API tokens
        </Title>
        <ErrorAlert error={tokens.error} title="The tokens could not be loaded" />
        <ScrollTable label="API tokens" minWidth={640}>
          <Table verticalSpacing="xs">
            <ColumnHeads columns={['Name', 'Starts with', 'Owner', 'Last used', 'Status']} />
            <Table.Tbody>
              {(tokens.data?.items ?? []).map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{userName(t.userId)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? (
                      `Revoked ${formatTime(t.revokedAt)}`
                    ) : confirming === t.id ? (
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          color={COLORS.danger}
                          onClick={() => revoke.mutate(t.id)}
                          loading={revoke.isPending}
                        >
                          Confirm revoke
                        </Button>
                        <Button size="compact-sm" variant="subtle" onClick={() => setConfirming(null)}>
                          Keep
                        </Button>
                      </Group>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm">{t.expiresAt ? `Expires ${formatTime(t.expiresAt)}` : 'Active'}</Text>
                        <Button size="compact-sm" variant="default" onClick={() => setConfirming(t.id)}>
                          Revoke<span className="visually-hidden"> {t.name}</span>
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <ErrorAlert error={revoke.error} title="The token was not revoked" />
        <CreateToken users={can('tokens.manage') ? (users.data?.items ?? []) : []} />
      </Stack>
    </section>
  );
}

function CreateToken({ users }: { users: { id: string; username: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', userId: null as string | null, expiresAt: '' });
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const create = useMutation({
    mutationFn: () =>
      post<{ token: ApiToken; secret: string }>('/tokens', {
        name: form.name.trim(),
        ...(form.userId ? { userId: form.userId } : {}),
        ...(form.expiresAt ? { expiresAt: new Date(form.expiresAt).toISOString() } : {}),
      }),
    onSuccess: (r) => {
      setSecret({ name: r.token.name, value: r.secret });
      setForm({ name: '', userId: null, expiresAt: '' });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSecret(null);
    create.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby="create-token-title">
        <Stack gap="xs">
          <Title order={3} size="h4" id="create-token-title">
            Create a token
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Name"
              description="Where it will be used, e.g. “laptop”."
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            />
            {users.length > 0 && (
              <Select
                label="For"
                description="Empty: for you."
                data={users.map((u) => ({ value: u.id, label: `${u.name} (${u.username})` }))}
                value={form.userId}
                onChange={(v) => setForm({ ...form, userId: v })}
                searchable
                clearable
              />
            )}
            <TextInput
              label="Expires"
              description="Optional."
              type="datetime-local"
              value={form.expiresAt}
              onChange={(e) => setForm({ ...form, expiresAt: e.currentTarget.value })}
            />
          </SimpleGrid>
          <ErrorAlert error={create.error} title="The token was not created" />
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!form.name.trim()}>
              Create token
            </Button>
          </Group>
          {secret && (
            <Alert
              color="yellow"
              variant="light"
              title={`Token “${secret.name}” created — copy it now`}
              role="status"
            >
              <Stack gap="xs">
                <Text size="sm">This is the only time the secret is shown. Cordon keeps only its hash.</Text>
                <Code
                  block
                  data-testid="token-secret"
                  style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
                >
                  {secret.value}
                </Code>
                <Group>
                  <CopyButton value={secret.value}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="default" onClick={copy}>
                        {copied ? 'Copied' : 'Copy the secret'}
                      </Button>
                    )}
                  </CopyButton>
                  <Button size="xs" variant="subtle" onClick={() => setSecret(null)}>
                    I have stored it
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
