import { ConclaveError } from '../core/conclave-error.js';
import { fetchRepoTree } from './hf-hub-client.js';
import type { HfFileSpec } from './parse-hf-spec.js';

const TOKEN_HINT = 'Set HF_TOKEN to a Hugging Face access token (https://huggingface.co/settings/tokens)';

/** Turns a failed hub response into an error that says what to do next. */
export async function hubHttpError(
  status: number,
  hubUrl: string,
  spec: HfFileSpec,
  options: { token?: string; signal?: AbortSignal } = {},
): Promise<ConclaveError> {
  const repoName = `${spec.owner}/${spec.repo}`;
  if (status === 401) {
    return new ConclaveError(
      'auth',
      `The hub refused access to ${repoName} (HTTP 401): it is private or gated.`,
      {
        status,
        retryable: false,
        hint: options.token
          ? 'The token in HF_TOKEN was rejected; create a new read token at https://huggingface.co/settings/tokens.'
          : `${TOKEN_HINT}; gated models also need their license accepted on the model page.`,
      },
    );
  }
  if (status === 403) {
    return new ConclaveError('forbidden', `The hub denied access to ${repoName} (HTTP 403).`, {
      status,
      retryable: false,
      hint: `Accept the model's terms on its page, then ${TOKEN_HINT.charAt(0).toLowerCase()}${TOKEN_HINT.slice(1)} with access to it.`,
    });
  }
  if (status === 404) {
    const tree = await fetchRepoTree(hubUrl, spec, options);
    if (tree === undefined) {
      return new ConclaveError(
        'not-found',
        `No repository ${repoName} with revision "${spec.revision}" on the hub.`,
        {
          status,
          retryable: false,
          hint: 'Check the owner and repository names (they are case-sensitive) and the revision.',
        },
      );
    }
    const ggufFiles = tree.filter(
      (entry) => entry.type === 'file' && entry.path.toLowerCase().endsWith('.gguf'),
    );
    const listing = ggufFiles.map((entry) => `hf:${repoName}/${entry.path}`);
    return new ConclaveError(
      'not-found',
      `No file ${spec.file} in ${repoName} at revision "${spec.revision}".`,
      {
        status,
        retryable: false,
        hint:
          listing.length > 0
            ? `GGUF files in ${repoName}: ${listing.join(', ')}`
            : `${repoName} has no .gguf files.`,
      },
    );
  }
  return new ConclaveError(
    status === 429 ? 'rate-limit' : 'upstream',
    `The hub answered HTTP ${status} for ${repoName}/${spec.file}.`,
    {
      status,
      // Server-side trouble is worth a resume attempt; other client errors will not fix themselves.
      retryable: status === 429 || status >= 500,
    },
  );
}
