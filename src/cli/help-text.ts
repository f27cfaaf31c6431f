/**
 * What `--help` says after the options: examples, exit codes, environment variables and where the
 * docs are. Kept apart from the registry so the root help stays a list and each command's text
 * sits beside its siblings', where drift between them shows.
 */
const DOCS = "https://github.com/scanform/scanform/blob/main";

const EXIT_CODES = `Exit codes:
  0  success
  1  error: invalid manifests, a vendor error, a failed step, a usage error
  2  changes present (plan/apply --detailed-exitcode)
  3  the saved plan is stale
  4  the state lock is held by another run
  5  a waited run tripped a gate of its failOn (the target is vulnerable)
  6  a waited run failed, was cancelled or timed out (the scan broke)`;

const ENVIRONMENT = `Environment:
  <VENDOR>_*          vendor settings absent from the manifests (README "Connection settings and secrets")
  SCANFORM_PG_URL     the usual name for the PostgreSQL state URL in settings.yaml
  SCANFORM_LOG        debug (any case) logs every vendor call on stderr, like --debug; json: as JSON lines
  SCANFORM_PARALLELISM, SCANFORM_POLL_INTERVAL, SCANFORM_POLL_MAX_INTERVAL
                      defaults for apply --parallelism and apply/wait --poll-interval and
                      --poll-max-interval; a flag wins
  SCANFORM_HTTP_*     HTTP limits: deadline, body size, pages, Retry-After wait (docs/http.md)
  NO_COLOR            no colour; FORCE_COLOR=1 colour where output is not a terminal`;

interface CommandHelp {
  readonly examples: readonly string[];
  readonly doc: string;
}

const HELP = new Map<string, CommandHelp>([
  ["validate", { examples: ["scanform validate scans/", "scanform validate --json scans/"], doc: "docs/manifest.md" }],
  ["plan", { examples: ["scanform plan scans/", "scanform plan --out plan.sfplan scans/", "scanform plan --detailed-exitcode --markdown scans/"], doc: "docs/plan.md" }],
  ["show", { examples: ["scanform show plan.sfplan", "scanform show --json plan.sfplan"], doc: "docs/plan.md" }],
  ["apply", { examples: ["scanform apply scans/", "scanform apply plan.sfplan", "scanform apply --auto-approve --wait scans/"], doc: "docs/apply.md" }],
  ["wait", { examples: ["scanform wait scans/", "scanform wait --report junit=results.xml scans/"], doc: "docs/apply.md" }],
  ["status", { examples: ["scanform status scans/", "scanform status --json scans/"], doc: "docs/apply.md" }],
  ["import", { examples: ["scanform import --vendor hexiosec scans/", "scanform import --vendor qualys --kind webApp --name '^shop' scans/"], doc: "docs/import.md" }],
  ["doctor", { examples: ["scanform doctor scans/", "scanform doctor --json scans/"], doc: "README.md#the-cli" }],
  ["state", { examples: ["scanform state list scans/", "scanform state mv OLD NEW scans/"], doc: "docs/state.md" }],
  ["force-unlock", { examples: ["scanform force-unlock LOCK_ID scans/", "scanform force-unlock --force LOCK_ID scans/"], doc: "docs/state.md" }],
  ["emulate", { examples: ["scanform emulate", "scanform emulate --port-base 18000 --seed 7"], doc: "docs/emulators.md" }],
  ["schema", { examples: ["scanform schema > scanform.schema.json", "scanform schema --path"], doc: "docs/manifest.md" }],
]);

function examples(lines: readonly string[]): string {
  return `Examples:\n${lines.map((l) => `  $ ${l}`).join("\n")}`;
}

/** The text after the root help's command list. */
export function rootHelpAfter(): string {
  const workflow = ["scanform validate scans/", "scanform plan --out plan.sfplan scans/", "scanform apply plan.sfplan", "scanform wait scans/"];
  return `\n${examples(workflow)}\n\n${EXIT_CODES}\n\n${ENVIRONMENT}\n\nDocs: ${DOCS}/README.md\n`;
}

/** The text after a command's options; undefined for a name with no entry. */
export function commandHelpAfter(name: string): string | undefined {
  const help = HELP.get(name);
  if (!help) return undefined;
  return `\n${examples(help.examples)}\n\n${EXIT_CODES}\n\n${ENVIRONMENT}\n\nDocs: ${DOCS}/${help.doc}\n`;
}
