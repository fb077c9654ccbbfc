import { createHash } from "node:crypto";

const EMPTY = 0;
const INITIAL_SLOTS = 1 << 12;

/**
 * Each key's last line in a file, in 12 bytes a slot (24–48 bytes a distinct key, the table
 * being a quarter to half full) where a Map of the key strings took ~170: with a Map the
 * first pass of a 500,000-row import held ~85 MB, and V8 sized the whole heap after it, so
 * the import's peak RSS grew with the file (issue #12).
 *
 * A key is kept as 64 bits of its SHA-256, in an open-addressing table of typed arrays. Two
 * different keys of a file share those 64 bits with odds of n² / 2⁶⁵ (1 in 37 million for a
 * million keys); the later would then collapse the earlier as a duplicate.
 */
export class LastLineOfKeys {
  private hi = new Uint32Array(INITIAL_SLOTS);
  private lo = new Uint32Array(INITIAL_SLOTS);
  /** The line (≥ 1) of each slot; EMPTY where no key is. */
  private line = new Uint32Array(INITIAL_SLOTS);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Records `line` (≥ 1) as the key's last line so far. */
  set(key: string, line: number): void {
    if (line < 1) throw new RangeError(`line ${line}: lines start at 1`);
    const [hi, lo] = hashOf(key);
    const slot = this.slotOf(hi, lo);
    if (this.line[slot] === EMPTY) {
      this.hi[slot] = hi;
      this.lo[slot] = lo;
      this.count++;
    }
    this.line[slot] = line;
    if (this.count * 2 > this.line.length) this.grow();
  }

  get(key: string): number | undefined {
    const [hi, lo] = hashOf(key);
    const line = this.line[this.slotOf(hi, lo)];
    return line === EMPTY ? undefined : line;
  }

  /** The key's slot, or the empty slot where it would go (linear probing). */
  private slotOf(hi: number, lo: number): number {
    const mask = this.line.length - 1;
    let slot = lo & mask;
    while (this.line[slot] !== EMPTY && (this.hi[slot] !== hi || this.lo[slot] !== lo)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { hi, lo, line } = this;
    this.hi = new Uint32Array(line.length * 2);
    this.lo = new Uint32Array(line.length * 2);
    this.line = new Uint32Array(line.length * 2);
    for (let i = 0; i < line.length; i++) {
      if (line[i] === EMPTY) continue;
      const slot = this.slotOf(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.line[slot] = line[i]!;
    }
  }
}

function hashOf(key: string): [number, number] {
  const digest = createHash("sha256").update(key).digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
}
