CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_secrets" (
	"secret_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"password_hash" text,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"incident_id" uuid,
	"request_id" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chain_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "incident_roles" (
	"incident_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by" uuid,
	CONSTRAINT "incident_roles_incident_id_role_user_id_pk" PRIMARY KEY("incident_id","role","user_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ord" bigint GENERATED ALWAYS AS IDENTITY (sequence name "incidents_ord_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"phase" text NOT NULL,
	"is_open" boolean DEFAULT true NOT NULL,
	"classification" text,
	"location" text,
	"likelihood" text,
	"owner_team" text,
	"assignee_id" uuid,
	"visibility" text NOT NULL,
	"suspected_internal_actor" boolean DEFAULT false NOT NULL,
	"policy_version" integer NOT NULL,
	"remediation_due_at" timestamp with time zone,
	"phase_times" jsonb NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"declared_by" uuid,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(key, '') || ' ' || coalesce(title, '') || ' ' || coalesce(summary, ''))) STORED
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ref" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"observed_at" timestamp with time zone,
	"details" jsonb NOT NULL,
	"reporter" jsonb NOT NULL,
	"filed_by" uuid,
	"on_behalf_of_customer" boolean DEFAULT false NOT NULL,
	"suspected_breach" boolean DEFAULT false NOT NULL,
	"routed_to_team" text,
	"fingerprint" text,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"disposition_action" text,
	"disposition_reason" text,
	"disposition_note" text,
	"disposed_by" uuid,
	"disposed_at" timestamp with time zone,
	"incident_id" uuid
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"reporter" jsonb NOT NULL,
	"filed_by" uuid,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"document" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"active" boolean DEFAULT false NOT NULL,
	"activated_at" timestamp with time zone,
	"activated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "timeline_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_secrets" ADD CONSTRAINT "sign_in_secrets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_documents" ADD CONSTRAINT "incident_documents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_roles" ADD CONSTRAINT "incident_roles_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "audit_action_idx" ON "audit_log" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "audit_incident_idx" ON "audit_log" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_documents_kind_key" ON "incident_documents" USING btree ("incident_id","kind");--> statement-breakpoint
CREATE INDEX "incident_roles_user_idx" ON "incident_roles" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_key_key" ON "incidents" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_ord_key" ON "incidents" USING btree ("ord");--> statement-breakpoint
CREATE INDEX "incidents_severity_idx" ON "incidents" USING btree ("severity","ord");--> statement-breakpoint
CREATE INDEX "incidents_phase_idx" ON "incidents" USING btree ("phase","ord");--> statement-breakpoint
CREATE INDEX "incidents_type_idx" ON "incidents" USING btree ("type","ord");--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("is_open","ord");--> statement-breakpoint
CREATE INDEX "incidents_search_idx" ON "incidents" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "events_ref_key" ON "events" USING btree ("ref");--> statement-breakpoint
CREATE INDEX "events_status_idx" ON "events" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "events_fingerprint_idx" ON "events" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "reports_event_idx" ON "reports" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_one_active" ON "policy_versions" USING btree ("active") WHERE "policy_versions"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_incident_seq_key" ON "timeline_entries" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE INDEX "timeline_at_idx" ON "timeline_entries" USING btree ("at");