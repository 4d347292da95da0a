declare module 's3rver' {
  import type { IncomingHttpHeaders, Server } from 'node:http';
  import type { AddressInfo } from 'node:net';
  import type { Readable } from 'node:stream';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    configureBuckets?: Array<{ name: string }>;
  }

  /** The slice of a Koa context a middleware in front of s3rver's routes needs; controllers read bodies from `req`. */
  export interface S3rverContext {
    req: Readable;
    headers: IncomingHttpHeaders;
    method: string;
    path: string;
    query: Record<string, string | string[] | undefined>;
    type: string;
    body: unknown;
    store: {
      existsObject(bucket: string, key: string): Promise<boolean>;
      getObject(bucket: string, key: string): Promise<{ content: Readable } | null>;
      putPart(
        bucket: string,
        uploadId: string,
        partNumber: string,
        content: Readable,
      ): Promise<{ md5: string }>;
    };
  }

  /** s3rver is a Koa app. */
  export default class S3rver {
    constructor(options?: S3rverOptions);
    middleware: Array<(context: S3rverContext, next: () => Promise<void>) => Promise<void>>;
    /** Set by run(). */
    httpServer?: Server;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

declare module 's3rver/lib/models/account.js' {
  interface AWSAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  }

  const account: { DUMMY_ACCOUNT: AWSAccount };
  export default account;
}

declare module 's3rver/lib/models/error.js' {
  /** An S3 error; s3rver answers it as S3's XML error document with the code's HTTP status. */
  export default class S3Error extends Error {
    constructor(code: string, message?: string, detail?: Record<string, unknown>);
  }
}
