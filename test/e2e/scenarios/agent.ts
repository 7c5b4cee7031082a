import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { check, checkEqual } from '../lib/assert';
import { type Context, findNode, importExample } from '../lib/context';
import { nodeItems } from '../lib/n8n';
import { type Scenario, SINGLE_RUN_MS } from './generate';

/**
 * A stand-in for OpenAI's chat completions API on 127.0.0.1, scripted like a model that uses
 * one tool: the first answer calls the first tool it is offered; once the tool's result is in
 * the conversation, it answers with the video URL found in that result.
 */
export interface FakeOpenAi {
	url: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_call_id?: string }>;
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: { properties?: Record<string, unknown> } } }>;
}

export const AGENT_VIDEO_REQUEST = 'Make me a 5 second landscape video of a red fox running through fresh snow at dawn';
const TOOL_ARGUMENTS = { prompt: 'A red fox runs through fresh snow at dawn, low tracking shot, golden light', duration: 5, aspectRatio: '16:9' };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const server = createServer((request, response) => {
		void handle(request, response, requests).catch((error: Error) => {
			response.writeHead(500, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error: { message: error.message } }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function handle(request: IncomingMessage, response: ServerResponse, requests: ChatRequest[]): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const path = (request.url ?? '').split('?')[0];
	if (request.method === 'GET' && path.endsWith('/models')) {
		json(response, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model', owned_by: 'e2e' }] });
		return;
	}
	if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
		json(response, { error: { message: `not served by the fake: ${request.method} ${path}` } }, 404);
		return;
	}
	const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
	requests.push(body);
	const toolResult = [...body.messages].reverse().find((message) => message.role === 'tool');
	const tool = body.tools?.[0]?.function.name;
	const message = toolResult
		? { role: 'assistant', content: `Here is your video: ${/https?:\/\/[^"\s\\]+\.mp4/.exec(String(toolResult.content))?.[0] ?? 'no URL in the tool result'}` }
		: tool
			? {
					role: 'assistant',
					content: null,
					tool_calls: [{ id: 'call_kling_1', type: 'function', function: { name: tool, arguments: JSON.stringify(TOOL_ARGUMENTS) } }],
				}
			: { role: 'assistant', content: 'No tool was offered.' };
	const finishReason = 'tool_calls' in message ? 'tool_calls' : 'stop';
	const id = `chatcmpl-e2e-${requests.length}`;
	const created = Math.floor(Date.now() / 1000);
	const usage = { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 };
	if (body.stream) {
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const delta =
			'tool_calls' in message
				? { role: 'assistant', content: null, tool_calls: message.tool_calls?.map((call, index) => ({ index, ...call })) }
				: { role: 'assistant', content: message.content };
		const event = (data: unknown): boolean => response.write(`data: ${JSON.stringify(data)}\n\n`);
		event({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: null }] });
		event({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: finishReason }], usage });
		response.end('data: [DONE]\n\n');
		return;
	}
	json(response, {
		id,
		object: 'chat.completion',
		created,
		model: body.model ?? 'gpt-4.1-mini',
		choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
		usage,
	});
}

function json(response: ServerResponse, body: unknown, status = 200): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

/**
 * examples/ai-agent-tool: a chat message runs the AI Agent; the (fake) model calls Kling Omni
 * Tool with arguments for the tool's $fromAI parameters; the tool generates the video against
 * the sandbox; its result reaches the model, whose answer carries the video URL.
 */
export function agentTool(openAi: FakeOpenAi): Scenario {
	return {
		name: 'AI Agent calling Kling Omni Tool (examples/ai-agent-tool, scripted chat model)',
		timeoutMs: 120_000,
		async run(context: Context) {
			const { api } = context.n8n;
			const before = openAi.requests.length;
			// The chat message is pinned on the trigger, as when a user pins a test message in the editor.
			const trigger = 'When chat message received';
			const workflow = await importExample(context, 'ai-agent-tool.workflow.json', (json) => {
				findNode(json, trigger);
				json.pinData = { [trigger]: [{ json: { sessionId: 'kling-e2e', action: 'sendMessage', chatInput: AGENT_VIDEO_REQUEST } }] };
			});
			const executionId = await api.runManually(workflow, trigger);
			const execution = await api.waitForExecution(executionId, ['success'], SINGLE_RUN_MS);
			const calls = openAi.requests.slice(before);
			check(calls.length >= 2, `the model was called ${calls.length} time(s), expected a tool call and an answer`);
			const offered = calls[0].tools?.map((tool) => tool.function) ?? [];
			checkEqual(offered.length, 1, 'tools offered to the model');
			const properties = Object.keys(offered[0].parameters?.properties ?? {});
			for (const name of ['prompt', 'duration', 'aspectRatio']) {
				check(properties.includes(name), `the tool schema lacks $fromAI parameter "${name}" (has: ${properties.join(', ')})`);
			}
			const [toolItem] = nodeItems(execution, 'Kling Omni Tool', 'ai_tool');
			const taskId = String(toolItem.json.taskId);
			checkEqual(toolItem.json.status, 'COMPLETED', 'task status returned by the tool');
			const videoUrl = String(toolItem.json.videoUrl);
			check(videoUrl.startsWith(context.sandboxUrl), `the tool returned videoUrl ${videoUrl}`);
			const toolMessage = calls[calls.length - 1].messages.find((message) => message.role === 'tool');
			check(String(toolMessage?.content).includes(taskId), 'the tool result sent back to the model lacks the task id');
			const [answer] = nodeItems(execution, 'AI Agent');
			check(String(answer.json.output).includes(videoUrl), `the agent's answer lacks the video URL: ${String(answer.json.output)}`);
			return `execution ${executionId}: model called "${offered[0].name}" with prompt/duration/aspectRatio, task ${taskId} COMPLETED, answer links ${videoUrl}`;
		},
	};
}
