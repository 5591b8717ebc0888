import type { Tensor } from '../inference/tensor.js';
import type { PredictionRecord } from './prediction-record.js';

/**
 * A prediction as the logger writes it: the record with the request's tensors as they are. The
 * store encodes them in binary (`encodeTensors`) and reads them back as `LoggedTensor`s, so the
 * serving process never builds or prints the JSON form on the write path.
 */
export interface PredictionWrite extends Omit<PredictionRecord, 'inputs' | 'outputs'> {
  inputs: readonly Tensor[];
  /** Empty when the prediction failed. */
  outputs: readonly Tensor[];
}
