/** Raw HTTP for the framework tests: undici with its own agent so no keep-alive leaks between tests. */
import { Agent, request } from "undici";

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function createCaller(): { call(url: string, init?: { method?: string; body?: string }): Promise<RawAnswer>; close(): Promise<void> } {
  const agent = new Agent({ connections: 64 });
  return {
    async call(url, init = {}) {
      const res = await request(url, { method: (init.method ?? "GET") as "GET", body: init.body ?? null, dispatcher: agent });
      const body = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      return { status: res.statusCode, headers, body };
    },
    close: () => agent.close(),
  };
}
