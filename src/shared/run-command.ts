/**
 * Runs a command-line entry point: its resolved number becomes the exit code; a thrown error is
 * printed as one line (no stack for the operator) and exits 1. process.exitCode rather than
 * process.exit() so pending output and pool shutdowns finish.
 */
export function runCommand(main: () => Promise<number>, label?: string): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(label ? `${label} failed: ${message}` : message);
      process.exitCode = 1;
    },
  );
}
