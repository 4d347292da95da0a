/**
 * The Powertools tracer and the X-Ray SDK it brings, kept out of every function's bundle: `xray-tracer.mjs`
 * is a file of its own beside each bundle that names this module, loaded on the first provider call
 * (tracer.ts; infra/constructs/gateway-function.ts builds it). It holds no state of the gateway's: what
 * the tracer wraps and annotates stays in the function's bundle.
 */
export { Tracer } from '@aws-lambda-powertools/tracer';
