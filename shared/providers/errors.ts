/**
 * Errors from talking to a provider. Their `name` is what Step Functions' Retry and Catch match on, so the
 * names are part of the workflow contract and are set as strings (minifiers rename classes).
 */

/** Worth trying again: the network failed, the provider timed out, was busy or had a fault of its own. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  /** The provider's `Retry-After`, in seconds. */
  readonly retryAfterSeconds?: number;
  /**
   * False only when the request certainly never reached the provider (connection refused, no such host,
   * throttled): then sending it again cannot make a duplicate. When unsure, true.
   */
  readonly mayHaveArrived: boolean;

  constructor(message: string, options: { retryAfterSeconds?: number; mayHaveArrived?: boolean } = {}) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.mayHaveArrived = options.mayHaveArrived ?? true;
  }
}

/** The provider refused our credentials; trying again will not help until someone reauthorises. */
export class ProviderAuthorisationError extends Error {
  override name = 'ProviderAuthorisationError';
}

/** The provider refused the request itself; a person must look. */
export class ProviderRejectedError extends Error {
  override name = 'ProviderRejectedError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

/**
 * The provider answered with a document the gateway cannot understand (not JSON, or a field it needs is
 * missing or of a kind the provider does not publish). Not worth retrying; the API shows it as a 502 naming
 * the fields, never quoting their values (they may be personal data).
 */
export class ProviderDocumentError extends Error {
  override name = 'ProviderDocumentError';
  constructor(
    message: string,
    /** Paths of the fields at fault, e.g. `data.attributes.workerGroups.0.id`; `(document)` for the whole. */
    readonly fields: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
