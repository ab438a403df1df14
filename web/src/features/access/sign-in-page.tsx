import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { AnchorLink } from '../../app/links.tsx';
import { meQuery, safeRedirect } from '../../app/session.tsx';
import { AuthLayout } from './auth-layout.tsx';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const { redirect, reason } = route.useSearch();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () =>
      api('POST', '/auth/sign-in', { body: { username, password }, expectUnauthorized: true }),
    onSuccess: async () => {
      // Another person may have used this tab: nothing cached for them survives.
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      router.history.replace(safeRedirect(redirect));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  return (
    <AuthLayout title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack>
          {reason === 'expired' && (
            <Alert color="orange" title="Your session has ended" role="status">
              Sign in again to carry on where you were. What you were typing has been kept.
            </Alert>
          )}
          {reason === 'signed-out' && (
            <Alert color="gray" role="status">
              You are signed out.
            </Alert>
          )}
          <TextInput
            label="Username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            data-autofocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={signIn.error} title="Could not sign in" />
          <Button type="submit" loading={signIn.isPending} disabled={!username || !password}>
            Sign in
          </Button>
          <Text size="sm">
            First start of this Cordon? <AnchorLink to="/setup">Set up the administrator</AnchorLink> with the
            one-time secret it printed.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
