import { useId, useState } from 'react';
import { MODEL_VERSION_STAGES } from '@slipway/core';
import type { ModelVersion, ModelVersionStage } from '@slipway/core';
import { ErrorDisplay } from '../../components/error-display.js';
import { useSignedIn } from '../../session/use-session.js';
import { useRegistryMutation } from './use-registry-mutation.js';

interface StageFormProps {
  version: ModelVersion;
  /** Why transitions are disabled, when the UI knows the server would refuse (EDIT needed). */
  refusal: string | undefined;
}

/** Moves a version to another stage, optionally archiving the versions already there. */
export function StageForm({ version, refusal }: StageFormProps) {
  const { client } = useSignedIn();
  const [stage, setStage] = useState<ModelVersionStage>(version.currentStage);
  const [archive, setArchive] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const stageId = useId();
  const archiveId = useId();
  // Only Staging and Production hold one version at a time worth archiving the others for.
  const archivable = stage === 'Staging' || stage === 'Production';
  const transition = useRegistryMutation(version.name, () =>
    client.models.transitionStage(version.name, version.version, stage, {
      archiveExistingVersions: archive && archivable,
    }),
  );
  return (
    <section aria-labelledby="stage-heading">
      <h2 id="stage-heading">Stage</h2>
      <p>
        Now in <span className="stage">{version.currentStage}</span>.
      </p>
      <form
        className="inline-form"
        aria-label="Transition to another stage"
        onSubmit={(event) => {
          event.preventDefault();
          transition.mutate(undefined, {
            onSuccess: () => setAnnouncement(`Moved to ${stage}.`),
          });
        }}
      >
        <div className="field">
          <label htmlFor={stageId}>New stage</label>
          <select
            id={stageId}
            value={stage}
            disabled={refusal !== undefined}
            onChange={(event) =>
              setStage(MODEL_VERSION_STAGES.find((s) => s === event.target.value) ?? 'None')
            }
          >
            {MODEL_VERSION_STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline checkbox">
          <input
            id={archiveId}
            type="checkbox"
            checked={archive && archivable}
            disabled={!archivable || refusal !== undefined}
            onChange={(event) => setArchive(event.target.checked)}
          />
          <label htmlFor={archiveId}>Archive the versions now in {stage}</label>
        </div>
        <button
          type="submit"
          disabled={refusal !== undefined || transition.isPending || stage === version.currentStage}
          title={refusal}
        >
          Transition
        </button>
      </form>
      {refusal !== undefined && <p className="hint">{refusal}</p>}
      <p className="status-message" role="status">
        {announcement}
      </p>
      {transition.isError && (
        <ErrorDisplay error={transition.error} title="Could not change the stage" />
      )}
    </section>
  );
}
