CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"webhook" text NOT NULL,
	"attempt" integer NOT NULL,
	"ok" boolean NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_silences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"kind" text,
	"subject" text,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trigger_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"outcome" text NOT NULL,
	"run_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trigger_sources" (
	"pipeline_id" uuid NOT NULL,
	"source" text NOT NULL,
	"content_hash" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_alerts" ADD COLUMN "silence_id" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "trigger_details" jsonb;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_monitor_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."monitor_alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_events" ADD CONSTRAINT "trigger_events_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_sources" ADD CONSTRAINT "trigger_sources_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert" ON "alert_deliveries" USING btree ("alert_id","id");--> statement-breakpoint
CREATE INDEX "monitor_silences_endpoint_until" ON "monitor_silences" USING btree ("endpoint","until");--> statement-breakpoint
CREATE UNIQUE INDEX "trigger_events_pipeline_key" ON "trigger_events" USING btree ("pipeline_id","key");--> statement-breakpoint
CREATE INDEX "trigger_events_pipeline_created" ON "trigger_events" USING btree ("pipeline_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "trigger_sources_pipeline_source" ON "trigger_sources" USING btree ("pipeline_id","source");