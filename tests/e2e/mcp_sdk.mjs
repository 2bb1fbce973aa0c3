// The MCP SDK client pieces berth's node tests use, re-exported from here so that tests living
// elsewhere in tests/ resolve the SDK from tests/e2e/node_modules (ES modules ignore NODE_PATH).
// Install with: npm ci --prefix tests/e2e
export { Client } from "@modelcontextprotocol/sdk/client/index.js";
export { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
export { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
export { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
export {
  CreateMessageRequestSchema, ListRootsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
