import { describe, expect, test } from 'vitest';
import { BAD_EXTERNAL_ADDRESS_PLAYBOOK, BUILTIN_PLAYBOOKS } from '../../../shared/playbook/builtin';
import { parsePlaybook } from '../../../shared/playbook/schema';
import type { Playbook } from '../../../shared/playbook/schema';

/** A fresh, writable copy of the built-in playbook as plain JSON. */
function copy(): { steps: Array<Record<string, unknown>> } & Record<string, unknown> {
  return JSON.parse(JSON.stringify(BAD_EXTERNAL_ADDRESS_PLAYBOOK)) as { steps: Array<Record<string, unknown>> } & Record<string, unknown>;
}

function problem(input: unknown): string {
  try {
    parsePlaybook(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parsePlaybook to throw');
}

describe('playbook schema', () => {
  test('accepts every built-in playbook unchanged', () => {
    for (const playbook of BUILTIN_PLAYBOOKS) expect(parsePlaybook(playbook)).toEqual(playbook);
  });

  test('the built-in playbook covers the alert in both phases with stable ids', () => {
    const steps = BAD_EXTERNAL_ADDRESS_PLAYBOOK.steps;
    expect(steps.filter((s) => s.phase === 'investigation')).toHaveLength(6);
    expect(steps.filter((s) => s.phase === 'resolution')).toHaveLength(5);
    const byId = new Map(steps.map((s) => [s.id, s]));
    expect(byId.get('inv-identify-sources')?.answers).toEqual(['suspects']);
    expect(byId.get('inv-check-reputation')?.answers).toEqual(expect.arrayContaining(['reputation', 'indicators']));
    expect(byId.get('inv-review-requests')?.answers).toEqual(expect.arrayContaining(['detections', 'exfiltration', 'timeline']));
    expect(byId.get('res-block-addresses')?.answers).toEqual(expect.arrayContaining(['block-rules', 'indicators']));
    expect(byId.get('res-assess-exposure')?.answers).toEqual(
      expect.arrayContaining(['exfiltration', 'affected-parties', 'regulator']),
    );
    // Investigation comes first, and every step reads as a short instruction.
    expect(steps.findIndex((s) => s.phase === 'resolution')).toBe(6);
    for (const step of steps) expect(step.title.length).toBeLessThanOrEqual(60);
  });

  test('accepts JSON text as well as a parsed value', () => {
    const parsed: Playbook = parsePlaybook(JSON.stringify(BAD_EXTERNAL_ADDRESS_PLAYBOOK));
    expect(parsed.id).toBe('bad-external-address-vulnerable-app');
    expect(problem('{ not json')).toMatch(/not JSON/);
  });

  test('rejects duplicate step ids, naming the step and the first use', () => {
    const bad = copy();
    bad.steps[3] = { ...bad.steps[3], id: 'inv-identify-sources' };
    const message = problem(bad);
    expect(message).toContain('step 4 ("inv-identify-sources")');
    expect(message).toContain('already used by step 1');
    expect(message).toMatch(/unique/);
  });

  test('rejects an unknown phase, naming the step, the field and the value', () => {
    const bad = copy();
    bad.steps[2] = { ...bad.steps[2], phase: 'triage' };
    const message = problem(bad);
    expect(message).toContain('step 3 ("inv-review-requests")');
    expect(message).toContain('phase must be one of "investigation", "resolution"');
    expect(message).toContain('(got "triage")');
  });

  test('names other problems precisely', () => {
    const bad = copy();
    bad.steps[0] = { ...bad.steps[0], answers: ['suspects', 'weather'] };
    expect(problem(bad)).toMatch(/step 1 \("inv-identify-sources"\) answers\[1\]: each answer must be one of .*\(got "weather"\)/);

    const missing = copy();
    delete missing.steps[1]?.guidance;
    expect(problem(missing)).toContain('step 2 ("inv-check-reputation"): guidance is missing');

    expect(problem({ ...copy(), format: 'something-else' })).toContain('format must be "tidemark-playbook"');
    expect(problem({ ...copy(), version: 2 })).toContain('version must be 1');
    expect(problem({ ...copy(), id: 'Not Kebab' })).toContain('id must be lower-case words joined by hyphens');
    expect(problem({ ...copy(), steps: [] })).toContain('steps must list at least one step');
    expect(problem({ ...copy(), steps: 'none' })).toContain('steps must be a list');
    expect(problem({ ...copy(), author: 'me' })).toContain('unknown field "author"');
    expect(problem({ ...copy(), title: '   ' })).toContain('title must not be empty');
    expect(problem(null)).toContain('a playbook must be a JSON object');

    const repeated = copy();
    repeated.steps[0] = { ...repeated.steps[0], answers: ['suspects', 'suspects'] };
    expect(problem(repeated)).toContain('answers lists "suspects" more than once');
  });
});
