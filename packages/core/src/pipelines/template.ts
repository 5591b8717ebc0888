/**
 * The `${...}` references Slipway substitutes in a pipeline's strings. Only two forms are Slipway's:
 * `${params.<name>}` and, in a fan-out step, `${item}`. Every other `${...}` (`${HOME}`,
 * `${VAR:-x}`) and every `$VAR` is left untouched for the shell, so commands keep working as
 * written; `$${` writes a literal `${` (e.g. `$${item}` for a shell variable named item).
 */
export type TemplateReference = { kind: 'param'; name: string } | { kind: 'item' };
export type TemplatePart = string | TemplateReference;

export type TemplateParse = { ok: true; parts: TemplatePart[] } | { ok: false; problem: string };

export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/u;
// `${params...}` and `${item...}` are ours even when malformed, so a typo is an error rather than
// a string silently handed to the shell; `${params_dir}` or `${items}` stay the shell's.
const OURS = /^\s*(?:params|item)(?![A-Za-z0-9_])/u;
const PARAM_REFERENCE = /^params\.([A-Za-z_][A-Za-z0-9_-]*)$/u;

/** Splits `text` into literal strings and references; the problem in words when malformed. */
export function parseTemplate(text: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, dollar);
    i = dollar;
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      literal += '$';
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    const content = text.slice(i + 2, close === -1 ? undefined : close);
    if (!OURS.test(content)) {
      // The shell's; scanning goes on inside it so `${VAR:-${params.x}}` still substitutes.
      literal += '${';
      i += 2;
      continue;
    }
    if (close === -1) return { ok: false, problem: `\${${content} has no closing }` };
    const reference = toReference(content.trim());
    if (reference === undefined) {
      return {
        ok: false,
        problem: `\${${content}} is not a reference Slipway understands: write \${params.<name>} or \${item} (or $\${...} to leave it to the shell)`,
      };
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(reference);
    i = close + 1;
  }
  if (literal !== '') parts.push(literal);
  return { ok: true, parts };
}

function toReference(content: string): TemplateReference | undefined {
  if (content === 'item') return { kind: 'item' };
  const match = PARAM_REFERENCE.exec(content);
  return match === null ? undefined : { kind: 'param', name: match[1]! };
}

/** The references of a parsed template, for checks and for the params a step depends on. */
export function templateReferences(parts: readonly TemplatePart[]): TemplateReference[] {
  return parts.filter((part): part is TemplateReference => typeof part !== 'string');
}

/** Joins a parsed template, asking `resolve` for each reference's text. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  resolve: (reference: TemplateReference) => string,
): string {
  let text = '';
  for (const part of parts) text += typeof part === 'string' ? part : resolve(part);
  return text;
}

/** How a reference is written, for messages. */
export function formatReference(reference: TemplateReference): string {
  return reference.kind === 'item' ? '${item}' : `\${params.${reference.name}}`;
}
