import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/learning/evaluation/graders/grade-answer.js';
import { createSandbox } from '../../src/learning/evaluation/sandbox/create-sandbox.js';
import { loadSuites } from '../../src/learning/evaluation/suite/load-suite.js';

const suites = loadSuites([path.resolve(import.meta.dirname, '../../suites')]);
const task = (key: string) =>
  suites.flatMap((suite) => suite.tasks).find((candidate) => candidate.key === key)!;
const sandbox = createSandbox();

const gradeText = (key: string, text: string) =>
  gradeAnswer({
    task: task(key),
    answer: { text, toolCalls: [] },
    judge: async () => {
      throw new Error('no judge needed');
    },
    defaultJudgeModel: 'none',
    sandbox,
    sandboxDefaults: { timeoutMs: 10_000, memoryMb: 256 },
  });

/** Reference solutions: the starter code tests must be passable, and must fail a plausible wrong answer. */
const CODE: Record<string, { right: string; wrong: string }> = {
  'code-generation/backoff-delay': {
    right: `\`\`\`javascript
function backoffDelay(attempt, baseMs, maxMs) {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('attempt must be a positive integer');
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}
\`\`\``,
    wrong: '```js\nfunction backoffDelay(attempt, baseMs, maxMs) { return baseMs * 2 ** attempt; }\n```',
  },
  'code-generation/parse-byte-size': {
    right: `\`\`\`js
function parseByteSize(text) {
  const match = /^\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\\s*$/i.exec(text);
  if (!match) throw new Error('bad size: ' + text);
  const unit = (match[2] ?? 'b').toLowerCase();
  const powers = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
  return Math.round(Number(match[1]) * powers[unit]);
}
\`\`\``,
    wrong: '```js\nconst parseByteSize = (text) => parseFloat(text);\n```',
  },
  'code-generation/token-bucket': {
    right: `\`\`\`js
class TokenBucket {
  constructor(capacity, refillPerSecond) {
    this.capacity = capacity;
    this.refill = refillPerSecond;
    this.tokens = capacity;
    this.last = undefined;
  }
  tryTake(count, nowMs) {
    if (this.last !== undefined) this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.last) / 1000) * this.refill);
    this.last = nowMs;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}
module.exports = { TokenBucket };
\`\`\``,
    wrong: '```js\nclass TokenBucket { tryTake() { return true; } }\n```',
  },
  'code-generation/merge-intervals': {
    right: `\`\`\`python
def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
\`\`\``,
    wrong: '```python\ndef merge_intervals(intervals):\n    return sorted(intervals)\n```',
  },
  'code-generation/parse-duration': {
    right: `\`\`\`python
import re

def parse_duration(text):
    match = re.fullmatch(r"(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?", text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"bad duration: {text!r}")
    hours, minutes, seconds, millis = (int(group) if group else 0 for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds + millis / 1000
\`\`\``,
    wrong: '```python\ndef parse_duration(text):\n    return float(text.rstrip("s"))\n```',
  },
  'code-generation/semver-compare': {
    right: `\`\`\`python
def _key(identifier):
    return (0, int(identifier), "") if identifier.isdigit() else (1, 0, identifier)

def compare_versions(a, b):
    def split(version):
        core, _, pre = version.partition("-")
        return [int(part) for part in core.split(".")], pre.split(".") if pre else []
    (core_a, pre_a), (core_b, pre_b) = split(a), split(b)
    if core_a != core_b:
        return -1 if core_a < core_b else 1
    if not pre_a or not pre_b:
        return (not pre_a) - (not pre_b) if pre_a or pre_b else 0
    for left, right in zip(pre_a, pre_b):
        if _key(left) != _key(right):
            return -1 if _key(left) < _key(right) else 1
    return (len(pre_a) > len(pre_b)) - (len(pre_a) < len(pre_b))
\`\`\``,
    wrong: '```python\ndef compare_versions(a, b):\n    return (a > b) - (a < b)\n```',
  },
};

describe('starter suites are gradable', () => {
  it.each(Object.entries(CODE))(
    '%s: a correct solution passes every test and a wrong one does not',
    async (key, answers) => {
      const right = await gradeText(key, answers.right);
      expect(right.grades[0]!.detail).toMatch(/tests passed/);
      expect(right.quality, right.grades[0]!.detail).toBe(1);
      expect((await gradeText(key, answers.wrong)).quality).toBeLessThan(1);
    },
  );

  it('every code-generation task has reference solutions here', () => {
    const keys = suites.find((suite) => suite.name === 'code-generation')!.tasks.map((entry) => entry.key);
    expect(keys.sort()).toEqual(Object.keys(CODE).sort());
  });

  it.each([
    ['math-reasoning/request-cost', 'Input 0.0018 + output 0.00048.\nAnswer: 0.00228'],
    ['math-reasoning/monthly-savings', 'Answer: $1,512'],
    ['math-reasoning/rate-limit-time', 'Requests bind.\nAnswer: 5'],
    ['math-reasoning/majority-vote', 'Answer: 0.896'],
    ['math-reasoning/retry-total-wait', 'Answer: 6750'],
    ['math-reasoning/solve-linear-system', 'y = 2\nAnswer: x = 4'],
    ['math-reasoning/tokens-per-second', 'Answer: 50'],
    ['analysis/log-error-rate', '2 of 7 failed.\nAnswer: 28.57'],
    ['analysis/cheapest-adequate-model', 'delta-13b'],
    [
      'analysis/extract-incident',
      '{"service": "gateway", "severity": "high", "started_at": "2025-03-14T09:12:00Z", "duration_minutes": 35, "affected_models": ["llama-3.1-70b", "mixtral-8x7b"]}',
    ],
    ['fast-classification/intent-how-to', 'how-to'],
    ['fast-classification/language-detect', 'French'],
  ])('%s: the right answer scores 1', async (key, text) => {
    const graded = await gradeText(key, text);
    expect(graded.quality, JSON.stringify(graded.grades)).toBe(1);
  });
});
