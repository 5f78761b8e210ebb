import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import {
  laborerCountQuery,
  laborerPageQuery,
  type LaborerListFilter,
} from '../src/modules/registry/laborer.repository.ts';

// The labourer list is the hot query of the registry (1M rows, p95 < 100 ms for a county with two filters): its
// SQL stays pinned so a change of shape (a lost range condition, a LIKE that defeats the index) shows up in review.

function compilerFor(dialect: 'sqlite' | 'postgres') {
  return new Kysely<Database>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
    plugins: [new CamelCasePlugin()],
  });
}

const countyWithTwoFilters: LaborerListFilter = {
  scope: ['140902000000'],
  visibility: 'all',
  employmentStatus: 'unemployed',
  q: 'zs',
  sort: 'name',
  order: 'asc',
  page: 2,
  pageSize: 20,
};

describe('labourer list SQL', () => {
  it('on SQLite', () => {
    const db = compilerFor('sqlite');
    const page = laborerPageQuery(db, countyWithTwoFilters).compile();
    expect(page.sql).toMatchInlineSnapshot(
      `"select "laborer"."id", "laborer"."name", "laborer"."sex", "laborer"."birth_date", "laborer"."id_number_masked", "laborer"."phone_masked", "laborer"."region_code", "region"."name" as "region_name", "laborer"."household_id", "household"."household_number", "household"."household_type", "laborer"."relation_to_head", "laborer"."labor_capacity", "laborer"."education", "laborer"."health", "laborer"."employment_status", "laborer"."work_area", "laborer"."work_region_code", "laborer"."training_willingness", "laborer"."job_intention", "laborer"."intended_occupation_code", "laborer"."last_contact_on", "laborer"."updated_at" from (select "laborer"."id" as "id", "laborer"."name_initials" as "name_initials", "laborer"."name" as "name" from "laborer" where (("laborer"."region_code" >= ? and "laborer"."region_code" <= ?) and "laborer"."employment_status" = ? and ("laborer"."name_initials" like ? escape '\\' or lower("laborer"."name") like ? escape '\\')) union all select "laborer"."id" as "id", "laborer"."name_initials" as "name_initials", "laborer"."name" as "name" from "laborer" where ((("laborer"."work_region_code" >= ? and "laborer"."work_region_code" <= ?) and not (("laborer"."region_code" >= ? and "laborer"."region_code" <= ?))) and "laborer"."employment_status" = ? and ("laborer"."name_initials" like ? escape '\\' or lower("laborer"."name") like ? escape '\\')) order by "name_initials" asc, "name" asc, "id" asc limit ? offset ?) as "matching" inner join "laborer" on "laborer"."id" = "matching"."id" left join "household" on "household"."id" = "laborer"."household_id" left join "region" on "region"."code" = "laborer"."region_code" order by "matching"."name_initials" asc, "matching"."name" asc, "matching"."id" asc"`,
    );
    expect(page.parameters).toMatchInlineSnapshot(`
      [
        "140902000000",
        "140902999999",
        "unemployed",
        "zs%",
        "%zs%",
        "140902000000",
        "140902999999",
        "140902000000",
        "140902999999",
        "unemployed",
        "zs%",
        "%zs%",
        20,
        20,
      ]
    `);
    expect(laborerCountQuery(db, countyWithTwoFilters).compile().sql).toMatchInlineSnapshot(
      `"select (select count(*) as "n" from "laborer" where (("laborer"."region_code" >= ? and "laborer"."region_code" <= ?) and "laborer"."employment_status" = ? and ("laborer"."name_initials" like ? escape '\\' or lower("laborer"."name") like ? escape '\\'))) + (select count(*) as "n" from "laborer" where ((("laborer"."work_region_code" >= ? and "laborer"."work_region_code" <= ?) and not (("laborer"."region_code" >= ? and "laborer"."region_code" <= ?))) and "laborer"."employment_status" = ? and ("laborer"."name_initials" like ? escape '\\' or lower("laborer"."name") like ? escape '\\'))) as "total""`,
    );
  });

  it('on PostgreSQL', () => {
    const db = compilerFor('postgres');
    const page = laborerPageQuery(db, countyWithTwoFilters).compile();
    expect(page.sql).toMatchInlineSnapshot(
      `"select "laborer"."id", "laborer"."name", "laborer"."sex", "laborer"."birth_date", "laborer"."id_number_masked", "laborer"."phone_masked", "laborer"."region_code", "region"."name" as "region_name", "laborer"."household_id", "household"."household_number", "household"."household_type", "laborer"."relation_to_head", "laborer"."labor_capacity", "laborer"."education", "laborer"."health", "laborer"."employment_status", "laborer"."work_area", "laborer"."work_region_code", "laborer"."training_willingness", "laborer"."job_intention", "laborer"."intended_occupation_code", "laborer"."last_contact_on", "laborer"."updated_at" from (select "laborer"."id" as "id", "laborer"."name_initials" as "name_initials", "laborer"."name" as "name" from "laborer" where (("laborer"."region_code" >= $1 and "laborer"."region_code" <= $2) and "laborer"."employment_status" = $3 and ("laborer"."name_initials" like $4 escape '\\' or lower("laborer"."name") like $5 escape '\\')) union all select "laborer"."id" as "id", "laborer"."name_initials" as "name_initials", "laborer"."name" as "name" from "laborer" where ((("laborer"."work_region_code" >= $6 and "laborer"."work_region_code" <= $7) and not (("laborer"."region_code" >= $8 and "laborer"."region_code" <= $9))) and "laborer"."employment_status" = $10 and ("laborer"."name_initials" like $11 escape '\\' or lower("laborer"."name") like $12 escape '\\')) order by "name_initials" asc, "name" asc, "id" asc limit $13 offset $14) as "matching" inner join "laborer" on "laborer"."id" = "matching"."id" left join "household" on "household"."id" = "laborer"."household_id" left join "region" on "region"."code" = "laborer"."region_code" order by "matching"."name_initials" asc, "matching"."name" asc, "matching"."id" asc"`,
    );
    expect(page.parameters).toMatchInlineSnapshot(`
      [
        "140902000000",
        "140902999999",
        "unemployed",
        "zs%",
        "%zs%",
        "140902000000",
        "140902999999",
        "140902000000",
        "140902999999",
        "unemployed",
        "zs%",
        "%zs%",
        20,
        20,
      ]
    `);
  });

  it('narrows to the home region only, with age, occupation class and contact filters', () => {
    const db = compilerFor('postgres');
    const compiled = laborerPageQuery(db, {
      scope: ['140902001000', '141002000000'],
      visibility: 'home',
      birthDateMax: '2010-11-22',
      birthDateAfter: '1966-11-22',
      occupationCode: '6-18-00-00',
      lastContactBefore: '2026-10-23',
      q: '1234',
      sort: 'updatedAt',
      order: 'desc',
      page: 1,
      pageSize: 20,
    }).compile();
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "laborer"."id", "laborer"."name", "laborer"."sex", "laborer"."birth_date", "laborer"."id_number_masked", "laborer"."phone_masked", "laborer"."region_code", "region"."name" as "region_name", "laborer"."household_id", "household"."household_number", "household"."household_type", "laborer"."relation_to_head", "laborer"."labor_capacity", "laborer"."education", "laborer"."health", "laborer"."employment_status", "laborer"."work_area", "laborer"."work_region_code", "laborer"."training_willingness", "laborer"."job_intention", "laborer"."intended_occupation_code", "laborer"."last_contact_on", "laborer"."updated_at" from (select "laborer"."id" as "id", "laborer"."updated_at" as "updated_at" from "laborer" where (("laborer"."region_code" >= $1 and "laborer"."region_code" <= $2) and "laborer"."birth_date" <= $3 and "laborer"."birth_date" > $4 and ("laborer"."last_contact_on" is null or "laborer"."last_contact_on" <= $5) and ("laborer"."intended_occupation_code" like $6 or "laborer"."skills" like $7) and "laborer"."id_last4" = $8) union all select "laborer"."id" as "id", "laborer"."updated_at" as "updated_at" from "laborer" where (("laborer"."region_code" >= $9 and "laborer"."region_code" <= $10) and "laborer"."birth_date" <= $11 and "laborer"."birth_date" > $12 and ("laborer"."last_contact_on" is null or "laborer"."last_contact_on" <= $13) and ("laborer"."intended_occupation_code" like $14 or "laborer"."skills" like $15) and "laborer"."id_last4" = $16) order by "updated_at" desc, "id" desc limit $17 offset $18) as "matching" inner join "laborer" on "laborer"."id" = "matching"."id" left join "household" on "household"."id" = "laborer"."household_id" left join "region" on "region"."code" = "laborer"."region_code" order by "matching"."updated_at" desc, "matching"."id" desc"`,
    );
    expect(compiled.parameters).toMatchInlineSnapshot(`
      [
        "140902001000",
        "140902001999",
        "2010-11-22",
        "1966-11-22",
        "2026-10-23",
        "6-18-%",
        "%"6-18-%",
        "1234",
        "141002000000",
        "141002999999",
        "2010-11-22",
        "1966-11-22",
        "2026-10-23",
        "6-18-%",
        "%"6-18-%",
        "1234",
        20,
        0,
      ]
    `);
  });
});
