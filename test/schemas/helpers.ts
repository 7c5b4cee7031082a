import type { BodyContract, Violation } from '../../nodes/shared/schemas';
import { checkRequestBody } from '../../nodes/shared/schemas';

export const IMAGE = 'https://cdn.example.com/image.png';
export const VIDEO = 'https://cdn.example.com/clip.mp4';

export function image(n: number): string {
	return `https://cdn.example.com/image-${n}.png`;
}

export function images(count: number): string[] {
	return Array.from({ length: count }, (_, i) => image(i + 1));
}

export function text(length: number): string {
	return 'a'.repeat(length);
}

export function fields(violations: Violation[]): string[] {
	return violations.map((violation) => violation.field);
}

/** The fields reported for `body`, for the common "exactly these paths" assertion. */
export function reported(contract: BodyContract, body: unknown): string[] {
	return fields(checkRequestBody(contract, body));
}

export function messageFor(contract: BodyContract, body: unknown, field: string): string {
	const found = checkRequestBody(contract, body).filter((violation) => violation.field === field);
	if (found.length !== 1) throw new Error(`expected one violation on ${field}, got ${JSON.stringify(found)}`);
	return found[0].message;
}

export const freepikElement = (n: number) => ({ reference_image_urls: [image(n), image(n + 10)], frontal_image_url: image(n + 20) });

export const apimartElement = (name: string) => ({
	name,
	description: `the ${name}`,
	element_input_urls: [image(1), image(2)],
});

export function apimartShots(durations: number[], promptLength?: number) {
	return durations.map((duration, i) => ({
		index: i + 1,
		prompt: promptLength === undefined ? `shot ${i + 1}` : text(promptLength),
		duration,
	}));
}
