import { useId, useRef } from 'react';
import type { ReactNode } from 'react';

interface ConfirmButtonProps {
  /** The button's text, e.g. "Delete" (with a visually hidden "user bob" in a table). */
  children: ReactNode;
  /** The question, e.g. "Delete the user bob?". */
  title: string;
  /** What will happen, e.g. "Their tokens and permissions go with them." */
  message: ReactNode;
  /** The confirming button's text, e.g. "Delete user". */
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  /** Points at the text saying why the button is disabled. */
  describedBy?: string | undefined;
  danger?: boolean;
}

/**
 * A button whose action is asked about first, in a modal `<dialog>`: the browser traps focus in
 * it, Escape cancels, and focus returns to the button. Cancel comes first, so it holds the
 * initial focus and Enter never confirms a destructive action by accident.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  disabled = false,
  describedBy,
  danger = true,
}: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  return (
    <>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        aria-describedby={describedBy}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {children}
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={titleId}
        aria-describedby={messageId}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={messageId}>{message}</div>
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'danger' : 'primary'}
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
