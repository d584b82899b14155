// minimalTextEdit: one Monaco edit per change, so undo and the cursor survive.
import { describe, expect, it } from 'vitest';
import { minimalTextEdit, setConfig } from '../../../dsl';
import { penguinsSource } from './corpus';

const apply = (before: string, e: ReturnType<typeof minimalTextEdit>) => (e ? before.slice(0, e.start) + e.text + before.slice(e.end) : before);

describe('minimalTextEdit', () => {
  it('is null for no change', () => {
    expect(minimalTextEdit('abc', 'abc')).toBeNull();
  });

  it('covers only what changed', () => {
    expect(minimalTextEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n')).toEqual({ start: 8, end: 9, text: '3' });
    expect(minimalTextEdit('abc', 'abxc')).toEqual({ start: 2, end: 2, text: 'x' });
    expect(minimalTextEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
    expect(minimalTextEdit('', 'x')).toEqual({ start: 0, end: 0, text: 'x' });
  });

  it('never splits a surrogate pair', () => {
    const e = minimalTextEdit('x😀y', 'x😃y');
    expect(e).toEqual({ start: 1, end: 3, text: '😃' });
  });

  it('turns an edit of the projection into one small edit', () => {
    const after = setConfig(penguinsSource, 'train', ['epochs'], 300);
    const e = minimalTextEdit(penguinsSource, after);
    expect(e).toMatchObject({ text: '3' });
    expect(apply(penguinsSource, e)).toBe(after);
  });
});
