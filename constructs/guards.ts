/**
 * Checks a construct prop that must be a whole number in a range, and names the construct, the
 * prop and the value when it is not. Values that are Terraform tokens are not checked (aws-cdk).
 */
import { Token } from 'cdktf';

/** The range a whole-number prop accepts. */
export interface WholeNumberRange {
  /** Smallest value allowed. */
  readonly min: number;
  /**
   * Largest value allowed.
   * @default - no upper bound
   */
  readonly max?: number;
  /**
   * Where the range comes from, said in the message, e.g. `Log Analytics' range`.
   * @default - nothing
   */
  readonly source?: string;
}

/** Throws unless `value` of `construct`'s prop `prop` is a whole number within `range`. */
export function requireWholeNumber(construct: string, prop: string, value: number, range: WholeNumberRange): void {
  if (Token.isUnresolved(value)) return;
  const { min, max, source } = range;
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return;
  const allowed = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
  throw new Error(`${construct} ${prop} must be a whole number ${allowed}${source ? ` (${source})` : ''}, got ${value}`);
}
