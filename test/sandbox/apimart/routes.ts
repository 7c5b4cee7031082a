import type { Route } from '../http/routing';
import { apimartBalanceRoute } from './balanceRoute';
import { apimartTaskRoutes } from './taskRoutes';
import { apimartUploadRoute } from './uploadRoute';

export const apimartRoutes: Route[] = [...apimartTaskRoutes, apimartBalanceRoute, apimartUploadRoute];
