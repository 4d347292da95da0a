/** One problem found with a request or reported by a provider, in the shape DESIGN §4 puts on the wire. */
export interface Problem {
  code: string;
  message: string;
  field?: string;
  uniqueId?: string;
  employeeIndex?: number;
  providedValue?: string;
  expectedValue?: string;
  category?: string;
  about?: string;
  source: 'gateway' | 'provider';
}
