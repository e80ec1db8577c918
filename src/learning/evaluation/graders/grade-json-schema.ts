import { z } from 'zod';
import { formatPath } from '../../../config/format-config-issues.js';
import type { Grader } from '../suite/suite-schema.js';
import { extractJson } from './extract-json.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';

type JsonSchemaGrader = Extract<Grader, { type: 'json-schema' }>;

const compiled = new WeakMap<object, z.ZodType>();

/**
 * Validates the answer's JSON against a JSON Schema, converted by zod's `z.fromJSONSchema` (draft 2020-12,
 * draft-07 and draft-04 keywords except if/then/else, not, dependent* and unevaluated*; suites using those
 * are rejected when loaded).
 */
export function gradeJsonSchema(grader: JsonSchemaGrader, answer: CandidateAnswer): GradeResult {
  const result = (score: number, detail: string): GradeResult => ({
    grader: 'json-schema',
    score,
    weight: grader.weight,
    detail,
    costUsd: 0,
  });
  const extracted = extractJson(answer.text);
  if (!extracted.ok) return result(0, extracted.reason);
  const parsed = schemaFor(grader).safeParse(extracted.value);
  if (parsed.success) return result(1, 'valid against the schema');
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`);
  const more = parsed.error.issues.length > 3 ? ` (+${parsed.error.issues.length - 3} more)` : '';
  return result(0, `schema violations: ${problems.join('; ')}${more}`);
}

function schemaFor(grader: JsonSchemaGrader): z.ZodType {
  const schema = grader.schema;
  if (typeof schema === 'boolean') return schema ? z.unknown() : z.never();
  let found = compiled.get(schema);
  if (!found) {
    found = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    compiled.set(schema, found);
  }
  return found;
}
