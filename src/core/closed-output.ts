/**
 * A reader that goes away (`scanform apply --json | head -1`) must not end a run midway: an apply
 * killed by its own output would leave its lock held and its journal open for a person to settle.
 * Output to a closed pipe is dropped and the run goes on to its end, exit code included.
 *
 * Only process entry points call this (bin/scanform.js, the GitHub Action): a program that imports
 * scanform as a library owns its streams.
 */
export function outliveClosedReaders(streams: readonly NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
    });
  }
}
