import { ConclaveError } from '../core/conclave-error.js';

export interface HfFileSpec {
  owner: string;
  repo: string;
  /** Path of the file inside the repository, `/`-separated. */
  file: string;
  revision: string;
}

export const HF_SPEC_EXAMPLE = 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf';

const SPEC_PATTERN = /^hf:([^/@]+)\/([^/@]+)\/(.+?\.gguf)(?:@(.+))?$/i;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function invalid(spec: string, problem: string): ConclaveError {
  return new ConclaveError('bad-request', `Invalid model spec "${spec}": ${problem}.`, {
    retryable: false,
    param: 'spec',
    hint: `Use hf:<owner>/<repo>/<path/to/file.gguf>[@<revision>], e.g. ${HF_SPEC_EXAMPLE}`,
  });
}

/** Parses `hf:<owner>/<repo>/<path/to/file.gguf>[@<revision>]`, explaining precisely what is wrong otherwise. */
export function parseHfSpec(spec: string): HfFileSpec {
  const trimmed = spec.trim();
  if (!trimmed.toLowerCase().startsWith('hf:')) throw invalid(spec, 'it must start with "hf:"');
  const match = SPEC_PATTERN.exec(trimmed);
  if (match === null) {
    const rest = trimmed.slice(3);
    if (rest.split('/').length < 3) throw invalid(spec, 'it needs an owner, a repository and a file path');
    throw invalid(spec, 'the file must be a .gguf file');
  }
  const [, owner = '', repo = '', file = '', revision = 'main'] = match;
  if (!NAME_PATTERN.test(owner)) throw invalid(spec, `"${owner}" is not a valid owner name`);
  if (!NAME_PATTERN.test(repo)) throw invalid(spec, `"${repo}" is not a valid repository name`);
  const segments = file.split('/');
  // The path becomes a local file path too, so nothing may climb out of the models directory.
  if (
    segments.some(
      (segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'),
    )
  ) {
    throw invalid(spec, `"${file}" is not a valid file path`);
  }
  if (revision.length === 0 || revision.includes('..'))
    throw invalid(spec, `"${revision}" is not a valid revision`);
  return { owner, repo, file, revision };
}
