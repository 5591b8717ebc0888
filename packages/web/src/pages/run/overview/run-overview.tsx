import { useRunContext } from '../run-context.js';
import { SYSTEM_TAGS, tagValue } from '../run-tags.js';
import { ChildRunsSection } from './child-runs-section.js';
import { DatasetsSection } from './datasets-section.js';
import { DescriptionSection } from './description-section.js';
import { LoggedModelsSection } from './logged-models-section.js';
import { MetricsSection } from './metrics-section.js';
import { ModelVersionsSection } from './model-versions-section.js';
import { ParamsSection } from './params-section.js';
import { TagsSection } from './tags-section.js';

/** `/runs/:runId`: what the run logged, what it used and what it produced. */
export default function RunOverview() {
  const { run, permission } = useRunContext();
  const { info, data, inputs } = run;
  return (
    <div className="run-overview">
      <DescriptionSection
        runId={info.runId}
        description={tagValue(data.tags, SYSTEM_TAGS.description)}
        canEdit={permission.canEdit}
      />
      <div className="run-overview-columns">
        <ParamsSection params={data.params} />
        <MetricsSection runId={info.runId} metrics={data.metrics} />
      </div>
      <TagsSection
        runId={info.runId}
        tags={data.tags}
        canEdit={permission.canEdit}
        refusal={permission.refusal}
      />
      <DatasetsSection inputs={inputs.datasetInputs} />
      <LoggedModelsSection runId={info.runId} />
      <ModelVersionsSection runId={info.runId} />
      <ChildRunsSection runId={info.runId} experimentId={info.experimentId} />
    </div>
  );
}
