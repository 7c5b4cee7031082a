import type { Route } from '../http/routing';
import { FREEPIK_FAMILIES } from './families';
import { freepikTaskRoutes } from './taskRoutes';
import { freepikUploadRoutes } from './uploadRoutes';

export const freepikRoutes: Route[] = [...FREEPIK_FAMILIES.flatMap(freepikTaskRoutes), ...freepikUploadRoutes];
