const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path reference is an id rather than a name (lookups by id or name; a malformed id never reaches a uuid column). */
export const isUuid = (ref: string): boolean => UUID.test(ref);
