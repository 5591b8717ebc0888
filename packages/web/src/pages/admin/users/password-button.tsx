import { useId, useRef, useState } from 'react';

/** The server refuses shorter passwords; the field says so before a round trip. */
export const MIN_PASSWORD_LENGTH = 12;

interface PasswordButtonProps {
  username: string;
  disabled: boolean;
  onSubmit: (password: string) => void;
}

/** "Set password": a modal dialog asking for the user's new password. */
export function PasswordButton({ username, disabled, onSubmit }: PasswordButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const id = useId();
  const close = () => {
    setPassword('');
    dialog.current?.close();
  };
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        Set password<span className="visually-hidden"> of {username}</span>
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={`${id}-title`}
        onClose={() => setPassword('')}
      >
        <h2 id={`${id}-title`}>New password for {username}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(password);
            close();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-password`}>New password</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-describedby={`${id}-hint`}
            />
            <p id={`${id}-hint`} className="hint">
              At least {MIN_PASSWORD_LENGTH} characters. Their existing API tokens keep working.
            </p>
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Set password
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
