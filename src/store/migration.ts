/** One schema change. Ids are unique across modules; never edit a shipped migration, add a new one. */
export interface Migration {
  id: string;
  sql: string;
}
