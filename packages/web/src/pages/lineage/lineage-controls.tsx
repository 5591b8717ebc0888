import { useState } from 'react';
import type { FormEvent } from 'react';
import { LINEAGE_REF_FORMS } from '@slipway/core';
import type { LineageDirection } from '@slipway/core';
import { InputField } from '../../components/input-field.js';
import { SelectField } from '../../components/select-field.js';
import type { SelectOption } from '../../components/select-field.js';
import type { LineageView } from './lineage-paths.js';

const DIRECTIONS: ReadonlyArray<SelectOption<LineageDirection>> = [
  { value: 'both', label: 'Both ways' },
  { value: 'upstream', label: 'Upstream (where it came from)' },
  { value: 'downstream', label: 'Downstream (what was made of it)' },
];

/** Depths worth offering; a depth typed into the URL is offered too. */
const DEPTHS = [1, 2, 3, 5, 10, 25, 100];

interface LineageControlsProps {
  node: string;
  view: LineageView;
  /** A new root typed in (pushed to history, like a click on a node). */
  onNode: (node: string) => void;
  /** Direction or depth changed (replaces the history entry). */
  onView: (view: LineageView) => void;
}

/** Which node to start from, which way to walk, and how far. */
export function LineageControls({ node, view, onNode, onView }: LineageControlsProps) {
  // Keyed on `node` by the page, so a re-root shows the new reference in the box.
  const [typed, setTyped] = useState(node);
  const depths = DEPTHS.includes(view.depth)
    ? DEPTHS
    : [...DEPTHS, view.depth].sort((a, b) => a - b);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() !== '') onNode(typed.trim());
  };
  return (
    <div className="ln-controls">
      <form className="ln-node-form" onSubmit={submit} aria-label="Start from a node">
        <InputField
          id="ln-node"
          label="Node"
          value={typed}
          onChange={setTyped}
          grow
          hint={`One of ${LINEAGE_REF_FORMS.join(', ')}`}
        />
        <button type="submit">Show</button>
      </form>
      <SelectField
        id="ln-direction"
        label="Direction"
        value={view.direction}
        options={DIRECTIONS}
        onChange={(direction) => onView({ ...view, direction })}
      />
      <SelectField
        id="ln-depth"
        label="Depth (edges)"
        value={String(view.depth)}
        options={depths.map((d) => ({ value: String(d), label: String(d) }))}
        onChange={(depth) => onView({ ...view, depth: Number(depth) })}
      />
    </div>
  );
}
