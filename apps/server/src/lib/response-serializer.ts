import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ZodSchema = z.core.$ZodType;

/**
 * Response serialisation: each route's Zod response schema is turned into JSON Schema once, at start-up, and compiled
 * by fast-json-stringify (the serialiser Fastify itself uses for JSON Schema routes). Like Zod's own serialiser, it
 * writes only the declared fields (an object schema is `additionalProperties: false`, so a field added to a row by
 * mistake never reaches the client) and fails on a missing required field; unlike it, it does not re-validate every
 * value of every answer, which took about a fifth of the CPU of a simple authenticated GET (bench/README.md).
 *
 * A schema that JSON Schema cannot express exactly (a transform, a codec, a refinement-only type) keeps Zod's own
 * serialiser, so no answer is ever written differently from its contract.
 */
const compiled = new WeakMap<object, (data: unknown) => string>();

/** Routes whose answer kept Zod's serialiser (`METHOD url status`), for the test that keeps this list empty. */
export const zodSerializedRoutes = new Set<string>();

/**
 * Zod types whose written form is not the value the handler returned (Zod's serialiser *encodes*: a codec or pipe
 * writes its input side, a default or catch may stand in for a value), or that JSON Schema cannot check.
 */
const ZOD_ONLY_TYPES = new Set(['pipe', 'transform', 'default', 'prefault', 'catch', 'custom', 'promise']);

function compile(schema: ZodSchema): ((data: unknown) => string) | undefined {
  let zodOnly = false;
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(schema, {
      target: 'draft-7',
      io: 'output',
      unrepresentable: 'throw',
      override: ({ zodSchema }) => {
        if (ZOD_ONLY_TYPES.has(zodSchema._zod.def.type)) zodOnly = true;
      },
    });
  } catch {
    return undefined;
  }
  if (zodOnly) return undefined;
  delete jsonSchema.$schema;
  return fastJsonStringify(jsonSchema);
}

export const responseSerializerCompiler: FastifySerializerCompiler<ZodSchema> = (routeSchema) => {
  const { schema, method, url, httpStatus } = routeSchema;
  let serialize = compiled.get(schema);
  if (!serialize) {
    serialize = compile(schema);
    if (!serialize) {
      zodSerializedRoutes.add(`${method} ${url} ${httpStatus}`);
      serialize = zodSerializerCompiler(routeSchema) as (data: unknown) => string;
    }
    compiled.set(schema, serialize);
  }
  return serialize;
};
