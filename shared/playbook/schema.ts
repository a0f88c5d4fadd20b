import { z } from 'zod';

/**
 * Playbooks as data: the steps a responder follows for one kind of alert, in a documented JSON
 * format (docs/playbook-format.md) so that teams can write their own or import a vendor's runbook
 * (runbook-import.ts). Each step may name the app's views that help answer it (`answers`); the UI
 * links them.
 */

export const PLAYBOOK_FORMAT = 'tidemark-playbook';
export const PLAYBOOK_VERSION = 1;

export const PLAYBOOK_PHASES = ['investigation', 'resolution'] as const;
export type PlaybookPhase = (typeof PLAYBOOK_PHASES)[number];

/** The app's views and facts a step can point to. */
export const PLAYBOOK_ANSWERS = [
  'suspects',
  'reputation',
  'detections',
  'exfiltration',
  'evidence',
  'timeline',
  'block-rules',
  'affected-parties',
  'regulator',
  'indicators',
] as const;
export type PlaybookAnswer = (typeof PLAYBOOK_ANSWERS)[number];

/** Lower-case words of letters and digits joined by single hyphens: `inv-identify-sources`. */
export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const LIMITS = {
  idChars: 64,
  titleChars: 120,
  summaryChars: 2000,
  guidanceChars: 4000,
  sourceChars: 500,
  steps: 200,
} as const;

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

const kebabId = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, { error: `${what} must not be empty` })
    .max(LIMITS.idChars, { error: `${what} must be at most ${LIMITS.idChars} characters` })
    .regex(KEBAB_ID, { error: `${what} must be lower-case words joined by hyphens, like "inv-identify-sources"` });

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max} characters` });

export const PlaybookPhaseSchema = z.enum(PLAYBOOK_PHASES, {
  error: `phase must be one of ${quoted(PLAYBOOK_PHASES)}`,
});

export const PlaybookAnswerSchema = z.enum(PLAYBOOK_ANSWERS, {
  error: `each answer must be one of ${quoted(PLAYBOOK_ANSWERS)}`,
});

export const PlaybookStepSchema = z.strictObject(
  {
    /** Unique within its playbook; stable, so progress saved against it survives edits. */
    id: kebabId('id'),
    phase: PlaybookPhaseSchema,
    /** A short imperative: "Check the addresses' reputation". */
    title: text('title', LIMITS.titleChars),
    /** What to do and why, in one to three sentences. */
    guidance: text('guidance', LIMITS.guidanceChars),
    /** The views and facts of the app that help answer this step. */
    answers: z
      .array(PlaybookAnswerSchema, { error: 'answers must be a list' })
      .max(PLAYBOOK_ANSWERS.length, { error: 'answers lists a view more than once' })
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'a step must be an object') },
);
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>;

export const PlaybookSchema = z
  .strictObject(
    {
      format: z.literal(PLAYBOOK_FORMAT, { error: `format must be "${PLAYBOOK_FORMAT}"` }),
      version: z.literal(PLAYBOOK_VERSION, {
        error: `version must be ${PLAYBOOK_VERSION} (the only version this Tidemark reads)`,
      }),
      id: kebabId('id'),
      title: text('title', LIMITS.titleChars),
      summary: text('summary', LIMITS.summaryChars),
      /** Where the playbook came from: a vendor runbook's name or address, a team, a file. */
      source: text('source', LIMITS.sourceChars).optional(),
      steps: z
        .array(PlaybookStepSchema, { error: 'steps must be a list' })
        .min(1, { error: 'steps must list at least one step' })
        .max(LIMITS.steps, { error: `steps must list at most ${LIMITS.steps} steps` }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'a playbook must be a JSON object') },
  )
  .superRefine((playbook, ctx) => {
    const seen = new Map<string, number>();
    playbook.steps.forEach((step, index) => {
      const first = seen.get(step.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `id "${step.id}" is already used by step ${first + 1}; step ids must be unique`,
        });
      } else {
        seen.set(step.id, index);
      }
      const answers = step.answers ?? [];
      const repeated = answers.find((answer, i) => answers.indexOf(answer) !== i);
      if (repeated !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'answers'],
          message: `answers lists "${repeated}" more than once`,
        });
      }
    });
  });
export type Playbook = z.infer<typeof PlaybookSchema>;

/**
 * Validates a playbook. Takes the parsed JSON value (or the JSON text itself) and returns it
 * typed, with surrounding whitespace trimmed from its strings; otherwise throws an Error that
 * names each problem's field and step, e.g.
 * `Not a valid playbook: step 3 ("inv-review-requests"): phase must be one of "investigation", "resolution" (got "triage").`
 */
export function parsePlaybook(json: unknown): Playbook {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json) as unknown;
    } catch (error) {
      throw new Error(`Not a valid playbook: the text is not JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  const result = PlaybookSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(input, issue));
  const shown = problems.slice(0, 8);
  if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more problems`);
  throw new Error(`Not a valid playbook: ${shown.join('; ')}.`);
}

type Issue = z.core.$ZodIssue;

function describeIssue(input: unknown, issue: Issue): string {
  const path = issue.path;
  const where = describePath(input, path);
  let message: string;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${quoted(issue.keys)}`;
  } else if (issue.code === 'invalid_type' && valueAt(input, path) === undefined && path.length > 0) {
    message = `${String(path[path.length - 1])} is missing`;
  } else {
    message = issue.message;
    const got = valueAt(input, path);
    if ((issue.code === 'invalid_value' || issue.code === 'invalid_format') && got !== undefined) {
      message += ` (got ${preview(got)})`;
    }
  }
  return where ? `${where}: ${message}` : message;
}

/** "step 3 (\"inv-x\")" for anything inside a step, "" for top-level fields. */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  if (path[0] !== 'steps' || typeof path[1] !== 'number') return '';
  const index = path[1];
  const step = valueAt(input, ['steps', index]);
  const id = isRecord(step) && typeof step.id === 'string' && step.id.length <= 80 ? ` ("${step.id}")` : '';
  const inner = path.slice(3).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
  return `step ${index + 1}${id}${path[2] === 'answers' && inner.length > 0 ? ` answers${inner.join('')}` : ''}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === 'number') value = value[key];
    else if (isRecord(value) && typeof key === 'string') value = value[key];
    else return undefined;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
