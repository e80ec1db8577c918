import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { createRequestLog, type RequestRecord } from '../../src/store/request-log.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

const DAY = 86_400_000;

function record(id: string, ageDays: number): RequestRecord {
  const createdAt = Date.now() - ageDays * DAY;
  return {
    id,
    createdAt,
    kind: 'chat',
    model: 'some-model',
    taskClass: 'quick',
    status: 'ok',
    inputTokens: 3,
    outputTokens: 4,
    costUsd: 0,
    attempts: [
      {
        model: 'some-model',
        taskClass: 'quick',
        status: 'ok',
        startedAt: createdAt,
        latencyMs: 12,
        inputTokens: 3,
        outputTokens: 4,
        costUsd: 0,
      },
    ],
  };
}

describe('conclave logs: store.retentionDays', () => {
  let home: ReturnType<typeof createTempHome>;
  beforeEach(() => {
    home = createTempHome();
    const database = openDatabase(path.join(home.path, 'conclave.db'));
    const log = createRequestLog(database);
    log.append(record('chatcmpl-old', 45));
    log.append(record('chatcmpl-recent', 2));
    log.close();
    database.close();
  });
  afterEach(() => home.cleanup());

  const logs = async (retentionDays: number) => {
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      [
        `store: { retentionDays: ${retentionDays} }`,
        'local: { demoModel: false }',
        'discovery: { ollama: false, localServers: false }',
      ].join('\n'),
    );
    const result = await runCli(['logs', '--json'], {
      cwd: home.path,
      env: { CONCLAVE_HOME: home.path, CONCLAVE_CONFIG: path.join(home.path, 'conclave.yaml') },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { id: string; attempts: unknown[] }[];
  };

  it('keeps requests younger than the retention and removes older ones with their attempts', async () => {
    expect((await logs(60)).map((row) => row.id)).toEqual(['chatcmpl-recent', 'chatcmpl-old']);
    const kept = await logs(30);
    expect(kept.map((row) => row.id)).toEqual(['chatcmpl-recent']);
    expect(kept[0]!.attempts).toHaveLength(1);
    const database = openDatabase(path.join(home.path, 'conclave.db'));
    const orphans = database
      .prepare("SELECT COUNT(*) AS n FROM attempts WHERE request_id = 'chatcmpl-old'")
      .get() as { n: number };
    database.close();
    expect(orphans.n).toBe(0);
  });
});
