import type { Tag } from '@slipway/core';

/** Where MLflow keeps an experiment's description: a tag, shown as the description instead. */
export const DESCRIPTION_TAG = 'mlflow.note.content';

export function ExperimentTags({ tags }: { tags: Tag[] }) {
  const shown = tags.filter((t) => t.key !== DESCRIPTION_TAG);
  return (
    <section aria-labelledby="tags-heading">
      <h2 id="tags-heading">Tags</h2>
      {shown.length === 0 ? (
        <p className="empty">No tags.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((tag) => (
              <tr key={tag.key}>
                <td className="mono">{tag.key}</td>
                <td>{tag.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
