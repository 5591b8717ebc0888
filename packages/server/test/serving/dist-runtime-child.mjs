// Runs the compiled runtime (dist/*.js) in plain Node, with no TypeScript loader anywhere.
// argv: <dist model-loader.js URL> <onnx file> <js package dir>
const [loaderUrl, onnxPath, jsDir] = process.argv.slice(2);
const { loadModelFromDirectory } = await import(loaderUrl);
const onnx = await loadModelFromDirectory(onnxPath, { poolSize: 1 });
const js = await loadModelFromDirectory(jsDir, { poolSize: 1 });
try {
  const [probability] = await onnx.infer([
    { name: 'input', datatype: 'FP32', shape: [1, 30], data: new Float32Array(30) },
  ]);
  const [scaled] = await js.infer([
    { name: 'x', datatype: 'FP64', shape: [1, 2], data: new Float64Array([1, 2]) },
  ]);
  process.stdout.write(
    JSON.stringify({
      probabilityShape: probability.shape,
      scaled: Array.from(scaled.data),
      platforms: [onnx.metadata.platform, js.metadata.platform],
    }),
  );
} finally {
  await onnx.close();
  await js.close();
}
