import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/create-db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { generateKeyText, parseKeyRing } from './field-crypto.ts';
import { responseSerializerCompiler, zodSerializedRoutes } from './response-serializer.ts';

function serializerFor(schema: z.ZodType) {
  return responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });
}

describe('response serialiser', () => {
  const person = z.object({
    name: z.string(),
    maskedIdNumber: z.string().nullable(),
    age: z.number().int().optional(),
    tags: z.array(z.object({ code: z.enum(['a', 'b']) })),
  });

  it('writes only the declared fields, so a stray column never reaches the client', () => {
    const serialize = serializerFor(person);
    const text = serialize({
      name: '张三',
      maskedIdNumber: null,
      idNumberCipher: 'secret',
      tags: [{ code: 'a', extra: 1 }],
    });
    expect(JSON.parse(text)).toEqual({ name: '张三', maskedIdNumber: null, tags: [{ code: 'a' }] });
  });

  it('refuses an answer that lacks a required field', () => {
    const serialize = serializerFor(person);
    expect(() => serialize({ name: '张三', tags: [] })).toThrow(/maskedIdNumber/);
  });

  it('keeps Zod for a schema JSON Schema cannot express, and says which route', () => {
    const schema = z.object({
      n: z.codec(z.string(), z.number(), { decode: (s) => Number(s), encode: (n) => String(n) }),
    });
    const serialize = responseSerializerCompiler({
      schema,
      method: 'GET',
      url: '/transformed',
      httpStatus: '200',
    });
    expect(JSON.parse(serialize({ n: 3 }))).toEqual({ n: '3' });
    expect(zodSerializedRoutes.has('GET /transformed 200')).toBe(true);
    zodSerializedRoutes.delete('GET /transformed 200');
  });

  it('compiles the same schema once for every route that shares it', () => {
    expect(serializerFor(person)).toBe(serializerFor(person));
  });

  it('serialises every response schema of the application without falling back to Zod', async () => {
    const db = createDb({ dialect: 'sqlite', path: ':memory:' });
    await migrateToLatest(db); // the import module's housekeeping reads its tables when the app is ready
    const app = await buildApp({ db, config: loadConfig({}), keyRing: parseKeyRing(generateKeyText()) });
    await app.ready();
    expect(app.printRoutes().length).toBeGreaterThan(0);
    expect([...zodSerializedRoutes]).toEqual([]);
    await app.close();
    await db.destroy();
  });

  it('answers through Fastify exactly as the contract says', async () => {
    const app = Fastify();
    app.setSerializerCompiler(responseSerializerCompiler);
    app.get('/p', { schema: { response: { 200: person } } }, async () => ({
      name: '李四',
      maskedIdNumber: '1409**********123X',
      passwordHash: 'x',
      tags: [],
    }));
    const answer = await app.inject({ method: 'GET', url: '/p' });
    expect(answer.json()).toEqual({ name: '李四', maskedIdNumber: '1409**********123X', tags: [] });
    await app.close();
  });
});
