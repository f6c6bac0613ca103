/**
 * Seeded randomness and the reference tables of the synthetic department (KCPD-shaped:
 * six patrol divisions plus citywide patrol units, detective units, Kansas City streets).
 * Used only by scripts/seed.ts, tests and benchmarks, never by request handling.
 */

/** mulberry32: tiny, fast, good enough for test data; same seed -> same sequence. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = (Object.entries(weights) as [K, number | undefined][]).map(([k, w]): [K, number] => [k, w ?? 0]);
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from no weights');
    return last[0];
  }

  hex(chars: number): string {
    let s = '';
    while (s.length < chars) s += (Math.floor(this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }

  /** Log-normal-ish positive value around `median` (spread: multiplicative sigma). */
  around(median: number, spread: number): number {
    const u = Math.max(1e-9, this.next());
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(normal * Math.log(spread));
  }
}

export const PATROL_UNITS = [
  'Central Patrol Division',
  'Metro Patrol Division',
  'East Patrol Division',
  'North Patrol Division',
  'South Patrol Division',
  'Shoal Creek Patrol Division',
  'Traffic Enforcement Unit',
  'Tactical Response Teams',
  'Canine Unit',
  'Mounted Patrol and Park Unit',
] as const;

export const DETECTIVE_UNITS = [
  'Homicide Unit',
  'Robbery Unit',
  'Assault Squad',
  'Sex Crimes Unit',
  'Crimes Against Children Unit',
  'Domestic Violence Unit',
  'Property Crimes Section',
  'Narcotics and Vice Division',
  'Fraud Unit',
  'Career Criminal Unit',
] as const;

/** Relative share of patrol cameras per unit (divisions are larger than specialist units). */
export const PATROL_UNIT_WEIGHTS = [14, 12, 14, 12, 12, 11, 9, 7, 5, 4] as const;

export const STREETS = [
  'Main St',
  'Grand Blvd',
  'Troost Ave',
  'Prospect Ave',
  'Independence Ave',
  'Linwood Blvd',
  'E 31st St',
  'E 39th St',
  'Broadway Blvd',
  'Southwest Trfy',
  'Paseo Blvd',
  'Swope Pkwy',
  'Blue Parkway',
  'Noland Rd',
  'Wornall Rd',
  'Ward Pkwy',
  'N Oak Trfy',
  'NE Vivion Rd',
  'Barry Rd',
  'E Truman Rd',
  'Hillcrest Rd',
  'Bannister Rd',
  'E 63rd St',
  'Van Brunt Blvd',
  'Gregory Blvd',
  'Cleveland Ave',
  'Wabash Ave',
  'Benton Blvd',
  'N Brighton Ave',
  'Holmes Rd',
] as const;

export const TAGS = [
  'dui',
  'pursuit',
  'k9',
  'domestic',
  'crash',
  'welfare-check',
  'shots-fired',
  'search-warrant',
  'mental-health',
  'foot-pursuit',
  'taser',
  'citation',
] as const;

export const COURTS = [
  'Circuit Court of Jackson County, 16th Judicial Circuit',
  'Circuit Court of Clay County, 7th Judicial Circuit',
  'Circuit Court of Platte County, 6th Judicial Circuit',
] as const;

export const CATEGORY_TITLES: Record<string, string> = {
  unclassified: 'Recording',
  non_evidentiary: 'Call for service',
  traffic: 'Traffic stop',
  arrest: 'Arrest',
  investigation: 'Investigation',
  homicide: 'Homicide scene',
  use_of_force: 'Use of force',
  officer_involved_shooting: 'Officer-involved shooting',
  complaint: 'Citizen complaint',
  other: 'Recording',
};
