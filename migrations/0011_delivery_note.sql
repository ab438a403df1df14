-- Why a delivery that goes out was routed as it was: a channel the person avoids, used anyway because no other
-- channel of the step reaches them (docs/escalation.md, "A person's choice of channels"). The delivery log
-- shows it beside the status; until now only the timeline said so. Nullable: existing rows need nothing.
ALTER TABLE "deliveries" ADD COLUMN "note" text;
