import { decodeTensors, encodeTensorLists, invalidArgument } from '@slipway/core';
import type { LoggedTensor, Tensor } from '@slipway/core';

const JSON_START = 0x5b; // '['
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** 'json' for a tensor already in its logged form, 'raw' for one holding typed arrays / byte strings. */
function tensorForm(tensor: Tensor | LoggedTensor): 'raw' | 'json' | 'either' {
  const data = tensor.data as unknown;
  if (ArrayBuffer.isView(data)) return 'raw';
  // An empty BYTES list reads the same either way.
  if (!Array.isArray(data) || data.length === 0) return 'either';
  return data[0] instanceof Uint8Array ? 'raw' : 'json';
}

/**
 * Tensor lists as stored: the binary encoding for raw tensors (the logger's path, all such lists
 * of a batch sharing one allocation), or the UTF-8 JSON of tensors already in logged form, kept
 * exactly as given (imports, tests). Throws on a list that mixes the two or on a tensor the
 * encoding rejects, failing the whole append.
 */
export function tensorColumns(
  lists: readonly (readonly (Tensor | LoggedTensor)[])[],
): Uint8Array[] {
  const columns: Uint8Array[] = new Array<Uint8Array>(lists.length);
  const raw: (readonly Tensor[])[] = [];
  const rawAt: number[] = [];
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i] as readonly (Tensor | LoggedTensor)[];
    if (isJsonList(list)) {
      columns[i] = utf8Encoder.encode(JSON.stringify(list));
    } else {
      raw.push(list as readonly Tensor[]);
      rawAt.push(i);
    }
  }
  const encoded = encodeTensorLists(raw);
  for (let k = 0; k < rawAt.length; k++) columns[rawAt[k] as number] = encoded[k] as Uint8Array;
  return columns;
}

function isJsonList(tensors: readonly (Tensor | LoggedTensor)[]): boolean {
  let json = false;
  let raw = false;
  for (const tensor of tensors) {
    const form = tensorForm(tensor);
    if (form === 'json') json = true;
    else if (form === 'raw') raw = true;
  }
  if (json && raw) {
    throw invalidArgument('A prediction mixes raw tensors and logged (JSON) tensors in one list.');
  }
  return json;
}

export function tensorsFromColumn(value: Uint8Array | string): LoggedTensor[] {
  if (typeof value === 'string') return JSON.parse(value) as LoggedTensor[];
  if (value[0] === JSON_START) return JSON.parse(utf8Decoder.decode(value)) as LoggedTensor[];
  return decodeTensors(value);
}
