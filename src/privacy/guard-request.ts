import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { ChatRequest } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import { redactSecrets, type SecretFinding, scanSecrets } from './scan-secrets.js';

export interface GuardOptions {
  secretScan: boolean;
  onSecret: 'block' | 'redact';
}

export interface GuardResult {
  request: ChatRequest;
  decision: RoutingDecision;
  warnings: string[];
  /** The prompt as it may be stored: secrets always redacted. */
  loggablePrompt: LanguageModelV4Prompt;
}

/**
 * Before any external call: finds credentials in the prompt and blocks (naming what was found, never the
 * value) or redacts. A local primary keeps the secret on the machine by dropping external fallbacks.
 */
export function guardRequest(
  request: ChatRequest,
  decision: RoutingDecision,
  profile: (id: string) => ModelProfile | undefined,
  options: GuardOptions,
): GuardResult {
  const found = findInPrompt(request.prompt);
  const loggablePrompt = found.length
    ? mapText(request.prompt, (text) => redactSecrets(text))
    : request.prompt;
  const external = decision.targets.filter((id) => profile(id)?.location === 'external');
  if (!options.secretScan || found.length === 0 || external.length === 0) {
    return { request, decision, warnings: [], loggablePrompt };
  }
  const kinds = [...new Set(found.map((finding) => `${finding.type} (${finding.where})`))].join(', ');
  if (options.onSecret === 'redact') {
    return {
      request: { ...request, prompt: loggablePrompt },
      decision,
      warnings: [`Redacted before sending to an external provider: ${kinds}.`],
      loggablePrompt,
    };
  }
  const local = decision.targets.filter((id) => profile(id)?.location !== 'external');
  if (profile(decision.targets[0]!)?.location !== 'external' && local.length > 0) {
    return {
      request,
      decision: { ...decision, targets: local },
      warnings: [
        `The prompt contains ${kinds}; external fallbacks were removed so it stays on this machine.`,
      ],
      loggablePrompt,
    };
  }
  throw new ConclaveError(
    'secret-detected',
    `The request contains what looks like ${kinds}; it was not sent to ${external
      .map((id) => profile(id)?.provider)
      .filter(Boolean)
      .join(', ')}.`,
    {
      hint: 'Remove the secret, route to a local model (local_only), or set privacy.onSecret: redact.',
      retryable: false,
    },
  );
}

function findInPrompt(prompt: LanguageModelV4Prompt): (SecretFinding & { where: string })[] {
  const findings: (SecretFinding & { where: string })[] = [];
  prompt.forEach((message, index) => {
    const texts =
      message.role === 'system'
        ? [message.content]
        : message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []));
    for (const text of texts)
      for (const finding of scanSecrets(text)) findings.push({ ...finding, where: `messages[${index}]` });
  });
  return findings;
}

function mapText(prompt: LanguageModelV4Prompt, transform: (text: string) => string): LanguageModelV4Prompt {
  return prompt.map((message) => {
    if (message.role === 'system') return { ...message, content: transform(message.content) };
    return {
      ...message,
      content: message.content.map((part) =>
        part.type === 'text' ? { ...part, text: transform(part.text) } : part,
      ),
    } as typeof message;
  });
}
