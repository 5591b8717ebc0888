import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, templateReferences } from './template.js';
import type { TemplateReference } from './template.js';

function render(text: string, values: Record<string, string> = {}, item = 'ITEM'): string {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return renderTemplate(parsed.parts, (ref: TemplateReference) =>
    ref.kind === 'item' ? item : (values[ref.name] ?? '?'),
  );
}

describe('parseTemplate', () => {
  it('substitutes ${params.x} and ${item}', () => {
    expect(render('node prepare.js ${params.rows} --region=${item}', { rows: '1000' })).toBe(
      'node prepare.js 1000 --region=ITEM',
    );
    expect(render('${ params.rows }', { rows: '5' })).toBe('5');
    expect(render('${params.max-rows}/${params._x}', { 'max-rows': '1', _x: '2' })).toBe('1/2');
  });

  it("leaves the shell's $VAR and ${VAR} alone", () => {
    const text = 'echo $HOME ${HOME} ${VAR:-x} ${params_dir} ${items} $$ $1 "$@" ${#arr[@]}';
    expect(render(text)).toBe(text);
  });

  it('still substitutes inside a shell default', () => {
    expect(render('${OUT:-${params.out}}', { out: 'o' })).toBe('${OUT:-o}');
  });

  it('writes $${ as a literal ${', () => {
    expect(render('for item in a b; do echo $${item}; done')).toBe(
      'for item in a b; do echo ${item}; done',
    );
    expect(render('$${params.rows}', { rows: '1' })).toBe('${params.rows}');
  });

  it('lists the references in order', () => {
    const parsed = parseTemplate('${params.a} ${item} ${params.b}');
    expect(parsed.ok && templateReferences(parsed.parts)).toEqual([
      { kind: 'param', name: 'a' },
      { kind: 'item' },
      { kind: 'param', name: 'b' },
    ]);
  });

  it.each([
    ['${params.rows', '${params.rows has no closing }'],
    ['${params}', '${params} is not a reference Slipway understands'],
    ['${params.rows:-5}', '${params.rows:-5} is not a reference Slipway understands'],
    ['${item.name}', '${item.name} is not a reference'],
    ['${params.1x}', '${params.1x} is not a reference'],
  ])('refuses %j', (text, problem) => {
    const parsed = parseTemplate(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });
});
