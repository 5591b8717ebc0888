import { invalidArgument } from '../errors.js';

/**
 * Reports a problem at a 0-based character offset. The lexer and parsers only know offsets; the caller
 * decides how the message is framed (filter string vs. one order_by clause).
 */
export type Fail = (position: number, problem: string) => never;

export function failFilter(position: number, problem: string): never {
  throw invalidArgument(`Invalid filter at position ${position}: ${problem}`, { position });
}

export function failOrderBy(clause: string, index: number): Fail {
  return (position, problem) => {
    throw invalidArgument(
      `Invalid order_by clause '${clause}' at position ${position}: ${problem}`,
      {
        position,
        index,
      },
    );
  };
}
