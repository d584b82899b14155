'use client';
// "New pipeline" starts with its name: checked against the pipeline-name rule and against every pipeline saved
// so far (archived ones too) before the editor opens, so a first save can never land on another pipeline. The
// editor's first save asks the server for a new pipeline as well, which settles a name taken in the meantime.
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorData, errorMessage } from '../../_lib/errors';
import { nameRuleProblem } from '../../_lib/pipeline-name';
import { useTRPC } from '../../_lib/trpc';
import { NewPipeline } from '../../editor/editor';
import styles from './new.module.css';

type Problem = { text: string; existing?: string };

export function NewPipelineStart() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [checking, setChecking] = useState(false);

  if (chosen) return <NewPipeline name={chosen} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wanted = name.trim();
    const rule = nameRuleProblem(wanted);
    if (rule) return setProblem({ text: rule });
    setChecking(true);
    try {
      const found = await queryClient.fetchQuery(trpc.pipeline.get.queryOptions({ name: wanted }, { retry: false, staleTime: 0 }));
      setProblem({
        text: `A pipeline named "${wanted}" already exists${found.pipeline.archived ? ' (archived)' : ''}, at v${found.version.version}. Open it to change it, or choose another name.`,
        existing: wanted,
      });
    } catch (err) {
      if (errorData(err)?.code === 'NOT_FOUND') {
        setProblem(undefined);
        setChosen(wanted);
      } else {
        setProblem({ text: `Could not check the name: ${errorMessage(err)}` });
      }
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className={styles.start} aria-labelledby="new-title">
      <h1 id="new-title">New pipeline</h1>
      <p className="muted">
        Name it first. The name is how runs, schedules and the CLI refer to it; saving again later makes new versions of this pipeline.
      </p>
      <form onSubmit={(e) => void submit(e)} className={styles.form} noValidate>
        <label htmlFor="pipeline-name">Name</label>
        <div className={styles.row}>
          <input
            id="pipeline-name"
            className="text-input is-mono"
            name="name"
            value={name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder="churn-model"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'pipeline-name-problem' : 'pipeline-name-rule'}
            onChange={(e) => {
              setName(e.target.value);
              setProblem(undefined);
            }}
          />
          <button type="submit" className="primary" disabled={checking}>
            {checking ? 'Checking…' : 'Create and open the editor'}
          </button>
        </div>
        {problem ? (
          <p id="pipeline-name-problem" className="error-text" role="alert" data-testid="name-problem">
            {problem.text}
            {problem.existing && (
              <>
                {' '}
                <Link href={`/pipelines/${encodeURIComponent(problem.existing)}/edit`}>Open {problem.existing}</Link>
              </>
            )}
          </p>
        ) : (
          <p id="pipeline-name-rule" className="muted small">
            Lowercase letters, digits, &quot;-&quot; and &quot;_&quot;, starting with a letter.
          </p>
        )}
      </form>
    </section>
  );
}
