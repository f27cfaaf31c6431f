/**
 * The thread that reads large Qualys answers (xml-thread.ts): the same parseXml, off the main
 * thread, so the other vendors' calls are sent and read while a 1,000-object page is parsed; a
 * page of web apps or schedules is also decoded here (search-page.ts).
 */
import { parentPort } from "node:worker_threads";
import { parseXml } from "./xml.js";
import { readSearchPage } from "./search-page.js";
import type { ParseRequest, ParseResult } from "./xml-thread.js";

parentPort?.on("message", (request: ParseRequest) => {
  let result: ParseResult;
  if (request.object !== undefined) {
    result = { id: request.id, page: readSearchPage(request.text, request.object) };
  } else {
    const value = parseXml(request.text, request.root);
    result = { id: request.id, json: value === undefined ? undefined : JSON.stringify(value) };
  }
  parentPort?.postMessage(result);
});
