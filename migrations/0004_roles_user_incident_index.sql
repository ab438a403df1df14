DROP INDEX "incident_roles_user_idx";--> statement-breakpoint
CREATE INDEX "incident_roles_user_incident_idx" ON "incident_roles" USING btree ("user_id","incident_id");