// The floor for the serving benchmark: a minimal node:http server that parses an Open Inference
// Protocol JSON request and calls onnxruntime-node directly, with no routing, validation, logging,
// metrics or worker threads. argv: <model.onnx>. Prints "LISTENING <url>".
import { createServer } from 'node:http';
import ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(process.argv[2] ?? '');
const inputName = session.inputNames[0] ?? 'input';
const outputName = session.outputNames[0] ?? 'output';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      id?: string;
      inputs: Array<{ shape: number[]; data: number[] }>;
    };
    const input = body.inputs[0];
    if (!input) {
      res.writeHead(400).end();
      return;
    }
    const tensor = new ort.Tensor('float32', Float32Array.from(input.data), input.shape);
    session.run({ [inputName]: tensor }).then(
      (out) => {
        const o = out[outputName] as ort.Tensor;
        const payload = JSON.stringify({
          model_name: 'floor',
          id: body.id,
          outputs: [
            {
              name: outputName,
              datatype: 'FP32',
              shape: o.dims,
              data: Array.from(o.data as Float32Array),
            },
          ],
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(payload);
      },
      () => res.writeHead(500).end(),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`);
});
