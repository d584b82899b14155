CREATE TABLE "monitor_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"window_id" bigint,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"subject" text,
	"message" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedup_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitor_alerts_dedup_key_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
CREATE TABLE "monitor_features" (
	"window_id" bigint NOT NULL,
	"feature" text NOT NULL,
	"kind" text NOT NULL,
	"rows" integer NOT NULL,
	"nulls" integer NOT NULL,
	"psi" double precision NOT NULL,
	"js" double precision NOT NULL,
	"ks_statistic" double precision,
	"ks_pvalue" double precision,
	"chi2_statistic" double precision,
	"chi2_pvalue" double precision,
	"drifted" boolean NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bins" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_windows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"monitor_id" uuid,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"rows" integer NOT NULL,
	"model_version_id" uuid,
	"dataset" jsonb NOT NULL,
	"prediction" jsonb,
	"quality" jsonb NOT NULL,
	"health" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint" text NOT NULL,
	"spec" jsonb NOT NULL,
	"source" text,
	"origin" text,
	"version" integer DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitors_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "profile" jsonb;--> statement-breakpoint
ALTER TABLE "monitor_alerts" ADD CONSTRAINT "monitor_alerts_window_id_monitor_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."monitor_windows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_features" ADD CONSTRAINT "monitor_features_window_id_monitor_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."monitor_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_windows" ADD CONSTRAINT "monitor_windows_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_alerts_endpoint_created" ON "monitor_alerts" USING btree ("endpoint","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_features_window_feature" ON "monitor_features" USING btree ("window_id","feature");--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_windows_endpoint_span" ON "monitor_windows" USING btree ("endpoint","window_start","window_end");--> statement-breakpoint
CREATE INDEX "monitor_windows_endpoint_end" ON "monitor_windows" USING btree ("endpoint","window_end");