import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/** Linux /proc readings: CPU time and peak memory of a process, and the machine's facts. */

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

function statFields(stat: string): string[] {
  // The command name (field 2) may hold spaces: fields after it start two characters past its ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a process (all its threads) in ms, or undefined when /proc cannot tell. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return undefined;
  }
}

function statusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size (VmHWM) in MB since the process started or since resetPeakRss. */
export function peakRssMb(pid: number | undefined): number | undefined {
  const kb = pid === undefined ? undefined : statusKb(pid, 'VmHWM');
  return kb === undefined ? undefined : kb / 1024;
}

/**
 * Resets VmHWM to the current RSS (writing 5 to /proc/PID/clear_refs, Linux ≥ 4.0; needs the
 * right to write there, which root and the process's owner have), so that the next peakRssMb
 * covers one measured window. Returns false when the kernel refused: the peak is then since start.
 */
export function resetPeakRss(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /**
   * CPU of the command itself (user + system, every thread), in ms: the cutime + cstime that a
   * wrapping shell reads from its own /proc/<pid>/stat once it has reaped the command.
   */
  cpuMs: number | undefined;
  wallMs: number;
}

const CPU_MARK = 'BENCH_CHILD_CPU ';

/**
 * Runs a command under `sh`, which after the command ends reads its own /proc stat (with the
 * `read` builtin: no other child is counted) and prints it; its children's time is the command's.
 */
export function runMeasured(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; onSpawn?: (pid: number | undefined) => void } = {}): Promise<MeasuredRun> {
  const script = `"$@"; s=$?; read -r stat < /proc/$$/stat; echo "${CPU_MARK}$stat" >&2; exit $s`;
  const started = performance.now();
  const child = spawn('sh', ['-c', script, 'sh', command, ...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  options.onSpawn?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stderr.split('\n').find((candidate) => candidate.startsWith(CPU_MARK));
      let cpuMs: number | undefined;
      if (line) {
        const fields = statFields(line.slice(CPU_MARK.length));
        cpuMs = (Number(fields[13]) + Number(fields[14])) * CLOCK_TICK_MS;
      }
      resolve({ code, stdout, stderr: stderr.split('\n').filter((l) => !l.startsWith(CPU_MARK)).join('\n'), cpuMs, wallMs: performance.now() - started });
    });
  });
}

/** Whether a program is on PATH. */
export function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && fs.existsSync(`${dir}/${program}`));
}

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  kernel: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * A fixed piece of CPU work (SHA-256 over 100 MB, one thread) timed in this process: compared
 * across runs, it tells a slower or busier machine from a slower server.
 */
export function cpuProbeMs(): number {
  const block = Buffer.alloc(1 << 20, 7);
  const started = performance.now();
  for (let i = 0; i < 100; i++) createHash('sha256').update(block).digest();
  return performance.now() - started;
}

/** CPU pressure (PSI, /proc/pressure/cpu "some avg60"): % of the last minute that runnable work waited for a CPU. */
export function cpuPressure(): number | undefined {
  try {
    const match = /^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
