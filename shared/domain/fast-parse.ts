import type * as z from 'zod/mini';

/**
 * A fast way to accept what a zod schema accepts, for the large payroll's many employees: it gives the
 * schema's own output, or REFUSED, and never says why. A refused value goes through the schema itself, so
 * every problem is the schema's, word for word. Built from the schema once: plain types, enums, objects and
 * optionals are checked inline; refinements, limits and transforms run the schema's own check and transform
 * functions on the value, without a parse context or issue objects; any other kind is parsed by zod.
 */

export const REFUSED: unique symbol = Symbol('refused');

export type Accept<T> = (value: unknown) => T | typeof REFUSED;

type Check = z.core.$ZodCheck<unknown>;

/** A schema's definition, as each kind read here has it. */
interface Def {
  type: string;
  coerce?: boolean;
  checks?: Check[];
  innerType: z.core.$ZodType;
  in: z.core.$ZodType;
  out: z.core.$ZodType;
  transform: (value: unknown, payload: z.core.ParsePayload) => unknown;
  shape: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
}

export function fastAccept<S extends z.core.$ZodType>(schema: S): Accept<z.output<S>> {
  return build(schema) as Accept<z.output<S>>;
}

function build(schema: z.core.$ZodType): Accept<unknown> {
  const def = schema._zod.def as unknown as Def;
  // As zod runs them: a schema that is itself a check (a string format such as z.email()) comes first.
  const checks = [...(def.checks ?? [])];
  if (schema._zod.traits.has('$ZodCheck')) checks.unshift(schema as unknown as Check);
  const base = baseOf(schema, def);
  if (!base) return byZod(schema);
  if (checks.length === 0) return base;
  return (value) => {
    const parsed = base(value);
    if (parsed === REFUSED) return REFUSED;
    const payload: z.core.ParsePayload = { value: parsed, issues: [] };
    for (const check of checks) {
      const { when } = check._zod.def;
      if (when && !when(payload)) continue;
      if (check._zod.check(payload) instanceof Promise || payload.issues.length) return REFUSED;
    }
    return payload.value;
  };
}

/** The schema's own parse: for kinds checked here no faster. */
function byZod(schema: z.core.$ZodType): Accept<unknown> {
  return (value) => {
    const result = schema._zod.run({ value, issues: [] }, { async: false });
    return result instanceof Promise || result.issues.length ? REFUSED : result.value;
  };
}

/** The parse without the checks, or undefined for a kind left to zod. */
function baseOf(schema: z.core.$ZodType, def: Def): Accept<unknown> | undefined {
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return (value) => (typeof value === 'string' ? value : REFUSED);
    case 'number':
      return (value) => (typeof value === 'number' && Number.isFinite(value) ? value : REFUSED);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : REFUSED);
    case 'enum':
    case 'literal': {
      const values = schema._zod.values as ReadonlySet<unknown>;
      return (value) => (values.has(value) ? value : REFUSED);
    }
    case 'optional': {
      const inner = def.innerType as z.core.$ZodType;
      if (inner._zod.optin === 'defaulted') return undefined;
      const accept = build(inner);
      return (value) => (value === undefined ? undefined : accept(value));
    }
    case 'pipe': {
      const first = build(def.in);
      const then = build(def.out);
      return (value) => {
        const middle = first(value);
        return middle === REFUSED ? REFUSED : then(middle);
      };
    }
    case 'transform':
      return (value) => {
        const payload: z.core.ParsePayload = { value, issues: [] };
        const output = def.transform(value, payload);
        return output instanceof Promise || payload.issues.length ? REFUSED : output;
      };
    case 'object':
      return objectOf(def);
    default:
      return undefined;
  }
}

interface Field {
  key: string;
  accept: Accept<unknown>;
  /** May be left out (and is then left out of the output). */
  optional: boolean;
}

/** A plain object: each field in the shape's order, as zod writes them; a strict one refuses other keys. */
function objectOf(def: Def): Accept<unknown> | undefined {
  const strict = def.catchall?._zod.def.type === 'never';
  if (def.catchall && !strict) return undefined;
  const { shape } = def;
  if (Object.getOwnPropertySymbols(shape).length) return undefined;
  const fields: Field[] = Object.entries(shape).map(([key, field]) => ({
    key,
    accept: build(field),
    optional: field._zod.optin === 'optional' && field._zod.optout === 'optional',
  }));
  const known = new Set(fields.map((f) => f.key));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return REFUSED;
    const input = value as Record<string, unknown>;
    if (strict) for (const key in input) if (!known.has(key)) return REFUSED;
    const output: Record<string, unknown> = {};
    for (const { key, accept, optional } of fields) {
      if (!(key in input)) {
        if (optional) continue;
        return REFUSED;
      }
      const parsed = accept(input[key]);
      if (parsed === REFUSED) return REFUSED;
      output[key] = parsed;
    }
    return output;
  };
}
