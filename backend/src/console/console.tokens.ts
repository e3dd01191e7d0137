/** The built console's index.html, read once at start, or null when the console is not built. */
export const CONSOLE_INDEX = Symbol('CONSOLE_INDEX');
