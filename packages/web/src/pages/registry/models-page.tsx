import { SectionPlaceholder } from '../section-placeholder.js';

export default function ModelsPage() {
  return (
    <SectionPlaceholder title="Models">
      <p>
        The model registry pages are on their way. Meanwhile the <code>slipway models</code>{' '}
        commands and the MLflow client show the registered models.
      </p>
    </SectionPlaceholder>
  );
}
