CREATE TABLE "training_epochs" (
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"epoch" integer NOT NULL,
	"loss" double precision NOT NULL,
	"val_loss" double precision,
	"val_metric" double precision,
	"samples_per_second" double precision,
	"lr" double precision,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_epochs_run_id_step_id_attempt_epoch_pk" PRIMARY KEY("run_id","step_id","attempt","epoch")
);
--> statement-breakpoint
ALTER TABLE "training_epochs" ADD CONSTRAINT "training_epochs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;