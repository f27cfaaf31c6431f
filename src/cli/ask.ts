/**
 * A question to the person at the terminal. Commands get it injected so tests answer for them.
 */
import { createInterface } from "node:readline";
import type { CliIO } from "./io.js";

/** Resolves to the answer line, or to undefined when stdin ends (Ctrl-D) or `cancel` aborts (Ctrl-C) first. */
export type Ask = (io: CliIO, question: string, cancel: AbortSignal) => Promise<string | undefined>;

/**
 * The first line typed wins over the end of input that may follow it at once (a pipe's
 * "yes\n" then EOF); readline's own question() would never settle on EOF at all.
 */
export const askLine: Ask = async (io, question, cancel) => {
  if (!io.stdin || cancel.aborted) return undefined;
  const rl = createInterface({ input: io.stdin, terminal: false });
  let onAbort = (): void => undefined;
  try {
    io.stdout.write(question);
    return await new Promise<string | undefined>((done) => {
      onAbort = () => done(undefined);
      cancel.addEventListener("abort", onAbort, { once: true });
      rl.once("line", done);
      rl.once("close", () => done(undefined));
    });
  } finally {
    cancel.removeEventListener("abort", onAbort);
    rl.close();
  }
};

/** Terraform's confirmation: only the word `yes` approves. */
export async function confirmed(io: CliIO, question: string, cancel: AbortSignal, ask: Ask = askLine): Promise<boolean> {
  const answer = await ask(io, `${question}\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: `, cancel);
  // Ctrl-C or Ctrl-D leave the cursor after the question; what follows needs a line of its own.
  if (answer === undefined) io.stdout.write("\n");
  return answer?.trim() === "yes";
}
