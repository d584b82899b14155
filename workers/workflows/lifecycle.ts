// deployLifecycle: the child workflow of the `deploy.lifecycle` step kind (child mode; docs/lifecycle.md). One
// durable workflow takes a candidate to production: gate (both models scored on the step's test table) → shadow
// (a deploymentRollout by strategy shadow, then its agreement judged from the serving windows) → approve (when
// asked: the run's `decide` update, forwarded here) → canary (a deploymentRollout by strategy canary, which rolls
// back by itself) → promote (the registry's production rules). Every decision is audited with its evidence and
// kept in the step's summary as a timeline. A stage that stops the candidate, or the run's cancellation, puts the
// endpoint back as it was before the lifecycle. Timers and children are durable: a worker killed midway loses nothing.
import {
  ActivityFailure, ApplicationFailure, CancellationScope, ChildWorkflowCancellationType, type ChildWorkflowHandle, condition, getExternalWorkflowHandle, isCancellation,
  ParentClosePolicy, proxyActivities, setHandler, sleep, startChild, workflowInfo,
} from '@temporalio/workflow';
import type { DeployLifecycleConfig } from '../../dsl/catalog/lifecycle';
import { durationSeconds } from '../../dsl/compile/duration';
import type { DeploymentRef, ModelVersionRef, TableRef } from '../../dsl/refs';
import type { DeployActivities } from '../activities/deploy';
import type { LifecycleActivities } from '../activities/lifecycle';
import {
  abortRolloutSignal, DEPLOYMENT_ROLLOUT, lifecycleApprovalSignal, lifecycleDecisionSignal, lifecycleProgressQuery, ROLLOUT_TASK_QUEUE,
  type ApprovalDecision, type ChildStepInput, type ChildStepResult, type LifecycleEntry, type LifecycleProgress, type RolloutInput, type RolloutResult,
} from '../../server/temporal/contract';
import { deliverAlerts } from './alert-delivery';
import { bookkeeping } from './proxies';

const acts = proxyActivities<LifecycleActivities & DeployActivities>({
  taskQueue: ROLLOUT_TASK_QUEUE,
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5, initialInterval: '500ms' },
});

/** The failure type of a lifecycle stopped at one of its stages. */
export const LIFECYCLE_STOPPED = 'LifecycleStopped';

const ms = (text: string) => Math.round((durationSeconds(text) ?? 60) * 1000);
const pct = (x: number | null) => (x === null ? 'none' : `${(x * 100).toFixed(1)}%`);

/** An activity's own sentence (a refused deployment, a bad config) rather than "Activity task failed". */
function unwrap(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? undefined);
  throw err;
}

export async function deployLifecycle(input: ChildStepInput): Promise<ChildStepResult> {
  const config = input.step.config as DeployLifecycleConfig;
  const { runId } = input;
  const stepId = input.step.id;
  const candidateRef = input.inputs.version as ModelVersionRef;
  const test = input.inputs.test as TableRef;
  const progress: LifecycleProgress = { stage: 'starting', timeline: [] };
  let decision: ApprovalDecision | undefined;
  setHandler(lifecycleProgressQuery, () => progress);
  setHandler(lifecycleDecisionSignal, (d) => { decision ??= d; });

  const start = await acts.lifecycleStart({ runId, stepId, config: input.step.config, version: candidateRef }).catch(unwrap);
  const { actor, endpoint, candidate, champion, before } = start;
  const label = `${candidate.name}@${candidate.version}`;

  /** Records a decision: the timeline (the step's running row shows it), the audit log. */
  async function note(stage: LifecycleEntry['stage'], text: string, ok: boolean, evidence: Record<string, unknown>) {
    progress.timeline.push({ at: new Date().toISOString(), stage, decision: text, evidence });
    await acts.lifecycleDecision({ runId, stepId, endpoint, actor, stage, decision: text, ok, evidence });
    await bookkeeping.recordSteps({
      runId, steps: [{ stepId, kind: input.step.uses, attempt: 1, status: 'running', summary: { workflowId: workflowInfo().workflowId, endpoint, candidate: label, timeline: progress.timeline } }],
    });
  }
  const summary = (more: Record<string, unknown> = {}) => ({ endpoint, candidate: label, champion: champion && `${champion.name}@${champion.version}`, actor, ...more, timeline: progress.timeline });
  /** Ends the step failed with `message`; its summary (the timeline) travels with the failure. */
  const stopped = (message: string) => ApplicationFailure.create({ message, type: LIFECYCLE_STOPPED, nonRetryable: true, details: [{ summary: summary() }] });

  /** Puts the endpoint back as it was before the lifecycle (nothing when it serves that already). */
  const restore = (why: string) =>
    before ? acts.lifecycleRestore({ endpoint, before: before.id, actor, reason: `${why}: the endpoint serves deployment #${before.number}'s versions again (run ${runId}, step "${stepId}")` }) : Promise.resolve({ restored: false });

  let rolling: { workflowId: string; handle: ChildWorkflowHandle<(i: RolloutInput) => Promise<RolloutResult>> } | undefined;
  /** Makes the deployment (deploy.rollout's own activity) and runs its rollout to its end. */
  async function rollout(part: string, rolloutConfig: Record<string, unknown>) {
    const made = await acts.deployRolloutCreate({ runId, pipeline: input.pipeline, stepId: `${stepId}/${part}`, config: { endpoint, ...rolloutConfig }, version: candidateRef }).catch(unwrap);
    const handle = await startChild<(i: RolloutInput) => Promise<RolloutResult>>(DEPLOYMENT_ROLLOUT, {
      workflowId: made.workflowId,
      taskQueue: ROLLOUT_TASK_QUEUE,
      args: [{ deploymentId: made.deployment.id }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.ABANDON,
    });
    rolling = { workflowId: made.workflowId, handle };
    progress.rollout = made.workflowId;
    const result = await handle.result();
    rolling = undefined;
    progress.rollout = undefined;
    return { deployment: made.deployment, result };
  }

  try {
    // 1. The gate: both models on the same rows.
    progress.stage = 'gate';
    const gate = await acts.lifecycleGate({
      endpoint, candidateId: candidate.id, championId: champion?.id ?? null, test, target: config.target, gate: config.gate,
    }).catch(unwrap);
    const gateEvidence = { candidate: { version: label, metrics: gate.candidate }, baseline: champion ? { version: `${champion.name}@${champion.version}`, metrics: gate.baseline } : null, rows: gate.rows, checks: gate.checks };
    const reasons = gate.checks.map((c) => c.reason).join('; ');
    if (!gate.passed) {
      await note('gate', `stopped: ${reasons}`, false, gateEvidence);
      throw stopped(`stopped at the gate: ${gate.checks.filter((c) => !c.met).map((c) => c.reason).join('; ')}`);
    }
    // Without a champion the relative conditions say so themselves ("no baseline: first version").
    await note('gate', `passed: ${reasons}`, true, gateEvidence);

    let deployment: DeploymentRef;
    if (!before) {
      // Nothing serves the endpoint: nothing to shadow or canary against; the first version takes it at once.
      const first = await rollout('replace', { strategy: 'replace' });
      if (first.result.status !== 'active') throw stopped(first.result.message);
      deployment = first.deployment;
      await note('canary', `skipped: endpoint ${endpoint} served nothing, so ${label} took it by replace`, true, { deployment: deployment.number, result: first.result.message });
    } else {
      // 2. The shadow: a copy of the traffic, compared with the champion's answers.
      if (config.shadow) {
        progress.stage = 'shadow';
        const s = config.shadow;
        const shadow = await rollout('shadow', { strategy: 'shadow', shadow: { sample: s.sample } });
        if (shadow.result.status !== 'active') {
          await note('shadow', `stopped: ${shadow.result.message}`, false, { result: shadow.result });
          throw stopped(`the shadow could not start: ${shadow.result.message}`);
        }
        const since = new Date().toISOString();
        const began = Date.now();
        progress.shadowing = { deploymentId: shadow.deployment.id, since };
        const forMs = s.for ? ms(s.for) : Number.POSITIVE_INFINITY;
        const every = ms(s.interval);
        let report = await acts.lifecycleShadowReport({ endpoint, deploymentId: shadow.deployment.id, since });
        for (;;) {
          const left = forMs - (Date.now() - began);
          if (left <= 0 || (s.requests !== undefined && report.compared >= s.requests)) break;
          await sleep(Math.min(every, left));
          report = await acts.lifecycleShadowReport({ endpoint, deploymentId: shadow.deployment.id, since });
        }
        progress.shadowing = undefined;
        const evidence = { deployment: shadow.deployment.number, report, minAgreement: s.minAgreement, requests: s.requests ?? null, for: s.for ?? null };
        const low = report.agreement === null || report.agreement < s.minAgreement;
        if (low) {
          const why = report.agreement === null
            ? `no request was compared in the shadow of ${label}`
            : `the shadow's agreement ${pct(report.agreement)} over ${report.compared} compared requests is below minAgreement ${pct(s.minAgreement)}`;
          await note('shadow', `stopped: ${why}`, false, evidence);
          await restore(`the shadow of ${label} was removed`);
          throw stopped(`stopped in the shadow: ${why}`);
        }
        await note('shadow', `passed: agreement ${pct(report.agreement)} over ${report.compared} compared requests (minAgreement ${pct(s.minAgreement)})`, true, evidence);
      }

      // 3. A person's approval, through the run's `decide` update.
      if (config.approve) {
        progress.stage = 'approve';
        const a = config.approve;
        const timeoutMs = ms(a.timeout);
        const until = new Date(Date.now() + timeoutMs).toISOString();
        const parent = workflowInfo().parent;
        const tell = (waiting: boolean) => parent
          ? getExternalWorkflowHandle(parent.workflowId).signal(lifecycleApprovalSignal, { stepId, waiting, ...(waiting ? { approvers: a.approvers, until, ...(a.message ? { message: a.message } : {}) } : {}) })
          : Promise.resolve();
        await tell(true);
        // The step's row waits as an `approve` step's does: the run page offers Approve and Reject.
        await bookkeeping.recordSteps({
          runId, steps: [{ stepId, kind: input.step.uses, attempt: 1, status: 'waiting', summary: { ...summary(), approvers: a.approvers, until, ...(a.message ? { message: a.message } : {}) } }],
        });
        const decided = await condition(() => decision !== undefined, timeoutMs);
        await tell(false);
        const d = decided ? decision! : { stepId, approved: false, actor: 'timeout', reason: `no decision within ${a.timeout}` };
        const evidence = { approved: d.approved, actor: d.actor, reason: d.reason, approvers: a.approvers, until };
        if (!d.approved) {
          await note('approve', `rejected by ${d.actor}: ${d.reason}`, false, evidence);
          await restore(`${label} was rejected before its canary`);
          throw stopped(`rejected by ${d.actor}: ${d.reason}`);
        }
        await note('approve', `approved by ${d.actor}: ${d.reason}`, true, evidence);
      }

      // 4. The canary: its rollout advances or rolls back by itself.
      progress.stage = 'canary';
      const canary = await rollout('canary', { strategy: 'canary', canary: config.canary });
      if (canary.result.status !== 'active') {
        const why = `rolled back in canary: ${canary.result.message}`;
        await note('canary', why, false, { deployment: canary.deployment.number, result: canary.result });
        const alert = await acts.lifecycleAlert({ endpoint, runId, stepId, message: `${label} ${why}`, details: { deployment: canary.deployment.number, candidate: label } });
        // Sent to the endpoint's monitor's webhooks like a window's alerts (none when it has no monitor or webhook).
        await deliverAlerts(endpoint, [alert.alertId], { runId, stepId });
        await restore(`${label} was rolled back in its canary`);
        throw stopped(why);
      }
      deployment = canary.deployment;
      await note('canary', `passed: ${canary.result.message}`, true, { deployment: deployment.number, result: canary.result.message });
    }

    // 5. Promotion: the registry's production rules; the champion in production is archived.
    progress.stage = 'promote';
    const promoted = await acts.lifecyclePromote({
      runId, stepId, candidateId: candidate.id, actor,
      reason: `promoted by the lifecycle of run ${runId} (step "${stepId}"): ${progress.timeline.map((e) => `${e.stage} ${e.decision.split(':')[0]}`).join(', ')}`,
    }).catch(unwrap);
    await note('promote', `${label} is in production${promoted.archived.length ? ` (archived v${promoted.archived.join(', v')})` : ''}`, true, { archived: promoted.archived, deployment: deployment.number });
    progress.stage = 'done';
    return { outputs: { deployment }, summary: summary({ deployment: deployment.number, stage: 'production' }) };
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // The run was cancelled: a rollout in flight is rolled back (as `headrace rollback` would), then the endpoint
    // serves what it served before the lifecycle.
    await CancellationScope.nonCancellable(async () => {
      const r = rolling;
      if (r) {
        await r.handle.signal(abortRolloutSignal, { actor, reason: `run ${runId} was cancelled during the lifecycle of ${label}` });
        await r.handle.result();
      }
      const back = await restore(`run ${runId} was cancelled during the lifecycle of ${label}`);
      progress.timeline.push({ at: new Date().toISOString(), stage: 'cancel', decision: `cancelled during ${progress.stage}`, evidence: { restored: back.restored } });
      await acts.lifecycleDecision({ runId, stepId, endpoint, actor, stage: 'cancel', decision: `cancelled during ${progress.stage}`, ok: false, evidence: { restored: back.restored } });
    });
    throw err;
  }
}
