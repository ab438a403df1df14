import {
  Button,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { put } from '../../api/client.ts';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { fieldErrors } from '../../api/field-errors.ts';
import type { ChannelKind, NotificationChannel } from '../../api/types.ts';
import { CHANNEL_KINDS, type ChannelField, KIND_OPTIONS } from './channel-kinds.ts';

type Values = Record<string, string | boolean>;

const initialValues = (c: NotificationChannel | undefined): Values =>
  Object.fromEntries(
    Object.entries(c?.settings ?? {}).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v ?? '')]),
  );

/** What the server gets: settings as typed, secrets only when typed (an empty secret keeps the stored one). */
function configOf(fields: ChannelField[], values: Values): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === 'boolean') config[f.name] = v === true;
    else if (typeof v === 'string' && v.trim() !== '')
      config[f.name] = f.type === 'number' ? Number(v) : v.trim();
  }
  return config;
}

/** Adds a channel, or changes one managed here (channels from environment variables are changed there). */
export function ChannelForm({ channel, onDone }: { channel?: NotificationChannel; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(channel?.key ?? '');
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'webhook');
  const [purpose, setPurpose] = useState<'normal' | 'out-of-band'>(channel?.purpose ?? 'normal');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [values, setValues] = useState<Values>(() => initialValues(channel));
  const fields = CHANNEL_KINDS[kind].fields;
  const save = useMutation({
    mutationFn: () =>
      put<NotificationChannel>(`/notification-channels/${encodeURIComponent(key.trim())}`, {
        kind,
        purpose,
        enabled,
        config: configOf(fields, values),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['notification-channels'] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const title = channel ? `Change the channel ${channel.key}` : 'Add a channel';
  const keptSecret = channel?.hasCredentials && channel.kind === kind;
  return (
    <form onSubmit={submit} aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Key"
            description="Short, lower case: smtp-backup, ops-hook"
            required
            disabled={!!channel}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            error={errors.channel}
          />
          <Select
            label="Kind"
            data={KIND_OPTIONS}
            value={kind}
            onChange={(v) => v && setKind(v as ChannelKind)}
            allowDeselect={false}
          />
          <Select
            label="Purpose"
            description="Out-of-band: used only for incidents whose communications may be compromised"
            data={[
              { value: 'normal', label: 'Normal' },
              { value: 'out-of-band', label: 'Out-of-band' },
            ]}
            value={purpose}
            onChange={(v) => setPurpose(v === 'out-of-band' ? 'out-of-band' : 'normal')}
            allowDeselect={false}
          />
          <Switch
            label="Enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            mt="lg"
          />
          {fields.map((f) => (
            <FieldInput
              key={`${kind}.${f.name}`}
              field={f}
              value={values[f.name]}
              kept={!!keptSecret}
              error={errors[f.name]}
              onChange={(v) => setValues({ ...values, [f.name]: v })}
            />
          ))}
        </SimpleGrid>
        <ErrorAlert error={save.error} title="The channel was not saved" />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!key.trim()}>
            Save channel
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FieldInput({
  field: f,
  value,
  kept,
  error,
  onChange,
}: {
  field: ChannelField;
  value: string | boolean | undefined;
  kept: boolean;
  error: string | undefined;
  onChange: (v: string | boolean) => void;
}) {
  if (f.type === 'boolean')
    return (
      <Switch
        label={f.label}
        checked={value === true}
        onChange={(e) => onChange(e.currentTarget.checked)}
        mt="lg"
      />
    );
  if (f.secret)
    return (
      <PasswordInput
        label={f.label}
        description={
          kept
            ? 'Set. Leave empty to keep it; it is never shown.'
            : (f.description ?? 'Stored encrypted, never shown.')
        }
        required={f.required && !kept}
        error={error}
        autoComplete="new-password"
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  return (
    <TextInput
      label={f.label}
      type={f.type === 'number' ? 'number' : f.type === 'email' ? 'email' : 'text'}
      required={f.required}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      {...(f.description ? { description: f.description } : {})}
    />
  );
}
