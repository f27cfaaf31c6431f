/**
 * Every problem the manifest layer can report, one code per kind of problem, so tools and tests
 * match on the code and people read the message. The hint is the default "what to do"; a finding
 * may carry a more specific one.
 */
export const MANIFEST_CODES = {
  // Reading
  MANIFEST_PATH_NOT_FOUND: "Check the path, or run scanform from the directory that holds your manifests.",
  MANIFEST_NO_FILES: "Manifests end in .yaml or .yml; point scanform at a file or a directory that holds some.",
  MANIFEST_READ_FAILED: "Check that the file is readable by the user running scanform.",
  MANIFEST_NOT_A_FILE: "Name a manifest file or a directory of them; devices, pipes and sockets are not read.",
  MANIFEST_FILE_TOO_LARGE: "Split the configuration into several files of at most 5 MB each.",
  MANIFEST_BINARY: "Manifests are UTF-8 text; remove the binary content or point scanform at the right file.",
  // YAML
  MANIFEST_YAML_SYNTAX: "Fix the YAML at this position; check indentation, quotes and brackets.",
  MANIFEST_DUPLICATE_KEY: "Each key may appear once in a mapping; remove or rename one of them.",
  MANIFEST_CUSTOM_TAG: "Remove the tag; manifests use plain YAML values only.",
  MANIFEST_UNKNOWN_ANCHOR: "Define the anchor (&name) before the alias (*name) that uses it.",
  MANIFEST_TOO_DEEP: "Flatten the structure; manifests nest a few levels, and this depth looks like an attack on the parser.",
  MANIFEST_TOO_MANY_DOCUMENTS: "Split the documents over several files, or merge them; a manifest holds a handful of `---` documents, and this many looks like an attack on the parser.",
  MANIFEST_ALIAS_LIMIT: "Write the values out instead of nesting aliases; this many expansions looks like an alias bomb.",
  // Schema
  MANIFEST_UNKNOWN_KEY: "Remove the key or fix its spelling; the schema lists the keys allowed here.",
  MANIFEST_MISSING_KEY: "Add the key; it has no default.",
  MANIFEST_NOT_ALLOWED_HERE: "Remove the key; it does not apply with the other settings of this block.",
  MANIFEST_WRONG_TYPE: "Write a value of the type shown.",
  MANIFEST_NOT_ALLOWED_VALUE: "Use one of the values listed.",
  MANIFEST_BAD_FORMAT: "Write the value in the format shown.",
  MANIFEST_OUT_OF_RANGE: "Use a number within the limits shown.",
  MANIFEST_BAD_LENGTH: "Adjust the number of items or characters to the limits shown.",
  MANIFEST_BAD_NAME: "Start with a letter or digit; use only letters, digits, - and _ (at most 100).",
  MANIFEST_SECRET_LITERAL: "Secrets come only from the environment: write ${VAR} and export VAR where scanform runs.",
  MANIFEST_BAD_TIME: 'Write a 24-hour time as "HH:MM" in quotes, e.g. "02:00".',
  MANIFEST_BAD_DATE: "Write a real calendar date as YYYY-MM-DD.",
  MANIFEST_BAD_DURATION: "Write hours, minutes and seconds like 4h, 90m or 1h30m.",
  MANIFEST_UNKNOWN_IGNORE_FIELD: "Name fields of this resource in `ignore`.",
  // Values
  MANIFEST_ENV_NOT_ALLOWED: "Write the value itself; ${VAR} is resolved only in `vendors` and `state` settings.",
  MANIFEST_BAD_TEMPLATE: "Write environment references as ${NAME}, NAME made of letters, digits and _.",
  MANIFEST_ENV_MISSING: "Export the variable where scanform runs, or set the value in the manifest.",
  MANIFEST_BAD_URL: "Write a full https:// URL (plain http only for 127.0.0.1, ::1 or localhost).",
  MANIFEST_BAD_SEED: "Write a domain (example.com), an address, a CIDR (203.0.113.0/24) or a range (a-b).",
  MANIFEST_BAD_TARGET: "Write an IP address, a CIDR (10.0.0.0/16) or a range (10.0.0.1-10.0.0.99).",
  MANIFEST_BAD_TIMEZONE: "Use an IANA time zone name such as UTC, Europe/London or America/New_York.",
  MANIFEST_SCHEDULE_MISMATCH: "Use only the schedule fields that belong to the cadence chosen.",
  MANIFEST_QUALYS_MONTHLY: "Use `every: {days: N}` or `every: {weeks: N, on: [...]}` until monthly schedules are supported.",
  MANIFEST_CORTEX_NO_TARGETS: "Give the scan `targets` or `targetGroups`.",
  MANIFEST_NORMALISED: "Write the value as it is read, so the manifest says what is scanned (a /32 or /128 for one address).",
  MANIFEST_DUPLICATE_VALUE: "Remove the repeated entry; it is the same after normalisation.",
  // Scope guard
  MANIFEST_BAD_SCOPE_ENTRY: "Write a domain (example.com or *.example.com), an address, a CIDR or an a-b range.",
  MANIFEST_OUT_OF_SCOPE: "Fix the value, add what you own to `scope`, or write {value: ..., outOfScope: {reason: ..., expires: YYYY-MM-DD}} for a deliberate exception.",
  MANIFEST_ACCEPTANCE_EXPIRING: "Renew the acceptance with a later `expires` if the risk is still accepted, or fix the finding before then.",
  MANIFEST_ACCEPTANCE_EXPIRED: "Fix the finding, or renew the acceptance with a later `expires` and a current reason.",
  MANIFEST_SCOPE_EXCEPTION_EXPIRED: "Renew the exception with a new `expires` date if it still applies, or remove the value.",
  // Across files
  MANIFEST_UNKNOWN_REFERENCE: "Declare the resource, or fix the key to one that is declared.",
  MANIFEST_QUALYS_NO_PROFILE: "Give the scan a `profile`, or give each of its web apps a `defaultProfile`.",
  MANIFEST_DUPLICATE_ADDRESS: "Each resource is declared once across all files; remove or rename one of them.",
  MANIFEST_DUPLICATE_BLOCK: "Keep this block in one file only.",
  MANIFEST_DUPLICATE_NAME: "Vendors find objects by name: give each resource of a kind its own `name`.",
  MANIFEST_MOVED_TO_UNKNOWN: "`to` must be an address declared in the manifests.",
  MANIFEST_MOVED_FROM_DECLARED: "Remove the old block when you move it; `from` must no longer be declared.",
  MANIFEST_MOVED_KIND_CHANGE: "A move keeps the vendor and kind; only the key may change.",
  MANIFEST_MOVED_DUPLICATE: "Move each address once.",
} as const;

export type ManifestCode = keyof typeof MANIFEST_CODES;
