// Device identities: reproducible from a seed (same seed → same serials and rooms). Loc ids are
// `dev0001`… so they are safe inside `#frame<loc>:` (no ':' or whitespace) and an incident script
// written for one run works for any seed and any larger fleet.
import { Faker, en } from '@faker-js/faker';

export interface DeviceIdentity {
  readonly index: number;
  readonly locId: string;
  readonly serial: string;
  /** Human room name the loc id maps to (for reports and the dashboard). */
  readonly room: string;
}

const ROOM_KINDS = ['Storage', 'Kitchen', 'Server Room', 'Boiler Room', 'Lab', 'Office', 'Warehouse', 'Workshop', 'Archive', 'Lobby', 'Garage', 'Loading Dock'];

export function locIdFor(index: number, devices: number): string {
  return `dev${String(index + 1).padStart(Math.max(4, String(devices).length), '0')}`;
}

export function buildIdentities(devices: number, seed: number): DeviceIdentity[] {
  const faker = new Faker({ locale: [en], seed });
  const serials = new Set<string>();
  const out: DeviceIdentity[] = [];
  for (let i = 0; i < devices; i++) {
    let serial: string;
    do serial = `PF${faker.string.numeric(6)}`;
    while (serials.has(serial));
    serials.add(serial);
    const room = `${faker.helpers.arrayElement(ROOM_KINDS)} ${faker.number.int({ min: 1, max: 40 })}, ${faker.location.street()}`;
    out.push({ index: i, locId: locIdFor(i, devices), serial, room });
  }
  return out;
}
