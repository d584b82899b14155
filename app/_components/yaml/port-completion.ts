// Completion of port references (`step.port`) inside a step's `in:` map. Pure: text + offset in, items out.
import { getStepKind } from '../../../dsl/catalog';
import { parsePipeline } from '../../../dsl/parse/parse';

export interface PortSuggestion {
  /** `step.port` */
  label: string;
  /** The output's port type, e.g. `Table`. */
  type: string;
  description: string;
  /** Sort key: steps above the current one first, in file order. */
  sortText: string;
}

export interface PortCompletion {
  /** Offset where the typed reference starts (the range to replace is [replaceStart, offset)). */
  replaceStart: number;
  /** The input port being filled. */
  port: string;
  /** Its type when the step's kind is known. */
  expectedType?: string;
  items: PortSuggestion[];
}

const REF_CHARS = /[A-Za-z0-9_.-]*$/;

/** What to offer at `offset` of `text`, or undefined when the cursor is not at the value of an `in:` entry. */
export function portCompletion(text: string, offset: number): PortCompletion | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const port = inputPortAt(text, lineStart, before);
  if (!port) return undefined;
  const typed = REF_CHARS.exec(before)?.[0] ?? '';

  let ast;
  try {
    ast = parsePipeline(text).ast;
  } catch {
    return undefined;
  }
  if (!ast) return undefined;
  const steps = ast.steps;
  let current = -1;
  for (let i = 0; i < steps.length; i++) {
    const start = steps[i].entry.keyNode.range?.[0];
    if (start !== undefined && start <= offset) current = i;
  }
  if (current < 0) return undefined;
  const step = steps[current];
  const kind = step.uses ? getStepKind(step.uses.value) : undefined;
  const expectedType = kind?.inputs[port]?.type;

  const items: PortSuggestion[] = [];
  steps.forEach((other, i) => {
    if (i === current) return;
    const otherKind = other.uses ? getStepKind(other.uses.value) : undefined;
    if (!otherKind) return;
    for (const [out, p] of Object.entries(otherKind.outputs)) {
      if (expectedType && p.type !== expectedType) continue;
      const rank = i < current ? 0 : 1;
      items.push({
        label: `${other.id}.${out}`,
        type: p.type,
        description: p.description,
        sortText: `${rank}${String(i).padStart(4, '0')}${out}`,
      });
    }
  });
  return { replaceStart: offset - typed.length, port, expectedType, items };
}

/** The input port whose value the cursor is in, from the line's text and the lines above it. */
function inputPortAt(text: string, lineStart: number, before: string): string | undefined {
  // Flow map on one line: `in: { table: split.tr|`
  const flow = /^\s*(?:-\s+)?in:\s*\{(.*)$/.exec(before);
  if (flow) {
    const segment = flow[1].split(',').pop() ?? '';
    return /^\s*([A-Za-z_][\w-]*)\s*:\s*[A-Za-z0-9_.-]*$/.exec(segment)?.[1];
  }
  // Block map: the line is `    table: split.tr|` and its parent line is `  in:`.
  const block = /^(\s*)([A-Za-z_][\w-]*)\s*:\s+[A-Za-z0-9_.-]*$/.exec(before);
  if (!block) return undefined;
  const indent = block[1].length;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const lineIndent = line.length - line.trimStart().length;
    if (lineIndent >= indent) continue;
    return /^\s*in:\s*(#.*)?$/.test(line) ? block[2] : undefined;
  }
  return undefined;
}
