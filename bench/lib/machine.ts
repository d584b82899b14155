// The machine a bench ran on, in the words docs/benchmarks.md uses.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function machine(): string {
  let model = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  let cores = String(cpus().length);
  try {
    const out = execFileSync('lscpu', { encoding: 'utf8' });
    model = /^Model name:\s*(.+)$/m.exec(out)?.[1].trim() ?? model;
    cores = /^CPU\(s\):\s*(\d+)$/m.exec(out)?.[1] ?? cores;
  } catch {
    /* no lscpu: os.cpus() is enough */
  }
  return `\`lscpu\` → ${model}, ${cores} CPUs; ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.versions.node}`;
}

export interface CpuPeak {
  /** Single-precision FLOPs per cycle per core the vector units can retire at most. */
  flopsPerCycle: number;
  /** Why that many: the flags (and CPU family) it was read from. */
  isa: string;
  mhz: number;
  /** Where the clock came from, in words. */
  clock: string;
  /** flopsPerCycle × mhz, in GFLOP/s, for one core. */
  gflopsPerCore: number;
}

/**
 * The machine's float32 peak per core, from `lscpu`: FLOPs per cycle from the flags, a fused multiply-add counted
 * as 2 and two FMA pipes assumed (the common case since Haswell and Zen 1): avx512f + fma → 2 × 16 lanes × 2 = 64
 * (but 32 on AMD family 0x19, Zen 4, whose 512-bit ops run on 256-bit pipes), avx2 + fma → 2 × 8 × 2 = 32,
 * avx → 8-lane add + 8-lane multiply = 16, else 4 + 4 = 8. The clock: lscpu's "CPU max MHz" (turbo included) when
 * it has one, else the nominal clock in the model name ("@ 2.60GHz"), else the "cpu MHz" of /proc/cpuinfo (a
 * virtual machine's guest often sees only this: the host's nominal or current clock, turbo unknown). Undefined
 * without lscpu or any clock.
 */
export function cpuPeak(): CpuPeak | undefined {
  let out: string;
  try {
    out = execFileSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  } catch {
    return undefined;
  }
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(out)?.[1].trim();
  const flags = new Set((field('Flags') ?? '').split(/\s+/));
  const amdZen4 = field('Vendor ID') === 'AuthenticAMD' && Number(field('CPU family')) === 0x19;
  let flopsPerCycle: number;
  let isa: string;
  if (flags.has('avx512f') && flags.has('fma')) {
    flopsPerCycle = amdZen4 ? 32 : 64;
    isa = amdZen4 ? 'avx512f + fma on AMD family 0x19 (256-bit pipes): 2 × 8 lanes × 2' : 'avx512f + fma: 2 FMA pipes × 16 float32 lanes × 2';
  } else if (flags.has('avx2') && flags.has('fma')) {
    flopsPerCycle = 32;
    isa = 'avx2 + fma: 2 FMA pipes × 8 float32 lanes × 2';
  } else if (flags.has('avx')) {
    flopsPerCycle = 16;
    isa = 'avx: an 8-lane add and an 8-lane multiply';
  } else {
    flopsPerCycle = 8;
    isa = 'sse: a 4-lane add and a 4-lane multiply';
  }
  let mhz = Number(field('CPU max MHz'));
  let clock = 'lscpu "CPU max MHz" (turbo included)';
  if (!(mhz > 0)) {
    const ghz = /@\s*([\d.]+)\s*GHz/i.exec(field('Model name') ?? '')?.[1];
    mhz = ghz ? Number(ghz) * 1000 : NaN;
    clock = 'the nominal clock in lscpu\'s model name (turbo not counted)';
  }
  if (!(mhz > 0)) {
    try {
      mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]);
    } catch {
      mhz = NaN;
    }
    clock = '"cpu MHz" of /proc/cpuinfo (lscpu gives no max MHz and the model name no clock; a guest sees the host\'s nominal clock, turbo not counted)';
  }
  if (!(mhz > 0)) return undefined;
  return { flopsPerCycle, isa, mhz, clock, gflopsPerCore: (flopsPerCycle * mhz) / 1000 };
}
