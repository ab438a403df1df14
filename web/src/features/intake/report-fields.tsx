import {
  Checkbox,
  Fieldset,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';

export type ReportDraft = {
  who: 'me' | 'customer';
  title: string;
  description: string;
  observedAt: string;
  where: string;
  systems: string[];
  accounts: string[];
  othersAware: string;
  howDetected: string;
  suspectedBreach: boolean;
  customerName: string;
  customerEmail: string;
  customerPhone: string;
};

export const emptyReport = (): ReportDraft => ({
  who: 'me',
  title: '',
  description: '',
  observedAt: '',
  where: '',
  systems: [],
  accounts: [],
  othersAware: '',
  howDetected: '',
  suspectedBreach: false,
  customerName: '',
  customerEmail: '',
  customerPhone: '',
});

export type Problems = Partial<Record<keyof ReportDraft, string>>;

export function validateReport(d: ReportDraft): Problems {
  const p: Problems = {};
  if (d.title.trim().length < 3) p.title = 'Say in a few words what happened (at least 3 characters).';
  if (!d.description.trim()) p.description = 'Describe what you observed.';
  if (d.observedAt && Number.isNaN(new Date(d.observedAt).getTime()))
    p.observedAt = 'This is not a date and time.';
  if (d.who === 'customer' && !d.customerName.trim()) p.customerName = "Give the customer's name.";
  return p;
}

/** The API body (POST /reports); empty answers are left out. */
export function toReportBody(d: ReportDraft) {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    channel: 'web' as const,
    observedAt: d.observedAt ? new Date(d.observedAt).toISOString() : undefined,
    where: opt(d.where),
    systems: d.systems.length ? d.systems : undefined,
    accounts: d.accounts.length ? d.accounts : undefined,
    othersAware: opt(d.othersAware),
    howDetected: opt(d.howDetected),
    suspectedBreach: d.suspectedBreach,
    onBehalfOfCustomer: d.who === 'customer',
    reporter:
      d.who === 'customer'
        ? { name: d.customerName.trim(), email: opt(d.customerEmail), phone: opt(d.customerPhone) }
        : undefined,
  };
}

type Props = { draft: ReportDraft; update: (p: Partial<ReportDraft>) => void; problems: Problems };

export function ReportFields({ draft, update, problems }: Props) {
  const text = (k: keyof ReportDraft) => (e: { currentTarget: { value: string } }) =>
    update({ [k]: e.currentTarget.value } as Partial<ReportDraft>);
  return (
    <Stack gap="lg">
      <Fieldset legend="Who is reporting?">
        <Stack gap="xs">
          <SegmentedControl
            aria-label="Who is reporting"
            value={draft.who}
            onChange={(v) => update({ who: v === 'customer' ? 'customer' : 'me' })}
            data={[
              { value: 'me', label: 'I am' },
              { value: 'customer', label: 'A customer (I file it for them)' },
            ]}
          />
          {draft.who === 'customer' && (
            <>
              <Text size="sm">
                Customer Success: the customer is recorded as the reporter and you as the person who filed it;
                the report goes to the team the policy names for customer reports.
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label="Customer's name"
                  required
                  value={draft.customerName}
                  onChange={text('customerName')}
                  error={problems.customerName}
                />
                <TextInput
                  label="Customer's e-mail"
                  type="email"
                  value={draft.customerEmail}
                  onChange={text('customerEmail')}
                />
                <TextInput
                  label="Customer's phone"
                  type="tel"
                  value={draft.customerPhone}
                  onChange={text('customerPhone')}
                />
              </SimpleGrid>
            </>
          )}
        </Stack>
      </Fieldset>

      <Fieldset legend="1. What happened?">
        <Stack>
          <TextInput
            label="In one line, what did you notice?"
            description="For example: “Login prompt on the intranet asked for my password twice”."
            required
            value={draft.title}
            onChange={text('title')}
            error={problems.title}
            maxLength={300}
          />
          <Textarea
            label="What exactly did you observe or discover?"
            description="Be a good witness: what you saw, messages shown, what you did next. Facts, not guesses."
            required
            autosize
            minRows={4}
            value={draft.description}
            onChange={text('description')}
            error={problems.description}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend="2. When and where?">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="When did you see it?"
            description="Your local time. Leave empty if you are not sure."
            type="datetime-local"
            value={draft.observedAt}
            onChange={text('observedAt')}
            error={problems.observedAt}
          />
          <TextInput
            label="Where?"
            description="Office, building, web address, device or network."
            value={draft.where}
            onChange={text('where')}
          />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="3. Systems, accounts and people">
        <Stack>
          <TagsInput
            label="Which systems or devices are involved?"
            description="Press Enter after each one (laptop name, server, application)."
            value={draft.systems}
            onChange={(v) => update({ systems: v })}
            clearable
          />
          <TagsInput
            label="Which accounts are involved?"
            description="User names or e-mail addresses. Never type a password here."
            value={draft.accounts}
            onChange={(v) => update({ accounts: v })}
            clearable
          />
          <Textarea
            label="Who else knows about it?"
            autosize
            minRows={2}
            value={draft.othersAware}
            onChange={text('othersAware')}
          />
          <Textarea
            label="How did you notice it?"
            description="An alert, an odd e-mail, a colleague told you, a log review…"
            autosize
            minRows={2}
            value={draft.howDetected}
            onChange={text('howDetected')}
          />
          <Checkbox
            label="Customer or personal data may have been exposed (suspected data breach)"
            checked={draft.suspectedBreach}
            onChange={(e) => update({ suspectedBreach: e.currentTarget.checked })}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
