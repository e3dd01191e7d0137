/** The release version, shown by /api/system and the OpenAPI document. */
export const VERSION = '0.1.0';
