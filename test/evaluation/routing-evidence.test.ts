import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/core/chat-request.js';
import { writeReport } from '../../src/learning/evaluation/report/write-report.js';
import { createEvaluationStore } from '../../src/learning/evaluation/runner/evaluation-store.js';
import { runEvaluation } from '../../src/learning/evaluation/runner/run-evaluation.js';
import { createSandbox } from '../../src/learning/evaluation/sandbox/create-sandbox.js';
import { loadSuiteFile } from '../../src/learning/evaluation/suite/load-suite.js';
import type { EvidenceFile } from '../../src/routing/evidence/evidence-file.js';
import { profile, scriptedModel } from './scripted-model.js';
import { createTestEngine } from './test-engine.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-evidence-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const codePrompt: ChatRequest = {
  prompt: [
    {
      role: 'user',
      content: [{ type: 'text', text: 'Implement a function that merges overlapping intervals.' }],
    },
  ],
  options: {},
};

// Without evidence the catalog priors decide: the generalist looks better at code.
const generalist = () => profile('generalist', { quality: { general: 0.8, code: 0.8 } });
const coder = () => profile('coder', { quality: { general: 0.6, code: 0.6 } });

/** A rules file in which `best` measured far better than `worst` at code. */
const rules = (best: string, worst: string): EvidenceFile => ({
  version: 1,
  generatedAt: new Date().toISOString(),
  source: 'test',
  taskTypes: {
    code: {
      primary: best,
      alternatives: [worst],
      models: { [best]: { quality: 0.97, samples: 60 }, [worst]: { quality: 0.2, samples: 60 } },
    },
  },
});
const silentModels = () => [
  { profile: generalist(), model: scriptedModel(() => 'x') },
  { profile: coder(), model: scriptedModel(() => 'x') },
];

const suiteFile = path.join(directory, 'code.yaml');
writeFileSync(
  suiteFile,
  `name: code-check
taskType: code
tasks:
${[1, 2, 3, 4]
  .map(
    (n) => `  - id: add-${n}
    prompt: "Write add${n}(a, b) in JavaScript."
    graders: [{ type: code-tests, language: javascript, tests: ['assert.equal(add${n}(2, 3), 5)'] }]`,
  )
  .join('\n')}
`,
);

describe('the router routes on the rules file the report writes', () => {
  it('measured evidence from an eval run changes the routing decision (reloaded in place)', async () => {
    const name = (prompt: string) => /add\d/.exec(prompt)?.[0] ?? 'add';
    const models = [
      {
        profile: generalist(),
        model: scriptedModel((prompt) => `function ${name(prompt)}(a, b) { return a - b; }`),
      },
      {
        profile: coder(),
        model: scriptedModel((prompt) => `function ${name(prompt)}(a, b) { return a + b; }`),
      },
    ];
    const testEngine = await createTestEngine(models);
    try {
      const { engine } = testEngine;
      const before = engine.route(codePrompt);
      expect(before.taskClass).toBe('code');
      expect(before.targets[0]).toBe('generalist');
      expect(before.evidence).not.toContain('evidence file');

      const store = createEvaluationStore(engine.database);
      await runEvaluation({
        engine: testEngine.evaluationEngine,
        store,
        suites: [loadSuiteFile(suiteFile)],
        models: ['generalist', 'coder'],
        repeat: 1,
        concurrency: 2,
        judgeModel: 'generalist',
        consent: false,
        sandbox: createSandbox(),
        sandboxDefaults: { timeoutMs: 5_000, memoryMb: 128 },
      });
      const report = writeReport({
        store,
        isRoutable: (model) => engine.profile(model) !== undefined,
        policy: { objective: 'balanced', tolerance: 0.05, minSamples: 3 },
        guideDirectory: path.join(directory, 'guide'),
        rulesFile: engine.evidenceFilePath,
      });
      expect(report.evidence.taskTypes.code).toMatchObject({
        primary: 'coder',
        models: { coder: { quality: 1, samples: 4 } },
      });

      engine.reloadEvidence();
      const after = engine.route(codePrompt);
      expect(after.targets[0]).toBe('coder');
      expect(after.evidence.join(' ')).toContain('evidence file');
      expect(after.reason).toMatch(/Chose coder: .*evidence file/);

      // A new engine pointed at the file by config routes on it from the first request.
      const fresh = await createTestEngine(models, { routing: { evidenceFile: report.rulesFile } });
      try {
        expect(fresh.engine.route(codePrompt).targets[0]).toBe('coder');
      } finally {
        await fresh.close();
      }
    } finally {
      await testEngine.close();
    }
  });

  it('rewriting the rules file flips the choice back', async () => {
    const rulesFile = path.join(directory, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(rules('coder', 'generalist')));
    const testEngine = await createTestEngine(silentModels(), { routing: { evidenceFile: rulesFile } });
    try {
      expect(testEngine.engine.route(codePrompt).targets[0]).toBe('coder');
      writeFileSync(rulesFile, JSON.stringify(rules('generalist', 'coder')));
      testEngine.engine.reloadEvidence();
      expect(testEngine.engine.route(codePrompt).targets[0]).toBe('generalist');
    } finally {
      await testEngine.close();
    }
  });

  it('a damaged rules file is a warning: routing keeps the evidence read before, and recovers when it is fixed', async () => {
    const rulesFile = path.join(directory, 'damaged.json');
    writeFileSync(rulesFile, JSON.stringify(rules('coder', 'generalist')));
    const testEngine = await createTestEngine(silentModels(), { routing: { evidenceFile: rulesFile } });
    try {
      const { engine } = testEngine;
      expect(engine.route(codePrompt).targets[0]).toBe('coder');
      expect(engine.warnings.join(' ')).not.toContain(rulesFile);

      writeFileSync(rulesFile, '{"version": 1, "taskTypes": {');
      engine.reloadEvidence();
      const during = engine.route(codePrompt);
      expect(during.targets[0]).toBe('coder');
      expect(during.evidence.join(' ')).toContain('evidence file');
      const warning = engine.warnings.find((text) => text.includes(rulesFile));
      expect(warning).toContain('Cannot read the routing evidence file');
      expect(warning).toContain('keeps the evidence read before');
      expect(warning).toContain('conclave eval report');

      writeFileSync(rulesFile, JSON.stringify({ ...rules('coder', 'generalist'), version: 7 }));
      engine.reloadEvidence();
      expect(engine.route(codePrompt).targets[0]).toBe('coder');
      expect(engine.warnings.find((text) => text.includes(rulesFile))).toMatch(/invalid at version/);

      writeFileSync(rulesFile, JSON.stringify(rules('generalist', 'coder')));
      engine.reloadEvidence();
      expect(engine.route(codePrompt).targets[0]).toBe('generalist');
      expect(engine.warnings.join(' ')).not.toContain(rulesFile);
    } finally {
      await testEngine.close();
    }
  });

  it('a rules file damaged from the start: routing falls back to catalog priors and says so', async () => {
    const rulesFile = path.join(directory, 'broken-from-start.json');
    writeFileSync(rulesFile, 'not json');
    const testEngine = await createTestEngine(silentModels(), { routing: { evidenceFile: rulesFile } });
    try {
      expect(testEngine.engine.route(codePrompt).targets[0]).toBe('generalist');
      expect(testEngine.engine.warnings.find((text) => text.includes(rulesFile))).toContain(
        'uses catalog priors and recorded outcomes',
      );
    } finally {
      await testEngine.close();
    }
  });
});
