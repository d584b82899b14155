CREATE TABLE "connections" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'postgres' NOT NULL,
	"url" text NOT NULL,
	"password_env" text,
	"description" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_reads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_key" text NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"dataset_id" uuid NOT NULL,
	"bytes" bigint,
	"content_hash" text,
	"modified_at" timestamp with time zone,
	"etag" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "source_reads" ADD CONSTRAINT "source_reads_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_reads" ADD CONSTRAINT "source_reads_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_reads_by_source" ON "source_reads" USING btree ("source_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "source_reads_once" ON "source_reads" USING btree ("run_id","step_id","dataset_id");