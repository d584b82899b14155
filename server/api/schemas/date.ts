// The API's dates: a Date to tRPC callers (superjson keeps it one), an ISO 8601 string over REST. The schema says
// `format: date-time`, so the OpenAPI document tells generated clients (Python, TypeScript) to read it as a date.
import { z } from 'zod';

/** A fresh date schema each call: one instance reused across schemas would become a shared component. */
export const isoDate = () => z.date().meta({ format: 'date-time' });
