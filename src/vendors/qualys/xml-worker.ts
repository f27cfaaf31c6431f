/**
 * The thread that reads large Qualys answers (xml-thread.ts): the same parseXml, off the main
 * thread, so the other vendors' calls are sent and read while a 1,000-object page is parsed.
 */
import { parentPort } from "node:worker_threads";
import { parseXml } from "./xml.js";
import type { ParseRequest, ParseResult } from "./xml-thread.js";

parentPort?.on("message", (request: ParseRequest) => {
  const value = parseXml(request.text, request.root);
  const result: ParseResult = { id: request.id, json: value === undefined ? undefined : JSON.stringify(value) };
  parentPort?.postMessage(result);
});
