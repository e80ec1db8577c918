import type { z } from 'zod';

/** Turns zod issues into one line per problem: key path, what was expected, what was found. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const where = path || '(top level)';
    return `${where}: ${describe(issue, valueAt(root, issue.path))}`;
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

function describe(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined
        ? `missing; expected ${article(issue.expected)}`
        : `expected ${article(issue.expected)}, found ${show(found)}`;
    case 'too_small':
      return `expected ${issue.origin === 'array' ? 'at least' : 'a value >='} ${issue.inclusive ? '' : '> '}${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}, found ${show(found)}`;
    case 'too_big':
      return `expected ${issue.origin === 'array' ? 'at most' : 'a value <='} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}, found ${show(found)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, found ${show(found)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"${suggestCamel(key)}`).join(', ')}`;
    case 'invalid_format':
      return `expected ${issue.format === 'url' ? 'a URL such as http://127.0.0.1:8000/v1' : `a valid ${issue.format}`}, found ${show(found)}`;
    case 'invalid_union':
      return `${issue.message.replace(/^Invalid input/, 'invalid value')}, found ${show(found)}`;
    default:
      return `${issue.message}, found ${show(found)}`;
  }
}

function suggestCamel(key: string): string {
  if (!key.includes('_')) return '';
  const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return ` (did you mean "${camel}"?)`;
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping of keys to values';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
