import type { SandboxTask } from '../tasks/taskStore';

export interface FreepikTaskData {
	task_id: string;
	status: string;
	generated: string[];
	error?: string | null;
	has_nsfw?: boolean;
}

/** `data` of the status response; live responses carry `error` always and `has_nsfw` sometimes. */
export function freepikStatusData(task: SandboxTask): FreepikTaskData {
	return {
		task_id: task.id,
		status: task.status,
		generated: task.videoUrls,
		error: task.error ?? null,
		...(task.hasNsfw ? { has_nsfw: true } : {}),
	};
}

/** The webhook body: the status data without the `data` wrapper; `error` only when the task failed. */
export function freepikWebhookPayload(task: SandboxTask): FreepikTaskData {
	return {
		task_id: task.id,
		status: task.status,
		generated: task.videoUrls,
		...(task.error !== undefined ? { error: task.error } : {}),
		...(task.hasNsfw ? { has_nsfw: true } : {}),
	};
}

/** The documented list item is `{task_id, status}`; `generated` only when the option asks for it. */
export function freepikListItem(
	task: SandboxTask,
	includeGenerated: boolean,
): Pick<FreepikTaskData, 'task_id' | 'status' | 'generated'> | Pick<FreepikTaskData, 'task_id' | 'status'> {
	const item = { task_id: task.id, status: task.status };
	return includeGenerated ? { ...item, generated: task.videoUrls } : item;
}
