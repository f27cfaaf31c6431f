/**
 * The request bodies of vendors/cortex.md, as validator rules: ScanDefinitionPayload (§1.1: the
 * ScanSettingsPayload table plus the definition fields), launch `request_data` (§1.2) and command
 * `request_data` (§1.4). Changing a row of the sheet means changing a line here.
 */
import { opt, req, type Field, type Rule } from "./validate.js";

const int = (min?: number, max?: number): Rule => ({ t: "int", ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });
const str: Rule = { t: "string" };
const bool: Rule = { t: "bool" };
/** §1.1: "Strings, not booleans, not integers." */
const flag: Rule = { t: "enum", values: ["0", "1"] };
const list = (items: Rule, minItems?: number): Rule => ({ t: "array", items, ...(minItems === undefined ? {} : { minItems }) });
const obj = (fields: Record<string, Field>): Rule => ({ t: "object", fields });

/** §1.1 ScanTime: all three parts required. */
const scanTime = obj({ hour: req(int(0, 23)), minute: req(int(0, 59)), second: req(int(0, 59)) });

const scanSettings: Record<string, Field> = {
  port_list_id: req(int(1)),
  // Element schema unspecified (§6.5): any object is accepted.
  scan_ports: req(list(obj({}))),
  auth_port_ssh: opt(int(1, 65535)),
  disable_cgi_cache: opt(flag),
  plugins_timeout: opt(int(1)),
  checks_read_timeout: opt(int(1)),
  max_hosts: opt(int(1)),
  max_checks: opt(int(1)),
  scanner_plugins_timeout: opt(int(1)),
  timeout_retry: opt(int(0)),
  open_sock_max_attempts: opt(int(1)),
  non_simult_ports: opt(str),
  strict_unauthenticated: opt(flag),
  optimize_test: opt(flag),
  expand_vhosts: opt(flag),
  exclude_fragile_devices: opt(flag),
  exclude_printers: opt(flag),
  safe_checks: opt(flag),
  disable_win_cmd_exec: opt(flag),
  disable_wmi_search: opt(flag),
  alive_test_methods: opt(list({ t: "enum", values: ["arp", "icmp", "tcp_ack", "tcp_syn", "consider_alive"] })),
  alive_test_ports: opt(str),
};

const definitionFields: Record<string, Field> = {
  definition_id: opt(int()),
  vt_config_id: req(int(1)),
  name: req({ t: "string", minLength: 1, maxLength: 100 }),
  description: req({ t: "string", maxLength: 500 }),
  network_scanner_ids: req(list({ t: "string", format: "uuid" }, 1)),
  network: req(int(1)),
  credential_ids: req(list(int())),
  schedule_cadence: req({ t: "enum", values: ["DAILY", "WEEKLY", "MONTHLY", "ONCE"] }),
  schedule_days: req(int(0, 127)),
  schedule_dates: req(list(int())),
  schedule_start_date: req(int(0)),
  schedule_time: req(scanTime),
  schedule_quiet_hours: req(list(obj({ start: req(scanTime), end: req(scanTime) }))),
  schedule_timezone: req({ t: "string", format: "timezone" }),
  override_target_exclusions: req(bool),
  target_ids: req(list(int())),
  targets: req(list(str)),
  excluded_targets: req(list(str)),
  enable_report: req(bool),
  // Only in the newer revision ([DOC5], [XS-DEF]); accepted, never required.
  asset_groups: opt(list(obj({ id: req(int()), name: req(str), count: req(int()) }))),
};

export const scanDefinitionPayload: Rule = obj({ ...scanSettings, ...definitionFields });

/** §1.2: `{request_data: {definition_id, target?}}`; `target` is one string, not a list. */
export const launchBody: Rule = obj({ request_data: req(obj({ definition_id: req(int(1)), target: opt(str) })) });

/** §1.4 */
export const COMMANDS = ["ABORT", "PAUSE", "RESUME"] as const;
export type RunCommand = (typeof COMMANDS)[number];
export const commandBody: Rule = obj({ request_data: req(obj({ type: req({ t: "enum", values: COMMANDS }) })) });
