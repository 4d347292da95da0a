import type { IncomingMessage } from 'node:http';
import { type VerifyFailure, verifyOAuth1 } from './oauth1-verifier.ts';

export interface SigningOptions {
  consumers: Readonly<Record<string, string>>;
  now: () => Date;
  maxSkewSeconds: number;
}

/**
 * Checks every /api request with the independent verifier and keeps the books tests read: verified calls
 * per path, and the reasons of the 401s.
 */
export class RequestVerifier {
  private readonly consumers: ReadonlyMap<string, string>;
  // Consumer key and nonce: the wire doc allows a nonce once per consumer key, whatever the timestamp, so
  // these are never forgotten.
  private readonly usedNonces = new Set<string>();
  private readonly verifiedByPath = new Map<string, number>();
  private readonly rejections: VerifyFailure[] = [];

  constructor(private readonly options: SigningOptions) {
    this.consumers = new Map(Object.entries(options.consumers));
  }

  /** The reason to refuse the request, or undefined when it is genuine. */
  verify(req: IncomingMessage, absoluteUrl: string, body: string): VerifyFailure | undefined {
    const result = verifyOAuth1({
      method: req.method ?? 'GET',
      url: absoluteUrl,
      body,
      contentType: req.headers['content-type'],
      authorizationHeader: req.headers.authorization,
      consumers: this.consumers,
      now: Math.floor(this.options.now().getTime() / 1000),
      maxSkewSeconds: this.options.maxSkewSeconds,
      seenNonce: (consumerKey, nonce) => {
        const key = `${consumerKey}\n${nonce}`;
        if (this.usedNonces.has(key)) return true;
        this.usedNonces.add(key);
        return false;
      },
    });
    if (result.ok) {
      const path = new URL(absoluteUrl).pathname;
      this.verifiedByPath.set(path, (this.verifiedByPath.get(path) ?? 0) + 1);
      return undefined;
    }
    this.rejections.push(result.reason);
    return result.reason;
  }

  requests(pathPrefix = ''): number {
    let count = 0;
    for (const [path, n] of this.verifiedByPath) if (path.startsWith(pathPrefix)) count += n;
    return count;
  }

  rejected(): VerifyFailure[] {
    return [...this.rejections];
  }
}
