CREATE TABLE "alert_sources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"report_id" uuid,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
	"message_id" text PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "syslog_unparsed" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "syslog_unparsed_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone NOT NULL,
	"transport" text NOT NULL,
	"peer" text NOT NULL,
	"reason" text NOT NULL,
	"line" text NOT NULL,
	"raw_base64" text,
	"bytes" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "disposition_rule" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "alert_source_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "alert" jsonb;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "entity_keys" text[];--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "suggested_type" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "suggested_severity" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "routing_rule" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_attachments" ADD CONSTRAINT "event_attachments_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_attachments" ADD CONSTRAINT "event_attachments_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_sources_name_key" ON "alert_sources" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_sources_token_key" ON "alert_sources" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "event_attachments_event_idx" ON "event_attachments" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_attachments_sha_idx" ON "event_attachments" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "mail_messages_event_idx" ON "mail_messages" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "syslog_unparsed_received_idx" ON "syslog_unparsed" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "events_incident_idx" ON "events" USING btree ("incident_id") WHERE "events"."incident_id" is not null;