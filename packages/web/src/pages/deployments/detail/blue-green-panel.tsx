import type { DeploymentView } from '@slipway/core';

type BlueGreenView = NonNullable<DeploymentView['blueGreen']>;

/** Which slot is live and which is in preview, with the versions they hold. */
export function BlueGreenPanel({
  view,
  variants,
}: {
  view: BlueGreenView;
  variants: DeploymentView['variants'];
}) {
  const version = (slot: string) => {
    const variant = variants.find((v) => v.id === slot);
    return variant === undefined ? '' : ` (${variant.resolved.name} v${variant.resolved.version})`;
  };
  return (
    <section aria-labelledby="blue-green-heading" className="dep-panel">
      <h2 id="blue-green-heading">Blue-green</h2>
      <dl className="facts">
        <div>
          <dt>Live</dt>
          <dd>
            {view.active}
            {version(view.active)}
          </dd>
        </div>
        <div>
          <dt>Preview</dt>
          <dd>{view.preview === undefined ? 'none' : `${view.preview}${version(view.preview)}`}</dd>
        </div>
      </dl>
    </section>
  );
}
