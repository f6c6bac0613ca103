/**
 * Query strings are strict on every route: a parameter the route does not declare is refused with
 * 400 rather than ignored, because an ignored `as_of` or `requesterKind` silently answers (and logs)
 * a different question than the caller asked. A near miss of a declared name is answered with the
 * real one ("did you mean `asOf`?"). Applied by mount.ts for every route, so no route can forget.
 */
import { AppError, type FieldError } from '../errors';

/** A C0 control character (U+0000 to U+001F): never part of a parameter name. */
function hasControlCharacter(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Keys shaped like operators or paths are refused whatever the route declares. */
function isOperatorShaped(key: string): boolean {
  return /[[\]$.]/.test(key) || hasControlCharacter(key) || key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/** Case, `_` and `-` do not distinguish parameter names for a suggestion (`as_of`, `AsOf`, `as-of` all mean `asOf`). */
const fold = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The declared name an unknown one most likely meant: same name up to case and `_`/`-`, a typo
 * (edit distance 1, or 2 for names of five letters or more), or one name extending the other
 * (`requesterKind` for `requester`). Null when nothing is close.
 */
export function nearestName(unknown: string, declared: readonly string[]): string | null {
  const u = fold(unknown);
  let best: { name: string; score: number } | null = null;
  for (const name of declared) {
    const d = fold(name);
    let score: number;
    if (u === d) score = 0;
    else if (Math.min(u.length, d.length) >= 4 && (u.startsWith(d) || d.startsWith(u))) score = 1.5;
    else {
      const dist = editDistance(u, d);
      if (dist > (d.length >= 5 ? 2 : 1)) continue;
      score = dist;
    }
    if (!best || score < best.score) best = { name, score };
  }
  return best?.name ?? null;
}

/** Throws VALIDATION_FAILED naming every query parameter that `declared` does not list (errors[] path `query.<name>`). */
export function assertKnownQueryKeys(query: Record<string, unknown>, declared: readonly string[]): void {
  const errors: FieldError[] = [];
  for (const key of Object.keys(query)) {
    if (isOperatorShaped(key)) {
      errors.push({
        path: `query.${key}`,
        message: 'parameter names may not contain [ ] $ . or control characters, or be __proto__/constructor/prototype',
      });
      continue;
    }
    if (declared.includes(key)) continue;
    const near = nearestName(key, declared);
    const message = near
      ? `unknown parameter; did you mean \`${near}\`?`
      : declared.length
        ? `unknown parameter; this route accepts ${declared.map((n) => `\`${n}\``).join(', ')}`
        : 'unknown parameter; this route accepts no query parameters';
    errors.push({ path: `query.${key}`, message });
  }
  const first = errors[0];
  if (first) throw new AppError('VALIDATION_FAILED', `${first.path}: ${first.message}`, errors);
}
