// Preloaded into every CLI child: on exit, writes the process's peak RSS (kB) where the suite asked,
// because nothing outside a process can read its peak once it is gone.
import { writeFileSync } from "node:fs";

const file = process.env.RELIABILITY_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
