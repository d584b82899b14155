CREATE TABLE "deployment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "serving_windows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"deployment_id" uuid,
	"variant" text NOT NULL,
	"role" text NOT NULL,
	"model_version_id" uuid,
	"server" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"latency_counts" jsonb NOT NULL,
	"latency_sum_ms" double precision NOT NULL,
	"shadow" jsonb
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scopes" text[] DEFAULT ARRAY['api']::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_events_deployment" ON "deployment_events" USING btree ("deployment_id","id");--> statement-breakpoint
CREATE INDEX "serving_windows_endpoint_end" ON "serving_windows" USING btree ("endpoint","window_end");