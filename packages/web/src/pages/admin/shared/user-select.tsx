import { ErrorDisplay } from '../../../components/error-display.js';
import { useUsernames } from './use-usernames.js';

interface UserSelectProps {
  id: string;
  label: string;
  /** '' when none is chosen. */
  value: string;
  onChange: (username: string) => void;
  required?: boolean;
}

/** A labelled choice among the server's users. */
export function UserSelect({ id, label, value, onChange, required = false }: UserSelectProps) {
  const usernames = useUsernames();
  const names = usernames.data ?? [];
  // A name from the URL that is not (or no longer) listed stays selectable, so it shows as chosen.
  const options = value !== '' && !names.includes(value) ? [value, ...names] : names;
  return (
    <div className="field user-select">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        required={required}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{usernames.isPending ? 'Loading users…' : 'Choose a user'}</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {usernames.isError && <ErrorDisplay error={usernames.error} title="Could not list users" />}
    </div>
  );
}
