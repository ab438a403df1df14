CREATE TABLE "directory_teams" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_overrides" (
	"id" uuid PRIMARY KEY NOT NULL,
	"schedule_key" text NOT NULL,
	"person_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "oncall_schedules" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"rotation" text NOT NULL,
	"handoff_time" text NOT NULL,
	"handoff_day" integer DEFAULT 1 NOT NULL,
	"start_date" text NOT NULL,
	"participants" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"handle" text NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"email" text,
	"phone" text,
	"chat_handle" text,
	"user_id" uuid,
	"supervisor_id" uuid,
	"time_zone" text,
	"unavailable_until" timestamp with time zone,
	"unavailable_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "position_holders" (
	"position" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_covers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"schedule_key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_key" text NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "team_members_team_key_person_id_pk" PRIMARY KEY("team_key","person_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_name" text NOT NULL,
	"trigger" text NOT NULL,
	"audit_seq" bigint NOT NULL,
	"policy_version" integer NOT NULL,
	"event_id" uuid,
	"incident_id" uuid,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "escalation_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"idx" integer NOT NULL,
	"state" text NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"timeout_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"ord" integer GENERATED ALWAYS AS IDENTITY (sequence name "pages_ord_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"run_id" uuid NOT NULL,
	"step_row_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"fallback" boolean DEFAULT false NOT NULL,
	"incident_id" uuid,
	"event_id" uuid,
	"recipient_key" text NOT NULL,
	"recipient_kind" text NOT NULL,
	"person_id" uuid,
	"user_id" uuid,
	"team_key" text,
	"recipient_name" text NOT NULL,
	"via" text[] NOT NULL,
	"channels" text[] NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ack_at" timestamp with time zone,
	"ack_by" uuid,
	"ack_by_name" text,
	"ack_via" text,
	"ack_note" text
);
--> statement-breakpoint
CREATE TABLE "meeting_occurrences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"meeting_id" text NOT NULL,
	"date" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"uid" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"state" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"minutes_at" timestamp with time zone,
	"minutes_by" uuid
);
--> statement-breakpoint
CREATE TABLE "chat_rooms" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"channel_key" text NOT NULL,
	"room_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"ord" integer GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_ord_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"page_id" uuid,
	"incident_id" uuid,
	"event_id" uuid,
	"purpose" text NOT NULL,
	"channel" text NOT NULL,
	"channel_key" text,
	"recipient_key" text NOT NULL,
	"recipient_name" text NOT NULL,
	"user_id" uuid,
	"team_key" text,
	"address" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_ref" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_comms" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"out_of_band" boolean NOT NULL,
	"reason" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secret" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"severity" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"last_percent" integer DEFAULT 0 NOT NULL,
	"breached_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "oncall_overrides_schedule_idx" ON "oncall_overrides" USING btree ("schedule_key","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_handle_key" ON "people" USING btree ("handle");--> statement-breakpoint
CREATE UNIQUE INDEX "people_user_key" ON "people" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "people_supervisor_idx" ON "people" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "role_covers_user_idx" ON "role_covers" USING btree ("user_id","role");--> statement-breakpoint
CREATE INDEX "team_members_person_idx" ON "team_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_runs_key_key" ON "escalation_runs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "escalation_runs_incident_idx" ON "escalation_runs" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "escalation_runs_event_idx" ON "escalation_runs" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_steps_run_step_key" ON "escalation_steps" USING btree ("run_id","step_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pages_key_key" ON "pages" USING btree ("key");--> statement-breakpoint
CREATE INDEX "pages_step_idx" ON "pages" USING btree ("step_row_id");--> statement-breakpoint
CREATE INDEX "pages_incident_idx" ON "pages" USING btree ("incident_id","ord");--> statement-breakpoint
CREATE INDEX "pages_user_idx" ON "pages" USING btree ("user_id","state");--> statement-breakpoint
CREATE INDEX "pages_state_idx" ON "pages" USING btree ("state","ord");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_occurrences_key" ON "meeting_occurrences" USING btree ("incident_id","meeting_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_key_key" ON "deliveries" USING btree ("key");--> statement-breakpoint
CREATE INDEX "deliveries_page_idx" ON "deliveries" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "deliveries_incident_idx" ON "deliveries" USING btree ("incident_id","ord");--> statement-breakpoint
CREATE INDEX "deliveries_status_idx" ON "deliveries" USING btree ("status","ord");--> statement-breakpoint
CREATE INDEX "deliveries_user_idx" ON "deliveries" USING btree ("user_id","ord");--> statement-breakpoint
CREATE INDEX "deliveries_team_idx" ON "deliveries" USING btree ("team_key","ord");--> statement-breakpoint
-- Escalation reads the audit log from here on: an existing installation does not page for its past.
INSERT INTO "escalation_cursor" ("name", "seq") SELECT 'dispatcher', coalesce(max("seq"), 0) FROM "audit_log" ON CONFLICT DO NOTHING;
