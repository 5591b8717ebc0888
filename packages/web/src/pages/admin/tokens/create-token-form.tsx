import { useId, useState } from 'react';
import { DEFAULT_EXPIRY, EXPIRY_OPTIONS } from './expiry-options.js';
import type { ExpiryValue } from './expiry-options.js';

interface CreateTokenFormProps {
  /** Whose token: "you", or the user an admin creates it for. */
  owner: string;
  pending: boolean;
  onCreate: (name: string, expiry: ExpiryValue) => void;
}

/** A new token's name (what it is for) and lifetime. */
export function CreateTokenForm({ owner, pending, onCreate }: CreateTokenFormProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<ExpiryValue>(DEFAULT_EXPIRY);
  return (
    <form
      className="admin-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        onCreate(name.trim(), expiry);
        setName('');
      }}
    >
      <h2 id={`${id}-heading`}>Create a token for {owner}</h2>
      <div className="form-row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Token name</label>
          <input
            id={`${id}-name`}
            required
            maxLength={256}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-describedby={`${id}-name-hint`}
          />
          <p id={`${id}-name-hint`} className="hint">
            What it is for, e.g. <code>ci</code> or <code>laptop notebook</code>
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiry`}>Expires after</label>
          <select
            id={`${id}-expiry`}
            value={expiry}
            onChange={(event) => setExpiry(event.target.value as ExpiryValue)}
          >
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={pending}>
          Create token
        </button>
      </div>
    </form>
  );
}
