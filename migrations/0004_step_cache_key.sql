ALTER TABLE "step_runs" ADD COLUMN "cache_key" text;--> statement-breakpoint
CREATE INDEX "step_runs_cache_key" ON "step_runs" USING btree ("cache_key") WHERE cache_key is not null;