import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx). Indexes and columns for
// the speed of the registry import and list.
//
// The labourer list asks each region index on its own (a UNION ALL of 户籍地 in scope and 务工所在地 in scope with
// the 户籍地 outside it), so each index can answer its branch without reading the wide laborer rows. The two
// region indexes are replaced, not added to: every index byte is paid again by the bulk import.
//
// - laborer_region_idx covers the home branch for the two common filters and the default order (updated_at, then
//   the rowid the index holds anyway): a county's labourers are counted, filtered and ordered inside the index,
//   and only the page's rows are read. Other filters and sorts read the rows of the county, as before.
// - laborer_work_region_idx holds the 户籍地 too, so `not (home)` is tested in the index and only the few labourers
//   working in scope but registered elsewhere are read (SQLite tests the index's terms before it seeks the row).
//   Partial: nothing asks for labourers without a work region by it, and a range on the column implies `is not
//   null` on both dialects, so both planners use it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('laborer_region_idx').execute();
  await db.schema
    .createIndex('laborer_region_idx')
    .on('laborer')
    .columns(['region_code', 'employment_status', 'labor_capacity', 'updated_at'])
    .execute();
  await db.schema.dropIndex('laborer_work_region_idx').execute();
  await db.schema
    .createIndex('laborer_work_region_idx')
    .on('laborer')
    .columns(['work_region_code', 'region_code'])
    .where(sql.ref('work_region_code'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('laborer_work_region_idx').execute();
  await db.schema.createIndex('laborer_work_region_idx').on('laborer').column('work_region_code').execute();
  await db.schema.dropIndex('laborer_region_idx').execute();
  await db.schema.createIndex('laborer_region_idx').on('laborer').column('region_code').execute();
}
