/**
 * The rows of an `UPDATE … RETURNING` run through `DataSource.query`: TypeORM's PostgreSQL driver answers
 * `[rows, affected]` for an UPDATE, the embedded driver may answer the rows alone.
 */
export function returnedRows<T = unknown>(result: unknown[]): T[] {
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
