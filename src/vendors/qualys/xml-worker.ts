/**
 * The thread that reads large Qualys answers (xml-thread.ts): the same parseXml, off the main
 * thread, so the other vendors' calls are sent and read while a 1,000-object page is parsed; a
 * page of web apps or schedules is also decoded here (search-page.ts).
 */
import { parentPort } from "node:worker_threads";
import { answerParse, type ParseRequest } from "./xml-answer.js";

parentPort?.on("message", (request: ParseRequest) => {
  parentPort?.postMessage(answerParse(request));
});
