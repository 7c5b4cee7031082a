export const ENDPOINT_NAMES = [
	'freepik.omni.create',
	'freepik.omni.status',
	'freepik.omni.list',
	'freepik.omniReference.create',
	'freepik.omniReference.status',
	'freepik.omniReference.list',
	'freepik.v3.create',
	'freepik.v3.status',
	'freepik.v3.list',
	'freepik.turboText.create',
	'freepik.turboText.status',
	'freepik.turboText.list',
	'freepik.turboImage.create',
	'freepik.turboImage.status',
	'freepik.turboImage.list',
	'freepik.motionControl.create',
	'freepik.motionControl.status',
	'freepik.motionControl.list',
	'freepik.upload.requestUrl',
	'freepik.upload.put',
	'apimart.create',
	'apimart.status',
	'apimart.upload',
	'apimart.balance',
	'download',
	'asset',
	'unknown',
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/** An endpoint name, `'*'` for all, or `'<prefix>.*'` for every endpoint under a prefix. */
export type EndpointPattern = EndpointName | '*' | 'freepik.*' | 'apimart.*';

export const CREATE_ENDPOINTS: readonly EndpointName[] = [
	'freepik.omni.create',
	'freepik.omniReference.create',
	'freepik.v3.create',
	'freepik.turboText.create',
	'freepik.turboImage.create',
	'freepik.motionControl.create',
	'apimart.create',
];

export function matchesEndpoint(
	endpoint: EndpointName,
	pattern: EndpointPattern | readonly EndpointPattern[],
): boolean {
	if (Array.isArray(pattern)) return pattern.some((single) => matchesEndpoint(endpoint, single));
	const single = pattern as EndpointPattern;
	if (single === '*') return true;
	if (single.endsWith('.*')) return endpoint.startsWith(single.slice(0, -1));
	return endpoint === single;
}

export function isApimartEndpoint(endpoint: EndpointName): boolean {
	return endpoint.startsWith('apimart.');
}
