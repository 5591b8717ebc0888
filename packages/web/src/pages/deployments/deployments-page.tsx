import { SectionPlaceholder } from '../section-placeholder.js';

export default function DeploymentsPage() {
  return (
    <SectionPlaceholder title="Deployments">
      <p>
        The deployment pages are on their way. Meanwhile the <code>slipway deployments</code>{' '}
        commands show the deployments and their traffic.
      </p>
    </SectionPlaceholder>
  );
}
