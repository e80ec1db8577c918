export const TASK_CLASSES = [
  'quick',
  'deep',
  'code',
  'math',
  'creative',
  'analysis',
  'tool-use',
  'embedding',
  'vision',
  'general',
] as const;

export type TaskClass = (typeof TASK_CLASSES)[number];

export function isTaskClass(value: string): value is TaskClass {
  return (TASK_CLASSES as readonly string[]).includes(value);
}
