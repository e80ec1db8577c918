import type { DatabaseSync } from 'node:sqlite';
import { promptToMessages } from '../prompt-to-messages.js';
import type { StoredMessage } from '../training-store.js';

/** A recorded answer feedback can be given on: a request in the log, or an orchestration run. */
export interface FeedbackTarget {
  id: string;
  /** `chat`, `council`, `ensemble`, `pipeline`, … (the request kind or the run table's prefix). */
  kind: string;
  /** Where it was found: `requests` or a `<kind>_runs` table. */
  table: string;
  messages?: StoredMessage[];
  response?: string;
  taskType?: string;
  model?: string;
  ok: boolean;
}

// Column names orchestration run tables commonly use; read only when present, so their schemas stay theirs.
const PROMPT_COLUMNS = ['prompt_json', 'messages_json', 'prompt', 'input_json', 'input', 'question', 'task'];
const RESPONSE_COLUMNS = ['response_text', 'final_answer', 'answer', 'response', 'output', 'result_text'];
const TASK_COLUMNS = ['task_class', 'task_type'];
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Finds a recorded id in the request log, then in every table whose name ends with `_runs` and has an `id`
 * column (discovered at call time, so run tables added by other modules are covered without coupling).
 * Prompt and answer come from the row, else from training data already collected for that id.
 */
export function findFeedbackTarget(database: DatabaseSync, id: string): FeedbackTarget | undefined {
  const found = fromRequests(database, id) ?? fromRunTables(database, id);
  if (!found) return undefined;
  if (found.messages && found.response !== undefined) return found;
  const example = database
    .prepare(
      "SELECT messages_json, response, task_type FROM training_examples WHERE source_id = ? AND source_kind != 'feedback' ORDER BY created_at LIMIT 1",
    )
    .get(id) as { messages_json: string; response: string; task_type: string } | undefined;
  if (!example) return found;
  return {
    ...found,
    messages: found.messages ?? (JSON.parse(example.messages_json) as StoredMessage[]),
    response: found.response ?? example.response,
    taskType: found.taskType ?? example.task_type,
  };
}

function fromRequests(database: DatabaseSync, id: string): FeedbackTarget | undefined {
  const row = database
    .prepare('SELECT kind, model, task_class, status, prompt_json, response_text FROM requests WHERE id = ?')
    .get(id) as Record<string, string | null> | undefined;
  if (!row) return undefined;
  return {
    id,
    kind: row.kind ?? 'chat',
    table: 'requests',
    messages: row.prompt_json ? promptToMessages(JSON.parse(row.prompt_json)) : undefined,
    response: row.response_text ?? undefined,
    taskType: row.task_class ?? undefined,
    model: row.model ?? undefined,
    ok: row.status === 'ok',
  };
}

function fromRunTables(database: DatabaseSync, id: string): FeedbackTarget | undefined {
  const tables = database
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_runs' ESCAPE '\\'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    if (!SAFE_NAME.test(name)) continue;
    const columns = new Set(
      (database.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map(
        (column) => column.name,
      ),
    );
    if (!columns.has('id')) continue;
    const row = database.prepare(`SELECT * FROM "${name}" WHERE id = ?`).get(id) as
      | Record<string, unknown>
      | undefined;
    if (!row) continue;
    const pick = (candidates: string[]) => {
      const column = candidates.find((candidate) => columns.has(candidate) && row[candidate] != null);
      return column === undefined ? undefined : row[column];
    };
    const response = pick(RESPONSE_COLUMNS);
    return {
      id,
      kind: name.slice(0, -'_runs'.length),
      table: name,
      messages: messagesFrom(pick(PROMPT_COLUMNS)),
      response: typeof response === 'string' ? response : undefined,
      taskType: stringOrUndefined(pick(TASK_COLUMNS)),
      model: columns.has('model') ? stringOrUndefined(row.model) : undefined,
      ok: !columns.has('status') || ['ok', 'done', 'completed', 'succeeded'].includes(String(row.status)),
    };
  }
  return undefined;
}

/** A run's prompt: an AI SDK prompt, OpenAI-style messages, or plain text. */
function messagesFrom(value: unknown): StoredMessage[] | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [{ role: 'user', content: value }];
  }
  if (typeof parsed === 'string') return [{ role: 'user', content: parsed }];
  const fromPrompt = promptToMessages(parsed);
  if (fromPrompt) return fromPrompt;
  if (Array.isArray(parsed) && parsed.every(isPlainMessage)) return parsed;
  return undefined;
}

function isPlainMessage(value: unknown): value is StoredMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { role, content } = value as Record<string, unknown>;
  return ['system', 'user', 'assistant', 'tool'].includes(String(role)) && typeof content === 'string';
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
