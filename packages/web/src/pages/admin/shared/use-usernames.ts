import { useQuery } from '@tanstack/react-query';
import { adminKeys } from '../../../api/admin-keys.js';
import { useSignedIn } from '../../../session/use-session.js';

/** The API's largest page of users: pickers offer these names (more are typed by hand). */
const MAX_USERS = 1000;

/** Every username (up to 1000), sorted, for pickers and suggestions. */
export function useUsernames() {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: adminKeys.users.names,
    queryFn: async () =>
      (await client.users.list({ maxResults: MAX_USERS })).users.map((u) => u.username).sort(),
  });
}
