import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the application (kysely site/docs/migrations.mdx).
//
// The region that granted each grant (every person-level row carries the 12-digit code of the place that owns it,
// and every list goes through the scope check). A grant ledger row is person-level data (a blind index of the ID
// number, a benefit, an amount), so it gets the code of the region that granted it — a county or finer — and lists
// of grants show a user only the grants of their scope; imports and recordings are refused outside the capture
// scope.
//
// Rows recorded before this migration get, in this order:
//   1. the 户籍地 of the labourer the grant is about (the laborer row with the same blind index): the same rule new
//      imports follow when the file has no region column, and the region whose staff evaluate the person;
//   2. else the importer's capture scope when it is one region of county level or finer (the importer was
//      entitled to write there, and a single-county importer can only have imported that county's ledger);
//   3. else '000000000000', a code no scope contains (every scope starts with a non-zero province prefix): such a
//      row — about a person not (yet) in the registry, imported by a user of a wider scope — stays in the ledger
//      and keeps counting towards the person's caps (caps are per person, wherever the grant was made), but no
//      list shows it until someone with the right corrects it. Guessing a region (the province, say) would show it
//      to users who may not own it; hiding it fails closed.
export const UNKNOWN_REGION = '000000000000';

export async function up(db: Kysely<any>): Promise<void> {
  // Rows read here keep their snake_case names whatever plugins the caller's handle carries.
  const raw = db.withoutPlugins();
  await db.schema
    .alterTable('policy_grant')
    .addColumn('region_code', 'char(12)', (col) => col.notNull().defaultTo(UNKNOWN_REGION))
    .execute();
  // The ID number masked for lists (the ledger holds only its blind index): grants about a person not in the
  // registry must still be told apart on screen. Taken from the file at import; older rows from the registry.
  await db.schema.alterTable('policy_grant').addColumn('person_id_masked', 'text').execute();

  // 1. The labourer's 户籍地 (and masked ID number).
  await sql`
    update policy_grant set
      region_code = (select l.region_code from laborer l where l.id_number_index = policy_grant.person_id_index),
      person_id_masked = (
        select l.id_number_masked from laborer l where l.id_number_index = policy_grant.person_id_index
      )
    where person_id_index is not null
      and exists (select 1 from laborer l where l.id_number_index = policy_grant.person_id_index)`.execute(
    db,
  );

  // 2. The importer's single capture region, when it is a county or finer (its code has a non-zero county part
  //    or finer parts: not ending in eight zeros).
  const importers = await raw
    .selectFrom('policy_grant')
    .select('created_by')
    .distinct()
    .where('region_code', '=', UNKNOWN_REGION)
    .where('created_by', 'is not', null)
    .execute();
  for (const { created_by: userId } of importers as Array<{ created_by: number }>) {
    const scopes = (await raw
      .selectFrom('user_scope')
      .select('region_code')
      .where('user_id', '=', userId)
      .where('kind', '=', 'capture')
      .execute()) as Array<{ region_code: string }>;
    const code = scopes.length === 1 ? scopes[0]!.region_code.trim() : undefined;
    if (!code || !/^\d{12}$/u.test(code) || code.endsWith('00000000')) continue;
    await raw
      .updateTable('policy_grant')
      .set({ region_code: code })
      .where('region_code', '=', UNKNOWN_REGION)
      .where('created_by', '=', userId)
      .execute();
  }

  // The default stays: the application names the region of every grant it writes (its insert functions require
  // it), and a writer that does not know it fails closed (a row no list shows, still counted in caps) rather than
  // failing the write.

  // The grant list filters by region range and shows the latest decisions first.
  await db.schema
    .createIndex('policy_grant_region_idx')
    .on('policy_grant')
    .columns(['region_code', 'decided_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('policy_grant_region_idx').execute();
  await db.schema.alterTable('policy_grant').dropColumn('person_id_masked').execute();
  await db.schema.alterTable('policy_grant').dropColumn('region_code').execute();
}
