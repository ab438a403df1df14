import { Button, Fieldset, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { COLORS } from '../../app/colors.ts';
import { formatBytes } from './upload-attachment.ts';

/** The same file picked twice is kept once (name, size and modification time are the browser's identity). */
export const fileKey = (f: File) => `${f.name}\u0000${f.size}\u0000${f.lastModified}`;

type Props = { files: File[]; onChange: (files: File[]) => void; disabled?: boolean };

/**
 * Files to send with the report. Files cannot live in the saved draft (sessionStorage holds text), so they
 * stay in the page while it is open and are sent one by one once the report has its reference.
 */
export function AttachmentPicker({ files, onChange, disabled }: Props) {
  const resetRef = useRef<() => void>(null);
  const add = (picked: File[]) => {
    const known = new Set(files.map(fileKey));
    onChange([...files, ...picked.filter((f) => !known.has(fileKey(f)))]);
    // Clear the input so picking the same file again after removing it still reports a change.
    resetRef.current?.();
  };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return (
    <Fieldset legend="4. Attachments (optional)">
      <Stack gap="sm">
        <Text size="sm" id="attachments-help">
          Screenshots, the suspicious e-mail saved as a file, logs or photos. Each file is kept exactly as you
          send it, with its SHA-256 fingerprint. Do not forward a suspicious e-mail to colleagues.
        </Text>
        <Group>
          <FileButton
            multiple
            onChange={add}
            resetRef={resetRef}
            disabled={disabled ?? false}
            inputProps={{ 'aria-label': 'Files to attach' }}
          >
            {(props) => (
              <Button variant="default" aria-describedby="attachments-help" disabled={disabled} {...props}>
                Add files…
              </Button>
            )}
          </FileButton>
          {files.length > 0 && (
            <Text size="sm" aria-live="polite">
              {files.length} {files.length === 1 ? 'file' : 'files'}, {formatBytes(total)}
            </Text>
          )}
        </Group>
        {files.length > 0 && (
          <Stack
            gap={6}
            component="ul"
            aria-label="Files to attach"
            style={{ listStyle: 'none', padding: 0 }}
          >
            {files.map((f) => (
              <Paper key={fileKey(f)} component="li" withBorder px="sm" py={6}>
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {f.name}
                    </Text>
                    <Text size="xs" c={COLORS.neutral}>
                      {formatBytes(f.size)}
                    </Text>
                  </div>
                  <Button
                    variant="default"
                    size="compact-sm"
                    disabled={disabled}
                    onClick={() => onChange(files.filter((x) => fileKey(x) !== fileKey(f)))}
                  >
                    Remove<span className="visually-hidden"> {f.name}</span>
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Fieldset>
  );
}
