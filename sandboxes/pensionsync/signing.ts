import type { IncomingMessage } from 'node:http';
import { PathCounts } from '../common/server.ts';
import { type VerifyFailure, verifyOAuth1 } from './oauth1-verifier.ts';

interface SigningOptions {
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
  private readonly verifiedByPath = new PathCounts();
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
      this.verifiedByPath.add(new URL(absoluteUrl).pathname);
      return undefined;
    }
    this.rejections.push(result.reason);
    return result.reason;
  }

  requests(pathPrefix?: string): number {
    return this.verifiedByPath.total(pathPrefix);
  }

  rejected(): VerifyFailure[] {
    return [...this.rejections];
  }
}
