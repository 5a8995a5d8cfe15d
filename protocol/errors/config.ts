import type { ErrorCatalogPart } from './catalog-types.ts';

// Errors of configuration files (server config, scenario files, plans): always validated whole.
export const CONFIG_ERRORS = {
  EMBER_ERR_CONFIG_INVALID: { message: 'configuration is invalid', hint: 'fix every problem listed (path, rule, value received); nothing was started', exit: 2 },
  EMBER_ERR_CONFIG_UNREADABLE: { message: 'configuration file cannot be read or parsed', hint: 'check the path and that the file is valid JSON or YAML', exit: 2 },
} as const satisfies ErrorCatalogPart;
