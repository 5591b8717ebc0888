/**
 * A `js` flavor predictor used as a test fixture: returns every input unchanged as `<name>_out`,
 * so a request's tensors come back byte for byte through the whole serving stack. Plain JS, as a
 * user's predictor module would be.
 */
export function predict(inputs) {
  return inputs.map((tensor) => ({ ...tensor, name: `${tensor.name}_out` }));
}
