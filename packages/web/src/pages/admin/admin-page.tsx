import { SectionPlaceholder } from '../section-placeholder.js';

export default function AdminPage() {
  return (
    <SectionPlaceholder title="Administration">
      <p>
        The pages for users, tokens, permissions and the audit log are on their way. Meanwhile{' '}
        <code>slipway users</code>, <code>slipway tokens</code>, <code>slipway permissions</code>{' '}
        and <code>slipway audit</code> do the same.
      </p>
    </SectionPlaceholder>
  );
}
