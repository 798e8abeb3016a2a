/**
 * A select list written once as SQL text ("a"."title" as "title", …) from a column map of
 * property → "alias.column". Passed to knex as raw text, it is not quoted again on every request:
 * on a list of twenty columns that quoting was a tenth of a request's CPU.
 */
export function selectList(columns: Record<string, string>, prefix = ''): string {
  return Object.entries(columns)
    .map(([property, column]) => {
      const [table, name] = column.split('.');
      return `"${table}"."${name}" as "${prefix}${property}"`;
    })
    .join(', ');
}
