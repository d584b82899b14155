// The API: one router per resource, joined here. `AppRouter` is the type clients import.
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { connectionRouter } from './routers/connection';
import { dataRouter } from './routers/data';
import { datasetRouter } from './routers/dataset';
import { egressRouter } from './routers/egress';
import { endpointRouter } from './routers/endpoint';
import { modelRouter } from './routers/model';
import { monitorRouter } from './routers/monitor';
import { pipelineRouter } from './routers/pipeline';
import { runRouter } from './routers/run';
import { secretRouter } from './routers/secret';
import { router } from './trpc';

export const appRouter = router({
  pipeline: pipelineRouter,
  run: runRouter,
  model: modelRouter,
  dataset: datasetRouter,
  endpoint: endpointRouter,
  monitor: monitorRouter,
  data: dataRouter,
  connection: connectionRouter,
  secret: secretRouter,
  egress: egressRouter,
  admin: adminRouter,
  auth: authRouter,
});

export type AppRouter = typeof appRouter;
