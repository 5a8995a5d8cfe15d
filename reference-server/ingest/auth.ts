// Optional per-device token (off unless security.authTokens or security.sharedToken is set).
// How the token travels: a `#Sensor` line carries `TOKEN=<token>` among its k=v pairs (unknown
// keys pass through the original's parser, so devices stay compatible with it). A valid token
// authenticates THAT connection for THAT loc_id; frames and EEPROM replies of the loc on the same
// connection are accepted from then on. Anything else is rejected (counted, logged, never processed).
import type { SecurityConfig } from '../config-schema.ts';

export class TokenAuth {
  readonly enabled: boolean;
  constructor(private readonly cfg: SecurityConfig) {
    this.enabled = cfg.authTokens !== undefined || cfg.sharedToken !== undefined;
  }

  /** Is `token` valid for `locId`? */
  valid(locId: string, token: string | null): boolean {
    if (token === null) return false;
    const expected = this.cfg.authTokens?.[locId] ?? this.cfg.sharedToken;
    return expected !== undefined && timingSafeEqualText(expected, token);
  }
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
