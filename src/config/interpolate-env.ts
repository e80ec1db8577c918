const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationResult {
  value: unknown;
  /** Variables referenced but not set (and without a default), with the key path that used them. */
  missing: { variable: string; path: string }[];
}

/** Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed config; `$${` escapes a literal `${`. */
export function interpolateEnv(
  value: unknown,
  environment: NodeJS.ProcessEnv = process.env,
): InterpolationResult {
  const missing: InterpolationResult['missing'] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (_match, variable: string | undefined, fallback: string | undefined) => {
        if (variable === undefined) return '${';
        const found = environment[variable];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        missing.push({ variable, path });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key)]),
      );
    }
    return node;
  };
  return { value: walk(value, ''), missing };
}

export function hasEnvReference(text: string): boolean {
  return /\$\{[A-Za-z_]/.test(text);
}
