import type { CascadeState, EscalationDecision, EscalationPolicy } from './cascade-policy.js';

/**
 * A learned escalation tree: after each model, the pattern of answers so far (who agrees with whom) decides
 * whether to stop — and which answer to give — or which model to ask next. Trained on recorded outcomes.
 */
export type PolicyNode =
  | { stop: true; label?: string; precision: number; support: number }
  | { stop: false; ask: string; children: Record<string, PolicyNode> };

/**
 * The agreement pattern of answers in the order asked. With two possible answers the values themselves are the
 * pattern (models have letter biases worth learning); with more, answers are relabelled by first appearance
 * ("B, B, D" → "aab") so the pattern generalises across questions. Missing answers are "-".
 */
export function patternKey(values: readonly (string | undefined)[], raw: boolean): string {
  if (raw) return values.map((value) => value ?? '-').join(',');
  const labels = new Map<string, string>();
  return values
    .map((value) => {
      if (value === undefined) return '-';
      if (!labels.has(value)) labels.set(value, String.fromCharCode(97 + labels.size));
      return labels.get(value)!;
    })
    .join('');
}

/** The answer a stop label stands for: a raw value, or the value first seen with that relabelled letter. */
export function valueOfLabel(
  label: string,
  values: readonly (string | undefined)[],
  raw: boolean,
): string | undefined {
  if (raw) return label;
  const distinct = [...new Set(values.filter((value): value is string => value !== undefined))];
  return distinct[label.charCodeAt(0) - 97];
}

export function createPatternPolicy(tree: PolicyNode, { raw }: { raw: boolean }): EscalationPolicy {
  return {
    name: 'learned escalation tree',
    maxStages: depth(tree),
    first: () => (tree.stop ? [] : [tree.ask]),
    next(state: CascadeState): EscalationDecision {
      const values = state.asked.map(
        (model) => state.replies.find((reply) => reply.model === model)?.answer?.value,
      );
      let node: PolicyNode = tree;
      for (let index = 0; index < state.asked.length; index += 1) {
        if (node.stop || node.ask !== state.asked[index]) break;
        const child: PolicyNode | undefined = node.children[patternKey(values.slice(0, index + 1), raw)];
        if (!child)
          return {
            stop: true,
            confidence: state.tally.confidence,
            reason: `pattern ${patternKey(values, raw)} never seen in training: weighted vote`,
          };
        node = child;
      }
      const pattern = patternKey(values, raw);
      if (!node.stop)
        return { stop: false, ask: [node.ask], confidence: 0, reason: `pattern ${pattern}: ask ${node.ask}` };
      return {
        stop: true,
        confidence: node.precision,
        value: node.label === undefined ? undefined : valueOfLabel(node.label, values, raw),
        reason: `pattern ${pattern}: stop (right ${Math.round(node.precision * 100)}% of ${node.support} times in training)`,
      };
    },
  };
}

function depth(node: PolicyNode): number {
  if (node.stop) return 0;
  return 1 + Math.max(0, ...Object.values(node.children).map(depth));
}
