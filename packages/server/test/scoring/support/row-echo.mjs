// A js predictor for scoring tests: `echo` returns the [rows, n] input unchanged (so column order
// and cell conversion are visible), `total` the sum of each row.
export function predict(inputs) {
  const [x] = inputs;
  const [rows, width] = x.shape;
  const total = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    for (let col = 0; col < width; col += 1) total[row] += x.data[row * width + col];
  }
  return [
    { name: 'echo', datatype: 'FP64', shape: [rows, width], data: Float64Array.from(x.data) },
    { name: 'total', datatype: 'FP64', shape: [rows, 1], data: total },
  ];
}
