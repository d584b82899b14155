CREATE TABLE "sign_in_limits" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_limits_scope_key_pk" PRIMARY KEY("scope","key")
);
