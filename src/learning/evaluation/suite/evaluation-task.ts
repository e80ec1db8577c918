import type { TaskClass } from '../../../core/task-class.js';
import type { Capability, Grader } from './suite-schema.js';

export interface EvaluationTool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** One task of a loaded suite, with the suite's defaults applied. */
export interface EvaluationTask {
  /** `<suite>/<task id>`: unique across every suite of a run. */
  key: string;
  suite: string;
  id: string;
  taskType: TaskClass;
  system?: string;
  prompt: string;
  tools?: EvaluationTool[];
  responseFormat?: 'text' | 'json';
  maxOutputTokens?: number;
  temperature?: number;
  /** What a model must support for this task to be relevant (tools, json, vision). */
  requires: Capability[];
  graders: Grader[];
  /** The suite's judge model, used by judge graders that name none. */
  judgeModel?: string;
  /** Changes when anything that affects the model's answer changes: a resumed run asks again. */
  promptHash: string;
  /** Changes when the graders change: a resumed run re-grades the stored answer without asking again. */
  gradeHash: string;
}

export interface EvaluationSuite {
  name: string;
  description?: string;
  file: string;
  hash: string;
  tasks: EvaluationTask[];
}
