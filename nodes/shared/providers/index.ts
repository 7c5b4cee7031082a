import { apimart } from './apimart';
import { freepik } from './freepik';
import type { Provider, ProviderName } from './types';

/** The registry: every provider by name. A new provider is a folder beside this file and a line here. */
export const PROVIDERS: Record<ProviderName, Provider> = { freepik, apimart };

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** The provider a node parameter names; an unknown name (an old or hand-edited workflow) is an error. */
export function providerNamed(name: unknown): Provider {
	const provider = Object.prototype.hasOwnProperty.call(PROVIDERS, String(name)) ? PROVIDERS[name as ProviderName] : undefined;
	if (!provider) throw new Error(`Unknown provider "${String(name)}": expected one of ${PROVIDER_NAMES.join(', ')}`);
	return provider;
}

/** Providers that call back on status changes (Wait for Webhook, the Kling Trigger). */
export function callbackProviders(): Provider[] {
	return PROVIDER_NAMES.map((name) => PROVIDERS[name]).filter((provider) => provider.callbacks !== undefined);
}
