/**
 * A progress bar on stderr that appears only once a run has taken a second, so quick runs
 * stay quiet; cli-progress draws nothing when stderr is not a terminal.
 */
import cliProgress from 'cli-progress';

export function progressReporter(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  const started = performance.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!bar && performance.now() - started < 1000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {value}/{total} replications | {eta_formatted} left` },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
