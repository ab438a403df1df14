-- A person's choice of channels ("text me, don't call", docs/escalation.md): the policy channels (email,
-- chat, sms, voice) a directory person would rather not be paged by. Escalation skips them when another
-- channel of the step reaches the person and uses them anyway when none does. Empty means no preference,
-- so every existing row is valid as it is; adding a column with a constant default rewrites no rows.
ALTER TABLE "people" ADD COLUMN "avoid_channels" text[] DEFAULT '{}'::text[] NOT NULL;
