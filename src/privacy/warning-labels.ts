import type { ModelProfile } from '../core/model-profile.js';
import type { TaskClass } from '../core/task-class.js';

const HIGH_STAKES: { domain: string; pattern: RegExp }[] = [
  { domain: 'tax', pattern: /\b(tax(es)?|irs|hmrc|deduction|vat return|tax return)\b/i },
  {
    domain: 'medical',
    pattern: /\b(diagnos\w*|symptom\w*|medication|dosage|prescri\w*|disease|treatment|surgery|pregnan\w*)\b/i,
  },
  {
    domain: 'legal',
    pattern:
      /\b(lawsuit|legal advice|contract law|liabilit\w*|attorney|lawyer|court|sue|custody|visa|immigration)\b/i,
  },
  { domain: 'financial', pattern: /\b(invest(ment|ing)?|retirement|mortgage|stock tips?|loan)\b/i },
];

/** The routing plan's warning labels: math, code, external processing, and high-stakes domains. */
export function warningLabels(
  taskClass: TaskClass,
  text: string,
  answering: ModelProfile | undefined,
): string[] {
  const labels: string[] = [];
  if (taskClass === 'math') labels.push('Math: verify important calculations.');
  if (taskClass === 'code') labels.push('Code: review before using — it may contain bugs.');
  if (answering?.location === 'external')
    labels.push(`External processing: your data was sent to ${answering.provider}.`);
  for (const { domain, pattern } of HIGH_STAKES) {
    if (pattern.test(text)) {
      labels.push(
        `High-stakes (${domain}): this is not professional ${domain} advice; confirm with a qualified professional before acting.`,
      );
    }
  }
  return labels;
}
