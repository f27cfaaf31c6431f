import { describe, expect, it } from "vitest";
import { createDefinition, NETSCAN, startCortex, validDefinition } from "./helpers.js";

const path = `${NETSCAN}/scan/definition`;

describe("cortex emulator: create and update a scan definition (vendors/cortex.md §1.1)", () => {
  it("creates a definition from a flat body with 201 {definition_id, message}", async () => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: validDefinition() });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ definition_id: expect.any(Number), message: "Scan created successfully" });
  });

  it("keeps the created payload, without definition_id, in its dump", async () => {
    const h = await startCortex();
    const id = await createDefinition(h, { name: "kept" });
    const dump = h.server.vendor.dump() as any;
    expect(dump.definitions).toEqual([{ id, payload: validDefinition({ name: "kept" }), createdAt: h.clock.now(), updatedAt: h.clock.now() }]);
  });

  it("gives each new definition a new id", async () => {
    const h = await startCortex();
    const a = await createDefinition(h);
    const b = await createDefinition(h);
    expect(b).not.toBe(a);
  });

  it("updates a definition when the body carries its definition_id, answering 200", async () => {
    const h = await startCortex();
    const id = await createDefinition(h);
    h.clock.advance(60_000);
    const res = await h.call("POST", path, { body: validDefinition({ definition_id: id, name: "renamed" }) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ definition_id: id, message: "Scan updated successfully" });
    const stored = (h.server.vendor.dump() as any).definitions[0];
    expect(stored.payload.name).toBe("renamed");
    expect(stored.updatedAt).toBe(stored.createdAt + 60_000);
  });

  it("answers 404 to an update of an unknown definition_id and creates nothing", async () => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: validDefinition({ definition_id: 555 }) });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ err_msg: "VT template not found or cannot create a new scan definition" });
    expect((h.server.vendor.dump() as any).definitions).toEqual([]);
  });

  it("answers 404 when the vt_config_id template does not exist", async () => {
    const h = await startCortex({ templates: [12] });
    const res = await h.call("POST", path, { body: validDefinition({ vt_config_id: 13 }) });
    expect(res.status).toBe(404);
  });

  it("answers 422 with err_extra for an unknown field, as in the sheet's example", async () => {
    const h = await startCortex();
    const { name: _, ...withoutName } = validDefinition();
    const res = await h.call("POST", path, { body: { ...withoutName, extra_info: "x" } });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      err_msg: "The request contains invalid or missing parameters",
      metadata: {
        err_extra: [
          { field: "name", message: "Field required" },
          { field: "extra_info", message: "Extra inputs are not permitted" },
        ],
      },
    });
  });

  it("refuses a body wrapped in request_data: the create body is flat", async () => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: { request_data: validDefinition() } });
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toContainEqual({ field: "request_data", message: "Extra inputs are not permitted" });
    expect(res.json.metadata.err_extra).toContainEqual({ field: "vt_config_id", message: "Field required" });
  });

  it.each([
    ["a flag sent as a boolean", { safe_checks: true }, { field: "safe_checks", message: "Input should be '0' or '1'" }],
    ["a flag sent as an integer", { exclude_printers: 1 }, { field: "exclude_printers", message: "Input should be '0' or '1'" }],
    ["an integer sent as a string", { network: "3" }, { field: "network", message: "Input should be a valid integer" }],
    ["a boolean sent as a flag string", { enable_report: "1" }, { field: "enable_report", message: "Input should be a valid boolean" }],
    ["no network scanner", { network_scanner_ids: [] }, { field: "network_scanner_ids", message: "List should have at least 1 item after validation, not 0" }],
    ["a scanner id that is not a UUID", { network_scanner_ids: ["scanner-1"] }, { field: "network_scanner_ids.0", message: "Input should be a valid UUID" }],
    ["a days bitmask above 127", { schedule_days: 128 }, { field: "schedule_days", message: "Input should be less than or equal to 127" }],
    ["an unknown cadence", { schedule_cadence: "HOURLY" }, { field: "schedule_cadence", message: "Input should be 'DAILY', 'WEEKLY', 'MONTHLY' or 'ONCE'" }],
    ["a schedule time without seconds", { schedule_time: { hour: 2, minute: 0 } }, { field: "schedule_time.second", message: "Field required" }],
    ["an hour of 24", { schedule_time: { hour: 24, minute: 0, second: 0 } }, { field: "schedule_time.hour", message: "Input should be less than or equal to 23" }],
    ["a quiet hour with an unknown key", { schedule_quiet_hours: [{ start: { hour: 1, minute: 0, second: 0 }, end: { hour: 2, minute: 0, second: 0 }, note: "x" }] }, { field: "schedule_quiet_hours.0.note", message: "Extra inputs are not permitted" }],
    ["a name longer than 100 characters", { name: "n".repeat(101) }, { field: "name", message: "String should have at most 100 characters" }],
    ["an empty name", { name: "" }, { field: "name", message: "String should have at least 1 character" }],
    ["a description longer than 500 characters", { description: "d".repeat(501) }, { field: "description", message: "String should have at most 500 characters" }],
    ["an unknown time zone", { schedule_timezone: "Mars/Olympus" }, { field: "schedule_timezone", message: "Input should be a valid IANA time zone name" }],
    ["a negative start date", { schedule_start_date: -1 }, { field: "schedule_start_date", message: "Input should be greater than or equal to 0" }],
    ["an unknown alive test method", { alive_test_methods: ["ping"] }, { field: "alive_test_methods.0", message: "Input should be 'arp', 'icmp', 'tcp_ack', 'tcp_syn' or 'consider_alive'" }],
    ["an SSH port out of range", { auth_port_ssh: 70000 }, { field: "auth_port_ssh", message: "Input should be less than or equal to 65535" }],
    ["targets as one string", { targets: "10.0.0.0/16" }, { field: "targets", message: "Input should be a valid list" }],
  ])("answers 422 for %s", async (_, override, problem) => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: validDefinition(override) });
    expect(res.status).toBe(422);
    expect(res.json.metadata.err_extra).toEqual([problem]);
  });

  it("counts a name's length in characters, as the schema scanform validates with does: 60 emoji are 60", async () => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: validDefinition({ name: "🙂".repeat(60) }) });
    expect(res.status).toBe(201);
  });

  it("accepts every optional engine setting with its documented type", async () => {
    const h = await startCortex();
    const settings = {
      auth_port_ssh: 22, disable_cgi_cache: "1", plugins_timeout: 5, checks_read_timeout: 5, max_hosts: 10, max_checks: 4,
      scanner_plugins_timeout: 30, timeout_retry: 0, open_sock_max_attempts: 3, non_simult_ports: "139,445,3389,Services/irc",
      strict_unauthenticated: "0", optimize_test: "1", expand_vhosts: "0", exclude_fragile_devices: "1", exclude_printers: "1",
      safe_checks: "1", disable_win_cmd_exec: "0", disable_wmi_search: "0", alive_test_methods: ["icmp", "tcp_syn"], alive_test_ports: "21-23,25,53,80",
      asset_groups: [{ id: 1, name: "servers", count: 4 }],
    };
    expect((await h.call("POST", path, { body: validDefinition(settings) })).status).toBe(201);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const h = await startCortex();
    const res = await h.call("POST", path, { body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.json.err_msg).toBe("Bad Request");
  });
});
