import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { meQuery } from '../../app/session.tsx';
import { AuthLayout } from './auth-layout.tsx';

/**
 * First start: Cordon prints a one-time set-up secret (there is no default password). Exchanging it for a
 * username and password signs the first administrator in.
 */
export function SetupPage() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ secret: '', username: '', name: '', password: '', confirm: '' });
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  const mismatch = form.confirm.length > 0 && form.confirm !== form.password;
  const setup = useMutation({
    mutationFn: () =>
      api('POST', '/auth/setup', {
        body: {
          secret: form.secret.trim(),
          username: form.username,
          password: form.password,
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
        },
        expectUnauthorized: true,
      }),
    onSuccess: async () => {
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      router.history.replace('/admin');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) setup.mutate();
  };
  return (
    <AuthLayout title="Set up the administrator">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            On its first start Cordon printed a one-time set-up secret. Paste it here and choose the
            administrator's username and password.
          </Text>
          <TextInput
            label="Set-up secret"
            required
            value={form.secret}
            onChange={set('secret')}
            autoComplete="off"
          />
          <TextInput
            label="Username"
            required
            value={form.username}
            onChange={set('username')}
            autoComplete="username"
          />
          <TextInput label="Full name" value={form.name} onChange={set('name')} autoComplete="name" />
          <PasswordInput
            label="Password"
            description="At least 12 characters."
            required
            value={form.password}
            onChange={set('password')}
            autoComplete="new-password"
          />
          <PasswordInput
            label="Password again"
            required
            value={form.confirm}
            onChange={set('confirm')}
            autoComplete="new-password"
            error={mismatch ? 'The two passwords differ.' : undefined}
          />
          <ErrorAlert error={setup.error} title="Set-up failed" />
          <Button
            type="submit"
            loading={setup.isPending}
            disabled={!form.secret || !form.username || !form.password || mismatch}
          >
            Create the administrator
          </Button>
          <AnchorLink to="/sign-in" size="sm">
            Back to sign in
          </AnchorLink>
        </Stack>
      </form>
    </AuthLayout>
  );
}
