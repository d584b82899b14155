'use client';
// Deploy / Rollback for an endpoint and Promote for one of its variants, offered to editors and admins (the
// server enforces the same rule). Each asks for confirmation with a reason, kept in the deployment history and
// the audit log. A viewer gets no buttons, and a line saying who may.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTRPC } from '../../_lib/trpc';
import type { DeployedVariant, EndpointDetail } from './types';

const EDITORS = ['editor', 'admin'];

function useRole() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return { role: me.data?.role, username: me.data?.username };
}

function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.endpoint.pathKey() });
}

type Open = 'deploy' | 'rollback' | undefined;

export function EndpointActions({ endpoint }: { endpoint: EndpointDetail }) {
  const { role, username } = useRole();
  const [open, setOpen] = useState<Open>();
  if (role === undefined) return null;
  if (!EDITORS.includes(role)) {
    return (
      <div className="endpoint-actions" data-testid="endpoint-actions">
        <p className="small muted" data-testid="endpoint-actions-note">
          Signed in as {username} ({role}): deploy, promote and rollback need editor or admin.
        </p>
      </div>
    );
  }
  const previous = endpoint.history.find((h) => h.id === endpoint.current?.previousDeploymentId);
  return (
    <div className={`endpoint-actions${open ? ' open' : ''}`} data-testid="endpoint-actions">
      {open === undefined && (
        <div className="approval-actions">
          <button type="button" className="primary" onClick={() => setOpen('deploy')}>
            Deploy…
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => setOpen('rollback')}
            disabled={!previous}
            title={previous ? `Return to deployment #${previous.number}` : 'No deployment before this one to return to'}
          >
            Rollback…
          </button>
        </div>
      )}
      {open === 'deploy' && <DeployForm endpoint={endpoint.name} username={username} onDone={() => setOpen(undefined)} />}
      {open === 'rollback' && previous && (
        <RollbackForm endpoint={endpoint.name} username={username} onDone={() => setOpen(undefined)}>
          Roll back to deployment #{previous.number} ({previous.variants.map((v) => `${v.model}@v${v.version}`).join(', ')})?
          {endpoint.current?.status === 'rolling' && ' The rollout in progress is aborted.'}
        </RollbackForm>
      )}
    </div>
  );
}

function ReasonForm(props: {
  label: string;
  question: string;
  submit: string;
  tone: 'primary' | 'danger';
  pending: boolean;
  error: { message: string } | null;
  ready?: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const id = useId();
  const send = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(reason.trim());
  };
  return (
    <form onSubmit={send} aria-label={props.label} className="confirm-form">
      {props.children}
      <label htmlFor={id}>{props.question} (kept in the deployment history and the audit log)</label>
      <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required />
      <div className="approval-actions">
        <button type="submit" className={props.tone} disabled={props.pending || reason.trim() === '' || props.ready === false}>
          {props.pending ? 'Sending…' : props.submit}
        </button>
        <button type="button" onClick={props.onCancel} disabled={props.pending}>
          Cancel
        </button>
      </div>
      {props.error && (
        <p className="error-text" role="alert">
          {props.error.message}
        </p>
      )}
    </form>
  );
}

type Strategy = 'replace' | 'canary' | 'shadow' | 'split';

const STRATEGY_HINT: Record<Strategy, string> = {
  replace: 'takes all traffic once loaded',
  canary: 'takes a growing share of the traffic, step by step, while its errors and p99 stay within bounds; rolled back by itself otherwise',
  shadow: 'sees copies of the requests; its answers are only compared, never returned',
  split: 'shares the traffic by weight with a competing version',
};

function DeployForm({ endpoint, username, onDone }: { endpoint: string; username?: string; onDone: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [model, setModel] = useState('');
  const [strategy, setStrategy] = useState<Strategy>('replace');
  const [steps, setSteps] = useState('5,25,50,100');
  const [interval, setIntervalText] = useState('10m');
  const [maxErrorPct, setMaxErrorPct] = useState('1');
  const [maxP99, setMaxP99] = useState('100');
  const [minRequests, setMinRequests] = useState('100');
  const [sample, setSample] = useState('100');
  const [other, setOther] = useState('');
  const [otherWeight, setOtherWeight] = useState('50');
  const id = useId();
  const versions = useQuery(trpc.model.list.queryOptions({}));
  const servable = (versions.data ?? []).filter((v) => v.stage === 'staging' || v.stage === 'production');
  const deploy = useMutation(trpc.endpoint.deploy.mutationOptions({ onSuccess: async () => (await invalidate(), onDone()) }));
  const spec = /.@./;
  const ready = spec.test(model.trim()) && (strategy !== 'split' || spec.test(other.trim()));
  const submit = (reason: string) => {
    const base = { endpoint, model: model.trim(), strategy, reason };
    if (strategy === 'canary') {
      deploy.mutate({
        ...base,
        canary: {
          steps: steps.split(',').map((x) => Number(x.trim())).filter((x) => x > 0),
          interval: interval.trim(),
          maxErrorRate: Number(maxErrorPct) / 100,
          maxLatencyP99: Number(maxP99),
          minRequests: Number(minRequests),
        },
      });
    } else if (strategy === 'shadow') {
      deploy.mutate({ ...base, sample: Number(sample) });
    } else if (strategy === 'split') {
      deploy.mutate({ ...base, variants: [{ model: other.trim(), weight: Number(otherWeight) }] });
    } else {
      deploy.mutate(base);
    }
  };
  return (
    <ReasonForm
      label={`Deploy to ${endpoint}`}
      question="Why deploy it?"
      submit={`Deploy as ${username ?? 'you'}`}
      tone="primary"
      pending={deploy.isPending}
      error={deploy.error}
      ready={ready}
      onSubmit={submit}
      onCancel={onDone}
    >
      <div className="form-row">
        <label htmlFor={id}>Model (MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS)</label>
        <input id={id} value={model} onChange={(e) => setModel(e.target.value)} list={`${id}-versions`} placeholder="penguins@production" autoFocus required />
        <datalist id={`${id}-versions`}>
          {servable.map((v) => (
            <option key={v.id} value={`${v.name}@${v.version}`}>
              {v.stage}
            </option>
          ))}
        </datalist>
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-strategy`}>Strategy</label>
        <select id={`${id}-strategy`} value={strategy} onChange={(e) => setStrategy(e.target.value as Strategy)}>
          {(Object.keys(STRATEGY_HINT) as Strategy[]).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="small muted">The version {STRATEGY_HINT[strategy]}.</span>
      </div>
      {strategy === 'canary' && (
        <div className="form-inline">
          <label>
            Steps (%) <input value={steps} onChange={(e) => setSteps(e.target.value)} size={12} />
          </label>
          <label>
            Each held <input value={interval} onChange={(e) => setIntervalText(e.target.value)} size={5} />
          </label>
          <label>
            Errors at most <input type="number" min={0} max={100} step="any" value={maxErrorPct} onChange={(e) => setMaxErrorPct(e.target.value)} style={{ width: 56 }} /> %
          </label>
          <label>
            p99 at most <input type="number" min={1} value={maxP99} onChange={(e) => setMaxP99(e.target.value)} style={{ width: 64 }} /> ms
          </label>
          <label>
            judged after <input type="number" min={1} value={minRequests} onChange={(e) => setMinRequests(e.target.value)} style={{ width: 64 }} /> requests
          </label>
        </div>
      )}
      {strategy === 'shadow' && (
        <div className="form-inline">
          <label>
            Copies of <input type="number" min={1} max={100} value={sample} onChange={(e) => setSample(e.target.value)} style={{ width: 64 }} /> % of the requests
          </label>
        </div>
      )}
      {strategy === 'split' && (
        <div className="form-inline">
          <label>
            Competing model <input value={other} onChange={(e) => setOther(e.target.value)} list={`${id}-versions`} placeholder="penguins@2" size={16} />
          </label>
          <label>
            its weight <input type="number" min={1} max={99} value={otherWeight} onChange={(e) => setOtherWeight(e.target.value)} style={{ width: 56 }} /> %
          </label>
        </div>
      )}
    </ReasonForm>
  );
}

function RollbackForm({ endpoint, username, onDone, children }: { endpoint: string; username?: string; onDone: () => void; children: ReactNode }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const rollback = useMutation(trpc.endpoint.rollback.mutationOptions({ onSuccess: async () => (await invalidate(), onDone()) }));
  return (
    <ReasonForm
      label={`Roll back ${endpoint}`}
      question="Why roll back?"
      submit={`Roll back as ${username ?? 'you'}`}
      tone="danger"
      pending={rollback.isPending}
      error={rollback.error}
      onSubmit={(reason) => rollback.mutate({ endpoint, reason })}
      onCancel={onDone}
    >
      <p className="small">{children}</p>
    </ReasonForm>
  );
}

/** Whether the signed-in user may deploy, promote and roll back (the server enforces the same rule). */
export function useCanDeploy(): boolean {
  const { role } = useRole();
  return role !== undefined && EDITORS.includes(role);
}

/**
 * Promote one variant: it takes all traffic as a new deployment (a running canary ends early). Confirmed with a
 * reason; the variants table shows it in a row of its own under the variant's.
 */
export function PromoteForm({ endpoint, variant, onDone }: { endpoint: string; variant: DeployedVariant; onDone: () => void }) {
  const trpc = useTRPC();
  const { username } = useRole();
  const invalidate = useInvalidate();
  const promote = useMutation(trpc.endpoint.promote.mutationOptions({ onSuccess: async () => (await invalidate(), onDone()) }));
  return (
    <div className="endpoint-actions inline">
      <ReasonForm
        label={`Promote ${variant.name}`}
        question={`Why give ${variant.name} all traffic?`}
        submit={`Promote ${variant.name} as ${username ?? 'you'}`}
        tone="primary"
        pending={promote.isPending}
        error={promote.error}
        onSubmit={(reason) => promote.mutate({ endpoint, variant: variant.name, reason })}
        onCancel={onDone}
      >
        <p className="small">
          {variant.model}@v{variant.version} takes all traffic of {endpoint} as a new deployment.
        </p>
      </ReasonForm>
    </div>
  );
}
