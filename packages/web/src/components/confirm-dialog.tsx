import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import './confirm-dialog.css';

interface ConfirmDialogProps {
  open: boolean;
  /** The question, e.g. "Delete fraud-rules?"; the dialog's accessible name. */
  title: string;
  /** What will happen (the dialog's description), and any error of the attempt. */
  children: ReactNode;
  confirmLabel: string;
  /** `danger` for what cannot be undone (a red button), `primary` for a consequential change. */
  tone: 'danger' | 'primary';
  /** Disables the buttons (and Escape) while the action runs. */
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before an action: the browser's own `<dialog>`, which keeps focus inside,
 * closes on Escape and returns focus to the opener. Cancel comes first and holds the initial
 * focus, so Enter never confirms by accident. The parent owns `open`.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone,
  pending = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape would close the dialog behind the parent's back: ask the parent instead.
        event.preventDefault();
        if (!pending) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="button" className={tone} onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
