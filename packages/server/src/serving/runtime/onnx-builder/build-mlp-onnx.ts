import { ProtobufWriter } from './protobuf-writer.js';

/** Field numbers and enum values from onnx.proto (IR version 8). */
const ONNX = {
  model: { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4 },
  tensor: { dims: 1, dataType: 2, name: 8, rawData: 9 },
  valueInfo: { name: 1, type: 2 },
  type: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dimension: { value: 1, param: 2 },
  FLOAT: 1,
} as const;

export interface MlpSpec {
  /** Layer widths, input first: [784, 256, 256, 10] is two hidden ReLU layers. */
  layers: readonly number[];
  seed?: number;
}

export interface MlpModel {
  /** The serialized ONNX ModelProto. */
  bytes: Uint8Array;
  /** weights[l] is row-major [layers[l], layers[l + 1]]; biases[l] has layers[l + 1] values. */
  weights: Float32Array[];
  biases: Float32Array[];
  inputName: string;
  outputName: string;
}

/** mulberry32: small, seeded, good enough for random weights. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeFloatInitializer(
  graph: ProtobufWriter,
  name: string,
  dims: number[],
  values: Float32Array,
): void {
  // raw_data is little-endian; copy so a view into a larger buffer is not written whole.
  const raw = new Uint8Array(values.slice().buffer);
  graph.message(ONNX.graph.initializer, (tensor) => {
    tensor.packedVarints(ONNX.tensor.dims, dims);
    tensor.varint(ONNX.tensor.dataType, ONNX.FLOAT);
    tensor.string(ONNX.tensor.name, name);
    tensor.bytes(ONNX.tensor.rawData, raw);
  });
}

function writeFloatValueInfo(
  graph: ProtobufWriter,
  field: number,
  name: string,
  width: number,
): void {
  graph.message(field, (info) => {
    info.string(ONNX.valueInfo.name, name);
    info.message(ONNX.valueInfo.type, (type) =>
      type.message(ONNX.type.tensorType, (tensorType) => {
        tensorType.varint(ONNX.tensorType.elemType, ONNX.FLOAT);
        tensorType.message(ONNX.tensorType.shape, (shape) => {
          shape.message(ONNX.shape.dim, (dim) => dim.string(ONNX.dimension.param, 'batch'));
          shape.message(ONNX.shape.dim, (dim) => dim.varint(ONNX.dimension.value, width));
        });
      }),
    );
  });
}

function writeNode(graph: ProtobufWriter, opType: string, inputs: string[], output: string): void {
  graph.message(ONNX.graph.node, (node) => {
    for (const input of inputs) node.string(ONNX.node.input, input);
    node.string(ONNX.node.output, output);
    node.string(ONNX.node.name, output);
    node.string(ONNX.node.opType, opType);
  });
}

/**
 * A fully connected network (Gemm + Relu between layers, no activation after the last) with
 * uniform random weights scaled by 1/sqrt(fan-in), written as ONNX bytes without an ONNX library.
 * Input 'input' [batch, layers[0]] FP32, output 'output' [batch, last].
 */
export function buildMlpOnnx(spec: MlpSpec): MlpModel {
  const { layers } = spec;
  if (layers.length < 2 || !layers.every((width) => Number.isInteger(width) && width > 0)) {
    throw new Error('an MLP needs at least two positive integer layer widths');
  }
  const next = random(spec.seed ?? 1);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  const graph = new ProtobufWriter();
  let current = 'input';
  for (let layer = 0; layer + 1 < layers.length; layer += 1) {
    const fanIn = layers[layer] as number;
    const fanOut = layers[layer + 1] as number;
    const scale = 1 / Math.sqrt(fanIn);
    const w = Float32Array.from({ length: fanIn * fanOut }, () => (next() * 2 - 1) * scale);
    const b = Float32Array.from({ length: fanOut }, () => (next() * 2 - 1) * scale);
    weights.push(w);
    biases.push(b);
    const last = layer + 2 === layers.length;
    const gemmOut = last ? 'output' : `dense${layer}`;
    writeNode(graph, 'Gemm', [current, `w${layer}`, `b${layer}`], gemmOut);
    current = gemmOut;
    if (!last) {
      writeNode(graph, 'Relu', [gemmOut], `relu${layer}`);
      current = `relu${layer}`;
    }
  }
  graph.string(ONNX.graph.name, 'mlp');
  weights.forEach((w, layer) => {
    writeFloatInitializer(
      graph,
      `w${layer}`,
      [layers[layer] as number, layers[layer + 1] as number],
      w,
    );
    writeFloatInitializer(
      graph,
      `b${layer}`,
      [layers[layer + 1] as number],
      biases[layer] as Float32Array,
    );
  });
  writeFloatValueInfo(graph, ONNX.graph.input, 'input', layers[0] as number);
  writeFloatValueInfo(graph, ONNX.graph.output, 'output', layers[layers.length - 1] as number);
  const bytes = new ProtobufWriter()
    .varint(ONNX.model.irVersion, 8)
    .string(ONNX.model.producerName, 'slipway')
    .bytes(ONNX.model.graph, graph.finish())
    .message(ONNX.model.opsetImport, (opset) => {
      opset.string(ONNX.opset.domain, '');
      opset.varint(ONNX.opset.version, 13);
    })
    .finish();
  return { bytes, weights, biases, inputName: 'input', outputName: 'output' };
}
